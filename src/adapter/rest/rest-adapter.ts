/**
 * The REST adapter: the ContactsAdapter contract over the HTTP API documented in `openapi.yaml`
 * at the package root. It guards the boundary: every answer is checked against the contract,
 * every attempt has a time limit, calls that are safe to repeat are retried politely, redirects
 * are refused, and every failure becomes a ContactsError that says what to do. No caching.
 */
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
import { ContactsError, isAbortError, isContactsError, type SkippedRecords } from '../errors.js';
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
  ListOrder,
  MergeChoices,
  MergeOptions,
  MergeResult,
  Page,
  RecordKind,
  RequestOptions,
  RestoreResult,
  StartConversationOptions,
  UpdateOptions,
} from '../types.js';
import { abortReason, delay } from '../util.js';
import type { ApiSchemas } from './api.js';
import { ChangeStream } from './change-stream.js';
import {
  type Check,
  checkPage,
  companySchema,
  contactSchema,
  conversationListSchema,
  conversationSchema,
  deleteResultSchema,
  expectValid,
  mergeResultSchema,
  parseBody,
  resolveResultSchema,
  restoreResultSchema,
} from './contract.js';
import { errorFromResponse } from './error-mapping.js';
import { MAX_COMPANY_IDS } from './serving.js';

/** Headers for every request, or a function called before each one (so a refreshed token is used). */
export type HeadersSource = HeadersInit | (() => HeadersInit | Promise<HeadersInit>);

