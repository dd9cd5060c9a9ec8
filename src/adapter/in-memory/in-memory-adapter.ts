/**
 * The embedded default adapter: the whole store in memory, indexed for search, with writes
 * serialised so that concurrent arrivals of one person give exactly one contact.
 */
import {
  identityKey,
  matchArrival,
  normalizeArrival,
  reachableChannels,
} from '../../model/matching.js';
import {
  contactAfterArrival,
  contactFromArrival,
  contactFromDraft,
  droppedByMerge,
  mergedContact,
  patchedCompany,
  patchedContact,
  syncPendingActions,
  unmergedContact,
} from '../../model/records.js';
import { normalizeEmail } from '../../model/email.js';
import { type CountryCode, DEFAULT_COUNTRY, parsePhone } from '../../model/phone.js';
import { normalizeDomain } from '../../model/domain.js';
import {
  companyHaystack,
  contactHaystack,
  fold,
  narrows,
  parseSearch,
  type SearchTerms,
  termsKey,
} from '../../model/search.js';
import type {
  ArrivingConversation,
  Channel,
  Company,
  CompanyDraft,
  CompanyPatch,
  Contact,
  ContactDraft,
  ContactPatch,
  ConversationSummary,
  MergeChoices,
  ResolveResult,
} from '../../model/types.js';
import {
  type FieldErrors,
  VALIDATION_MESSAGES,
  validateCompanyDraft,
  validateCompanyPatch,
  validateContactDraft,
  validateContactPatch,
} from '../../model/validation.js';
import { ContactsError } from '../errors.js';
import type {
  CompanyQuery,
  ContactQuery,
  ContactsAdapter,
  ContactsChange,
  ContactsChangeListener,
  ConversationQuery,
  CreateOptions,
  DeleteOptions,
  DeleteResult,
  MergeOptions,
  MergeResult,
  Page,
  PageRequest,
  RecordKind,
  RequestOptions,
  RestorePoint,
  RestoreResult,
  StartConversationOptions,
  UpdateOptions,
} from '../types.js';
import { delay, newId, nextTask, pageSize } from '../util.js';
import { type Followers, type Slots, SortedIndex } from './sorted-index.js';
import { type StoredContact, packContact, toContact } from './stored-contact.js';

/** Records to start with: a seeded demo, a test fixture, or what persistence loaded. */
export interface Dataset {
  contacts: Contact[];
  companies: Company[];
  conversations: ConversationSummary[];
}

export interface InMemoryAdapterOptions {
  data?: Partial<Dataset>;
  /** Country assumed for phone numbers without an international prefix. */
  defaultCountry?: CountryCode;
  /** Simulated latency of every call in ms, to show loading states in demos. */
  latency?: number;
  /** Clock, for deterministic tests. */
  now?: () => Date;
  /**
   * How many days a merge or a delete can be undone with {@link InMemoryContactsAdapter.restore}
   * (30 by default). Restore points live in memory only: a reload forgets them.
   */
  restoreDays?: number;
}

const DAY_MS = 86_400_000;
/** The longest chain of merges followed to find where a merged-away contact went. */
const MERGE_CHAIN_LIMIT = 1000;

/** The ids a restore brought back or changed, to answer a repeated restore with them as they are. */
interface Restored {
  contacts: string[];
  companies: string[];
}

/** What a restore point keeps to undo its action exactly. */
type RestoreEntry = { expiresAt: number; done?: Restored } & (
  | {
      kind: 'merge';
      /** The primary just before the merge and just after it, and the secondary before it. */
      primary: Contact;
      merged: Contact;
      secondary: Contact;
      /** The conversations that moved from the secondary to the primary. */
      moved: string[];
    }
  | { kind: 'contact'; contact: Contact; conversations: ConversationSummary[] }
  | { kind: 'company'; company: Company; unlinked: string[] }
);

const MERGE_SIDES = new Set<unknown>(['primary', 'secondary']);

const RESULT_CACHE_SIZE = 24;
/** Cached result slots kept at most, as a multiple of the store's size (plus a floor). */
const RESULT_CACHE_BUDGET = 3;
const RESULT_CACHE_FLOOR = 200_000;
/** Tag bit of contacts with a pending action. */
const PENDING = 1;
/** Results smaller than this narrow fast enough without followers. */
const FOLLOWERS_MIN = 5_000;
/** Longest slice of follower building, in ms, so that it never holds a frame. */
const FOLLOWERS_SLICE = 4;
const ASCII_WORD = /^[a-z0-9]$/;

