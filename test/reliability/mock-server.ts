/**
 * The REST adapter over the msw mock API, with faults injected between the adapter and the
 * store: a lost response (the store commits, the client sees a network error), a plain network
 * error, a 5xx, a request that never answers, a stale-version 412, and random delays. Each
 * served store gets its own base URL so one worker can serve every test of a file.
 */
import { delay, getResponse, http, HttpResponse } from 'msw';
import type { SetupWorker } from 'msw/browser';

import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import { RestContactsAdapter, type RestAdapterOptions } from '../../src/adapter/rest/index.js';
import { startMockApi } from '../../src/mocks/browser.js';
import { createContactsHandlers } from '../../src/mocks/handlers.js';

export type Fault =
  /** The store commits the write, then the client gets a network error instead of the answer. */
  | 'lose-response'
  /** The request never reaches the store; the client gets a network error. */
  | 'network'
  /** The request never reaches the store; the server answers 500. */
  | 'server-error'
  /** The request never answers; only the client's own timeout or abort ends it. */
  | 'hang'
  /** The server reports a version mismatch (412) without asking the store. */
  | 'stale';

export interface FaultRule {
  method: string;
  /** Matched against the path after the base URL, e.g. /^\/contacts$/. */
  path: RegExp;
  fault: Fault;
  /** How many matching requests it applies to; Infinity for all. */
  times: number;
}

export interface Served {
  store: InMemoryContactsAdapter;
  baseUrl: string;
  adapter: RestContactsAdapter;
  /** Applies `fault` to the next `times` requests matching `method` and `path`. */
  inject(method: string, path: RegExp, fault: Fault, times?: number): void;
  /** Drops every fault not yet used. */
  heal(): void;
  /** Every request answers after a random 0..max ms (0 turns it off). */
  jitter(maxMs: number, random?: () => number): void;
  /** Requests answered or failed so far, by "METHOD /path". */
  readonly log: string[];
  /** Requests that reached the mock server and have not been answered yet. */
  readonly inFlight: number;
  /** Faults applied so far. */
  readonly injected: number;
}

let worker: SetupWorker | undefined;
let served = 0;
/** Faults applied by every server of this page, for the reports. */
export const faultCount = { total: 0 };

export async function startWorker(): Promise<void> {
  worker ??= await startMockApi([]);
}

export function stopWorker(): void {
  worker?.stop();
  worker = undefined;
}

export interface ServeOptions {
  store?: InMemoryContactsAdapter;
  /** Options for the REST adapter (a host's fetch with a timeout, headers). */
  adapter?: Omit<RestAdapterOptions, 'baseUrl'>;
}

export function serve(options: ServeOptions = {}): Served {
  if (!worker) throw new Error('Call startWorker() in a before hook first.');
  const store = options.store ?? new InMemoryContactsAdapter();
  const baseUrl = `/api/reliability-${++served}`;
  const handlers = createContactsHandlers(store, { baseUrl });
  const rules: FaultRule[] = [];
  const log: string[] = [];
  let jitterMax = 0;
  let random = Math.random;
  let inFlight = 0;
  let injected = 0;

  const take = (method: string, path: string): Fault | undefined => {
    const rule = rules.find(r => r.method === method && r.path.test(path) && r.times > 0);
    if (!rule) return undefined;
    rule.times--;
    injected++;
    faultCount.total++;
    return rule.fault;
  };

  worker.use(
    http.all(`${baseUrl}/*`, async ({ request }) => {
      const path = new URL(request.url).pathname.slice(baseUrl.length);
      const label = `${request.method} ${path}`;
      inFlight++;
      try {
        if (jitterMax > 0) await delay(Math.floor(random() * jitterMax));
        const fault = take(request.method, path);
        switch (fault) {
          case 'network':
            return HttpResponse.error();
          case 'server-error':
            return HttpResponse.json(
              { error: { code: 'unavailable', message: 'Injected failure.' } },
              { status: 500 },
            );
          case 'stale':
            return HttpResponse.json(
              { error: { code: 'conflict', message: 'Injected version mismatch.' } },
              { status: 412 },
            );
          case 'hang':
            // Settles long after any test, so the handler does not leak forever.
            await delay(60_000);
            return HttpResponse.error();
          case 'lose-response': {
            const committed = await getResponse(handlers, request);
            if (!committed?.ok) throw new Error(`lose-response: the store refused ${label}`);
            return HttpResponse.error();
          }
          default:
            return await getResponse(handlers, request);
        }
      } finally {
        inFlight--;
        log.push(label);
      }
    }),
  );

  return {
    store,
    baseUrl,
    // No automatic retries unless a test asks: each injected fault is meant to reach the caller.
    adapter: new RestContactsAdapter({ retries: 0, ...options.adapter, baseUrl }),
    inject(method, path, fault, times = 1) {
      rules.push({ method, path, fault, times });
    },
    heal() {
      rules.length = 0;
    },
    jitter(maxMs, rng = Math.random) {
      jitterMax = maxMs;
      random = rng;
    },
    log,
    get inFlight() {
      return inFlight;
    },
    get injected() {
      return injected;
    },
  };
}

/** A fetch that gives up after `ms`, as a host would pass to the REST adapter. */
export function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init = {}) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}

/** A small seeded PRNG (mulberry32), so random delays are reproducible from a logged seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to reject.');
}
