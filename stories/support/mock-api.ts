/**
 * The mock HTTP API behind the stories. Each story gets its own in-memory store, served by the
 * handlers the demo and the tests use (src/mocks/handlers.ts) under a base URL of its own, and a
 * `RestContactsAdapter` talking to it, so the stories exercise the real REST path.
 *
 * One permanent handler routes `/api/stories/<story id>/…` to that story's handlers. A docs page
 * renders all of a component's stories at once, and msw-storybook-addon resets the worker's
 * handlers before each one: with per-story `worker.use()`, the last story would answer for all of
 * them. Initial handlers survive the reset, and the routing keeps every story on its own store.
 */
import { delay, getResponse, http, HttpResponse, type HttpHandler } from 'msw';
import { setupWorker, type SetupWorker } from 'msw/browser';

import { type Dataset, InMemoryContactsAdapter } from '../../src/in-memory.js';
import { RestContactsAdapter } from '../../src/rest.js';
import { generateDataset } from '../../src/testing.js';
import { createContactsHandlers } from '../../src/mocks/handlers.js';

const routes = new Map<string, readonly HttpHandler[]>();

const router = http.all('/api/stories/:story/*', async ({ request, params }) => {
  const handlers = routes.get(String(params.story));
  const response = handlers ? await getResponse([...handlers], request) : undefined;
  return (
    response ??
    HttpResponse.json({ error: { code: 'not-found', message: 'No such route.' } }, { status: 404 })
  );
});

/** The worker msw-storybook-addon's loader starts once; its only handler is the router. */
export async function setupStoriesWorker(): Promise<SetupWorker> {
  const worker = setupWorker(router);
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  return worker;
}

export interface MockApiOptions {
  /** How many generated contacts the store starts with (`generateDataset`). Default 60. */
  contacts?: number;
  /** How many companies those contacts share (default one per 12 contacts). */
  companies?: number;
  /** Records to start with instead of generated ones. */
  data?: () => Dataset;
  /** Milliseconds before every response, to see loading states. */
  latency?: number;
  /** Every request waits forever: the loading state. */
  loading?: boolean;
  /** Start with the server failing every request (see `MockApi.outage`). */
  outage?: boolean | Outage;
}

/** How the server fails: a status (500 by default), `Retry-After` seconds, after a delay, and
 * only for some methods (every method by default). */
export interface Outage {
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  methods?: readonly string[];
}

const ERROR_CODES: Readonly<Record<number, string>> = { 401: 'unauthorized', 403: 'unauthorized' };

/** What a story's loader hands to its render and play functions as `loaded.api`. */
export interface MockApi {
  /** The store behind the API, for a play function that changes data behind the element's back. */
  readonly store: InMemoryContactsAdapter;
  /** The adapter the elements use: REST over the mock API. */
  readonly adapter: RestContactsAdapter;
  readonly data: Dataset;
  /**
   * While set, requests fail (true: every request answers 500); a play function sets or clears it,
   * e.g. before pressing Retry.
   */
  outage: boolean | Outage;
}

/**
 * A story loader that builds the story's store and routes its API. Usage:
 * `loaders: [mockApi({ contacts: 10_000 })]`, then `loaded.api` in render and play.
 */
export function mockApi(options: MockApiOptions = {}) {
  return async (context: { id: string }): Promise<{ api: MockApi }> => {
    const data =
      options.data?.() ??
      generateDataset({
        contacts: options.contacts ?? 60,
        ...(options.companies ? { companies: options.companies } : {}),
      });
    const store = new InMemoryContactsAdapter({ data: structuredClone(data) });
    const baseUrl = `/api/stories/${context.id}`;
    const api: MockApi = {
      store,
      data,
      adapter: new RestContactsAdapter({ baseUrl }),
      outage: options.outage ?? false,
    };
    const guards: HttpHandler[] = [
      http.all(`${baseUrl}/*`, async ({ request }) => {
        if (options.loading) await delay('infinite');
        const outage = api.outage === true ? {} : api.outage;
        if (outage && (!outage.methods || outage.methods.includes(request.method))) {
          if (outage.delayMs) await delay(outage.delayMs);
          const status = outage.status ?? 500;
          const code = ERROR_CODES[status] ?? 'unavailable';
          return HttpResponse.json(
            { error: { code, message: 'The server failed.' } },
            {
              status,
              headers:
                outage.retryAfter === undefined ? {} : { 'Retry-After': String(outage.retryAfter) },
            },
          );
        }
        // Nothing returned: msw tries the store's handlers next.
        return undefined;
      }),
    ];
    routes.set(context.id, [
      ...guards,
      ...createContactsHandlers(store, { baseUrl, latency: options.latency ?? 0 }),
    ]);
    return { api };
  };
}

/** The `loaded.api` of a story, typed. */
export function apiOf(context: { loaded: Record<string, unknown> }): MockApi {
  const api = context.loaded.api as MockApi | undefined;
  if (!api) throw new Error('This story has no mockApi() loader.');
  return api;
}
