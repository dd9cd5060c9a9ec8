import type { Company } from '../model/types.js';

export interface CompanySavedDetail {
  mode: 'create' | 'update';
  company: Company;
}

/** A company was written through the adapter. */
export class CompanySavedEvent extends Event {
  static readonly eventName = 'company-saved' as const;
  readonly detail: CompanySavedDetail;

  constructor(detail: CompanySavedDetail) {
    super(CompanySavedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'company-saved': CompanySavedEvent;
  }
}
