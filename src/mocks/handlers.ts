/**
 * msw handlers that serve the HTTP contract of `openapi.yaml` from an in-memory store, so the
 * demo, Storybook and the tests run the REST adapter against the same behaviour as a real server.
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { ContactsError, type ContactsErrorCode } from '../adapter/errors.js';
import type { InMemoryContactsAdapter } from '../adapter/in-memory/in-memory-adapter.js';
import type { CompanyQuery, ContactQuery } from '../adapter/types.js';
import type {
  ArrivingConversation,
  CompanyDraft,
  CompanyPatch,
  ContactDraft,
  ContactPatch,
} from '../model/types.js';

export interface ContactsHandlersOptions {
  /** Path or URL the API is served under; defaults to `/api`. */
  baseUrl?: string;
  /** Delay before every response in ms, to show loading states. */
  latency?: number;
}

const STATUS: Record<ContactsErrorCode, number> = {
  validation: 422,
  'not-found': 404,
  duplicate: 409,
  conflict: 412,
  unavailable: 503,
  // The store never reports these; should one appear, it is the server's to own.
  network: 503,
  unauthorized: 403,
  'invalid-response': 500,
};

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
      route(async request => HttpResponse.json(await store.listContacts(contactQuery(request)))),
    ),
    http.post(
      `${base}/contacts`,
      route(async request => {
        const idempotencyKey = requireIdempotencyKey(request);
        const draft = await readBody<ContactDraft>(request);
        return record(await store.createContact(draft, { idempotencyKey }), 201);
      }),
    ),
    http.get(
      `${base}/contacts/:id`,
      route(async (_request, params) => record(await store.getContact(String(params.id)))),
    ),
    http.patch(
      `${base}/contacts/:id`,
      route(async (request, params) => {
        const expectedVersion = requireIfMatch(request);
        const patch = await readBody<ContactPatch>(request);
        return record(await store.updateContact(String(params.id), patch, { expectedVersion }));
      }),
    ),

    http.get(
      `${base}/companies`,
      route(async request => HttpResponse.json(await store.listCompanies(companyQuery(request)))),
    ),
    http.post(
      `${base}/companies`,
      route(async request => {
        const idempotencyKey = requireIdempotencyKey(request);
        const draft = await readBody<CompanyDraft>(request);
        return record(await store.createCompany(draft, { idempotencyKey }), 201);
      }),
    ),
    http.get(
      `${base}/companies/:id`,
      route(async (_request, params) => record(await store.getCompany(String(params.id)))),
    ),
    http.patch(
      `${base}/companies/:id`,
      route(async (request, params) => {
        const expectedVersion = requireIfMatch(request);
        const patch = await readBody<CompanyPatch>(request);
        return record(await store.updateCompany(String(params.id), patch, { expectedVersion }));
      }),
    ),

    http.get(
      `${base}/contacts/:id/conversations`,
      route(async (request, params) => {
        const limit = numberParam(new URL(request.url).searchParams, 'limit');
        const query = limit === undefined ? {} : { limit };
        return HttpResponse.json(await store.listConversations(String(params.id), query));
      }),
    ),
    http.post(
      `${base}/contacts/:id/conversations`,
      route(async (request, params) => {
        const { channel } = await readBody<{ channel?: unknown }>(request);
        if (typeof channel !== 'string') throw new HttpProblem(422, 'The body needs a channel.');
        const key = request.headers.get('Idempotency-Key');
        const conversation = await store.startConversation(
          String(params.id),
          channel,
          key ? { idempotencyKey: key } : {},
        );
        return HttpResponse.json(conversation, { status: 201 });
      }),
    ),
    http.post(
      `${base}/conversations/resolve`,
      route(async request => {
        const arrival = await readBody<ArrivingConversation>(request);
        return HttpResponse.json(await store.resolveConversation(arrival));
      }),
    ),
  ];
}

/** A single record, with its version as the ETag a client can send back in If-Match. */
function record(value: { version: number }, status = 200): Response {
  return HttpResponse.json(value, { status, headers: { ETag: `"${value.version}"` } });
}

function errorResponse(error: unknown): Response {
  if (error instanceof HttpProblem) {
    return HttpResponse.json(
      { error: { code: 'validation', message: error.message } },
      { status: error.status },
    );
  }
  if (error instanceof ContactsError) {
    const body: Record<string, unknown> = {
      code: error.code === 'network' ? 'unavailable' : error.code,
      message: error.message,
    };
    if (error.fields) body.fields = error.fields;
    if (error.existingId) body.existingId = error.existingId;
    if (error.field) body.field = error.field;
    if (error.currentVersion !== undefined) body.currentVersion = error.currentVersion;
    return HttpResponse.json({ error: body }, { status: STATUS[error.code] });
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

/** Reads `If-Match: "<version>"` (a weak `W/` prefix or bare number is tolerated). */
function requireIfMatch(request: Request): number {
  const header = request.headers.get('If-Match');
  const match = header?.trim().match(/^(?:W\/)?"?(\d+)"?$/);
  if (!match) {
    throw new HttpProblem(428, 'An If-Match header with the expected version is required.');
  }
  return Number(match[1]);
}

/** Checks only that the body is a JSON object: validating its members is the store's job. */
async function readBody<T extends object>(request: Request): Promise<T> {
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

function numberParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  const value = raw === null || raw === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function pageQuery(params: URLSearchParams): { cursor?: string; offset?: number; limit?: number } {
  const query: { cursor?: string; offset?: number; limit?: number } = {};
  const cursor = params.get('cursor');
  if (cursor) query.cursor = cursor;
  const offset = numberParam(params, 'offset');
  if (offset !== undefined) query.offset = offset;
  const limit = numberParam(params, 'limit');
  if (limit !== undefined) query.limit = limit;
  return query;
}

function contactQuery(request: Request): ContactQuery {
  const params = new URL(request.url).searchParams;
  const query: ContactQuery = pageQuery(params);
  for (const name of ['search', 'companyId', 'email', 'phone'] as const) {
    const value = params.get(name);
    if (value !== null) query[name] = value;
  }
  const pending = params.get('pending');
  if (pending === 'true' || pending === 'false') query.pending = pending === 'true';
  else if (pending !== null) throw new HttpProblem(400, 'pending must be true or false.');
  return query;
}

function companyQuery(request: Request): CompanyQuery {
  const params = new URL(request.url).searchParams;
  const query: CompanyQuery = pageQuery(params);
  for (const name of ['search', 'domain'] as const) {
    const value = params.get(name);
    if (value !== null) query[name] = value;
  }
  return query;
}