export interface RestAdapterOptions {
  /** Where the API lives, e.g. `https://api.example.com/v1` or `/api`. */
  baseUrl: string;
  /**
   * Sent with every request, typically `Authorization`. A function is called before each request
   * (so a refreshed token is used); if it throws, the call rejects with that error.
   */
  headers?: HeadersSource;
  /** The fetch to call; defaults to the global one. Hosts pass theirs for instrumentation or auth. */
  fetch?: typeof fetch;
  /**
   * Time limit of each attempt in ms, from sending the request to reading the last byte of the
   * answer (a `headers` function's time included). Its expiry is a retryable `network` error with
   * `details.timeoutMs`. Default 15000; 0 means no limit.
   */
  timeoutMs?: number;
  /**
   * How many more times a call that is safe to repeat is tried after a failure that may pass: no
   * answer or no answer in time, 429, 502, 503 or 504. Safe to repeat: every read; a create and
   * a merge, since they carry their idempotency key; `startConversation` and a delete when given
   * a key; `resolveConversation`, which finds the contact the lost attempt created; `restore`,
   * which answers the same records again. Never an update.
   * Default 2; 0 turns automatic retries off.
   */
  retries?: number;
  /**
   * Base of the exponential backoff, in ms: the wait before retry n (from 0) is a random time
   * between 0 and `retryBaseMs * 2^n` ("full jitter", so many clients do not retry in step),
   * capped at 10 s. Default 300.
   */
  retryBaseMs?: number;
  /**
   * The longest `Retry-After` (on 429 and 503) the adapter waits out by itself before retrying,
   * in ms. A longer one ends the call at once with `retryAfterMs` on the error, so the element can
   * say when it will try again instead of hanging silently. Default 5000.
   */
  maxRetryAfterMs?: number;
  /**
   * The order the server lists in, declared as the adapter's `order`: `'name'` (the contract's,
   * the default) or another, e.g. `'activity'`, so that the elements do not binary-search it.
   */
  order?: ListOrder;
  /**
   * Whether `subscribe` also listens to `GET /changes` (server-sent events), so that changes made
   * elsewhere (other agents, other tabs, the server's own syncs) reach the listeners. Default
   * true; a server that answers 404, 405 or 501 there is remembered as having none, silently.
   */
  liveChanges?: boolean;
  /**
   * A change stream silent this long (not even a comment) is replaced by a new connection, in
   * ms, so a connection that died without closing does not hide changes. Default 45000 (the
   * reference server sends a comment every 15 s); 0 never.
   */
  changesIdleMs?: number;
  /**
   * Whether the server serves merge, delete and restore (`POST /contacts/{id}/merge`, `DELETE
   * /contacts/{id}`, `DELETE /companies/{id}`, `POST /restore`). Default true; false leaves
   * `mergeContacts`, `deleteContact`, `deleteCompany` and `restore` undefined on the instance,
   * so the elements offer no merge, delete or undo (as for any adapter without them).
   */
  mergeAndDelete?: boolean;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_RETRY_BASE_MS = 300;
const DEFAULT_MAX_RETRY_AFTER_MS = 5_000;
const MAX_BACKOFF_MS = 10_000;
const DEFAULT_CHANGES_IDLE_MS = 45_000;
const CHANGES_RETRY_MS = 1_000;
const CHANGES_MAX_RETRY_MS = 30_000;
/**
 * How long a merge, delete or restore waits for a change stream still connecting, in ms: their
 * consequences on other records (moved conversations, unlinked contacts) reach listeners only
 * through the stream, so it must be anchored in the log before the write.
 */
const CHANGES_ANCHOR_MS = 2_000;
/** How many records, conversations and removals the adapter remembers having delivered, each. */
const DELIVERED_MEMORY = 2_000;
/** How many states of one conversation it remembers. */
const CONVERSATION_STATES = 8;
/** Statuses a repeatable call is retried on: the server may well answer next time. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** Where a change comes from: a call made through this adapter, or `GET /changes`. */
type ChangeSource = 'local' | 'stream';

type QueryValue = string | number | boolean | readonly string[] | null | undefined;

/** A `getCompany` call waiting for its task's other calls, to be asked with them. */
interface CompanyCall {
  id: string;
  signal: AbortSignal | undefined;
  resolve: (company: Company) => void;
  reject: (error: unknown) => void;
}

interface Call {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Whether repeating the request is harmless; GETs always are. */
  repeatable?: boolean;
}

/** Reads a 2xx body into the operation's result, or throws `invalid-response`. */
type Reader<T> = (body: unknown, status: number) => T;

function schema<T>(check: Check<T>): Reader<T> {
  return (body, status) => expectValid(check, body, status);
}

function pageOf<T>(item: Check<T>): Reader<Page<T> & SkippedRecords> {
  return (body, status) => checkPage(item, body, status);
}

// Each reader yields the contract's type (generated from openapi.yaml), which `api.ts` proves
// equal to the model's.
const readContact: Reader<Contact> = schema<ApiSchemas['Contact']>(contactSchema);
const readCompany: Reader<Company> = schema<ApiSchemas['Company']>(companySchema);
const readConversation: Reader<ConversationSummary> =
  schema<ApiSchemas['ConversationSummary']>(conversationSchema);
const readConversations: Reader<ConversationSummary[]> =
  schema<ApiSchemas['ConversationSummary'][]>(conversationListSchema);
const readResolveResult: Reader<ResolveResult> =
  schema<ApiSchemas['ResolveResult']>(resolveResultSchema);
const readContactPage: Reader<Page<Contact> & SkippedRecords> =
  pageOf<ApiSchemas['ContactPage']['items'][number]>(contactSchema);
const readCompanyPage: Reader<Page<Company> & SkippedRecords> =
  pageOf<ApiSchemas['CompanyPage']['items'][number]>(companySchema);
const readMergeResult: Reader<MergeResult> = schema<ApiSchemas['MergeResult']>(mergeResultSchema);
const readDeleteResult: Reader<DeleteResult> =
  schema<ApiSchemas['DeleteResult']>(deleteResultSchema);
const readRestoreResult: Reader<RestoreResult> =
  schema<ApiSchemas['RestoreResult']>(restoreResultSchema);

/** One attempt's answer, read in full. */
interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Talks to a server that implements `openapi.yaml`.
 *
 * Answers are checked against the contract: a body that breaks it rejects with
 * `invalid-response` (never a TypeError later, in an element), except single bad records in a
 * page, which are left out and reported in the page's `skipped` (see SkippedRecords).
 * A list of conversations has no such place, so one bad conversation fails the call.
 *
 * Redirects are refused (`redirect: 'error'`): an API call that is redirected, to any origin,
 * is a misconfiguration or an expired session, and following it could send the caller's headers
 * elsewhere. The browser reports a refused redirect exactly like a failed connection, so it is a
 * `network` error; a host's fetch that follows redirects anyway is caught by
 * `response.redirected`, also `network`, with `details.redirected` and without automatic retries.
 *
 * `subscribe` reports the changes made through this instance as soon as each call succeeds, and,
 * while anyone listens, the changes `GET /changes` streams (server-sent events, read with fetch
 * so the host's headers go along): other agents', other tabs', the server's own. Each record
 * version reaches the listeners once, whichever way it arrived first, and never after a newer
 * version of the same record. A server without `/changes` (404, 405, 501) leaves the local
 * reports only. The stream closes when the last listener unsubscribes. Browsers allow few
 * connections per server over HTTP/1.1: share one adapter per page.
 */
export class RestContactsAdapter implements ContactsAdapter {
  readonly order: ListOrder;
  private readonly baseUrl: string;
  private readonly headers: HeadersSource | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly listeners = new Set<ContactsChangeListener>();
  private readonly liveChanges: boolean;
  private readonly changesIdleMs: number;
  private stream: ChangeStream | undefined;
  /** Set once the server has answered that it has no `/changes`. */
  private noLiveChanges = false;
  /** `getCompany` calls of the current task, asked together when it ends. */
  private companyCalls: CompanyCall[] = [];
  /** Cleared once the server has shown that `GET /companies` has no `id` filter. */
  private companyFilter = true;
  /** The newest version delivered per record (`contact:ct_1`). */
  private readonly versions = new Map<string, number>();
  /** Per conversation: its contact, and the states delivered since it last moved. */
  private readonly conversations = new Map<string, { contactId: string; states: string[] }>();
  /** Per record: the removals each source reported, and how many were delivered. */
  private readonly removals = new Map<string, Record<ChangeSource | 'delivered', number>>();

  constructor(options: RestAdapterOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.order = options.order ?? 'name';
    this.headers = options.headers;
    // Looked up per call, so a fetch instrumented after construction is still the one used.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = nonNegative(options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.retries = Math.floor(nonNegative(options.retries, DEFAULT_RETRIES));
    this.retryBaseMs = nonNegative(options.retryBaseMs, DEFAULT_RETRY_BASE_MS);
    this.maxRetryAfterMs = nonNegative(options.maxRetryAfterMs, DEFAULT_MAX_RETRY_AFTER_MS);
    this.liveChanges = options.liveChanges ?? true;
    this.changesIdleMs = nonNegative(options.changesIdleMs, DEFAULT_CHANGES_IDLE_MS);
    if (options.mergeAndDelete === false) {
      for (const name of ['mergeContacts', 'deleteContact', 'deleteCompany', 'restore']) {
        Object.defineProperty(this, name, { value: undefined });
      }
    }
  }

  // ---- Contacts ----------------------------------------------------------------------------

  /** The page may carry `skipped`: records left out because they break the contract. */
  listContacts(
    query: ContactQuery = {},
    options: RequestOptions = {},
  ): Promise<Page<Contact> & SkippedRecords> {
    return this.request(readContactPage, '/contacts', {
      query: {
        search: query.search,
        pending: query.pending,
        companyId: query.companyId,
        email: query.email,
        phone: query.phone,
        cursor: query.cursor,
        offset: query.offset,
        limit: query.limit,
      },
      signal: options.signal,
    });
  }

  getContact(id: string, options: RequestOptions = {}): Promise<Contact> {
    return this.request(sameId(readContact, id), `/contacts/${encodeURIComponent(id)}`, {
      signal: options.signal,
    });
  }

  async createContact(draft: ContactDraft, options: CreateOptions): Promise<Contact> {
    const body: ApiSchemas['ContactDraft'] = draft;
    const contact = await this.request(readContact, '/contacts', create(body, options));
    // Also on a replayed key: the first response may never have reached this page.
    this.emit({ type: 'contact', action: 'created', contact });
    return contact;
  }

  async updateContact(id: string, patch: ContactPatch, options: UpdateOptions): Promise<Contact> {
    const body: ApiSchemas['ContactPatch'] = patch;
    const contact = await this.request(
      sameId(readContact, id),
      `/contacts/${encodeURIComponent(id)}`,
      update(body, options),
    );
    this.emit({ type: 'contact', action: 'updated', contact });
    return contact;
  }

  // ---- Companies ---------------------------------------------------------------------------

  /** The page may carry `skipped`: records left out because they break the contract. */
  listCompanies(
    query: CompanyQuery = {},
    options: RequestOptions = {},
  ): Promise<Page<Company> & SkippedRecords> {
    // No `id` in the query string would ask for every company.
    if (query.ids?.length === 0) {
      return Promise.resolve({ items: [], total: 0, offset: 0, nextCursor: null });
    }
    return this.request(readCompanyPage, '/companies', {
      query: {
        search: query.search,
        domain: query.domain,
        id: query.ids,
        cursor: query.cursor,
        offset: query.offset,
        limit: query.limit,
      },
      signal: options.signal,
    });
  }

  /**
   * The calls made in one task (a list's rows asking for the names of their companies) are asked
   * together, as one `GET /companies?id=…` of up to 100 ids; a lone call, and every call once the
   * server has shown that it ignores the `id` filter, as `GET /companies/{id}`. An id the answer
   * leaves out (a company that is gone, a capped page, a record that breaks the contract) is
   * asked on its own, so each call settles exactly as its own request would.
   */
  getCompany(id: string, options: RequestOptions = {}): Promise<Company> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      if (!this.companyCalls.length) queueMicrotask(() => this.askCompanies());
      this.companyCalls.push({ id, signal, resolve, reject });
    });
  }

  /** The `getCompany` calls of the task that just ended, asked together where that helps. */
  private askCompanies(): void {
    const calls = this.companyCalls.filter(({ signal, reject }) => {
      if (signal?.aborted) reject(abortReason(signal));
      return !signal?.aborted;
    });
    this.companyCalls = [];
    const ids = [...new Set(calls.map(call => call.id))];
    if (ids.length < 2 || !this.companyFilter) {
      for (const call of calls) this.askCompany(call);
      return;
    }
    for (let start = 0; start < ids.length; start += MAX_COMPANY_IDS) {
      const chunk = new Set(ids.slice(start, start + MAX_COMPANY_IDS));
      const waiting = calls.filter(call => chunk.has(call.id));
      // A call abandoned settles at once; the request is abandoned once every call in it is.
      const controller = new AbortController();
      let left = waiting.length;
      const stops = waiting.map(({ signal, reject }) => {
        if (!signal) left = Infinity;
        const stop = () => {
          reject(abortReason(signal!));
          if (!--left) controller.abort(signal!.reason);
        };
        signal?.addEventListener('abort', stop, { once: true });
        return () => signal?.removeEventListener('abort', stop);
      });
      this.request(readCompanyPage, '/companies', {
        query: { id: [...chunk], limit: chunk.size },
        signal: controller.signal,
      })
        .finally(() => stops.forEach(forget => forget()))
        .then(
          page => {
            if (page.items.some(company => !chunk.has(company.id))) this.companyFilter = false;
            const found = new Map(page.items.map(company => [company.id, company]));
            for (const call of waiting) {
              const company = found.get(call.id);
              if (company) call.resolve(structuredClone(company));
              else this.askCompany(call);
            }
          },
          (error: unknown) => {
            // A server that refuses the filter, or so long an address, is asked one at a time.
            const status = isContactsError(error) ? error.details?.status : undefined;
            if (status === 400 || status === 414 || status === 422) {
              this.companyFilter = false;
              for (const call of waiting) this.askCompany(call);
            } else {
              for (const call of waiting) call.reject(error);
            }
          },
        );
    }
  }

  private askCompany({ id, signal, resolve, reject }: CompanyCall): void {
    this.request(sameId(readCompany, id), `/companies/${encodeURIComponent(id)}`, {
      signal,
    }).then(resolve, reject);
  }

  async createCompany(draft: CompanyDraft, options: CreateOptions): Promise<Company> {
    // The model lets a draft omit the name (forms validate it); the contract requires one, so an
    // absent name is sent as empty and refused by the server with `name-required`.
    const body: ApiSchemas['CompanyDraft'] = { ...draft, name: draft.name ?? '' };
    const company = await this.request(readCompany, '/companies', create(body, options));
    this.emit({ type: 'company', action: 'created', company });
    return company;
  }

  async updateCompany(id: string, patch: CompanyPatch, options: UpdateOptions): Promise<Company> {
    const body: ApiSchemas['CompanyPatch'] = patch;
    const company = await this.request(
      sameId(readCompany, id),
      `/companies/${encodeURIComponent(id)}`,
      update(body, options),
    );
    this.emit({ type: 'company', action: 'updated', company });
    return company;
  }

  // ---- Conversations -----------------------------------------------------------------------

  listConversations(
    contactId: string,
    query: ConversationQuery = {},
    options: RequestOptions = {},
  ): Promise<ConversationSummary[]> {
    return this.request(
      readConversations,
      `/contacts/${encodeURIComponent(contactId)}/conversations`,
      { query: { limit: query.limit }, signal: options.signal },
    );
  }

  async startConversation(
    contactId: string,
    channel: Channel,
    options: StartConversationOptions = {},
  ): Promise<ConversationSummary> {
    const body: ApiSchemas['ConversationStart'] = { channel };
    const conversation = await this.request(
      readConversation,
      `/contacts/${encodeURIComponent(contactId)}/conversations`,
      {
        method: 'POST',
        body,
        signal: options.signal,
        // Without a key, a retry after a lost answer would open a second conversation.
        repeatable: Boolean(options.idempotencyKey),
        ...(options.idempotencyKey
          ? { headers: { 'Idempotency-Key': options.idempotencyKey } }
          : {}),
      },
    );
    this.emit({ type: 'conversation', action: 'created', conversation });
    return conversation;
  }

  async resolveConversation(
    arrival: ArrivingConversation,
    options: RequestOptions = {},
  ): Promise<ResolveResult> {
    const body: ApiSchemas['ArrivingConversation'] = arrival;
    const result = await this.request(readResolveResult, '/conversations/resolve', {
      method: 'POST',
      body,
      signal: options.signal,
      // Idempotent by matching: a repeat finds the contact a lost attempt created (same channel
      // identity; the contract makes concurrent calls for one person yield one contact), and
      // records the same `conversationId` again, not a second conversation. Only `outcome` may
      // then read `matched` where the lost answer said `created`.
      repeatable: true,
    });
    this.emit({
      type: 'contact',
      action: result.outcome === 'created' ? 'created' : 'updated',
      contact: result.contact,
    });
    if (result.conversation) {
      this.emit({ type: 'conversation', action: 'created', conversation: result.conversation });
    }
    return result;
  }

  // ---- Merge, delete and restore -----------------------------------------------------------

  /**
   * `POST /contacts/{primaryId}/merge`. Retried like a create: the key makes a repeat answer the
   * first result (the same restore point), never a second merge. A version conflict is not
   * retried: the caller must look at the contacts again.
   */
  async mergeContacts(
    primaryId: string,
    secondaryId: string,
    choices: MergeChoices,
    options: MergeOptions,
  ): Promise<MergeResult> {
    const body: ApiSchemas['MergeRequest'] = {
      secondaryId,
      choices: { ...choices },
      expectedVersions: {
        primary: options.expectedVersions.primary,
        secondary: options.expectedVersions.secondary,
      },
    };
    await this.changesAnchored(options.signal);
    const result = await this.request(
      mergeOf(primaryId, secondaryId),
      `/contacts/${encodeURIComponent(primaryId)}/merge`,
      {
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': options.idempotencyKey },
        signal: options.signal,
        repeatable: true,
      },
    );
    // A change of the secondary older than the merge, arriving late on the stream, must not
    // bring it back into a list.
    this.sawVersion(`contact:${secondaryId}`, options.expectedVersions.secondary);
    this.emit({ type: 'contact', action: 'updated', contact: result.contact });
    this.emit({ type: 'removed', kind: 'contact', id: secondaryId, mergedInto: primaryId });
    return result;
  }

  /**
   * `DELETE /contacts/{id}` with `If-Match`. Retried only with an `idempotencyKey`: without
   * one, a repeat after a lost answer would meet the deletion it made and answer `not-found`.
   */
  deleteContact(id: string, options: DeleteOptions): Promise<DeleteResult> {
    return this.remove('contact', `/contacts/${encodeURIComponent(id)}`, id, options);
  }

  /** `DELETE /companies/{id}`, like {@link deleteContact}; its contacts are unlinked. */
  deleteCompany(id: string, options: DeleteOptions): Promise<DeleteResult> {
    return this.remove('company', `/companies/${encodeURIComponent(id)}`, id, options);
  }

  /**
   * `POST /restore`. Repeatable: the contract makes a second restore with the same token answer
   * the same records. Reports each record as `restored` when this adapter had reported it
   * removed, else as `updated` (a merge's primary giving back values); the server's own changes
   * follow on the stream.
   */
  async restore(token: string, options: RequestOptions = {}): Promise<RestoreResult> {
    const body: ApiSchemas['RestoreRequest'] = { token };
    await this.changesAnchored(options.signal);
    const result = await this.request(readRestoreResult, '/restore', {
      method: 'POST',
      body,
      signal: options.signal,
      repeatable: true,
    });
    for (const contact of result.contacts) {
      this.emit({ type: 'contact', action: this.restoredAction('contact', contact.id), contact });
    }
    for (const company of result.companies) {
      this.emit({ type: 'company', action: this.restoredAction('company', company.id), company });
    }
    return result;
  }

  private async remove(
    kind: RecordKind,
    path: string,
    id: string,
    options: DeleteOptions,
  ): Promise<DeleteResult> {
    const headers: Record<string, string> = { 'If-Match': `"${options.expectedVersion}"` };
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    await this.changesAnchored(options.signal);
    const result = await this.request(sameId(readDeleteResult, id), path, {
      method: 'DELETE',
      headers,
      signal: options.signal,
      repeatable: Boolean(options.idempotencyKey),
    });
    this.sawVersion(`${kind}:${id}`, options.expectedVersion);
    this.emit({ type: 'removed', kind, id });
    return result;
  }

  // ---- Subscriptions -----------------------------------------------------------------------

  subscribe(listener: ContactsChangeListener): () => void {
    this.listeners.add(listener);
    this.startChanges();
    return () => {
      this.listeners.delete(listener);
      if (!this.listeners.size) this.stream?.stop();
    };
  }

  // ---- Implementation ----------------------------------------------------------------------

  private startChanges(): void {
    if (!this.liveChanges || this.noLiveChanges) return;
    this.stream ??= new ChangeStream({
      url: this.url('/changes'),
      fetch: this.fetchImpl,
      headers: async () =>
        new Headers(typeof this.headers === 'function' ? await this.headers() : this.headers),
      onChange: change => this.emit(change, 'stream'),
      onUnsupported: () => {
        this.noLiveChanges = true;
      },
      retryMs: CHANGES_RETRY_MS,
      maxRetryMs: CHANGES_MAX_RETRY_MS,
      idleMs: this.changesIdleMs,
    });
    this.stream.start();
  }

  /**
   * Waits (up to {@link CHANGES_ANCHOR_MS}) for a change stream that listeners started and that
   * is still connecting, so the changes a write makes to other records reach them.
   */
  private async changesAnchored(signal: AbortSignal | undefined): Promise<void> {
    if (!this.listeners.size || !this.stream?.running) return;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([
        this.stream.anchored(),
        delay(CHANGES_ANCHOR_MS, controller.signal).catch(() => {}),
      ]);
    } finally {
      controller.abort();
      signal?.removeEventListener('abort', onAbort);
    }
    signal?.throwIfAborted();
  }

  /**
   * Whether `change` is news, remembering it when it is: a record version newer than any
   * delivered for that record; a conversation state not delivered since it last moved to another
   * contact (a merge moves it, a restore moves it back); a removal not yet reported by the
   * source it comes from. The same removal arrives twice (once from the call made here, once on
   * the stream), so removals are counted per source: one is news when its source has now
   * reported more of them than were delivered, which also keeps a late echo of a removal from
   * hiding a record restored meanwhile.
   */
  private isNews(change: ContactsChange, source: ChangeSource): boolean {
    if (change.type === 'removed') {
      const key = `${change.kind}:${change.id}`;
      const count = this.removals.get(key) ?? { local: 0, stream: 0, delivered: 0 };
      count[source]++;
      const news = count[source] > count.delivered;
      if (news) count.delivered = count[source];
      remember(this.removals, key, count);
      return news;
    }
    if (change.type === 'conversation') {
      const c = change.conversation;
      const state = `${c.status}:${c.lastActivityAt}:${c.lastMessagePreview ?? ''}`;
      const key = `conversation:${c.id}`;
      const seen = this.conversations.get(key);
      if (seen && seen.contactId === c.contactId) {
        if (seen.states.includes(state)) return false;
        seen.states.push(state);
        if (seen.states.length > CONVERSATION_STATES) seen.states.shift();
        remember(this.conversations, key, seen);
      } else {
        remember(this.conversations, key, { contactId: c.contactId, states: [state] });
      }
      return true;
    }
    const record = change.type === 'contact' ? change.contact : change.company;
    const key = `${change.type}:${record.id}`;
    const seen = this.versions.get(key);
    if (seen !== undefined && seen >= record.version) return false;
    remember(this.versions, key, record.version);
    return true;
  }

  /** Remembers that `key` has been at `version`, so no older version is delivered after this. */
  private sawVersion(key: string, version: number): void {
    const seen = this.versions.get(key);
    if (seen === undefined || seen < version) remember(this.versions, key, version);
  }

  /** `restored` for a record whose removal was delivered, else `updated`. */
  private restoredAction(kind: RecordKind, id: string): 'restored' | 'updated' {
    return (this.removals.get(`${kind}:${id}`)?.delivered ?? 0) > 0 ? 'restored' : 'updated';
  }

  private emit(change: ContactsChange, source: ChangeSource = 'local'): void {
    if (!this.listeners.size || !this.isNews(change, source)) return;
    // Listeners get their own copy, so one that mutates cannot change what the caller received.
    const copy = structuredClone(change);
    for (const listener of [...this.listeners]) {
      try {
        listener(copy);
      } catch (error) {
        // A faulty listener must neither fail the write nor starve the others.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Sends the call, retrying while that is safe and useful, and reads the answer with `read`. */
  private async request<T>(read: Reader<T>, path: string, call: Call = {}): Promise<T> {
    const { signal } = call;
    signal?.throwIfAborted();
    const repeatable = (call.method ?? 'GET') === 'GET' || call.repeatable === true;
    const retries = repeatable ? this.retries : 0;
    const url = this.url(path, call.query);
    for (let attempt = 0; ; attempt++) {
      let failure: ContactsError;
      try {
        const answer = await this.attempt(url, call);
        if (answer.status >= 200 && answer.status < 300) {
          return read(parseBody(answer.text, answer.status), answer.status);
        }
        failure = errorFromResponse(answer.status, answer.headers, answer.text);
      } catch (error) {
        if (!isContactsError(error, 'network')) throw error;
        failure = error;
      }
      const wait = attempt < retries ? this.retryDelay(failure, attempt) : undefined;
      if (wait === undefined) throw withAttempts(failure, attempt + 1);
      await delay(wait, signal);
    }
  }

  /** How long to wait before retrying after `failure`, or undefined when it is not worth it. */
  private retryDelay(failure: ContactsError, attempt: number): number | undefined {
    const status = failure.details?.status;
    if (status === undefined) {
      // No answer (or no answer in time): the next attempt may get one. A refused redirect
      // that could be told apart would only be refused again.
      return failure.code === 'network' && !failure.details?.redirected
        ? this.backoff(attempt)
        : undefined;
    }
    // A 409 `unavailable`: the same idempotency key is still being processed; the retry gets
    // the first request's answer.
    if (!RETRY_STATUSES.has(status) && !(status === 409 && failure.code === 'unavailable')) {
      return undefined;
    }
    if (failure.retryAfterMs === undefined) return this.backoff(attempt);
    return failure.retryAfterMs <= this.maxRetryAfterMs ? failure.retryAfterMs : undefined;
  }

  private backoff(attempt: number): number {
    return Math.random() * Math.min(MAX_BACKOFF_MS, this.retryBaseMs * 2 ** attempt);
  }

  /**
   * One request and its whole answer, within the time limit. The limit and the caller's abort
   * both abort the fetch and also win a race against it, so a host fetch that ignores its signal
   * cannot keep the call hanging.
   */
  private async attempt(url: string, call: Call): Promise<Answer> {
    const { signal } = call;
    signal?.throwIfAborted();
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timeout: ContactsError | undefined;
    let stop!: (reason: unknown) => void;
    const stopped = new Promise<never>((_, reject) => (stop = reject));
    const onAbort = () => {
      stop(abortReason(signal!));
      controller.abort(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (this.timeoutMs > 0) {
      timer = setTimeout(() => {
        timeout = new ContactsError(
          'network',
          `The server did not answer within ${this.timeoutMs} ms.`,
          { details: { timeoutMs: this.timeoutMs } },
        );
        stop(timeout);
        controller.abort(timeout);
      }, this.timeoutMs);
    }
    const exchange = this.exchange(url, call, controller.signal);
    // The loser of the race below must not surface as an unhandled rejection.
    exchange.catch(() => {});
    try {
      return await Promise.race([exchange, stopped]);
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      throw timeout ?? error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async exchange(url: string, call: Call, signal: AbortSignal): Promise<Answer> {
    const headers = new Headers(
      typeof this.headers === 'function' ? await this.headers() : this.headers,
    );
    signal.throwIfAborted();
    headers.set('Accept', 'application/json');
    const init: RequestInit = {
      method: call.method ?? 'GET',
      headers,
      redirect: 'error',
      signal,
    };
    if (call.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      init.body = JSON.stringify(call.body);
    }
    for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);

    // Called without a receiver: a host passing the unbound `window.fetch` must not hit
    // "Illegal invocation".
    const fetchImpl = this.fetchImpl;
    let response: Response;
    try {
      response = await fetchImpl(url, init);
    } catch (error) {
      throw transportFailure(error);
    }
    if (response.type === 'error') throw transportFailure(new TypeError('Network error'));
    if (
      response.redirected ||
      response.type === 'opaqueredirect' ||
      (response.status >= 300 && response.status < 400)
    ) {
      // Never read: the body of a response we were redirected to is not the API's answer.
      void response.body?.cancel().catch(() => {});
      throw new ContactsError(
        'network',
        'The server redirected the request; the adapter does not follow redirects.',
        { details: { redirected: true } },
      );
    }
    try {
      return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
      throw transportFailure(error);
    }
  }

  private url(path: string, query: Record<string, QueryValue> = {}): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (Array.isArray(value)) for (const item of value) params.append(name, String(item));
      else if (value !== undefined && value !== null) params.set(name, String(value));
    }
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }
}

function nonNegative(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** A single record must be the one asked for: another id is a server bug, not our record. */
function sameId<T extends { id: string }>(read: Reader<T>, id: string): Reader<T> {
  return (body, status) => {
    const record = read(body, status);
    if (record.id !== id) {
      throw new ContactsError(
        'invalid-response',
        `The server answered with another record (${JSON.stringify(record.id)}) than the one asked for.`,
        { details: { status, path: 'id' } },
      );
    }
    return record;
  };
}

/** Sets `key` as the newest entry of `map`, forgetting the oldest beyond {@link DELIVERED_MEMORY}. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > DELIVERED_MEMORY) map.delete(map.keys().next().value!);
}

/** A merge's answer must be about the two contacts asked for. */
function mergeOf(primaryId: string, secondaryId: string): Reader<MergeResult> {
  return (body, status) => {
    const result = readMergeResult(body, status);
    const wrong =
      result.contact.id !== primaryId
        ? { path: 'contact.id', value: result.contact.id }
        : result.mergedId !== secondaryId
          ? { path: 'mergedId', value: result.mergedId }
          : undefined;
    if (wrong) {
      throw new ContactsError(
        'invalid-response',
        `The server answered the merge with another contact (${JSON.stringify(wrong.value)}) than the one asked for.`,
        { details: { status, path: wrong.path } },
      );
    }
    return result;
  };
}

/** The error, with how many attempts were made when it took more than one. */
function withAttempts(error: ContactsError, attempts: number): ContactsError {
  if (attempts > 1 && error.details) error.details.attempts = attempts;
  return error;
}

function create(body: unknown, options: CreateOptions): Call {
  return {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': options.idempotencyKey },
    signal: options.signal,
    // The key makes a repeat return the record the first attempt created.
    repeatable: true,
  };
}

function update(body: unknown, options: UpdateOptions): Call {
  return {
    method: 'PATCH',
    body,
    headers: { 'If-Match': `"${options.expectedVersion}"` },
    signal: options.signal,
    // Never repeated by the adapter: after a lost answer, the repeat would meet its own change
    // and report a conflict that is none.
  };
}

/**
 * A failed fetch is `network`, including a timeout or abort from the host's own fetch: the caller
 * did not cancel, so it must see a retryable failure rather than an abort it would silently
 * ignore. (The caller's own abort is told apart in `attempt`, before this error is used.)
 */
function transportFailure(error: unknown): ContactsError {
  const message = isAbortError(error)
    ? 'The request timed out or was cancelled before the server answered.'
    : 'The server could not be reached.';
  return new ContactsError('network', message, { details: {}, cause: error });
}
