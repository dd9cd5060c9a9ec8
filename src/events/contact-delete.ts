import type { RecordKind } from '../adapter/types.js';

export interface ContactDeleteDetail {
  /** A contact, or a company (whose contacts are kept and unlinked). */
  kind: RecordKind;
  id: string;
  expectedVersion: number;
}

/**
 * An agent confirmed the delete of a contact or a company. Cancelable: prevent it to stop the
 * element from deleting through the adapter.
 */
export class ContactDeleteEvent extends Event {
  static readonly eventName = 'contact-delete' as const;
  readonly detail: ContactDeleteDetail;

  constructor(detail: ContactDeleteDetail) {
    super(ContactDeleteEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contact-delete': ContactDeleteEvent;
  }
}
