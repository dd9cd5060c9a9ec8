/** Starts the mock API in a browser page: the demo, Storybook and the tests share it. */
import type { RequestHandler } from 'msw';
import { setupWorker, type SetupWorker } from 'msw/browser';

export interface StartMockApiOptions {
  /** Where `public/mockServiceWorker.js` is served; its scope must cover the page. */
  serviceWorkerUrl?: string;
}

/**
 * Registers msw's service worker with `handlers` and resolves once it intercepts requests.
 * Requests no handler matches (modules, images, the dev server) go to the network untouched.
 */
export async function startMockApi(
  handlers: readonly RequestHandler[],
  options: StartMockApiOptions = {},
): Promise<SetupWorker> {
  const worker = setupWorker(...handlers);
  await worker.start({
    quiet: true,
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
  });
  return worker;
}
