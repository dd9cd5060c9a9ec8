/**
 * The REST adapter against the reference server (`server/`): the whole conformance suite, each
 * test in a fresh account of its own, so the server is shown to be a faithful backend.
 */
import { executeServerCommand } from '@web/test-runner-commands';

import { runAdapterConformance } from '../../src/adapter/conformance/index.js';
import { RestContactsAdapter } from '../../src/adapter/rest/index.js';

let baseUrl: Promise<string> | undefined;

function referenceServer(): Promise<string> {
  baseUrl ??= executeServerCommand<{ url: string }, undefined>('reference-server').then(found => {
    if (!found) {
      throw new Error('The reference-server plugin is not in web-test-runner.config.mjs.');
    }
    return found.url;
  });
  return baseUrl;
}

runAdapterConformance(
  'RestContactsAdapter over the reference server',
  async () =>
    new RestContactsAdapter({
      baseUrl: await referenceServer(),
      headers: { Authorization: `Bearer acct-${crypto.randomUUID()}` },
    }),
);
