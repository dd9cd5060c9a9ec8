export interface ContactsOpenExistingDetail {
  /** The contact that already holds the email or phone number the agent typed. */
  contactId: string;
}

/**
 * An agent chose "Open existing contact" after a form found that the email or phone number they
 * typed already belongs to another contact. The container shows that contact.
 */
export class ContactsOpenExistingEvent extends Event {
  static readonly eventName = 'contacts-open-existing' as const;
  readonly detail: ContactsOpenExistingDetail;

  constructor(detail: ContactsOpenExistingDetail) {
    super(ContactsOpenExistingEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contacts-open-existing': ContactsOpenExistingEvent;
  }
}
