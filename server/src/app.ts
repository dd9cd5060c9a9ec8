/**
 * The HTTP API of `openapi.yaml` as a Hono app over a `Store`: every route, request bodies checked
 * against the contract's schemas, idempotent creates, `If-Match` on updates, live changes as
 * server-sent events, and per account authentication, rate limiting and request logs.
 */
import type { RecordKind } from 'contacts-elements';
import {
  type ApiOperations,
  companyQueryFrom,
  contactQueryFrom,
  conversationQueryFrom,
  ifMatchVersion,
  mergeFailure,
} from 'contacts-elements/serving.js';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';

import type { Authenticate } from './http/auth.js';
import { readJsonObject } from './http/body.js';
import { changeStream, resumeId } from './http/changes.js';
import { fingerprint, idempotencyKey, runIdempotent } from './http/idempotency.js';
import { errorAnswer, HttpProblem } from './http/problem.js';
import { createRateLimiter, type RateLimit } from './http/rate-limit.js';
import { type BodyValidator, createBodyValidator } from './http/schemas.js';
import type { Store, StoredResponse } from './store/types.js';

/** The operations of `openapi.yaml` that take a JSON body, and that body's type. */
type OperationWithBody = {
  [Op in keyof ApiOperations]: ApiOperations[Op] extends {
    requestBody: { content: { 'application/json': unknown } };
  }
    ? Op
    : never;
}[keyof ApiOperations];
type RequestBody<Op extends OperationWithBody> =
  ApiOperations[Op]['requestBody']['content']['application/json'];

/** One line of the request log. Never holds a body, a query string or a credential. */
export interface RequestLog {
  /** ISO 8601 time the request arrived. */
  time: string;
  method: string;
  path: string;
  status: number;
  /** Milliseconds until the answer's headers were ready. */
  ms: number;
  /** The authenticated account, when there is one. */
  account?: string;
}

export interface AppOptions {
  store: Store;
  authenticate: Authenticate;
  /** Where the API is served; `/api` by default. `/healthz` is served at the root. */
  basePath?: string;
  /**
   * Origins allowed to call from a browser (`https://app.example.com`), echoed in
   * `Access-Control-Allow-Origin`; `*` allows every origin. None by default.
   */
  cors?: readonly string[];
  /** The largest request body, in bytes; 64 KiB by default. */
  bodyLimit?: number;
  /** Per-account rate limit; `false` turns it off. 50 per second, bursts of 300, by default. */
  rateLimit?: RateLimit | false;
  /** Receives one entry per request. */
  log?: (entry: RequestLog) => void;
  /** Receives errors no answer explains (they are answered 500). `console.error` by default. */
  onError?: (error: unknown) => void;
  /** Interval of the comment lines that keep `/changes` streams open, in ms; 15 s by default. */
  heartbeatMs?: number;
}

/** What the app's handlers share: the account a request acts for, set by authentication. */
export type AppEnv = { Variables: { account: string } };

const DEFAULT_BODY_LIMIT = 64 * 1024;
const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 50, burst: 300 };
const WWW_AUTHENTICATE = 'Bearer realm="contacts"';

/**
 * The request's signal for a read, aborting with an AbortError when the client goes away (the
 * Node server aborts the request's own signal with a bare string).
 */
function requestSignal(request: Request): AbortSignal {
  const controller = new AbortController();
  const abort = () =>
    controller.abort(new DOMException('The client closed the request.', 'AbortError'));
  if (request.signal.aborted) abort();
  else request.signal.addEventListener('abort', abort, { once: true });
  return controller.signal;
}

