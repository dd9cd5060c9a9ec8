export interface CompanyOpenExistingDetail {
  /** The company that already holds the domain the agent typed. */
  companyId: string;
}

/**
 * An agent chose "Open existing company" after the company form found that the domain they
 * typed already belongs to another company. The container shows that company.
 */
export class CompanyOpenExistingEvent extends Event {
  static readonly eventName = 'company-open-existing' as const;
  readonly detail: CompanyOpenExistingDetail;

  constructor(detail: CompanyOpenExistingDetail) {
    super(CompanyOpenExistingEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'company-open-existing': CompanyOpenExistingEvent;
  }
}
