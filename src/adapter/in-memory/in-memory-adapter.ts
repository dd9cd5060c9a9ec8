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
  patchedCompany,
  patchedContact,
  syncPendingActions,
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
  Page,
  PageRequest,
  RecordKind,
  RequestOptions,
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
}

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
  private readonly listeners = new Set<ContactsChangeListener>();
  private resultCache: CachedResult[] = [];
  private followersOf?: CachedResult;
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(options: InMemoryAdapterOptions = {}) {
    this.defaultCountry = options.defaultCountry ?? DEFAULT_COUNTRY;
    this.latency = options.latency ?? 0;
    this.now = options.now ?? (() => new Date());
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
        byEmail: email => this.byEmail.get(email),
        byPhone: phone => this.byPhone.get(phone),
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

  /** The stored contact as a fresh Contact. */
  private requireContact(id: string): Contact {
    const stored = this.contacts.get(id);
    if (!stored) throw new ContactsError('not-found', `No contact with id ${id}.`);
    return toContact(stored);
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
    if (query.domain !== undefined) {
      const domain = normalizeDomain(query.domain);
      const id = domain ? this.byDomain.get(domain) : undefined;
      return this.companies.slotsOf(id ? [id] : []);
    }
    const terms = parseSearch(query.search);
    return terms.tokens.length ? this.companies.search(terms, null) : this.companies.all();
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

function idempotencySlot(kind: 'contact' | 'company' | 'conversation', key: string): string {
  return `${kind}\u0000${key}`;
}
