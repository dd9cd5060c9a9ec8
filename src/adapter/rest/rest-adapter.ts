/**
 * The REST adapter: the ContactsAdapter contract over the HTTP API documented in `openapi.yaml`
 * at the package root. It does no retries and no caching; the elements decide when to retry.
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
import type { FieldErrors } from '../../model/validation.js';
import {
  ContactsError,
  type ContactsErrorCode,
  type ContactsErrorInit,
  isAbortError,
} from '../errors.js';
import type {
  CompanyQuery,
  ContactQuery,
  ContactsAdapter,
  ContactsChange,
  ContactsChangeListener,
  ConversationQuery,
  CreateOptions,
  ListOrder,
  Page,
  RequestOptions,
  StartConversationOptions,
  UpdateOptions,
} from '../types.js';
import { abortReason } from '../util.js';

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
   * The order the server lists in, declared as the adapter's `order`: `'name'` (the contract's,
   * the default) or another, e.g. `'activity'`, so that the elements do not binary-search it.
   */
  order?: ListOrder;
}

type QueryValue = string | number | boolean | null | undefined;

interface Call {
  method?: 'GET' | 'POST' | 'PATCH';
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

const ERROR_CODES: readonly string[] = [
  'validation',
  'not-found',
  'conflict',
  'duplicate',
  'unavailable',
];

/**
 * Talks to a server that implements `openapi.yaml`.
 *
 * `subscribe` reports the changes made through this instance, so every element sharing it stays
 * current. Changes made elsewhere (other tabs, other agents, the server's own channel syncs) are
 * not pushed yet: that needs a server channel (SSE or WebSocket) the contract does not define.
 */
export class RestContactsAdapter implements ContactsAdapter {
  readonly order: ListOrder;
  private readonly baseUrl: string;
  private readonly headers: HeadersSource | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly listeners = new Set<ContactsChangeListener>();

