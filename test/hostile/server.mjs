// @ts-check
/**
 * The hostile backend: a real `node:http` server for `openapi.yaml` (the store of
 * `contract.mjs`) with faults a test programs per request, to see what the REST adapter and the
 * elements do when a backend does not behave.
 *
 * Every test gets its own store: `POST /__stores` answers `{ url, otherUrl }`, the API base URL
 * of a fresh store on 127.0.0.1 and the same store seen from a second origin (127.0.0.2), where
 * redirects point. Under a store's base URL:
 *
 * - the API of `openapi.yaml`: `/contacts`, `/contacts/{id}`, `/contacts/{id}/conversations`,
 *   `/conversations/resolve`, `/companies`, `/companies/{id}`;
 * - `POST __reset` empties the store, its faults and its request log;
 * - `POST __seed` `{ contacts?, companies?, conversations?, generate? }` stores records as given
 *   (no validation, so hostile values get in; missing required fields get defaults), and
 *   `generate: n` adds n contacts whose activity order differs from their name order;
 * - `POST __faults` adds one {@link Rule} (answers `{ id }`), `DELETE __faults` removes them all;
 * - `GET __requests` lists the API requests received, oldest first (CORS preflights left out).
 *
 * Run it alone with `node test/hostile/server.mjs` to try it with curl.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';

import { clone, createStore, Refusal, route, seed, text } from './contract.mjs';

/**
 * A fault, applied to the next `times` requests (every one when absent) whose method and path
 * match; `path` is a regular expression tested against the path after the base URL, e.g.
 * `^/contacts$`. Every matching rule applies, in the order added: `delay` first, then the first
 * rule that answers by itself (`respond`, `hang`, `redirect`, `drop` before the store) ends the
 * request; the others change what the store answers. `client.ts` documents each kind.
 *
 * @typedef {{ method?: string, path?: string, times?: number, delay?: number } & (
 *   | { kind: 'respond', status: number, body?: unknown, text?: string, headers?: Record<string, string> }
 *   | { kind: 'hang' } | { kind: 'delay' } | { kind: 'repeat-ids' }
 *   | { kind: 'drop', when?: 'before' | 'after' }
 *   | { kind: 'redirect', to?: string, status?: number }
 *   | { kind: 'page-cap', max: number }
 *   | { kind: 'order', by: 'activity' }
 *   | { kind: 'shape', change: 'items-missing' | 'items-null' | 'drop-field' | 'set-field',
 *       field?: string, value?: unknown, index?: number }
 *   | { kind: 'idempotency', mode: 'replay' | 'refuse-mismatch' }
 *   | { kind: 'ignore-query', name: string }
 * )} Rule
 */
/**
 * @typedef {import('./contract.mjs').Json} Json
 * @typedef {import('./contract.mjs').Answer} Answer
 * @typedef {import('./contract.mjs').View} View
 * @typedef {{ store: import('./contract.mjs').Store, rules: (Rule & { id: number })[],
 *   log: Json[], nextRule: number }} Tenant
 */

const LOGGED_HEADERS = ['idempotency-key', 'if-match', 'content-type', 'authorization'];

// ---- Faults -------------------------------------------------------------------------------------

/** Breaks an answer's shape: its items, or fields of its records (page items, list, contact). */
function reshape(/** @type {Answer} */ answer, /** @type {Json} */ rule) {
  const body = /** @type {Json} */ (answer.body);
  if (!body || typeof body !== 'object') return;
  if (rule.change === 'items-missing') delete body.items;
  if (rule.change === 'items-null') body.items = null;
  const records = body.items ?? (Array.isArray(body) ? body : [body.contact ?? body]);
  records.forEach((/** @type {Json} */ record, /** @type {number} */ i) => {
    if (rule.index !== undefined && rule.index !== i) return;
    if (rule.change === 'drop-field') delete record[rule.field];
    if (rule.change === 'set-field') record[rule.field] = rule.value;
  });
}

/** The contract's `Error` body for a status a fault answers with. @param {number} status */
function errorBody(status) {
  const codes = /** @type {Json} */ ({ 404: 'not-found', 409: 'duplicate', 412: 'conflict' });
  const code = codes[status] ?? (status < 500 && status !== 429 ? 'validation' : 'unavailable');
  return { error: { code, message: `The hostile server answered ${status}.` } };
}

