import type { Contact } from '../model/types.js';

export interface ContactSavedDetail {
  mode: 'create' | 'update';
  contact: Contact;
}

/** A contact was written through the adapter. */
export class ContactSavedEvent extends Event {
  static readonly eventName = 'contact-saved' as const;
  readonly detail: ContactSavedDetail;

  constructor(detail: ContactSavedDetail) {
    super(ContactSavedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contact-saved': ContactSavedEvent;
  }
}