  constructor(options: RestAdapterOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.order = options.order ?? 'name';
    this.headers = options.headers;
    // Looked up per call, so a fetch instrumented after construction is still the one used.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  // ---- Contacts ----------------------------------------------------------------------------

  listContacts(query: ContactQuery = {}, options: RequestOptions = {}): Promise<Page<Contact>> {
    return this.request('/contacts', {
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
    return this.request(`/contacts/${encodeURIComponent(id)}`, { signal: options.signal });
  }

  async createContact(draft: ContactDraft, options: CreateOptions): Promise<Contact> {
    const contact = await this.request<Contact>('/contacts', create(draft, options));
    // Also on a replayed key: the first response may never have reached this page.
    this.emit({ type: 'contact', action: 'created', contact });
    return contact;
  }

  async updateContact(id: string, patch: ContactPatch, options: UpdateOptions): Promise<Contact> {
    const contact = await this.request<Contact>(
      `/contacts/${encodeURIComponent(id)}`,
      update(patch, options),
    );
    this.emit({ type: 'contact', action: 'updated', contact });
    return contact;
  }

  // ---- Companies ---------------------------------------------------------------------------

  listCompanies(query: CompanyQuery = {}, options: RequestOptions = {}): Promise<Page<Company>> {
    return this.request('/companies', {
      query: {
        search: query.search,
        domain: query.domain,
        cursor: query.cursor,
        offset: query.offset,
        limit: query.limit,
      },
      signal: options.signal,
    });
  }

  getCompany(id: string, options: RequestOptions = {}): Promise<Company> {
    return this.request(`/companies/${encodeURIComponent(id)}`, { signal: options.signal });
  }

  async createCompany(draft: CompanyDraft, options: CreateOptions): Promise<Company> {
    const company = await this.request<Company>('/companies', create(draft, options));
    this.emit({ type: 'company', action: 'created', company });
    return company;
  }

  async updateCompany(id: string, patch: CompanyPatch, options: UpdateOptions): Promise<Company> {
    const company = await this.request<Company>(
      `/companies/${encodeURIComponent(id)}`,
      update(patch, options),
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
    return this.request(`/contacts/${encodeURIComponent(contactId)}/conversations`, {
      query: { limit: query.limit },
      signal: options.signal,
    });
  }

  async startConversation(
    contactId: string,
    channel: Channel,
    options: StartConversationOptions = {},
  ): Promise<ConversationSummary> {
    const conversation = await this.request<ConversationSummary>(
      `/contacts/${encodeURIComponent(contactId)}/conversations`,
      {
        method: 'POST',
        body: { channel },
        signal: options.signal,
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
    const result = await this.request<ResolveResult>('/conversations/resolve', {
      method: 'POST',
      body: arrival,
      signal: options.signal,
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

  // ---- Subscriptions -----------------------------------------------------------------------

  subscribe(listener: ContactsChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- Implementation ----------------------------------------------------------------------

  private emit(change: ContactsChange): void {
    if (!this.listeners.size) return;
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

  private async request<T>(path: string, call: Call = {}): Promise<T> {
    const { signal } = call;
    signal?.throwIfAborted();
    const headers = new Headers(
      typeof this.headers === 'function' ? await this.headers() : this.headers,
    );
    signal?.throwIfAborted();
    headers.set('Accept', 'application/json');
    const init: RequestInit = { method: call.method ?? 'GET', headers };
    if (call.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      init.body = JSON.stringify(call.body);
    }
    for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);
    if (signal) init.signal = signal;

    // Called without a receiver: a host passing the unbound `window.fetch` must not hit
    // "Illegal invocation".
    const fetchImpl = this.fetchImpl;
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(this.url(path, call.query), init);
      text = await response.text();
    } catch (error) {
      throw transportFailure(error, signal);
    }
    if (!response.ok) throw errorFromResponse(response.status, parseJson(text));
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new ContactsError('network', 'The server sent a response that is not JSON.', {
        cause: error,
      });
    }
  }

  private url(path: string, query: Record<string, QueryValue> = {}): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== null) params.set(name, String(value));
    }
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }
}

function create(body: unknown, options: CreateOptions): Call {
  return {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': options.idempotencyKey },
    signal: options.signal,
  };
}

function update(body: unknown, options: UpdateOptions): Call {
  return {
    method: 'PATCH',
    body,
    headers: { 'If-Match': `"${options.expectedVersion}"` },
    signal: options.signal,
  };
}

/**
 * The caller's abort keeps its reason (callers tell it apart from failures). Everything else is
 * `network`, including a timeout or abort from the host's own fetch: the caller did not cancel,
 * so it must see a retryable failure rather than an abort it would silently ignore.
 */
function transportFailure(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return abortReason(signal);
  const message = isAbortError(error)
    ? 'The request timed out or was cancelled before the server answered.'
    : 'The server could not be reached.';
  return new ContactsError('network', message, { cause: error });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The status decides the code where it can; the body adds the details (and picks within 409). */
function codeFor(status: number, bodyCode: unknown): ContactsErrorCode {
  if (status === 404) return 'not-found';
  if (status === 409) return bodyCode === 'conflict' ? 'conflict' : 'duplicate';
  if (status === 412) return 'conflict';
  // 428 means the If-Match header never arrived (a proxy dropped it): a malformed request.
  if (status === 400 || status === 422 || status === 428) return 'validation';
  if (status === 429 || status >= 500) return 'unavailable';
  return typeof bodyCode === 'string' && ERROR_CODES.includes(bodyCode)
    ? (bodyCode as ContactsErrorCode)
    : 'unavailable';
}

function errorFromResponse(status: number, body: unknown): ContactsError {
  const detail = isRecord(body) && isRecord(body.error) ? body.error : {};
  const init: ContactsErrorInit = {};
  if (isRecord(detail.fields)) init.fields = detail.fields as FieldErrors;
  if (typeof detail.existingId === 'string') init.existingId = detail.existingId;
  if (detail.field === 'email' || detail.field === 'phone' || detail.field === 'domain') {
    init.field = detail.field;
  }
  if (typeof detail.currentVersion === 'number') init.currentVersion = detail.currentVersion;
  const message =
    typeof detail.message === 'string' && detail.message
      ? detail.message
      : `The server answered ${status}.`;
  return new ContactsError(codeFor(status, detail.code), message, init);
}
