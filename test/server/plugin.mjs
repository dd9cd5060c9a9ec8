// @ts-check
/**
 * A Web Test Runner plugin that builds the reference server (`server/`), starts it once for the
 * whole run, and tells the test pages where it is: `executeServerCommand('reference-server')`
 * answers `{ url }`, the API's base URL. Any `Bearer acct-<anything>` token is accepted as its
 * own account, so each test gets an empty store by inventing a token.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

import { buildServer } from '../../server/build.mjs';

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function referenceServerPlugin() {
  /** @type {{ url: string, close(): Promise<void> } | undefined} */
  let server;
  return {
    name: 'reference-server',
    async serverStart() {
      // Built here, so `npm test` needs no earlier build step.
      const { outdir } = await buildServer();
      /** @type {typeof import('../../server/src/index.js')} */
      const built = await import(pathToFileURL(join(outdir, 'index.js')).href);
      // PostgreSQL when DATABASE_URL names one (CI starts one), otherwise PGlite in memory.
      const store = await built.createPgStore({ connectionString: process.env.DATABASE_URL });
      const running = await built.startServer({
        port: 0,
        store,
        authenticate: async request =>
          /^Bearer (acct-\S+)$/.exec(request.headers.get('Authorization') ?? '')?.[1] ?? null,
        // The test pages are served from another port, so every call is cross-origin.
        cors: ['*'],
        rateLimit: false,
      });
      server = {
        url: running.apiUrl,
        async close() {
          await running.close();
          await store.close();
        },
      };
    },
    async serverStop() {
      await server?.close();
    },
    executeCommand({ command }) {
      if (command !== 'reference-server' || !server) return undefined;
      return { url: server.url };
    },
  };
}
