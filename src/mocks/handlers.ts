/**
 * msw handlers that serve the HTTP contract of `openapi.yaml` from an in-memory store, so the
 * demo, Storybook and the tests run the REST adapter against the same behaviour as a real server.
 * Bodies are typed with the contract's generated types (`ApiSchemas`); the idempotency keys
 * behave as the contract says (per route, replayed with the first status, another body 422, a
 * repeat of a running request held until it finishes); `GET /changes` streams the store's
 * changes as server-sent events numbered from 1, resumable with `Last-Event-ID`.
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { ContactsError } from '../adapter/errors.js';
import type { InMemoryContactsAdapter } from '../adapter/in-memory/in-memory-adapter.js';
import type { ApiSchemas } from '../adapter/rest/api.js';
import {
  companyQueryFrom,
  contactQueryFrom,
  conversationQueryFrom,
  errorAnswer,
  ifMatchVersion,
  mergeFailure,
  mergeRequestFrom,
  restoreRequestFrom,
} from '../adapter/rest/serving.js';
import type { ContactsAdapter, ContactsChange, RecordKind } from '../adapter/types.js';

export interface ContactsHandlersOptions {
  /** Path or URL the API is served under; defaults to `/api`. */
  baseUrl?: string;
  /** Delay before every response in ms, to show loading states. */
  latency?: number;
}

/** How many changes `GET /changes` can resume from; an older `Last-Event-ID` answers 410. */
const CHANGE_LOG_SIZE = 1000;

/** A failure the HTTP layer detects before the store is asked (bad headers or body). */
class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, string | readonly string[] | undefined>;
type Resolve = (request: Request, params: Params) => Promise<Response>;

/**
 * Every route of the contract, served by calling `store`'s methods, so its validation, matching
 * and change events apply. Give each store its own `baseUrl` to serve several side by side.
 */
