import type { ContactDraft, ContactPatch } from '../model/types.js';

export type ContactSaveDetail =
  | { mode: 'create'; values: ContactDraft }
  | { mode: 'update'; contactId: string; expectedVersion: number; values: ContactPatch };

/**
 * An agent asked to save a contact (create or edit), after the form's own validation passed.
 * Cancelable: prevent it to stop the element from writing through the adapter.
 */
export class ContactSaveEvent extends Event {
  static readonly eventName = 'contact-save' as const;
  readonly detail: ContactSaveDetail;

  constructor(detail: ContactSaveDetail) {
    super(ContactSaveEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contact-save': ContactSaveEvent;
  }
}