function validationError(errors: FieldErrors): ContactsError {
  const first = Object.values(errors)[0];
  return new ContactsError('validation', first ? VALIDATION_MESSAGES[first] : 'Invalid input.', {
    fields: errors,
  });
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Cached result slots of one filtered query, kept so a longer query can narrow them and a shorter
 * one (backspace) finds them again.
 */
interface CachedResult {
  filterKey: string;
  terms: SearchTerms;
  key: string;
  slots: Slots;
  /** For the most recent search only: what follows its last token in each record. */
  followers?: Followers;
}

/**
 * The character that makes `next` out of `previous` when the only change is one more character
 * at the end of `token` (typing on); undefined otherwise.
 */
function extension(previous: SearchTerms, next: SearchTerms, token: string): string | undefined {
  if (previous.tokens.length !== next.tokens.length) return undefined;
  let added: string | undefined;
  for (let i = 0; i < next.tokens.length; i++) {
    const before = previous.tokens[i]!;
    const after = next.tokens[i]!;
    if (before === after) continue;
    if (added !== undefined || before !== token || after.length !== token.length + 1) {
      return undefined;
    }
    if (!after.startsWith(token)) return undefined;
    added = after[token.length];
  }
  return added;
}

export class InMemoryContactsAdapter implements ContactsAdapter {
  /** Lists are in name order, ties by id: the elements may binary-search them. */
  readonly order = 'name';
  readonly defaultCountry: CountryCode;
  private readonly latency: number;
  private readonly now: () => Date;

  private readonly contacts = new SortedIndex<StoredContact>({
    key: contact => fold(contact.name),
    haystack: contactHaystack,
  });
  private readonly byEmail = new Map<string, string>();
  private readonly byPhone = new Map<string, string>();
  /**
   * Contact ids by channel, then by address (both as identityKey normalises them). An identity
   * whose address is its contact's own phone or email is found through those instead.
   */
  private readonly byIdentity = new Map<string, Map<string, string>>();

  private readonly companies = new SortedIndex<Company>({
    key: company => fold(company.name),
    haystack: companyHaystack,
  });
  private readonly byDomain = new Map<string, string>();

  private readonly conversations = new Map<string, ConversationSummary>();
  private readonly conversationsByContact = new Map<string, string[]>();

  // Keyed per record kind: one key reused for a company must not make the contact's replay forget.
  private readonly idempotency = new Map<string, string>();
  /** First results of merges and deletes, by kind and idempotency key. */
  private readonly replays = new Map<string, MergeResult | DeleteResult>();
  private readonly restorePoints = new Map<string, RestoreEntry>();
  private readonly restoreMs: number;
  /** Merged-away contact ids, each with the contact it was merged into. */
  private readonly mergedInto = new Map<string, string>();
  /**
   * The emails and phones a merge dropped (`email:…`, `phone:…`), each to the contact that kept
   * the merge, per merged-away id: an arrival with one still finds the merged contact until the
   * merge is undone.
   */
  private readonly droppedValues = new Map<string, Map<string, string>>();
  private readonly listeners = new Set<ContactsChangeListener>();
  private resultCache: CachedResult[] = [];
  private followersOf?: CachedResult;
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(options: InMemoryAdapterOptions = {}) {
    this.defaultCountry = options.defaultCountry ?? DEFAULT_COUNTRY;
    this.latency = options.latency ?? 0;
    this.now = options.now ?? (() => new Date());
    this.restoreMs = (options.restoreDays ?? 30) * DAY_MS;
    const data = options.data ?? {};
    for (const company of data.companies ?? []) this.putCompany(company);
    for (const contact of data.contacts ?? []) this.putContact(contact, false);
    this.contacts.sort();
    this.companies.sort();
    for (const conversation of data.conversations ?? []) this.putConversation(conversation);
  }

  // ---- Reads -------------------------------------------------------------------------------

  async listContacts(
    query: ContactQuery = {},
    options: RequestOptions = {},
  ): Promise<Page<Contact>> {
    await this.enter(options.signal);
    const slots = await this.contactSlots(query);
    return this.page(slots, query, this.contacts, toContact);
  }

  async getContact(id: string, options: RequestOptions = {}): Promise<Contact> {
    await this.enter(options.signal);
    return this.requireContact(id);
  }

  async listCompanies(
    query: CompanyQuery = {},
    options: RequestOptions = {},
  ): Promise<Page<Company>> {
    await this.enter(options.signal);
    return this.page(this.companySlots(query), query, this.companies, clone);
  }

  /**
   * A binary search in the query's result, which is the cached one while the list is on screen:
   * no page is built.
   */
  async positionOf(
    kind: RecordKind,
    id: string,
    query: ContactQuery | CompanyQuery = {},
    options: RequestOptions = {},
  ): Promise<number | null> {
    await this.enter(options.signal);
    const at =
      kind === 'contact'
        ? this.contacts.positionOf(await this.contactSlots(query), id)
        : this.companies.positionOf(this.companySlots(query), id);
    return at < 0 ? null : at;
  }

  async getCompany(id: string, options: RequestOptions = {}): Promise<Company> {
    await this.enter(options.signal);
    return clone(this.requireCompany(id));
  }

  async listConversations(
    contactId: string,
    query: ConversationQuery = {},
    options: RequestOptions = {},
  ): Promise<ConversationSummary[]> {
    await this.enter(options.signal);
    this.requireContact(contactId);
    const limit = Math.max(1, Math.min(100, query.limit ?? 10));
    const ids = this.conversationsByContact.get(contactId) ?? [];
    // Reversed before the stable sort so that conversations stamped in the same millisecond still
    // come newest first (the last one recorded is the newest).
    return [...ids]
      .reverse()
      .map(id => this.conversations.get(id)!)
      .sort((a, b) =>
        a.lastActivityAt < b.lastActivityAt ? 1 : a.lastActivityAt > b.lastActivityAt ? -1 : 0,
      )
      .slice(0, limit)
      .map(clone);
  }

  // ---- Contact writes ----------------------------------------------------------------------

  async createContact(draft: ContactDraft, options: CreateOptions): Promise<Contact> {
    await this.enter(options.signal);
    const checked = await validateContactDraft(draft, { defaultCountry: this.defaultCountry });
    return this.serial(options.signal, () => {
      const replay = this.replay(options.idempotencyKey, 'contact');
      if (replay) return clone(this.requireContact(replay));
      if (!checked.ok) throw validationError(checked.errors);
      const fields = checked.value;
      this.assertUnique(fields);
      if (fields.companyId) this.assertCompany(fields.companyId);
      const at = this.now().toISOString();
      const contact = contactFromDraft(fields, draft.nameSource, newId('ct'), at);
      this.putContact(contact, true);
      this.idempotency.set(idempotencySlot('contact', options.idempotencyKey), contact.id);
      this.emit({ type: 'contact', action: 'created', contact: clone(contact) });
      return clone(contact);
    });
  }

  async updateContact(id: string, patch: ContactPatch, options: UpdateOptions): Promise<Contact> {
    await this.enter(options.signal);
    return this.serial(options.signal, async () => {
      const current = this.requireContact(id);
      this.assertVersion(current, options.expectedVersion);
      const checked = await validateContactPatch(patch, current, {
        defaultCountry: this.defaultCountry,
      });
      if (!checked.ok) throw validationError(checked.errors);
      options.signal?.throwIfAborted();
      const fields = checked.value;
      this.assertUnique({ email: fields.email ?? undefined, phone: fields.phone ?? undefined }, id);
      if (fields.companyId) this.assertCompany(fields.companyId);
      const next = patchedContact(current, fields, patch.nameSource);
      return clone(this.commitContact(current, next));
    });
  }

  async resolveConversation(
    arrival: ArrivingConversation,
    options: RequestOptions = {},
  ): Promise<ResolveResult> {
    await this.enter(options.signal);
    if (!arrival.channel?.trim() || !arrival.address?.trim()) {
      throw validationError({ form: 'contact-info-required' });
    }
    const norm = await normalizeArrival(arrival, this.defaultCountry);
    return this.serial(options.signal, () => {
      const at = arrival.at ?? this.now().toISOString();
      const match = matchArrival(norm, {
        byIdentity: key => this.contactByIdentity(key),
        byEmail: email => this.byEmail.get(email) ?? this.droppedValueOwner('email', email),
        byPhone: phone => this.byPhone.get(phone) ?? this.droppedValueOwner('phone', phone),
      });
      let contact: Contact;
      let result: ResolveResult;
      if (match) {
        const current = this.requireContact(match.contactId);
        const next = contactAfterArrival(current, norm, at, {
          email: Boolean(norm.email && this.byEmail.has(norm.email)),
          phone: Boolean(norm.phone && this.byPhone.has(norm.phone)),
        });
        contact = this.commitContact(current, next);
        result = { contact, outcome: 'matched', matchedBy: match.matchedBy };
      } else {
        contact = contactFromArrival(norm, newId('ct'), at, newId);
        this.putContact(contact, true);
        this.emit({ type: 'contact', action: 'created', contact: clone(contact) });
        result = { contact, outcome: 'created' };
      }
      if (arrival.conversationId) {
        const conversation: ConversationSummary = {
          id: arrival.conversationId,
          contactId: contact.id,
          channel: norm.channel,
          status: 'open',
          lastActivityAt: at,
          ...(arrival.preview ? { lastMessagePreview: arrival.preview } : {}),
        };
        this.saveConversation(conversation);
        result.conversation = clone(conversation);
      }
      return { ...result, contact: clone(result.contact) };
    });
  }

  async startConversation(
    contactId: string,
    channel: Channel,
    options: StartConversationOptions = {},
  ): Promise<ConversationSummary> {
    await this.enter(options.signal);
    return this.serial(options.signal, () => {
      const key = options.idempotencyKey;
      const replay = key ? this.idempotency.get(idempotencySlot('conversation', key)) : undefined;
      if (replay && this.conversations.has(replay)) return clone(this.conversations.get(replay)!);
      const current = this.requireContact(contactId);
      if (!reachableChannels(current).includes(channel)) {
        throw new ContactsError('validation', `The contact is not registered on ${channel}.`, {
          fields: { form: 'contact-info-required' },
        });
      }
      const at = this.now().toISOString();
      const conversation: ConversationSummary = {
        id: newId('cv'),
        contactId,
        channel,
        status: 'open',
        lastActivityAt: at,
      };
      this.saveConversation(conversation);
      if (key) this.idempotency.set(idempotencySlot('conversation', key), conversation.id);
      this.commitContact(current, { ...clone(current), lastActivityAt: at });
      return clone(conversation);
    });
  }

  // ---- Company writes ----------------------------------------------------------------------

  async createCompany(draft: CompanyDraft, options: CreateOptions): Promise<Company> {
    await this.enter(options.signal);
    return this.serial(options.signal, () => {
      const replay = this.replay(options.idempotencyKey, 'company');
      if (replay) return clone(this.requireCompany(replay));
      const checked = validateCompanyDraft(draft);
      if (!checked.ok) throw validationError(checked.errors);
      const { name, domain } = checked.value;
      if (domain) this.assertDomainFree(domain);
      const at = this.now().toISOString();
      const company: Company = { id: newId('co'), name, createdAt: at, updatedAt: at, version: 1 };
      if (domain) company.domain = domain;
      this.putCompany(company, true);
      this.idempotency.set(idempotencySlot('company', options.idempotencyKey), company.id);
      this.emit({ type: 'company', action: 'created', company: clone(company) });
      return clone(company);
    });
  }

  async updateCompany(id: string, patch: CompanyPatch, options: UpdateOptions): Promise<Company> {
    await this.enter(options.signal);
    return this.serial(options.signal, () => {
      const current = this.requireCompany(id);
      this.assertVersion(current, options.expectedVersion);
      const checked = validateCompanyPatch(patch);
      if (!checked.ok) throw validationError(checked.errors);
      const { name, domain } = checked.value;
      if (domain) this.assertDomainFree(domain, id);
      const next = patchedCompany(current, { name, domain });
      next.version = current.version + 1;
      next.updatedAt = this.now().toISOString();
      this.removeCompany(current);
      this.putCompany(next, true);
      this.emit({ type: 'company', action: 'updated', company: clone(next) });
      return clone(next);
    });
  }

  // ---- Merge, delete, restore --------------------------------------------------------------

  /**
   * Merges in one write: the primary takes the chosen values and both contacts' identities, the
   * secondary's conversations move to it, and the secondary leaves every index. Only the two
   * contacts and the secondary's conversations are touched, so it costs the same at any size.
   */
  async mergeContacts(
    primaryId: string,
    secondaryId: string,
    choices: MergeChoices,
    options: MergeOptions,
  ): Promise<MergeResult> {
    await this.enter(options.signal);
    return this.serial(options.signal, () => {
      const slot = idempotencySlot('merge', options.idempotencyKey);
      const replay = this.replays.get(slot);
      if (replay) return clone(replay as MergeResult);
      if (primaryId === secondaryId) {
        throw new ContactsError('validation', 'A contact cannot be merged into itself.');
      }
      for (const side of Object.values(choices ?? {})) {
        if (side !== undefined && !MERGE_SIDES.has(side)) {
          throw new ContactsError('validation', 'Each merge choice is "primary" or "secondary".');
        }
      }
      const primary = this.requireContact(primaryId);
      const secondary = this.requireContact(secondaryId);
      this.assertVersion(primary, options.expectedVersions.primary);
      this.assertVersion(secondary, options.expectedVersions.secondary);
      const at = this.now().toISOString();
      const merged = mergedContact(primary, secondary, choices ?? {}, at, newId);
      merged.version = primary.version + 1;
      merged.updatedAt = at;
      this.removeContactIndexes(secondary);
      this.removeContactIndexes(primary);
      this.putContact(merged, true);
      this.mergedInto.set(secondaryId, primaryId);
      for (const { kind, value } of droppedByMerge(primary, secondary, merged)) {
        const key = `${kind}:${value}`;
        const merges = this.droppedValues.get(key) ?? new Map<string, string>();
        merges.set(secondaryId, primaryId);
        this.droppedValues.set(key, merges);
      }
      const moved = this.conversationsByContact.get(secondaryId) ?? [];
      this.conversationsByContact.delete(secondaryId);
      const movedConversations = moved.map(id => this.moveConversation(id, primaryId));
      const restorePoint = this.keepRestorePoint({
        kind: 'merge',
        primary,
        merged: clone(merged),
        secondary,
        moved: [...moved],
      });
      const result: MergeResult = { contact: clone(merged), mergedId: secondaryId, restorePoint };
      this.replays.set(slot, clone(result));
      this.emit({ type: 'contact', action: 'updated', contact: clone(merged) });
      for (const conversation of movedConversations) {
        this.emit({ type: 'conversation', action: 'updated', conversation: clone(conversation) });
      }
      this.emit({ type: 'removed', kind: 'contact', id: secondaryId, mergedInto: primaryId });
      return result;
    });
  }

  /** Deletes a contact; its conversations and identities leave with it, kept for a restore. */
  async deleteContact(id: string, options: DeleteOptions): Promise<DeleteResult> {
    await this.enter(options.signal);
    return this.serial(options.signal, () => {
      const slot =
        options.idempotencyKey && idempotencySlot('delete-contact', options.idempotencyKey);
      const replay = slot ? this.replays.get(slot) : undefined;
      if (replay) return clone(replay as DeleteResult);
      const current = this.requireContact(id);
      this.assertVersion(current, options.expectedVersion);
      const conversations = (this.conversationsByContact.get(id) ?? []).map(conversationId =>
        this.conversations.get(conversationId)!,
      );
      for (const conversation of conversations) this.conversations.delete(conversation.id);
      this.conversationsByContact.delete(id);
      this.removeContactIndexes(current);
      const restorePoint = this.keepRestorePoint({
        kind: 'contact',
        contact: current,
        conversations,
      });
      const result: DeleteResult = { id, restorePoint };
      if (slot) this.replays.set(slot, clone(result));
      this.emit({ type: 'removed', kind: 'contact', id });
      return result;
    });
  }

  /** Deletes a company; its contacts stay, unlinked (each a new version). */
  async deleteCompany(id: string, options: DeleteOptions): Promise<DeleteResult> {
    await this.enter(options.signal);
    return this.serial(options.signal, () => {
      const slot =
        options.idempotencyKey && idempotencySlot('delete-company', options.idempotencyKey);
      const replay = slot ? this.replays.get(slot) : undefined;
      if (replay) return clone(replay as DeleteResult);
      const company = this.requireCompany(id);
      this.assertVersion(company, options.expectedVersion);
      const linked = this.contacts.filter(this.contacts.all(), contact => contact.companyId === id);
      const unlinked = Array.from(linked, at => this.contacts.idAt(at));
      this.removeCompany(company);
      const restorePoint = this.keepRestorePoint({
        kind: 'company',
        company: clone(company),
        unlinked,
      });
      const result: DeleteResult = { id, restorePoint };
      if (slot) this.replays.set(slot, clone(result));
      this.emit({ type: 'removed', kind: 'company', id });
      for (const contactId of unlinked) {
        const current = this.requireContact(contactId);
        const next = clone(current);
        delete next.companyId;
        this.commitContact(current, next);
      }
      return result;
    });
  }

  /**
   * Undoes a merge or a delete. Everything is checked before anything is written, so a refused
   * restore (`duplicate`, `not-found`) changes nothing; a repeated one answers with the same
   * records as they are now.
   */
  async restore(token: string, options: RequestOptions = {}): Promise<RestoreResult> {
    await this.enter(options.signal);
    return this.serial(options.signal, () => {
      const entry = this.restorePoints.get(token);
      if (!entry || entry.expiresAt <= this.now().getTime()) {
        if (entry) this.restorePoints.delete(token);
        throw new ContactsError(
          'not-found',
          'Nothing to restore: the restore point is unknown or expired.',
        );
      }
      if (!entry.done) {
        entry.done =
          entry.kind === 'merge'
            ? this.unmerge(entry)
            : entry.kind === 'contact'
              ? this.undeleteContact(entry)
              : this.undeleteCompany(entry);
      }
      return {
        contacts: entry.done.contacts
          .filter(id => this.contacts.has(id))
          .map(id => this.requireContact(id)),
        companies: entry.done.companies
          .filter(id => this.companies.has(id))
          .map(id => clone(this.requireCompany(id))),
      };
    });
  }

  // ---- Subscriptions -----------------------------------------------------------------------

  subscribe(listener: ContactsChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Everything in the store, for persistence and tests. */
  snapshot(): Dataset {
    return {
      contacts: Array.from(this.contacts.all(), slot => toContact(this.contacts.valueAt(slot))),
      companies: Array.from(this.companies.all(), slot => clone(this.companies.valueAt(slot))),
      conversations: [...this.conversations.values()].map(clone),
    };
  }

  // ---- Implementation ----------------------------------------------------------------------

  private async enter(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (this.latency) await delay(this.latency, signal);
  }

  /** Runs writes one at a time, in call order; an aborted call writes nothing. */
  private serial<T>(signal: AbortSignal | undefined, work: () => T | Promise<T>): Promise<T> {
    const run = this.writeQueue.then(() => {
      signal?.throwIfAborted();
      return work();
    });
    this.writeQueue = run.catch(() => undefined);
    return run;
  }

  private emit(change: ContactsChange): void {
    this.resultCache = [];
    this.followersOf = undefined;
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private replay(key: string, kind: 'contact' | 'company'): string | undefined {
    return this.idempotency.get(idempotencySlot(kind, key));
  }

  /** Keeps what undoes an action until the retention window ends, dropping points past theirs. */
  private keepRestorePoint(entry: DistributiveOmit<RestoreEntry, 'expiresAt'>): RestorePoint {
    const now = this.now().getTime();
    // Points are kept in the order they were made, so the expired ones come first.
    for (const [token, kept] of this.restorePoints) {
      if (kept.expiresAt > now) break;
      this.restorePoints.delete(token);
    }
    const token = newId('rp');
    const expiresAt = now + this.restoreMs;
    this.restorePoints.set(token, { ...entry, expiresAt } as RestoreEntry);
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Gives a conversation to another contact; returns it as it is now. */
  private moveConversation(id: string, contactId: string): ConversationSummary {
    const conversation = { ...this.conversations.get(id)!, contactId };
    this.conversations.set(id, conversation);
    const list = this.conversationsByContact.get(contactId) ?? [];
    list.push(id);
    this.conversationsByContact.set(contactId, list);
    return conversation;
  }

  /**
   * Refuses (`duplicate`) a contact coming back whose email, phone or channel identity another
   * contact holds, except what `survivor` holds now and gives up in `survivorNext`.
   */
  private assertFree(contact: Contact, survivor?: Contact, survivorNext?: Contact): void {
    const givenUp = (owner: string, holds: (next: Contact) => boolean) =>
      owner === survivor?.id && !holds(survivorNext!);
    const emailOwner = contact.email ? this.byEmail.get(contact.email) : undefined;
    const phoneOwner = contact.phone ? this.byPhone.get(contact.phone) : undefined;
    this.assertUnique(
      {
        email:
          emailOwner && givenUp(emailOwner, next => next.email === contact.email)
            ? undefined
            : contact.email,
        phone:
          phoneOwner && givenUp(phoneOwner, next => next.phone === contact.phone)
            ? undefined
            : contact.phone,
      },
      contact.id,
    );
    for (const identity of contact.identities) {
      const key = identityKey(identity.channel, identity.address);
      const owner = this.contactByIdentity(key);
      if (!owner || owner === contact.id) continue;
      const held = (next: Contact) =>
        next.identities.some(i => identityKey(i.channel, i.address) === key);
      if (givenUp(owner, held)) continue;
      throw new ContactsError('duplicate', 'A contact with this channel identity already exists.', {
        existingId: owner,
      });
    }
  }

  /** A record coming back: as it was, one version on. */
  private returning<T extends { version: number; updatedAt: string }>(record: T, at: string): T {
    const next = clone(record);
    next.version = record.version + 1;
    next.updatedAt = at;
    return next;
  }

  private unmerge(entry: Extract<RestoreEntry, { kind: 'merge' }>): Restored {
    // The survivor, or where it went if merged again since (its merge stands).
    const survivorId = this.mergeTarget(entry.primary.id);
    const stored = survivorId === undefined ? undefined : this.contacts.get(survivorId);
    if (!stored) {
      throw new ContactsError('not-found', 'The contact the merge kept no longer exists.');
    }
    const current = toContact(stored);
    const at = this.now().toISOString();
    const survivor = unmergedContact(current, entry.primary, entry.merged, at, newId);
    const secondary = this.returning(entry.secondary, at);
    // A company deleted meanwhile is not linked again.
    for (const contact of [survivor, secondary]) {
      if (contact.companyId && !this.companies.has(contact.companyId)) delete contact.companyId;
    }
    // Check everything first: a refused restore writes nothing. The survivor's values first,
    // then the secondary's, as the reference server does (the same conflict named).
    this.assertUnique(
      {
        email: survivor.email === current.email ? undefined : survivor.email,
        phone: survivor.phone === current.phone ? undefined : survivor.phone,
      },
      current.id,
    );
    this.assertFree(secondary, current, survivor);
    if (JSON.stringify(packContact(survivor)) !== JSON.stringify(packContact(current))) {
      this.commitContact(current, survivor);
    }
    this.putContact(secondary, true);
    this.mergedInto.delete(secondary.id);
    for (const [key, merges] of this.droppedValues) {
      if (merges.delete(secondary.id) && !merges.size) this.droppedValues.delete(key);
    }
    this.emit({ type: 'contact', action: 'restored', contact: clone(secondary) });
    // The conversations that moved come back, unless they have left the survivor since.
    const moved = new Set(
      entry.moved.filter(id => this.conversations.get(id)?.contactId === current.id),
    );
    const kept = (this.conversationsByContact.get(current.id) ?? []).filter(id => !moved.has(id));
    this.conversationsByContact.set(current.id, kept);
    for (const id of entry.moved) {
      if (!moved.has(id)) continue;
      const conversation = this.moveConversation(id, secondary.id);
      this.emit({ type: 'conversation', action: 'restored', conversation: clone(conversation) });
    }
    return { contacts: [secondary.id, current.id], companies: [] };
  }

  private undeleteContact(entry: Extract<RestoreEntry, { kind: 'contact' }>): Restored {
    const at = this.now().toISOString();
    const contact = this.returning(entry.contact, at);
    if (contact.companyId && !this.companies.has(contact.companyId)) delete contact.companyId;
    this.assertFree(contact);
    this.putContact(contact, true);
    this.emit({ type: 'contact', action: 'restored', contact: clone(contact) });
    // A conversation recorded again meanwhile (the same id) stays with the contact it has now.
    for (const conversation of entry.conversations) {
      if (this.conversations.has(conversation.id)) continue;
      this.putConversation(clone(conversation));
      this.emit({ type: 'conversation', action: 'restored', conversation: clone(conversation) });
    }
    return { contacts: [contact.id], companies: [] };
  }

  private undeleteCompany(entry: Extract<RestoreEntry, { kind: 'company' }>): Restored {
    const at = this.now().toISOString();
    const company = this.returning(entry.company, at);
    if (company.domain) this.assertDomainFree(company.domain);
    this.putCompany(company, true);
    this.emit({ type: 'company', action: 'restored', company: clone(company) });
    // Contacts linked to another company meanwhile keep that link.
    const relinked: string[] = [];
    for (const id of entry.unlinked) {
      const stored = this.contacts.get(id);
      if (!stored || stored.companyId !== undefined) continue;
      const current = toContact(stored);
      this.commitContact(current, { ...clone(current), companyId: company.id });
      relinked.push(id);
    }
    return { contacts: relinked, companies: [company.id] };
  }

  /**
   * The live contact that kept an email or phone a merge dropped, following later merges;
   * undefined when no merge dropped it or its contact is gone.
   */
  private droppedValueOwner(kind: 'email' | 'phone', value: string): string | undefined {
    const merges = this.droppedValues.get(`${kind}:${value}`);
    for (const contactId of [...(merges?.values() ?? [])].sort()) {
      const owner = this.contacts.has(contactId) ? contactId : this.mergeTarget(contactId);
      if (owner !== undefined) return owner;
    }
    return undefined;
  }

  /** Where a merged-away contact went, following merges of merges; undefined for any other id. */
  private mergeTarget(id: string): string | undefined {
    let target = id;
    for (let step = 0; step < MERGE_CHAIN_LIMIT && !this.contacts.has(target); step++) {
      const next = this.mergedInto.get(target);
      if (next === undefined) return undefined;
      target = next;
    }
    return this.contacts.has(target) ? target : undefined;
  }

  /** The stored contact as a fresh Contact. */
  private requireContact(id: string): Contact {
    const stored = this.contacts.get(id);
    if (stored) return toContact(stored);
    const mergedInto = this.mergedInto.has(id) ? this.mergeTarget(id) : undefined;
    throw mergedInto
      ? new ContactsError('not-found', `Contact ${id} was merged into ${mergedInto}.`, {
          mergedInto,
        })
      : new ContactsError('not-found', `No contact with id ${id}.`);
  }

  private requireCompany(id: string): Company {
    const company = this.companies.get(id);
    if (!company) throw new ContactsError('not-found', `No company with id ${id}.`);
    return company;
  }

  private assertVersion(record: { version: number }, expected: number): void {
    if (record.version !== expected) {
      throw new ContactsError('conflict', 'The record was changed by someone else.', {
        currentVersion: record.version,
      });
    }
  }

  private assertUnique(
    fields: { email?: string | undefined; phone?: string | undefined },
    self?: string,
  ): void {
    const emailOwner = fields.email ? this.byEmail.get(fields.email) : undefined;
    if (emailOwner && emailOwner !== self) {
      throw new ContactsError('duplicate', 'A contact with this email already exists.', {
        existingId: emailOwner,
        field: 'email',
      });
    }
    const phoneOwner = fields.phone ? this.byPhone.get(fields.phone) : undefined;
    if (phoneOwner && phoneOwner !== self) {
      throw new ContactsError('duplicate', 'A contact with this phone number already exists.', {
        existingId: phoneOwner,
        field: 'phone',
      });
    }
  }

  private assertCompany(id: string): void {
    if (!this.companies.has(id)) throw validationError({ companyId: 'unknown-company' });
  }

  private assertDomainFree(domain: string, self?: string): void {
    const owner = this.byDomain.get(domain);
    if (owner && owner !== self) {
      throw new ContactsError('duplicate', 'A company with this domain already exists.', {
        existingId: owner,
        field: 'domain',
      });
    }
  }

  private companySlots(query: CompanyQuery): Slots {
    const { ids } = query;
    if (query.domain !== undefined) {
      const domain = normalizeDomain(query.domain);
      const id = domain ? this.byDomain.get(domain) : undefined;
      return this.companies.slotsOf(id && (!ids || ids.includes(id)) ? [id] : []);
    }
    const base = ids ? this.companies.slotsOf(new Set(ids)) : null;
    const terms = parseSearch(query.search);
    return terms.tokens.length
      ? this.companies.search(terms, base)
      : (base ?? this.companies.all());
  }

  private async contactSlots(query: ContactQuery): Promise<Slots> {
    if (query.email !== undefined || query.phone !== undefined) {
      const ids = new Set<string>();
      const email = query.email === undefined ? undefined : normalizeEmail(query.email);
      const phone =
        query.phone === undefined ? undefined : await parsePhone(query.phone, this.defaultCountry);
      const byEmail = email ? this.byEmail.get(email) : undefined;
      const byPhone = phone?.ok ? this.byPhone.get(phone.e164) : undefined;
      if (query.email !== undefined && byEmail) ids.add(byEmail);
      if (query.phone !== undefined && byPhone) ids.add(byPhone);
      return this.contacts.filter(this.contacts.slotsOf(ids), (contact, slot) =>
        this.keep(contact, slot, query),
      );
    }
    const terms = parseSearch(query.search);
    const filtered = query.pending !== undefined || query.companyId !== undefined;
    const searched = terms.tokens.length ? this.searched(terms) : this.contacts.all();
    if (!filtered) return searched;
    // A filter applies to the search's result, which the list itself usually asked for already.
    const filterKey = `${query.pending ?? ''}|${query.companyId ?? ''}`;
    const key = termsKey(terms);
    const hit = this.resultCache.find(c => c.filterKey === filterKey && c.key === key);
    if (hit) return this.touch(hit).slots;
    let slots =
      query.pending === undefined
        ? searched
        : this.contacts.withTags(searched, PENDING, query.pending);
    if (query.companyId !== undefined) {
      const companyId = query.companyId;
      slots = this.contacts.filter(slots, contact => contact.companyId === companyId);
    }
    this.touch({ filterKey, terms, key, slots });
    return slots;
  }

  /**
   * The contacts matching a search, from the cache when the same search ran before; otherwise
   * narrowed from the smallest cached result of a query this one only extends (typing on), or
   * one pass over everything.
   */
  private searched(terms: SearchTerms): Slots {
    const key = termsKey(terms);
    const hit = this.resultCache.find(c => c.filterKey === '' && c.key === key);
    if (hit) {
      if (this.followersOf !== hit) this.buildFollowers(hit);
      return this.touch(hit).slots;
    }
    const typed = this.followersOf;
    const followers = typed?.followers;
    const char =
      typed && followers && followers.done === typed.slots.length
        ? extension(typed.terms, terms, followers.token)
        : undefined;
    let slots: Slots;
    if (typed && followers && char !== undefined && ASCII_WORD.test(char)) {
      slots = this.contacts.followedBy(followers, typed.slots, char);
    } else {
      let base: CachedResult | undefined;
      for (const entry of this.resultCache) {
        if (entry.filterKey !== '' || !narrows(entry.terms, terms)) continue;
        if (!base || entry.slots.length < base.slots.length) base = entry;
      }
      slots = this.contacts.search(terms, base ? base.slots : null);
    }
    const entry: CachedResult = { filterKey: '', terms, key, slots };
    this.touch(entry);
    this.buildFollowers(entry);
    return slots;
  }

  /**
   * While the agent reads a large result, works out what follows its last token in each record
   * (in slices that never hold a frame), so that typing one more character answers at once.
   */
  private buildFollowers(entry: CachedResult): void {
    const token = entry.terms.tokens[entry.terms.tokens.length - 1];
    if (this.followersOf && this.followersOf !== entry) this.followersOf.followers = undefined;
    this.followersOf = undefined;
    if (!token || entry.slots.length < FOLLOWERS_MIN) return;
    this.followersOf = entry;
    const followers = (entry.followers = this.contacts.followers(entry.slots, token));
    const step = () => {
      if (this.followersOf !== entry || !this.resultCache.includes(entry)) return;
      const deadline = performance.now() + FOLLOWERS_SLICE;
      if (!this.contacts.buildFollowers(followers, entry.slots, deadline)) {
        nextTask(step);
      }
    };
    nextTask(step);
  }

  private keep(contact: StoredContact, slot: number, query: ContactQuery): boolean {
    if (
      query.pending !== undefined &&
      query.pending !== ((this.contacts.tagsAt(slot) & PENDING) !== 0)
    ) {
      return false;
    }
    if (query.companyId !== undefined && contact.companyId !== query.companyId) return false;
    return true;
  }

  /** Makes an entry the most recent, dropping the oldest beyond the count and memory budgets. */
  private touch(entry: CachedResult): CachedResult {
    const budget = Math.max(RESULT_CACHE_FLOOR, RESULT_CACHE_BUDGET * this.contacts.size);
    const kept: CachedResult[] = [entry];
    let used = entry.slots.length;
    for (const cached of this.resultCache) {
      if (cached === entry || kept.length >= RESULT_CACHE_SIZE) continue;
      if (used + cached.slots.length > budget) continue;
      kept.push(cached);
      used += cached.slots.length;
    }
    this.resultCache = kept;
    return entry;
  }

  private page<S, T>(
    slots: Slots,
    request: PageRequest,
    index: SortedIndex<S>,
    output: (stored: S) => T,
  ): Page<T> {
    const limit = pageSize(request.limit);
    let start = 0;
    if (request.cursor) start = index.positionAfterCursor(slots, request.cursor);
    else if (request.offset !== undefined) {
      start = Math.max(0, Math.min(slots.length, Math.floor(request.offset)));
    }
    const slice = slots.slice(start, start + limit);
    const end = start + slice.length;
    return {
      items: Array.from(slice, slot => output(index.valueAt(slot))),
      total: slots.length,
      offset: start,
      nextCursor:
        end < slots.length && slice.length ? index.cursorOf(slice[slice.length - 1]!) : null,
    };
  }

  private putContact(contact: Contact, sorted: boolean): void {
    const tags = contact.pendingActions.length ? PENDING : 0;
    this.contacts.set(contact.id, packContact(contact), tags, !sorted);
    if (contact.email) this.byEmail.set(contact.email, contact.id);
    if (contact.phone) this.byPhone.set(contact.phone, contact.id);
    for (const identity of contact.identities) {
      // The same normalisation as identityKey, in two levels: no key string per identity.
      const address = identity.address.trim().toLowerCase();
      if (address === contact.phone || address === contact.email) continue;
      const channel = identity.channel.trim().toLowerCase();
      let addresses = this.byIdentity.get(channel);
      if (!addresses) this.byIdentity.set(channel, (addresses = new Map()));
      addresses.set(address, contact.id);
    }
  }

  /** The contact with a channel identity, by its identityKey. */
  private contactByIdentity(key: string): string | undefined {
    const split = key.indexOf('\u0000');
    const channel = key.slice(0, split);
    const address = key.slice(split + 1);
    const indexed = this.byIdentity.get(channel)?.get(address);
    if (indexed) return indexed;
    // Not indexed when the address is the contact's own phone or email.
    for (const id of [this.byPhone.get(address), this.byEmail.get(address)]) {
      const stored = id === undefined ? undefined : this.contacts.get(id);
      if (!stored) continue;
      const found = toContact(stored).identities.some(
        identity => identityKey(identity.channel, identity.address) === key,
      );
      if (found) return id;
    }
    return undefined;
  }

  private removeContactIndexes(contact: Contact): void {
    this.contacts.delete(contact.id);
    if (contact.email) this.byEmail.delete(contact.email);
    if (contact.phone) this.byPhone.delete(contact.phone);
    for (const identity of contact.identities) {
      this.byIdentity
        .get(identity.channel.trim().toLowerCase())
        ?.delete(identity.address.trim().toLowerCase());
    }
  }

  /** Stores a changed contact with a new version, derived pending actions, and a notification. */
  private commitContact(current: Contact, next: Contact): Contact {
    const at = this.now().toISOString();
    next.version = current.version + 1;
    next.updatedAt = at;
    syncPendingActions(next, at, newId);
    this.removeContactIndexes(current);
    this.putContact(next, true);
    this.emit({ type: 'contact', action: 'updated', contact: clone(next) });
    return next;
  }

  private putCompany(company: Company, sorted = false): void {
    this.companies.set(company.id, company, 0, !sorted);
    if (company.domain) this.byDomain.set(company.domain, company.id);
  }

  private removeCompany(company: Company): void {
    this.companies.delete(company.id);
    if (company.domain) this.byDomain.delete(company.domain);
  }

  private putConversation(conversation: ConversationSummary): void {
    const isNew = !this.conversations.has(conversation.id);
    this.conversations.set(conversation.id, conversation);
    if (isNew) {
      const list = this.conversationsByContact.get(conversation.contactId) ?? [];
      list.push(conversation.id);
      this.conversationsByContact.set(conversation.contactId, list);
    }
  }

  private saveConversation(conversation: ConversationSummary): void {
    const existing = this.conversations.get(conversation.id);
    if (existing && existing.contactId !== conversation.contactId) {
      const list = this.conversationsByContact.get(existing.contactId) ?? [];
      this.conversationsByContact.set(
        existing.contactId,
        list.filter(id => id !== conversation.id),
      );
      this.conversations.delete(conversation.id);
    }
    this.putConversation(conversation);
    this.emit({
      type: 'conversation',
      action: existing ? 'updated' : 'created',
      conversation: clone(conversation),
    });
  }
}

/** Omit over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function idempotencySlot(
  kind: 'contact' | 'company' | 'conversation' | 'merge' | 'delete-contact' | 'delete-company',
  key: string,
): string {
  return `${kind}\u0000${key}`;
}
