import type { Contact, ConversationSummary } from '../model/types.js';

export interface ConversationStartedDetail {
  contact: Contact;
  conversation: ConversationSummary;
}

/** The adapter started a conversation with the contact. */
export class ConversationStartedEvent extends Event {
  static readonly eventName = 'contact-conversation-started' as const;
  readonly detail: ConversationStartedDetail;

  constructor(detail: ConversationStartedDetail) {
    super(ConversationStartedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contact-conversation-started': ConversationStartedEvent;
  }
}
