/**
 * "Start conversation" for a contact: which channels it can be reached on (the most recently
 * used identity first), the agent's choice among them, and the attempt itself: the cancelable
 * `contact-conversation-start` from the host element, the adapter call, and its outcome
 * (`contact-conversation-started`, or a failure reported through `onError`). One attempt at a
 * time; the state survives re-renders and is dropped with `reset()` when another record shows.
 *
 * Each intent (this contact, on this channel) carries one idempotency key. A retry after a failure
 * whose outcome is unknown (no answer, a server error, an unreadable answer: the conversation may
 * have been opened) sends the same key, so the adapter opens at most one conversation. A new
 * intent gets a new key: after a success, after a refusal that opened nothing, on another channel
 * or for another contact.
 */
import type { ReactiveControllerHost } from 'lit';

import { type ContactsErrorCode, isAbortError, isContactsError } from '../adapter/errors.js';
import type { ContactsAdapter } from '../adapter/types.js';
import { newIdempotencyKey } from '../adapter/util.js';
import { ConversationStartEvent } from '../events/conversation-start.js';
import { ConversationStartedEvent } from '../events/conversation-started.js';
import { reachableChannels } from '../model/matching.js';
import type { Channel, Contact } from '../model/types.js';

export type StartConversationState =
  | { phase: 'starting'; channel: Channel }
  | { phase: 'started'; channel: Channel }
  | { phase: 'failed'; channel: Channel; error: unknown };

export interface StartConversationOptions {
  adapter: () => ContactsAdapter | undefined;
  /** The contact to start a conversation with. */
  contact: () => Contact | undefined;
  /** A conversation was started, e.g. to list the recent conversations again. */
  onStarted?: () => void;
  /** The adapter refused; the host reports it (`contacts-error`). Aborts are not reported. */
  onError: (operation: string, error: unknown) => void;
}

/** What `start` came to: nothing to do or prevented by the host, started, or failed. */
export type StartOutcome = 'skipped' | 'started' | 'failed';

/** Failures after which the server surely opened nothing: the next start is a new intent. */
const NOTHING_OPENED: ReadonlySet<ContactsErrorCode> = new Set([
  'validation',
  'not-found',
  'conflict',
  'duplicate',
  'unauthorized',
]);

/** The intent a key belongs to. */
interface Intent {
  contactId: string;
  channel: Channel;
  key: string;
}

export class StartConversationController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: StartConversationOptions;
  private attempt?: StartConversationState;
  private chosen?: Channel;
  /** The last start whose outcome is unknown: a retry of it sends its key again. */
  private unsettled?: Intent;

  constructor(host: ReactiveControllerHost & HTMLElement, options: StartConversationOptions) {
    this.host = host;
    this.options = options;
  }

  /** The last attempt, while it runs and after it ended. */
  get state(): StartConversationState | undefined {
    return this.attempt;
  }

  get busy(): boolean {
    return this.attempt?.phase === 'starting';
  }

  /** Channels to start on, the most recently used identity first. */
  channels(contact: Contact): Channel[] {
    const identities = [...(contact.identities ?? [])].sort((a, b) =>
      (b.lastSeenAt ?? '').localeCompare(a.lastSeenAt ?? ''),
    );
    return reachableChannels({ ...contact, identities });
  }

  /** The channel a start uses: the agent's choice, else the most recent one. */
  channelFor(contact: Contact): Channel | undefined {
    const channels = this.channels(contact);
    const chosen = this.chosen;
    return chosen && channels.includes(chosen) ? chosen : channels[0];
  }

  /** The agent chose a channel. */
  choose(channel: Channel): void {
    this.chosen = channel;
    this.host.requestUpdate();
  }

  /** Forgets the choice and the last attempt: another record is shown. */
  reset(): void {
    this.attempt = undefined;
    this.chosen = undefined;
    this.unsettled = undefined;
    this.host.requestUpdate();
  }

  /**
   * Starts a conversation with the contact on `channel` (default: `channelFor`). Resolves once the
   * host has rendered the outcome.
   */
  async start(channel?: Channel): Promise<StartOutcome> {
    const contact = this.options.contact();
    const adapter = this.options.adapter();
    const on = channel ?? (contact && this.channelFor(contact));
    if (!contact || !adapter || !on || this.busy) return 'skipped';
    const asked = new ConversationStartEvent({ contact, channel: on });
    this.host.dispatchEvent(asked);
    if (asked.defaultPrevented) return 'skipped';
    this.set({ phase: 'starting', channel: on });
    const intent = this.intentFor(contact.id, on);
    // Kept until the outcome is known, so a retry after a lost answer replays this intent.
    this.unsettled = intent;
    try {
      const conversation = await adapter.startConversation(contact.id, on, {
        idempotencyKey: intent.key,
      });
      this.settle(intent);
      this.set({ phase: 'started', channel: on });
      this.options.onStarted?.();
      this.host.dispatchEvent(new ConversationStartedEvent({ contact, conversation }));
      return 'started';
    } catch (error) {
      if (isContactsError(error) && NOTHING_OPENED.has(error.code)) this.settle(intent);
      if (isAbortError(error)) return 'skipped';
      this.options.onError('start-conversation', error);
      this.set({ phase: 'failed', channel: on, error });
      await this.host.updateComplete;
      return 'failed';
    }
  }

  /** The unsettled intent when this is a retry of it, else a new one with a fresh key. */
  private intentFor(contactId: string, channel: Channel): Intent {
    const last = this.unsettled;
    if (last && last.contactId === contactId && last.channel === channel) return last;
    return { contactId, channel, key: newIdempotencyKey() };
  }

  private settle(intent: Intent): void {
    if (this.unsettled === intent) this.unsettled = undefined;
  }

  private set(state: StartConversationState): void {
    this.attempt = state;
    this.host.requestUpdate();
  }
}