export function createContactsHandlers(
  store: InMemoryContactsAdapter,
  options: ContactsHandlersOptions = {},
): HttpHandler[] {
  const base = (options.baseUrl ?? '/api').replace(/\/+$/, '');
  const latency = options.latency ?? 0;
  const keys = new IdempotencyKeys();
  const changes = new ChangeLog(store);
  // Merge, delete and restore are optional adapter methods: a store without them answers 501.
  const adapter: ContactsAdapter = store;

  const remove = (kind: RecordKind) =>
    route(async (request, params) => {
      const id = String(params.id);
      const expectedVersion = ifMatchVersion(request.headers.get('If-Match'));
      const key = request.headers.get('Idempotency-Key')?.trim();
      const run = async () => {
        const options = { expectedVersion, ...(key ? { idempotencyKey: key } : {}) };
        const result: ApiSchemas['DeleteResult'] =
          kind === 'contact'
            ? await supported(adapter.deleteContact).call(adapter, id, options)
            : await supported(adapter.deleteCompany).call(adapter, id, options);
        return HttpResponse.json(result);
      };
      const path = kind === 'contact' ? 'contacts' : 'companies';
      return key ? keys.run(`DELETE /${path}/${id}`, key, { expectedVersion }, run) : run();
    });

  const route =
    (resolve: Resolve) =>
    async ({ request, params }: { request: Request; params: Params }) => {
      if (latency > 0) await delay(latency);
      try {
        return await resolve(request, params);
      } catch (error) {
        return errorResponse(error);
      }
    };

  return [
    http.get(
      `${base}/contacts`,
      route(async request =>
        HttpResponse.json(
          await store.listContacts(contactQueryFrom(new URL(request.url).searchParams)),
        ),
      ),
    ),
    http.post(
      `${base}/contacts`,
      route(async request => {
        const idempotencyKey = requireIdempotencyKey(request);
        const draft = await readBody<ApiSchemas['ContactDraft']>(request);
        return keys.run('POST /contacts', idempotencyKey, draft, async () =>
          record(await store.createContact(draft, { idempotencyKey }), 201),
        );
      }),
    ),
    http.get(
      `${base}/contacts/:id`,
      route(async (_request, params) => record(await store.getContact(String(params.id)))),
    ),
    http.patch(
      `${base}/contacts/:id`,
      route(async (request, params) => {
        const expectedVersion = ifMatchVersion(request.headers.get('If-Match'));
        const patch = await readBody<ApiSchemas['ContactPatch']>(request);
        return record(await store.updateContact(String(params.id), patch, { expectedVersion }));
      }),
    ),
    http.delete(`${base}/contacts/:id`, remove('contact')),
    http.post(
      `${base}/contacts/:id/merge`,
      route(async (request, params) => {
        const id = String(params.id);
        const idempotencyKey = requireIdempotencyKey(request);
        const body = mergeRequestFrom(await readBody(request));
        return keys.run(`POST /contacts/${id}/merge`, idempotencyKey, body, async () => {
          const merge = supported(adapter.mergeContacts);
          let result: ApiSchemas['MergeResult'];
          try {
            result = await merge.call(adapter, id, body.secondaryId, body.choices, {
              idempotencyKey,
              expectedVersions: body.expectedVersions,
            });
          } catch (error) {
            throw mergeFailure(error);
          }
          return HttpResponse.json(result, { headers: { ETag: `"${result.contact.version}"` } });
        });
      }),
    ),

    http.get(
      `${base}/companies`,
      route(async request =>
        HttpResponse.json(
          await store.listCompanies(companyQueryFrom(new URL(request.url).searchParams)),
        ),
      ),
    ),
    http.post(
      `${base}/companies`,
      route(async request => {
        const idempotencyKey = requireIdempotencyKey(request);
        const draft = await readBody<ApiSchemas['CompanyDraft']>(request);
        return keys.run('POST /companies', idempotencyKey, draft, async () =>
          record(await store.createCompany(draft, { idempotencyKey }), 201),
        );
      }),
    ),
    http.get(
      `${base}/companies/:id`,
      route(async (_request, params) => record(await store.getCompany(String(params.id)))),
    ),
    http.patch(
      `${base}/companies/:id`,
      route(async (request, params) => {
        const expectedVersion = ifMatchVersion(request.headers.get('If-Match'));
        const patch = await readBody<ApiSchemas['CompanyPatch']>(request);
        return record(await store.updateCompany(String(params.id), patch, { expectedVersion }));
      }),
    ),
    http.delete(`${base}/companies/:id`, remove('company')),
    http.post(
      `${base}/restore`,
      route(async request => {
        const { token } = restoreRequestFrom(await readBody(request));
        const result: ApiSchemas['RestoreResult'] = await supported(adapter.restore).call(
          adapter,
          token,
        );
        return HttpResponse.json(result);
      }),
    ),

    http.get(
      `${base}/contacts/:id/conversations`,
      route(async (request, params) => {
        const query = conversationQueryFrom(new URL(request.url).searchParams);
        return HttpResponse.json(await store.listConversations(String(params.id), query));
      }),
    ),
    http.post(
      `${base}/contacts/:id/conversations`,
      route(async (request, params) => {
        const body = await readBody<Partial<ApiSchemas['ConversationStart']>>(request);
        const { channel } = body;
        if (typeof channel !== 'string') throw new HttpProblem(422, 'The body needs a channel.');
        const key = request.headers.get('Idempotency-Key')?.trim();
        const start = async () => {
          const conversation: ApiSchemas['ConversationSummary'] = await store.startConversation(
            String(params.id),
            channel,
            key ? { idempotencyKey: key } : {},
          );
          return HttpResponse.json(conversation, { status: 201 });
        };
        return key
          ? keys.run(`POST /contacts/${String(params.id)}/conversations`, key, body, start)
          : start();
      }),
    ),
    http.post(
      `${base}/conversations/resolve`,
      route(async request => {
        const arrival = await readBody<ApiSchemas['ArrivingConversation']>(request);
        const result: ApiSchemas['ResolveResult'] = await store.resolveConversation(arrival);
        return HttpResponse.json(result);
      }),
    ),

    http.get(
      `${base}/changes`,
      route(async request => {
        const url = new URL(request.url);
        const after = request.headers.get('Last-Event-ID') ?? url.searchParams.get('lastEventId');
        return changes.stream(after, request.signal);
      }),
    ),
  ];
}

/** An answer kept for an idempotency key. */
interface StoredAnswer {
  status: number;
  body: string;
  headers: [string, string][];
}

/**
 * The contract's idempotency keys, per route: the same key and body replays the first answer
 * (a repeat that arrives while the first runs waits for it), another body answers 422, and a
 * request that failed releases its key. Kept for the handlers' lifetime (beyond the 24 hours
 * the contract promises).
 */
class IdempotencyKeys {
  private readonly held = new Map<
    string,
    { fingerprint: string; answer: Promise<StoredAnswer | undefined> }
  >();

