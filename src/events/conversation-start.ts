import type { Channel, Contact } from '../model/types.js';

export interface ConversationStartDetail {
  contact: Contact;
  channel: Channel;
}

/**
 * An agent pressed "Start conversation". Cancelable: prevent it to open the host's own composer
 * instead of asking the adapter to start the conversation.
 */
export class ConversationStartEvent extends Event {
  static readonly eventName = 'contact-conversation-start' as const;
  readonly detail: ConversationStartDetail;

  constructor(detail: ConversationStartDetail) {
    super(ConversationStartEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contact-conversation-start': ConversationStartEvent;
  }
}
