import type { RestoreResult } from '../adapter/types.js';

export interface ContactRestoredDetail extends RestoreResult {
  /** The restore point that was used. */
  token: string;
}

/** A merge or a delete was undone through the adapter; `detail` holds the records as they are now. */
export class ContactRestoredEvent extends Event {
  static readonly eventName = 'contact-restored' as const;
  readonly detail: ContactRestoredDetail;

  constructor(detail: ContactRestoredDetail) {
    super(ContactRestoredEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contact-restored': ContactRestoredEvent;
  }
}
