// @ts-check
/**
 * The reference server (server/) as the demo runs it: built with `buildServer()`, on PGlite in a
 * data folder (`.data/demo/` by default, or CONTACTS_DEMO_DATA_DIR), on a free loopback port,
 * seeded with the demo data on first start, and reached through a same-origin `/api` proxy, so
 * the page needs neither CORS nor the server's port. Used by `npm start` (the Vite plugin below),
 * by scripts/smoke-demos.mjs and by scripts/csp-demo.mjs.
 *
 * The bearer token is fixed (demo/demo-server.json) so the demo page can send it. It is NOT a
 * secret: the server listens on 127.0.0.1 only and holds generated data. A real host configures
 * its own tokens (`CONTACTS_TOKENS`) or `authenticate`.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { buildServer } from '../../server/build.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** @type {{ apiBase: string, token: string, account: string, contacts: number, dataDir: string }} */
export const DEMO_SERVER = JSON.parse(readFileSync(resolve(root, 'demo/demo-server.json'), 'utf8'));

/**
 * Data folders whose server is running in this process, with a promise settled once it closed.
 * Global, because Vite re-imports its config (and this module) when restarting after an edit,
 * and starts the new server before closing the old one: two databases on one folder must not
 * overlap.
 * @type {Map<string, Promise<void>>}
 */
const running = /** @type {any} */ (globalThis[Symbol.for('contacts-demo-server')] ??= new Map());

/**
 * Builds and starts the reference server for the demo. `dataDir` defaults to
 * CONTACTS_DEMO_DATA_DIR, then `.data/demo/` in the repository.
 * @param {{ dataDir?: string, log?: (line: string) => void }} [options]
 */
export async function startDemoServer({ dataDir, log = () => {} } = {}) {
  const folder = resolve(
    root,
    dataDir ?? process.env.CONTACTS_DEMO_DATA_DIR ?? DEMO_SERVER.dataDir,
  );
  // Its own output folder, so a test run building server/dist meanwhile does not race with it;
  // under server/, where the server's own dependency versions resolve (ajv 8, not the root's 6).
  const { outdir } = await buildServer({
    outdir: resolve(root, 'server/node_modules/.cache/demo-server'),
  });
  /** @type {typeof import('../../server/src/index.js')} */
  const built = await import(pathToFileURL(resolve(outdir, 'index.js')).href);
  /** @type {() => void} */
  let closed = () => {};
  const previous = running.get(folder);
  const closing = new Promise(done => {
    closed = () => {
      if (running.get(folder) === closing) running.delete(folder);
      done(undefined);
    };
  });
  running.set(folder, closing);
  await previous;
  const started = Date.now();
  log(`starting the reference server on PGlite in ${folder} (seeded on its first start)`);
  const server = await built
    .startServer({
      port: 0,
      dataDir: folder,
      tokens: { [DEMO_SERVER.token]: DEMO_SERVER.account },
      // Seeds only an account with no contacts: the first start, or after the folder is removed.
      seedContacts: DEMO_SERVER.contacts,
    })
    .catch(error => {
      closed();
      throw error;
    });
  log(`reference server ready in ${Date.now() - started} ms`);
  return {
    /** The server's own origin (the proxy forwards `/api/...` there unchanged). */
    url: server.url,
    dataDir: folder,
    proxy: proxyTo(server.url),
    close: () => server.close().finally(closed),
  };
}

/**
 * A request handler for a Node or Connect server that forwards requests under the API base to
 * `origin`, streaming both ways (the server-sent events of `/api/changes` pass as they come).
 * Returns false, without answering, for any other path.
 * @param {string} origin
 * @returns {(request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => boolean}
 */
export function proxyTo(origin) {
  const base = DEMO_SERVER.apiBase;
  return (request, response) => {
    const path = request.url ?? '/';
    if (path !== base && !path.startsWith(`${base}/`) && !path.startsWith(`${base}?`)) return false;
    const upstream = httpRequest(
      new URL(path, origin),
      { method: request.method, headers: { ...request.headers, host: new URL(origin).host } },
      answer => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        response.flushHeaders();
        answer.pipe(response);
      },
    );
    upstream.on('error', error => {
      if (!response.headersSent) response.writeHead(502, { 'Content-Type': 'text/plain' });
      response.end(`The demo's reference server did not answer: ${error.message}`);
    });
    // A closed tab ends its open change stream upstream too.
    response.on('close', () => upstream.destroy());
    request.pipe(upstream);
    return true;
  };
}

/**
 * The Vite plugin of `npm start`: starts the reference server next to Vite's dev server and
 * proxies `/api` to it. Storybook runs the Vite config in middleware mode and keeps msw, so the
 * plugin steps aside there.
 * @returns {import('vite').Plugin}
 */
export function demoServerPlugin() {
  /** @type {ReturnType<typeof startDemoServer> | undefined} */
  let starting;
  return {
    name: 'contacts-demo-server',
    apply: 'serve',
    // Vite's server.close() awaits this (once per environment; closing twice is harmless).
    async closeBundle() {
      await starting?.then(
        demo => demo.close(),
        () => {},
      );
    },
    async configureServer(server) {
      if (server.config.server.middlewareMode) return;
      const logger = server.config.logger;
      // Vite restarts (after an edit of its config) by making the new server before closing the
      // old one, whose database the new one waits for: only a first start waits here, so the
      // URL Vite prints answers at once.
      const restart = running.size > 0;
      const started = startDemoServer({ log: line => logger.info(`  ➜  Demo API: ${line}`) });
      starting = started;
      started.catch(error => logger.error(`The demo's reference server did not start: ${error}`));
      if (!restart) await started.catch(() => {});
      server.middlewares.use((request, response, next) => {
        started.then(
          demo => demo.proxy(request, response) || next(),
          error => {
            const path = request.url ?? '/';
            if (!path.startsWith(`${DEMO_SERVER.apiBase}/`)) return next();
            response.writeHead(503, { 'Content-Type': 'text/plain' });
            response.end(`The demo's reference server did not start: ${error}`);
          },
        );
      });
    },
  };
}
