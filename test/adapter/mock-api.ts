/**
 * One msw worker per test file (registering it is the slow part). Every test serves its own store
 * under its own base URL, so handlers added with `use` never need resetting.
 */
import type { RequestHandler } from 'msw';
import type { SetupWorker } from 'msw/browser';

import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import { RestContactsAdapter } from '../../src/adapter/rest/index.js';
import { startMockApi } from '../../src/mocks/browser.js';
import { createContactsHandlers } from '../../src/mocks/handlers.js';

/** Starts the worker before the file's tests and stops it after; `prefix` names the base URLs. */
export function mockApiPerTest(prefix: string) {
  let worker: SetupWorker;
  let served = 0;
  before(async () => {
    worker = await startMockApi([]);
  });
  after(() => worker.stop());
  const nextBaseUrl = () => `/api/${prefix}${++served}`;
  return {
    /** A base URL no test has used yet. */
    nextBaseUrl,
    /** Adds handlers in front of the ones already served. */
    use: (...handlers: RequestHandler[]) => worker.use(...handlers),
    /** Serves `store` under a base URL of its own, with an adapter pointed at it. */
    serve(store = new InMemoryContactsAdapter()) {
      const baseUrl = nextBaseUrl();
      worker.use(...createContactsHandlers(store, { baseUrl }));
      return { store, baseUrl, adapter: new RestContactsAdapter({ baseUrl }) };
    },
  };
}
