export interface ContactsErrorDetail {
  /** What the element was doing, e.g. `list-contacts`, `save-contact`, `start-conversation`. */
  operation: string;
  /** The adapter's rejection: usually a ContactsError. */
  error: unknown;
}

/** An adapter call failed. The element also shows the failure; this lets the host log or react. */
export class ContactsErrorEvent extends Event {
  static readonly eventName = 'contacts-error' as const;
  readonly detail: ContactsErrorDetail;

  constructor(detail: ContactsErrorDetail) {
    super(ContactsErrorEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contacts-error': ContactsErrorEvent;
  }
}
