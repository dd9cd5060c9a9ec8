export interface ConversationContactRelinkDetail {
  /** The host's id of the conversation, when it has one. */
  conversationId?: string;
  /** The contact shown for the conversation until now. */
  fromContactId: string;
  /** The contact the agent chose instead. */
  toContactId: string;
}

/**
 * An agent chose another contact for the conversation on screen. Cancelable: unless prevented the
 * sidebar shows the chosen contact; persisting the link is the host's decision. Prevent it to
 * keep the current contact (for instance to confirm first, then set `contact-id` yourself).
 */
export class ConversationContactRelinkEvent extends Event {
  static readonly eventName = 'conversation-contact-relink' as const;
  readonly detail: ConversationContactRelinkDetail;

  constructor(detail: ConversationContactRelinkDetail) {
    super(ConversationContactRelinkEvent.eventName, {
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'conversation-contact-relink': ConversationContactRelinkEvent;
  }
}
