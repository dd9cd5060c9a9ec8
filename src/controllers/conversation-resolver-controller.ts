/**
 * Finds the contact of the conversation on screen. A contact the host names (or the agent linked)
 * is loaded as it is; otherwise the adapter's `resolveConversation` finds or creates the contact,
 * and `contact-resolved` tells the host, so it can link its conversation.
 *
 * Each conversation is resolved once per adapter, even when the host re-creates the element or
 * switches back to a conversation: resolving it again would replay its (older) channel display
 * name over a newer one. That memory is module-wide for this reason. Another conversation aborts
 * a lookup still running for the previous one.
 */
import { Task, TaskStatus, initialState } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';

import { isAbortError, isContactsError } from '../adapter/errors.js';
import type { ContactsAdapter } from '../adapter/types.js';
import { ContactResolvedEvent } from '../events/contact-resolved.js';
import { readContact, unreadableRecord } from '../elements/shared/contact-view-records.js';
import type { ArrivingConversation, Contact, MatchedBy } from '../model/types.js';

/** The contact a conversation led to and, when it was resolved just now, how it was found. */
export interface ResolvedContact {
  contact: Contact;
  outcome?: 'created' | 'matched';
  matchedBy?: MatchedBy;
}

export interface ConversationResolverOptions {
  adapter: () => ContactsAdapter | undefined;
  /** The conversation on screen, as it arrived on its channel. */
  conversation: () => ArrivingConversation | undefined;
  /** A contact the host already linked to the conversation; loaded without resolving. */
  contactId: () => string | undefined;
  /** A lookup failed (an abort is no failure); the host reports it (`contacts-error`). */
  onError: (operation: string, error: unknown) => void;
  /** A lookup starts (a first one, another conversation, or a retry). */
  onStart?: () => void;
  /** Runs before each lookup, e.g. to load what the display needs alongside it. */
  prepare?: () => Promise<unknown>;
  /**
   * The lookup finished. `pushed` is a version of the contact the adapter pushed while the lookup
   * ran, possibly newer than the answer.
   */
  onResolved?: (resolved: ResolvedContact, pushed: Contact | undefined) => void;
}

const REMEMBERED_CONVERSATIONS = 500;

/** The contact each resolved conversation led to, per adapter, the least recent first. */
const resolvedContacts = new WeakMap<ContactsAdapter, Map<string, string>>();

function remembered(adapter: ContactsAdapter): Map<string, string> {
  let memo = resolvedContacts.get(adapter);
  if (!memo) {
    memo = new Map();
    resolvedContacts.set(adapter, memo);
  }
  return memo;
}

function remember(adapter: ContactsAdapter, key: string, contactId: string): void {
  const memo = remembered(adapter);
  memo.delete(key);
  memo.set(key, contactId);
  if (memo.size > REMEMBERED_CONVERSATIONS) memo.delete(memo.keys().next().value!);
}

/** Identifies a conversation: by the host's id, else by everything the channel told us. */
export function conversationKey(
  conversation: ArrivingConversation | undefined,
): string | undefined {
  if (!conversation) return undefined;
  if (conversation.conversationId) return `id\u0000${conversation.conversationId}`;
  const { channel, address, displayName, email, phone } = conversation;
  return ['arrival', channel, address, displayName ?? '', email ?? '', phone ?? ''].join('\u0000');
}