// ---- HTTP ---------------------------------------------------------------------------------------

/** @param {http.ServerResponse} res @param {Answer} answer */
function send(res, answer) {
  const json = answer.text === undefined && answer.body !== undefined;
  res.writeHead(answer.status, {
    ...(json ? { 'Content-Type': 'application/json' } : {}),
    ...answer.headers,
  });
  res.end(json ? JSON.stringify(answer.body) : (answer.text ?? ''));
}

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
async function readText(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The body of a write: a JSON object, or 400. @param {http.IncomingMessage} req */
async function readBody(req) {
  let body;
  try {
    body = JSON.parse(await readText(req));
  } catch {
    throw new Refusal(400, 'validation', 'The body must be JSON.');
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) return /** @type {Json} */ (body);
  throw new Refusal(400, 'validation', 'The body must be a JSON object.');
}

/**
 * Starts the server on 127.0.0.1 and its second origin on 127.0.0.2, each on a free port.
 * @returns {Promise<{ url: string, otherUrl: string, close(): Promise<void> }>}
 */
export async function startHostileServer() {
  /** @type {Map<string, Tenant>} */
  const all = new Map();
  /** @type {Set<http.ServerResponse>} */
  const hanging = new Set();
  const origins = { primary: '', other: '' };
  /** @returns {Tenant} */
  const fresh = () => ({ store: createStore(), rules: [], log: [], nextRule: 1 });

  /** Serves one API request through the faults; undefined when the faults leave it unanswered. */
  async function serveApi(
    /** @type {Tenant} */ tenant,
    /** @type {http.IncomingMessage} */ req,
    /** @type {http.ServerResponse} */ res,
    /** @type {Json} */ entry,
  ) {
    const { method, path } = entry;
    const rules = tenant.rules.filter(
      r =>
        (!r.method || r.method === method) &&
        new RegExp(r.path ?? '').test(path) &&
        (r.kind !== 'redirect' || entry.origin === 'primary'),
    );
    for (const rule of rules) {
      if (rule.times !== undefined && --rule.times <= 0) {
        tenant.rules.splice(tenant.rules.indexOf(rule), 1);
      }
    }
    entry.faults = rules.map(r => r.kind);
    const wait = Math.max(0, ...rules.map(r => r.delay ?? 0));
    if (wait) await new Promise(resolve => setTimeout(resolve, wait));

    const stop = rules.find(
      r =>
        ['respond', 'hang', 'redirect'].includes(r.kind) ||
        (r.kind === 'drop' && r.when === 'before'),
    );
    if (stop?.kind === 'hang') {
      hanging.add(res);
      return void res.on('close', () => hanging.delete(res));
    }
    if (stop?.kind === 'drop') return void req.socket.destroy();
    if (stop?.kind === 'redirect') {
      return {
        status: stop.status ?? 302,
        headers: { Location: stop.to ?? `${origins.other}${req.url}` },
      };
    }
    if (stop?.kind === 'respond') {
      const body = stop.text === undefined ? (stop.body ?? errorBody(stop.status)) : undefined;
      return { status: stop.status, headers: stop.headers, text: stop.text, body };
    }

    /** @type {View} */
    const view = {};
    for (const r of rules) {
      if (r.kind === 'page-cap') view.pageCap = r.max;
      if (r.kind === 'order') view.order = r.by;
      if (r.kind === 'idempotency') view.idempotency = r.mode;
    }
    /** @type {Answer} */
    let answer;
    try {
      const { handler, params } = route(method, path);
      const body = method === 'GET' ? {} : await readBody(req);
      entry.body = body;
      if (
        method === 'POST' &&
        /^\/(contacts|companies)$/.test(path) &&
        !text(req.headers['idempotency-key'])
      ) {
        throw new Refusal(400, 'validation', 'The Idempotency-Key header is required.');
      }
      if (method === 'PATCH') {
        const match = /^(?:W\/)?"(\d+)"$/.exec(text(req.headers['if-match']));
        const message = 'An If-Match header with the expected version is required.';
        if (!match) throw new Refusal(428, 'validation', message);
        view.expectedVersion = Number(match[1]);
      }
      entry.stored = true;
      const q = new URLSearchParams(entry.search);
      for (const r of rules) if (r.kind === 'ignore-query') q.delete(r.name);
      answer = handler({ store: tenant.store, params, q, body, headers: req.headers, view });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      answer = clone(error.answer);
    }
    for (const r of rules) {
      if (r.kind === 'shape') reshape(answer, r);
      const items = /** @type {Json} */ (answer.body)?.items;
      if (r.kind === 'repeat-ids' && items?.length) items.splice(1, 0, clone(items[0]));
    }
    if (rules.some(r => r.kind === 'drop')) return void req.socket.destroy();
    return answer;
  }

  /** The control API of one store. @returns {Promise<Answer>} */
  async function serveControl(/** @type {string} */ id, /** @type {string} */ path, req) {
    const tenant = /** @type {Tenant} */ (all.get(id));
    const input = req.method === 'POST' ? JSON.parse((await readText(req)) || '{}') : {};
    const action = `${req.method} ${path}`;
    if (action === 'POST /__reset') all.set(id, fresh());
    else if (action === 'POST /__seed') seed(tenant.store, input);
    else if (action === 'DELETE /__faults') tenant.rules = [];
    else if (action === 'GET /__requests') return { status: 200, body: tenant.log };
    else if (action === 'POST /__faults') {
      new RegExp(input.path ?? ''); // a bad pattern fails here, not on every request
      tenant.rules.push({ ...input, id: tenant.nextRule });
      return { status: 201, body: { id: tenant.nextRule++ } };
    } else return { status: 404, body: errorBody(404) };
    return { status: 204 };
  }

  /** @param {'primary' | 'other'} origin */
  const handle =
    origin =>
    async (/** @type {http.IncomingMessage} */ req, /** @type {http.ServerResponse} */ res) => {
      // The test page is on another origin: answer CORS for the contract's headers.
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'ETag, Retry-After, Location');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE',
          'Access-Control-Allow-Headers':
            'Accept, Authorization, Content-Type, Idempotency-Key, If-Match',
          'Access-Control-Max-Age': '600',
        });
        return void res.end();
      }
      const url = new URL(req.url ?? '/', 'http://host');
      try {
        if (req.method === 'POST' && url.pathname === '/__stores') {
          const id = randomUUID().slice(0, 8);
          all.set(id, fresh());
          const body = { url: `${origins.primary}/s/${id}`, otherUrl: `${origins.other}/s/${id}` };
          return send(res, { status: 201, body });
        }
        const [, id = '', path = '/'] = /^\/s\/([^/]+)(\/.*)?$/.exec(url.pathname) ?? [];
        const tenant = all.get(id);
        if (!tenant) return send(res, { status: 404, body: errorBody(404) });
        if (path.startsWith('/__')) return send(res, await serveControl(id, path, req));
        const headers = LOGGED_HEADERS.filter(h => req.headers[h]).map(h => [h, req.headers[h]]);
        const entry = {
          method: req.method ?? 'GET',
          path,
          query: Object.fromEntries(url.searchParams),
          search: url.search,
          origin,
          headers: Object.fromEntries(headers),
          faults: [],
          stored: false,
          status: /** @type {number | null} */ (null),
          at: Date.now(),
        };
        tenant.log.push(entry);
        const answer = await serveApi(tenant, req, res, entry);
        if (answer) send(res, answer);
        entry.status = answer?.status ?? null;
      } catch (error) {
        console.error('hostile server:', error);
        send(res, {
          status: 500,
          body: { error: { code: 'unavailable', message: String(error) } },
        });
      }
    };

  const servers = [http.createServer(handle('primary')), http.createServer(handle('other'))];
  const hosts = ['127.0.0.1', '127.0.0.2'];
  const [primary, other] = await Promise.all(
    servers.map(
      (server, i) =>
        new Promise(resolve =>
          server.listen(0, hosts[i], () => {
            const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
            resolve(`http://${hosts[i]}:${port}`);
          }),
        ),
    ),
  );
  Object.assign(origins, { primary, other });
  return {
    url: origins.primary,
    otherUrl: origins.other,
    async close() {
      for (const res of hanging) res.destroy();
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise(resolve => server.close(resolve));
      }
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startHostileServer();
  console.log(`hostile server on ${server.url} (other origin ${server.otherUrl})`);
}
