export interface ContactsSelectDetail {
  kind: 'contact' | 'company';
  /** The selected record's id, or null when the selection is cleared. */
  id: string | null;
}

/**
 * An agent selected a record in a list. Cancelable: prevent it to keep the current selection.
 */
export class ContactsSelectEvent extends Event {
  static readonly eventName = 'contacts-select' as const;
  readonly detail: ContactsSelectDetail;

  constructor(detail: ContactsSelectDetail) {
    super(ContactsSelectEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contacts-select': ContactsSelectEvent;
  }
}
