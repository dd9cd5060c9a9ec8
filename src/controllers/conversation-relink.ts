/**
 * The agent linking another contact to the conversation on screen. Every relink starts in the
 * sidebar's dialogs or in-place editor, so this loads with them (sidebar-dialogs.ts), not with
 * the sidebar's first paint.
 */
import { ConversationContactRelinkEvent } from '../events/conversation-contact-relink.js';
import type { ArrivingConversation, Contact } from '../model/types.js';
import type { ConversationResolverController } from './conversation-resolver-controller.js';

/**
 * The agent chose `toContactId` for `conversation` instead of `from`: fires the cancelable
 * `conversation-contact-relink` from `host` and, unless prevented, has `resolver` remember the
 * choice for the conversation and show that contact. Returns false when nothing changed: the
 * same contact, nothing shown, or the host prevented it.
 */
export function relink(
  host: HTMLElement,
  resolver: ConversationResolverController,
  conversation: ArrivingConversation | undefined,
  from: Contact | undefined,
  toContactId: string,
): boolean {
  if (!from || from.id === toContactId) return false;
  const conversationId = conversation?.conversationId;
  const intent = new ConversationContactRelinkEvent({
    ...(conversationId ? { conversationId } : {}),
    fromContactId: from.id,
    toContactId,
  });
  host.dispatchEvent(intent);
  if (intent.defaultPrevented) return false;
  resolver.link(toContactId);
  return true;
}
