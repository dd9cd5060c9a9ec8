import type { CompanyDraft, CompanyPatch } from '../model/types.js';

export type CompanySaveDetail =
  | { mode: 'create'; values: CompanyDraft }
  | { mode: 'update'; companyId: string; expectedVersion: number; values: CompanyPatch };

/** An agent asked to save a company. Cancelable: prevent it to stop the write. */
export class CompanySaveEvent extends Event {
  static readonly eventName = 'company-save' as const;
  readonly detail: CompanySaveDetail;

  constructor(detail: CompanySaveDetail) {
    super(CompanySaveEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'company-save': CompanySaveEvent;
  }
}