export class ConversationResolverController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: ConversationResolverOptions;
  /** Contacts pushed while a lookup ran, in case the answer is one of them. */
  private readonly pushedMeanwhile = new Map<string, Contact>();
  /** The contact the agent linked instead, for the current conversation. */
  private linked?: string;
  private readonly task: Task<
    readonly [
      ContactsAdapter | undefined,
      string | undefined,
      string | undefined,
      string | undefined,
    ],
    ResolvedContact
  >;

  constructor(host: ReactiveControllerHost & HTMLElement, options: ConversationResolverOptions) {
    this.host = host;
    this.options = options;
    this.task = new Task(host, {
      args: () =>
        [
          options.adapter(),
          conversationKey(options.conversation()),
          options.contactId(),
          this.linked,
        ] as const,
      task: ([adapter, key, contactId, linkedId], { signal }) =>
        this.lookUp(adapter, key, linkedId || contactId || undefined, signal),
      onComplete: resolved => {
        const pushed = this.pushedMeanwhile.get(resolved.contact.id);
        this.pushedMeanwhile.clear();
        options.onResolved?.(resolved, pushed);
      },
    });
  }

  get status(): TaskStatus {
    return this.task.status;
  }

  /** The contact found, once the lookup completed. */
  get value(): ResolvedContact | undefined {
    return this.task.status === TaskStatus.COMPLETE ? this.task.value : undefined;
  }

  get error(): unknown {
    return this.task.error;
  }

  /** Looks up again, e.g. from Retry. */
  retry(): void {
    void this.task.run();
  }

  /** Keeps a contact the adapter pushed while a lookup runs: it may be the one being found. */
  notePushed(contact: Contact): void {
    if (this.task.status === TaskStatus.PENDING) this.pushedMeanwhile.set(contact.id, contact);
  }

  /** The contact the agent linked to the conversation, if any; it wins over `contactId`. */
  get linkedId(): string | undefined {
    return this.linked;
  }

  /**
   * Shows `contactId` for the conversation instead, and remembers it for the conversation: the
   * agent linked it (`relink` in conversation-relink.ts asks the host first).
   */
  link(contactId: string): void {
    const adapter = this.options.adapter();
    const key = conversationKey(this.options.conversation());
    if (adapter && key) remember(adapter, key, contactId);
    this.linked = contactId;
    this.host.requestUpdate();
  }

  /** Forgets the agent's link: another conversation or contact is shown. */
  unlink(): void {
    if (this.linked === undefined) return;
    this.linked = undefined;
    this.host.requestUpdate();
  }

  private async lookUp(
    adapter: ContactsAdapter | undefined,
    key: string | undefined,
    named: string | undefined,
    signal: AbortSignal,
    followed?: boolean,
  ): Promise<ResolvedContact | typeof initialState> {
    this.pushedMeanwhile.clear();
    this.options.onStart?.();
    if (!adapter) return initialState;
    // Read now: the conversation may change while the adapter answers.
    const conversation = this.options.conversation();
    const prepared = this.options.prepare?.();
    const known = named ?? (key ? remembered(adapter).get(key) : undefined);
    if (known) {
      try {
        const [answer] = await Promise.all([adapter.getContact(known, { signal }), prepared]);
        // A record without an id, or another one than asked for, cannot be shown as this contact.
        const contact = readContact(answer);
        if (contact?.id !== known) throw unreadableRecord('a contact', contact ? 'id' : '');
        return { contact };
      } catch (error) {
        // Merged elsewhere: the contact it was merged into shows instead (a remembered one is
        // remembered so). Followed once: the adapter names the end of a chain.
        const into = !followed && isContactsError(error, 'not-found') && error.mergedInto;
        if (into) {
          if (named) named = into;
          else if (key) remember(adapter, key, into);
          return this.lookUp(adapter, key, named, signal, true);
        }
        // A remembered contact that has gone away is resolved afresh; a named one is an error.
        if (named || !key || !isContactsError(error, 'not-found')) {
          this.report('get-contact', error);
          throw error;
        }
        remembered(adapter).delete(key);
      }
    }
    if (!conversation || !key) return initialState;
    return this.resolve(adapter, key, conversation, signal, prepared);
  }

  private async resolve(
    adapter: ContactsAdapter,
    key: string,
    conversation: ArrivingConversation,
    signal: AbortSignal,
    prepared: Promise<unknown> | undefined,
  ): Promise<ResolvedContact> {
    try {
      const [result] = await Promise.all([
        adapter.resolveConversation(conversation, { signal }),
        prepared,
      ]);
      const contact = readContact(result?.contact);
      if (!contact) throw unreadableRecord('a resolved contact', 'contact');
      remember(adapter, key, contact.id);
      // Announced even when the agent has moved on: the write happened, and the host links it by id.
      this.host.dispatchEvent(
        new ContactResolvedEvent({
          contact,
          outcome: result.outcome,
          ...(result.matchedBy ? { matchedBy: result.matchedBy } : {}),
          ...(conversation.conversationId ? { conversationId: conversation.conversationId } : {}),
          ...(result.conversation ? { conversation: result.conversation } : {}),
        }),
      );
      const resolved: ResolvedContact = { contact, outcome: result.outcome };
      if (result.matchedBy) resolved.matchedBy = result.matchedBy;
      return resolved;
    } catch (error) {
      this.report('resolve-conversation', error);
      throw error;
    }
  }

  private report(operation: string, error: unknown): void {
    if (!isAbortError(error)) this.options.onError(operation, error);
  }
}
