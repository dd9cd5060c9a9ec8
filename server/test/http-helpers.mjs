// @ts-check
/**
 * Shared by the http-*.test.mjs files: the built server (`npm run build:server` first), started
 * on a free loopback port over a fresh memory store, and a small client for it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/index.js', import.meta.url));
if (!existsSync(bundle)) {
  throw new Error('server/dist/index.js is missing: run `npm run build:server` first.');
}

/** @type {typeof import('../src/index.js')} */
export const server = await import(bundle);

/**
 * Starts a server with tokens `token-a` (account `a`) and `token-b` (account `b`) unless
 * `options` says otherwise.
 * @param {Partial<import('../src/index.js').ServerOptions>} [options]
 */
export async function start(options = {}) {
  const store = options.store ?? server.createMemoryStore();
  const running = await server.startServer({
    port: 0,
    tokens: { 'token-a': 'a', 'token-b': 'b' },
    rateLimit: false,
    ...options,
    store,
  });
  return {
    ...running,
    store,
    /** A client acting with `token` (no Authorization header when null). */
    as: (/** @type {string | null} */ token) => client(running.apiUrl, token),
    async close() {
      await running.close();
      await store.close();
    },
  };
}

/**
 * @typedef {{ status: number, headers: Headers, body: any }} Answer
 * @typedef {{ headers?: Record<string, string>, raw?: BodyInit, duplex?: 'half' }} Extra
 */

/**
 * @param {string} apiUrl
 * @param {string | null} token
 */
export function client(apiUrl, token) {
  let keys = 0;
  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {Extra} [extra]
   * @returns {Promise<Answer>}
   */
  async function call(method, path, body, extra = {}) {
    /** @type {Record<string, string>} */
    const headers = { ...extra.headers };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    /** @type {RequestInit & { duplex?: 'half' }} */
    const init = { method, headers };
    if (extra.raw !== undefined) init.body = extra.raw;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    if (extra.duplex) init.duplex = extra.duplex;
    const response = await fetch(`${apiUrl}${path}`, init);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  }
  return {
    call,
    get: (/** @type {string} */ path) => call('GET', path),
    /** A POST with a fresh Idempotency-Key unless `headers` names one. */
    post: (
      /** @type {string} */ path,
      /** @type {unknown} */ body,
      /** @type {Extra} */ extra = {},
    ) =>
      call('POST', path, body, {
        ...extra,
        headers: { 'Idempotency-Key': `key-${++keys}-${Math.random()}`, ...extra.headers },
      }),
    /** A PATCH with `If-Match` for `version`. */
    patch: (
      /** @type {string} */ path,
      /** @type {number} */ version,
      /** @type {unknown} */ body,
    ) => call('PATCH', path, body, { headers: { 'If-Match': `"${version}"` } }),
  };
}

/**
 * Reads a `text/event-stream` answer event by event.
 * @param {string} url
 * @param {Record<string, string>} headers
 */
export async function openEvents(url, headers) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  if (!response.body) throw new Error('no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  /** @type {{ id?: string, data: string }[]} */
  const ready = [];
  return {
    response,
    /** The next event with data (comments and `retry:` lines skipped). */
    async next() {
      while (ready.length === 0) {
        const { done, value } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          /** @type {{ id?: string, data: string }} */
          const event = { data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) event.id = line.slice(4);
            if (line.startsWith('data: ')) {
              event.data += line.slice(6);
              hasData = true;
            }
          }
          if (hasData) ready.push(event);
        }
      }
      const event = /** @type {{ id?: string, data: string }} */ (ready.shift());
      return { id: event.id, change: JSON.parse(event.data) };
    },
    close() {
      controller.abort();
      reader.cancel().catch(() => undefined);
    },
  };
}

/** Resolves with whatever `resolve` is later called with: a gate for holding a request. */
export function gate() {
  /** @type {(value?: unknown) => void} */
  let open = () => undefined;
  /** @type {Promise<unknown>} */
  const opened = new Promise(resolve => (open = resolve));
  return { opened, open };
}
