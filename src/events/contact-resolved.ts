import type { Contact, ConversationSummary, MatchedBy } from '../model/types.js';

export interface ContactResolvedDetail {
  /** The conversation's contact, as the adapter returned it. */
  contact: Contact;
  /** Whether the arrival created the contact or found an existing one. */
  outcome: 'created' | 'matched';
  /** How an existing contact was found: channel identity, then email, then phone. */
  matchedBy?: MatchedBy;
  /**
   * The host's id of the conversation that was resolved. It may no longer be the one on screen
   * when the answer arrives; link it by this id.
   */
  conversationId?: string;
  /** The conversation the adapter recorded for the contact, when the arrival named one. */
  conversation?: ConversationSummary;
}

/**
 * The contact of an arriving conversation was found or created through the adapter. Fired once
 * per resolved conversation, so the host can link its conversation to the contact.
 */
export class ContactResolvedEvent extends Event {
  static readonly eventName = 'contact-resolved' as const;
  readonly detail: ContactResolvedDetail;

  constructor(detail: ContactResolvedDetail) {
    super(ContactResolvedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contact-resolved': ContactResolvedEvent;
  }
}