export function createApp(options: AppOptions): Hono<AppEnv> {
  const { store, authenticate } = options;
  const basePath = (options.basePath ?? '/api').replace(/\/+$/, '');
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const limiter =
    options.rateLimit === false
      ? undefined
      : createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const schemas: BodyValidator = createBodyValidator();
  const heartbeatMs = options.heartbeatMs ?? 15_000;

  const app = new Hono<AppEnv>();

  app.onError((error, c) => {
    const answer = errorAnswer(error, onError);
    for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
    return c.json(answer.body, answer.status as 400);
  });
  app.notFound(c =>
    c.json({ error: { code: 'not-found', message: 'There is nothing at this path.' } }, 404),
  );

  if (options.log) {
    const log = options.log;
    app.use('*', async (c, next) => {
      const start = performance.now();
      const time = new Date().toISOString();
      await next();
      const entry: RequestLog = {
        time,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      };
      const account = c.get('account');
      if (account !== undefined) entry.account = account;
      log(entry);
    });
  }

  if (options.cors?.length) {
    const allowed = new Set(options.cors);
    app.use(
      '*',
      cors({
        origin: origin => (allowed.has('*') || allowed.has(origin) ? origin : null),
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
        allowHeaders: [
          'Authorization',
          'Content-Type',
          'If-Match',
          'Idempotency-Key',
          'Last-Event-ID',
        ],
        exposeHeaders: ['ETag', 'Retry-After', 'Idempotent-Replayed'],
        maxAge: 600,
      }),
    );
  }

  app.get('/healthz', async c => {
    const ok = await store.ping().catch(() => false);
    return c.json({ status: ok ? 'ok' : 'unavailable' }, ok ? 200 : 503);
  });

  // Shares the app's routes and error handling; only its paths are prefixed.
  const api = app.basePath(basePath || '/');

  api.use('*', async (c, next) => {
    const account = await authenticate(c.req.raw);
    if (account === null) {
      throw new HttpProblem(
        401,
        'unauthorized',
        'Send a valid bearer token in the Authorization header.',
        {},
        { 'WWW-Authenticate': WWW_AUTHENTICATE },
      );
    }
    c.set('account', account);
    const wait = limiter?.take(account) ?? 0;
    if (wait > 0) {
      throw new HttpProblem(
        429,
        'unavailable',
        'Too many requests; retry after Retry-After seconds.',
        {},
        { 'Retry-After': String(wait) },
      );
    }
    await next();
  });

  const adapter = (c: Context<AppEnv>) => store.forAccount(c.get('account'));

  /**
   * The request's JSON body, checked against the operation's schema, typed as `openapi.yaml`'s
   * generated types say (which the model's own types are proven equal to).
   */
  async function body<Op extends OperationWithBody>(
    c: Context<AppEnv>,
    operationId: Op,
  ): Promise<RequestBody<Op>> {
    const value = await readJsonObject(c.req.raw, bodyLimit);
    schemas.check(operationId, value);
    return value as RequestBody<Op>;
  }

  /** Answers `answer`, running it at most once per Idempotency-Key when the request has one. */
  async function idempotent(
    c: Context<AppEnv>,
    route: string,
    key: string | undefined,
    payload: unknown,
    run: () => Promise<StoredResponse>,
  ): Promise<Response> {
    if (key === undefined) return respond(c, await run());
    const answer = await runIdempotent(store.idempotency, {
      account: c.get('account'),
      route,
      key,
      fingerprint: fingerprint(c.req.method, c.req.path, payload),
      run,
    });
    if (answer.replayed) c.header('Idempotent-Replayed', 'true');
    return respond(c, answer);
  }

  api.get('/contacts', async c =>
    c.json(
      await adapter(c).listContacts(contactQueryFrom(new URL(c.req.url).searchParams), {
        signal: requestSignal(c.req.raw),
      }),
    ),
  );

  api.post('/contacts', async c => {
    const key = requireIdempotencyKey(c.req.raw);
    const draft = await body(c, 'createContact');
    return idempotent(c, 'POST /contacts', key, draft, async () =>
      record(await adapter(c).createContact(draft, { idempotencyKey: key }), 201),
    );
  });

  api.get('/contacts/:id', async c =>
    respond(c, record(await adapter(c).getContact(c.req.param('id')))),
  );

  api.patch('/contacts/:id', async c => {
    const expectedVersion = requireIfMatch(c.req.raw);
    const patch = await body(c, 'updateContact');
    const updated = await adapter(c).updateContact(c.req.param('id'), patch, { expectedVersion });
    return respond(c, record(updated));
  });

  api.delete('/contacts/:id', async c => remove(c, 'contact'));

  api.post('/contacts/:id/merge', async c => {
    const key = requireIdempotencyKey(c.req.raw);
    const request = await body(c, 'mergeContacts');
    const id = c.req.param('id');
    return idempotent(c, 'POST /contacts/{id}/merge', key, request, async () => {
      const store = adapter(c);
      const merge = supported(store.mergeContacts);
      try {
        const result = await merge.call(store, id, request.secondaryId, request.choices, {
          idempotencyKey: key,
          expectedVersions: request.expectedVersions,
        });
        return { status: 200, body: result, headers: { ETag: `"${result.contact.version}"` } };
      } catch (error) {
        throw mergeFailure(error);
      }
    });
  });

  api.get('/contacts/:id/conversations', async c => {
    const query = conversationQueryFrom(new URL(c.req.url).searchParams);
    return c.json(await adapter(c).listConversations(c.req.param('id'), query));
  });

  api.post('/contacts/:id/conversations', async c => {
    const key = idempotencyKey(c.req.raw);
    const { channel } = await body(c, 'startConversation');
    const id = c.req.param('id');
    return idempotent(c, 'POST /contacts/{id}/conversations', key, { channel }, async () => ({
      status: 201,
      body: await adapter(c).startConversation(id, channel, key ? { idempotencyKey: key } : {}),
    }));
  });

  api.post('/conversations/resolve', async c => {
    const key = idempotencyKey(c.req.raw);
    const arrival = await body(c, 'resolveConversation');
    return idempotent(c, 'POST /conversations/resolve', key, arrival, async () => ({
      status: 200,
      body: await adapter(c).resolveConversation(arrival),
    }));
  });

  api.get('/companies', async c =>
    c.json(
      await adapter(c).listCompanies(companyQueryFrom(new URL(c.req.url).searchParams), {
        signal: requestSignal(c.req.raw),
      }),
    ),
  );

  api.post('/companies', async c => {
    const key = requireIdempotencyKey(c.req.raw);
    const draft = await body(c, 'createCompany');
    return idempotent(c, 'POST /companies', key, draft, async () =>
      record(await adapter(c).createCompany(draft, { idempotencyKey: key }), 201),
    );
  });

  api.get('/companies/:id', async c =>
    respond(c, record(await adapter(c).getCompany(c.req.param('id')))),
  );

  api.patch('/companies/:id', async c => {
    const expectedVersion = requireIfMatch(c.req.raw);
    const patch = await body(c, 'updateCompany');
    const updated = await adapter(c).updateCompany(c.req.param('id'), patch, { expectedVersion });
    return respond(c, record(updated));
  });

  api.delete('/companies/:id', async c => remove(c, 'company'));

  // Idempotent by itself: a second restore with the same token answers the same records.
  api.post('/restore', async c => {
    const { token } = await body(c, 'restore');
    const store = adapter(c);
    return c.json(await supported(store.restore).call(store, token));
  });

  /** `DELETE /contacts/{id}` and `DELETE /companies/{id}`: `If-Match` required, a key optional. */
  async function remove(c: Context<AppEnv>, kind: RecordKind): Promise<Response> {
    const expectedVersion = requireIfMatch(c.req.raw);
    const key = idempotencyKey(c.req.raw);
    const id = c.req.param('id') ?? '';
    const route = kind === 'contact' ? 'DELETE /contacts/{id}' : 'DELETE /companies/{id}';
    return idempotent(c, route, key, { expectedVersion }, async () => {
      const store = adapter(c);
      const options = { expectedVersion, ...(key === undefined ? {} : { idempotencyKey: key }) };
      const result =
        kind === 'contact'
          ? await supported(store.deleteContact).call(store, id, options)
          : await supported(store.deleteCompany).call(store, id, options);
      return { status: 200, body: result };
    });
  }

  api.get('/changes', async c => {
    const afterId = resumeId(c.req.raw);
    return changeStream(c, store, c.get('account'), afterId, { heartbeatMs, retryMs: 3000 });
  });

  return app;
}

/** A single record, with its version as the ETag a client sends back in If-Match. */
function record(value: { version: number }, status = 200): StoredResponse {
  return { status, body: value, headers: { ETag: `"${value.version}"` } };
}

function respond(c: Context, { status, body, headers }: StoredResponse): Response {
  for (const [name, value] of Object.entries(headers ?? {})) c.header(name, value);
  return c.json(body as object, status as 200);
}

function requireIdempotencyKey(request: Request): string {
  const key = idempotencyKey(request);
  if (key === undefined) {
    throw new HttpProblem(400, 'validation', 'The Idempotency-Key header is required.', {
      path: 'Idempotency-Key',
    });
  }
  return key;
}

/** Reads `If-Match: "<version>"` (a weak `W/` prefix or a bare number is tolerated); 428 without. */
function requireIfMatch(request: Request): number {
  return ifMatchVersion(request.headers.get('If-Match'));
}

/** A store's optional adapter method, or a 501 when its adapter has none. */
function supported<F>(method: F | undefined): F {
  if (!method) {
    throw new HttpProblem(501, 'unavailable', 'This server does not support the operation.');
  }
  return method;
}
