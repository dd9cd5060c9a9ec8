/**
 * A test double for merging, shared by the merge tests and stories until the adapters merge
 * themselves: the in-memory adapter with a naive `mergeContacts` that rebuilds the store from a
 * merged snapshot. Not an implementation: no restore point to restore, no atomicity beyond one
 * synchronous rebuild.
 */
import { ContactsError } from '../../src/adapter/errors.js';
import {
  type Dataset,
  InMemoryContactsAdapter,
} from '../../src/adapter/in-memory/in-memory-adapter.js';
import type {
  ContactsAdapter,
  ContactsChangeListener,
  MergeChoices,
  MergeOptions,
  MergeResult,
} from '../../src/adapter/types.js';
import type { ArrivingConversation, ChannelIdentity, Contact } from '../../src/model/types.js';
import {
  ACME,
  ANA,
  BRUNO,
  CONVERSATIONS,
  GLOBEX,
  PENDING,
  contact,
} from '../elements/contacts-fixtures.js';

export interface MergeCall {
  primaryId: string;
  secondaryId: string;
  choices: MergeChoices;
  options: MergeOptions;
}

/**
 * The in-memory adapter with a naive `mergeContacts`: it rebuilds the store from a merged
 * snapshot. Enough for the UI: versions are checked, a repeated key returns the first result,
 * the secondary answers `not-found` with `mergedInto`, and the changes are pushed. `failures`
 * are thrown by the next merges, in order, before anything is written.
 */
export class MergingAdapter {
  inner: InMemoryContactsAdapter;
  readonly calls: MergeCall[] = [];
  readonly failures: ContactsError[] = [];
  private readonly results = new Map<string, MergeResult>();
  private readonly mergedInto = new Map<string, string>();
  private readonly listeners = new Set<ContactsChangeListener>();
  private release: () => void;

  constructor(data: Partial<Dataset>) {
    this.inner = new InMemoryContactsAdapter({ data: structuredClone(data) });
    this.release = this.forward();
  }

  /** The adapter the elements get: every method of the in-memory one, plus merge. */
  asAdapter(): ContactsAdapter {
    return new Proxy(this, {
      get: (target, key) => {
        if (key === 'mergeContacts') return target.mergeContacts.bind(target);
        if (key === 'subscribe') return target.subscribe.bind(target);
        if (key === 'getContact') return target.getContact.bind(target);
        const value = Reflect.get(target.inner, key) as unknown;
        return typeof value === 'function' ? value.bind(target.inner) : value;
      },
    }) as unknown as ContactsAdapter;
  }

  subscribe(listener: ContactsChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async getContact(id: string): Promise<Contact> {
    const into = this.mergedInto.get(id);
    if (into) throw new ContactsError('not-found', 'Merged.', { mergedInto: into });
    return this.inner.getContact(id);
  }

  async mergeContacts(
    primaryId: string,
    secondaryId: string,
    choices: MergeChoices,
    options: MergeOptions,
  ): Promise<MergeResult> {
    this.calls.push({ primaryId, secondaryId, choices, options });
    const failure = this.failures.shift();
    if (failure) throw failure;
    const done = this.results.get(options.idempotencyKey);
    if (done) return done;
    const data = this.inner.snapshot();
    const primary = data.contacts.find(item => item.id === primaryId);
    const secondary = data.contacts.find(item => item.id === secondaryId);
    if (!primary || !secondary) throw new ContactsError('not-found', 'No such contact.');
    for (const [record, expected] of [
      [primary, options.expectedVersions.primary],
      [secondary, options.expectedVersions.secondary],
    ] as const) {
      if (record.version !== expected) {
        throw new ContactsError('conflict', 'Changed.', { currentVersion: record.version });
      }
    }
    const pick = (field: keyof MergeChoices) => {
      const side = choices[field] ?? (primary[field] ? 'primary' : 'secondary');
      return (side === 'primary' ? primary : secondary)[field];
    };
    const identities: ChannelIdentity[] = [...primary.identities];
    for (const identity of secondary.identities) {
      if (!identities.some(i => i.channel === identity.channel && i.address === identity.address)) {
        identities.push(identity);
      }
    }
    const merged: Contact = { ...primary, identities, version: primary.version + 1 };
    for (const field of ['name', 'email', 'phone', 'companyId'] as const) {
      const value = pick(field);
      if (value) merged[field] = value;
      else delete merged[field];
    }
    if (merged.email || merged.phone) merged.pendingActions = [];
    data.contacts = data.contacts
      .filter(item => item.id !== secondaryId)
      .map(item => (item.id === primaryId ? merged : item));
    data.conversations = data.conversations.map(item =>
      item.contactId === secondaryId ? { ...item, contactId: primaryId } : item,
    );
    this.release();
    this.inner = new InMemoryContactsAdapter({ data });
    this.release = this.forward();
    this.mergedInto.set(secondaryId, primaryId);
    const result: MergeResult = {
      contact: merged,
      mergedId: secondaryId,
      restorePoint: { token: `rp_${this.calls.length}`, expiresAt: '2026-12-01T00:00:00.000Z' },
    };
    this.results.set(options.idempotencyKey, result);
    this.emit({ type: 'contact', action: 'updated', contact: merged });
    this.emit({ type: 'removed', kind: 'contact', id: secondaryId, mergedInto: primaryId });
    return result;
  }

  private forward(): () => void {
    return this.inner.subscribe(change => this.emit(change));
  }

  private emit(change: Parameters<ContactsChangeListener>[0]): void {
    for (const listener of this.listeners) listener(change);
  }
}

// ---- Records for merging ------------------------------------------------------------------------

/** Ana again, from an older import: same name, another email, the same last phone digits. */
export const ANA_AGAIN = contact({
  id: 'ct_ana_again',
  name: 'ana souza',
  nameSource: 'import',
  email: 'ana.souza@globex.com',
  phone: '+351912654321',
  companyId: GLOBEX.id,
  identities: [{ channel: 'email', address: 'ana.souza@globex.com' }],
});

/** A webchat visitor who has not given an email or a phone yet. */
export const VISITOR = contact({
  id: 'ct_visitor',
  name: 'Visitor 42',
  nameSource: 'channel',
  identities: [{ channel: 'webchat', address: 'visitor-42' }],
  pendingActions: [{ id: 'pa_v', type: 'add-contact-info', createdAt: ANA.createdAt }],
});

export const MERGE_DATA: Partial<Dataset> = {
  companies: [ACME, GLOBEX],
  contacts: [ANA, ANA_AGAIN, BRUNO, PENDING, VISITOR],
  conversations: [
    ...CONVERSATIONS,
    {
      id: 'cv_web',
      contactId: VISITOR.id,
      channel: 'webchat',
      status: 'open',
      lastMessagePreview: 'Hi, about my order',
      lastActivityAt: '2026-10-01T11:00:00.000Z',
    },
  ],
};

export const VISITOR_ON_WEBCHAT: ArrivingConversation = {
  channel: 'webchat',
  address: 'visitor-42',
  displayName: 'Visitor 42',
  conversationId: 'cv_web',
};