  async run(
    route: string,
    key: string,
    body: object,
    handle: () => Promise<Response>,
  ): Promise<Response> {
    const slot = `${route}\n${key}`;
    const fingerprint = canonicalJson(body);
    for (;;) {
      const held = this.held.get(slot);
      if (!held) break;
      if (held.fingerprint !== fingerprint) {
        throw new HttpProblem(422, 'This Idempotency-Key was used with another request body.');
      }
      const stored = await held.answer;
      if (stored) return replay(stored);
      // The first request failed and released the key: this one runs (or waits for another).
    }
    let settle!: (answer: StoredAnswer | undefined) => void;
    this.held.set(slot, { fingerprint, answer: new Promise(resolve => (settle = resolve)) });
    try {
      const response = await handle();
      const stored: StoredAnswer = {
        status: response.status,
        body: await response.clone().text(),
        headers: [...response.headers],
      };
      settle(stored);
      return response;
    } catch (error) {
      this.held.delete(slot);
      settle(undefined);
      throw error;
    }
  }
}

function replay(stored: StoredAnswer): Response {
  return new HttpResponse(stored.body, { status: stored.status, headers: stored.headers });
}

/** JSON with object keys sorted, so that two bodies that mean the same compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The store's changes, numbered from 1 in the order it reported them, the last
 * {@link CHANGE_LOG_SIZE} kept, served as `GET /changes`.
 */
class ChangeLog {
  private readonly entries: { id: number; change: ContactsChange }[] = [];
  private last = 0;
  private readonly streams = new Set<(id: number, change: ContactsChange) => void>();

  constructor(store: InMemoryContactsAdapter) {
    store.subscribe(change => {
      const id = ++this.last;
      this.entries.push({ id, change });
      if (this.entries.length > CHANGE_LOG_SIZE) this.entries.shift();
      for (const send of [...this.streams]) send(id, change);
    });
  }

  stream(after: string | null, signal: AbortSignal): Response {
    let from = this.last;
    if (after !== null) {
      if (!/^\d{1,20}$/.test(after)) {
        throw new HttpProblem(400, 'Last-Event-ID must be a change id.');
      }
      from = Number(after);
      const oldest = this.entries[0]?.id ?? this.last + 1;
      if (from < oldest - 1 || from > this.last) {
        return HttpResponse.json(
          { error: { code: 'not-found', message: 'That change is no longer kept.' } },
          { status: 410 },
        );
      }
    }
    const encoder = new TextEncoder();
    let send: ((id: number, change: ContactsChange) => void) | undefined;
    const close = () => {
      if (send) this.streams.delete(send);
    };
    const body = new ReadableStream<Uint8Array>({
      start: controller => {
        const write = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            close();
          }
        };
        send = (id, change) =>
          write(`id: ${id}\nevent: change\ndata: ${JSON.stringify(change)}\n\n`);
        // Where the stream starts, so a client that reconnects before any change resumes here.
        write(`retry: 1000\nid: ${from}\n\n`);
        for (const entry of this.entries) if (entry.id > from) send(entry.id, entry.change);
        this.streams.add(send);
        signal.addEventListener('abort', () => {
          close();
          try {
            controller.close();
          } catch {
            // Already closed.
          }
        });
      },
      cancel: close,
    });
    return new HttpResponse(body, {
      headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
    });
  }
}

/** A single record, with its version as the ETag a client can send back in If-Match. */
function record(value: { version: number }, status = 200): Response {
  return HttpResponse.json(value, { status, headers: { ETag: `"${value.version}"` } });
}

function errorResponse(error: unknown): Response {
  if (error instanceof HttpProblem) {
    return HttpResponse.json(
      {
        error: { code: error.status >= 500 ? 'unavailable' : 'validation', message: error.message },
      },
      { status: error.status },
    );
  }
  if (error instanceof ContactsError) {
    const { status, body, headers } = errorAnswer(error);
    return HttpResponse.json(body, { status, headers });
  }
  // Shown in the console so a bug in the store is not mistaken for an outage.
  console.error(error);
  return HttpResponse.json(
    { error: { code: 'unavailable', message: 'The server failed.' } },
    { status: 500 },
  );
}

function requireIdempotencyKey(request: Request): string {
  const key = request.headers.get('Idempotency-Key')?.trim();
  if (!key) throw new HttpProblem(400, 'The Idempotency-Key header is required.');
  return key;
}

/** The store's optional method, or a 501 when the store has none. */
function supported<F>(method: F | undefined): F {
  if (!method) throw new HttpProblem(501, 'This store does not support the operation.');
  return method;
}

/** Checks only that the body is a JSON object: validating its members is the store's job. */
async function readBody<T extends object = Record<string, unknown>>(request: Request): Promise<T> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new HttpProblem(400, 'The body must be JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpProblem(400, 'The body must be a JSON object.');
  }
  return body as T;
}
