import type { DeleteResult, RecordKind } from '../adapter/types.js';

export interface ContactDeletedDetail extends DeleteResult {
  kind: RecordKind;
}

/**
 * A contact or a company was deleted through the adapter. `detail.restorePoint` undoes it (the
 * elements offer "Undo" for it themselves).
 */
export class ContactDeletedEvent extends Event {
  static readonly eventName = 'contact-deleted' as const;
  readonly detail: ContactDeletedDetail;

  constructor(detail: ContactDeletedDetail) {
    super(ContactDeletedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contact-deleted': ContactDeletedEvent;
  }
}
