/**
 * The embedded default adapter: the whole store in memory, indexed for search, with writes
 * serialised so that concurrent arrivals of one person give exactly one contact.
 */
import {
  identityKey,
  matchArrival,
  nameForArrival,
  needsContactInfo,
  normalizeArrival,
  reachableChannels,
} from '../../model/matching.js';
import { normalizeEmail } from '../../model/email.js';
import { type CountryCode, DEFAULT_COUNTRY, parsePhone } from '../../model/phone.js';
import { normalizeDomain } from '../../model/domain.js';
import {
  companyHaystack,
  contactHaystack,
  matches,
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
  RequestOptions,
  StartConversationOptions,
  UpdateOptions,
} from '../types.js';
import { delay, newId, pageSize } from '../util.js';
import { SortedIndex } from './sorted-index.js';

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

function validationError(errors: FieldErrors): ContactsError {
  const first = Object.values(errors)[0];
  return new ContactsError('validation', first ? VALIDATION_MESSAGES[first] : 'Invalid input.', {
    fields: errors,
  });
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Cached result ids of one filtered query, kept so a longer query can narrow them. */
interface CachedResult {
  filterKey: string;
  terms: SearchTerms;
  ids: string[];
}

export class InMemoryContactsAdapter implements ContactsAdapter {
  readonly defaultCountry: CountryCode;
  private readonly latency: number;
  private readonly now: () => Date;

  private readonly contacts = new Map<string, Contact>();
  private readonly contactOrder = new SortedIndex();
  private readonly byEmail = new Map<string, string>();
  private readonly byPhone = new Map<string, string>();
  private readonly byIdentity = new Map<string, string>();

  private readonly companies = new Map<string, Company>();
  private readonly companyOrder = new SortedIndex();
  private readonly byDomain = new Map<string, string>();

  private readonly conversations = new Map<string, ConversationSummary>();
  private readonly conversationsByContact = new Map<string, string[]>();

  // Keyed per record kind: one key reused for a company must not make the contact's replay forget.
  private readonly idempotency = new Map<string, string>();
  private readonly listeners = new Set<ContactsChangeListener>();
  private resultCache: CachedResult[] = [];
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(options: InMemoryAdapterOptions = {}) {
    this.defaultCountry = options.defaultCountry ?? DEFAULT_COUNTRY;
    this.latency = options.latency ?? 0;
    this.now = options.now ?? (() => new Date());
    const data = options.data ?? {};
    for (const company of data.companies ?? []) this.putCompany(company);
    for (const contact of data.contacts ?? []) this.putContact(contact, false);
    this.contactOrder.sort();
    this.companyOrder.sort();
    for (const conversation of data.conversations ?? []) this.putConversation(conversation);
  }

  // ---- Reads -------------------------------------------------------------------------------

  async listContacts(
    query: ContactQuery = {},
    options: RequestOptions = {},
  ): Promise<Page<Contact>> {
    await this.enter(options.signal);
    const ids = await this.contactIds(query);
    return this.page(ids, query, id => this.contacts.get(id)!, this.contactOrder);
  }

  async getContact(id: string, options: RequestOptions = {}): Promise<Contact> {
    await this.enter(options.signal);
    return clone(this.requireContact(id));
  }

  async listCompanies(
    query: CompanyQuery = {},
    options: RequestOptions = {},
  ): Promise<Page<Company>> {
    await this.enter(options.signal);
    let ids: readonly string[];
    if (query.domain !== undefined) {
      const domain = normalizeDomain(query.domain);
      const id = domain ? this.byDomain.get(domain) : undefined;
      ids = id ? [id] : [];
    } else {
      const terms = parseSearch(query.search);
      ids = terms.tokens.length
        ? this.companyOrder.filter(hay => matches(hay, terms))
        : this.companyOrder.ids;
    }
    return this.page(ids, query, id => this.companies.get(id)!, this.companyOrder);
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
      const contact: Contact = {
        id: newId('ct'),
        name: fields.name ?? fields.email ?? fields.phone ?? '',
        nameSource: draft.nameSource ?? 'agent',
        identities: [],
        pendingActions: [],
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      if (fields.email) contact.email = fields.email;
      if (fields.phone) contact.phone = fields.phone;
      if (fields.companyId) contact.companyId = fields.companyId;
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
      const next: Contact = clone(current);
      if (fields.name !== undefined && fields.name !== current.name) {
        next.name = fields.name;
        next.nameSource = patch.nameSource ?? 'agent';
      } else if (patch.nameSource !== undefined) {
        next.nameSource = patch.nameSource;
      }
      if (fields.email !== undefined) setOptional(next, 'email', fields.email);
      if (fields.phone !== undefined) setOptional(next, 'phone', fields.phone);
      if (fields.companyId !== undefined) setOptional(next, 'companyId', fields.companyId);
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
        byIdentity: key => this.byIdentity.get(key),
        byEmail: email => this.byEmail.get(email),
        byPhone: phone => this.byPhone.get(phone),
      });
      let contact: Contact;
      let result: ResolveResult;
      if (match) {
        const current = this.requireContact(match.contactId);
        const next = clone(current);
        const key = identityKey(norm.channel, norm.address);
        const identity = next.identities.find(i => identityKey(i.channel, i.address) === key);
        if (identity) {
          identity.lastSeenAt = at;
          if (norm.displayName) identity.displayName = norm.displayName;
        } else {
          next.identities.push(compactIdentity(norm.channel, norm.address, norm.displayName, at));
        }
        // A channel sync refreshes only a name that came from a channel; an agent's name stays.
        if (next.nameSource === 'channel' && norm.displayName) next.name = norm.displayName;
        // Fill what the contact lacks, unless another contact already holds the value.
        if (!next.email && norm.email && !this.byEmail.has(norm.email)) next.email = norm.email;
        if (!next.phone && norm.phone && !this.byPhone.has(norm.phone)) next.phone = norm.phone;
        // Arrivals may be reported late; activity only moves forward.
        if (!next.lastActivityAt || at > next.lastActivityAt) next.lastActivityAt = at;
        contact = this.commitContact(current, next);
        result = { contact, outcome: 'matched', matchedBy: match.matchedBy };
      } else {
        contact = {
          id: newId('ct'),
          name: nameForArrival(norm),
          nameSource: 'channel',
          identities: [compactIdentity(norm.channel, norm.address, norm.displayName, at)],
          pendingActions: [],
          createdAt: at,
          updatedAt: at,
          lastActivityAt: at,
          version: 1,
        };
        if (norm.email) contact.email = norm.email;
        if (norm.phone) contact.phone = norm.phone;
        this.syncPendingActions(contact, at);
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
      const next = clone(current);
      if (name !== undefined) next.name = name;
      if (domain !== undefined) setOptional(next, 'domain', domain);
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
      contacts: this.contactOrder.ids.map(id => clone(this.contacts.get(id)!)),
      companies: this.companyOrder.ids.map(id => clone(this.companies.get(id)!)),
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

  private requireContact(id: string): Contact {
    const contact = this.contacts.get(id);
    if (!contact) throw new ContactsError('not-found', `No contact with id ${id}.`);
    return contact;
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

  private async contactIds(query: ContactQuery): Promise<readonly string[]> {
    if (query.email !== undefined || query.phone !== undefined) {
      const ids = new Set<string>();
      const email = query.email === undefined ? undefined : normalizeEmail(query.email);
      const phone =
        query.phone === undefined ? undefined : await parsePhone(query.phone, this.defaultCountry);
      const byEmail = email ? this.byEmail.get(email) : undefined;
      const byPhone = phone?.ok ? this.byPhone.get(phone.e164) : undefined;
      if (query.email !== undefined && byEmail) ids.add(byEmail);
      if (query.phone !== undefined && byPhone) ids.add(byPhone);
      return [...ids].filter(id => this.keep(id, query));
    }
    const terms = parseSearch(query.search);
    if (!terms.tokens.length && query.pending === undefined && query.companyId === undefined) {
      return this.contactOrder.ids;
    }
    const filterKey = `${query.pending ?? ''}|${query.companyId ?? ''}`;
    const key = termsKey(terms);
    const hit = this.resultCache.find(c => c.filterKey === filterKey && termsKey(c.terms) === key);
    if (hit) return this.touch(hit).ids;
    // Narrow the closest earlier result when the query only grew; otherwise scan everything.
    const base = this.resultCache.find(c => c.filterKey === filterKey && narrows(c.terms, terms));
    const ids = base
      ? base.ids.filter(id => matches(this.contactOrder.hayOf(id)!, terms))
      : this.contactOrder.filter((hay, id) => matches(hay, terms) && this.keep(id, query));
    this.touch({ filterKey, terms, ids });
    return ids;
  }

  private keep(id: string, query: ContactQuery): boolean {
    const contact = this.contacts.get(id)!;
    if (query.pending !== undefined && query.pending !== contact.pendingActions.length > 0) {
      return false;
    }
    if (query.companyId !== undefined && contact.companyId !== query.companyId) return false;
    return true;
  }

  private touch(entry: CachedResult): CachedResult {
    this.resultCache = [entry, ...this.resultCache.filter(c => c !== entry)].slice(
      0,
      RESULT_CACHE_SIZE,
    );
    return entry;
  }

  private page<T>(
    ids: readonly string[],
    request: PageRequest,
    get: (id: string) => T,
    order: SortedIndex,
  ): Page<T> {
    const limit = pageSize(request.limit);
    let start = 0;
    if (request.cursor) start = order.positionAfterCursor(ids, request.cursor);
    else if (request.offset !== undefined) {
      start = Math.max(0, Math.min(ids.length, Math.floor(request.offset)));
    }
    const slice = ids.slice(start, start + limit);
    const end = start + slice.length;
    return {
      items: slice.map(id => clone(get(id))),
      total: ids.length,
      offset: start,
      nextCursor:
        end < ids.length && slice.length ? order.cursorOf(slice[slice.length - 1]!) : null,
    };
  }

  private putContact(contact: Contact, sorted: boolean): void {
    this.contacts.set(contact.id, contact);
    this.contactOrder.add(contact.id, contactHaystack(contact), sorted);
    if (contact.email) this.byEmail.set(contact.email, contact.id);
    if (contact.phone) this.byPhone.set(contact.phone, contact.id);
    for (const identity of contact.identities) {
      this.byIdentity.set(identityKey(identity.channel, identity.address), contact.id);
    }
  }

  private removeContactIndexes(contact: Contact): void {
    this.contactOrder.remove(contact.id);
    if (contact.email) this.byEmail.delete(contact.email);
    if (contact.phone) this.byPhone.delete(contact.phone);
    for (const identity of contact.identities) {
      this.byIdentity.delete(identityKey(identity.channel, identity.address));
    }
  }

  /** Stores a changed contact with a new version, derived pending actions, and a notification. */
  private commitContact(current: Contact, next: Contact): Contact {
    const at = this.now().toISOString();
    next.version = current.version + 1;
    next.updatedAt = at;
    this.syncPendingActions(next, at);
    this.removeContactIndexes(current);
    this.putContact(next, true);
    this.emit({ type: 'contact', action: 'updated', contact: clone(next) });
    return next;
  }

  private syncPendingActions(contact: Contact, at: string): void {
    const pending = contact.pendingActions.some(a => a.type === 'add-contact-info');
    if (needsContactInfo(contact) && !pending) {
      contact.pendingActions = [
        ...contact.pendingActions,
        { id: newId('pa'), type: 'add-contact-info', createdAt: at },
      ];
    } else if (!needsContactInfo(contact) && pending) {
      contact.pendingActions = contact.pendingActions.filter(a => a.type !== 'add-contact-info');
    }
  }

  private putCompany(company: Company, sorted = false): void {
    this.companies.set(company.id, company);
    this.companyOrder.add(company.id, companyHaystack(company), sorted);
    if (company.domain) this.byDomain.set(company.domain, company.id);
  }

  private removeCompany(company: Company): void {
    this.companyOrder.remove(company.id);
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

function setOptional<T extends object, K extends keyof T>(
  record: T,
  key: K,
  value: T[K] | null,
): void {
  if (value === null || value === undefined) delete record[key];
  else record[key] = value;
}

function compactIdentity(
  channel: Channel,
  address: string,
  displayName: string | undefined,
  at: string,
) {
  return displayName
    ? { channel, address, displayName, lastSeenAt: at }
    : { channel, address, lastSeenAt: at };
}
