/** Runs the app on Node's HTTP server. */
import type { AddressInfo } from 'node:net';

import { serve } from '@hono/node-server';

import { type AppOptions, createApp } from './app.js';
import { type Authenticate, bearerTokens, developmentToken } from './http/auth.js';
import { seedDemoData } from './seed.js';
import type { Store } from './store/types.js';

export interface ServerOptions extends Omit<AppOptions, 'store' | 'authenticate'> {
  /** 8080 by default; 0 picks a free port. */
  port?: number;
  /** `127.0.0.1` by default. */
  host?: string;
  /**
   * The storage. A `Store` given here is the caller's to close; without one, the server makes
   * its own from `databaseUrl` / `dataDir` and closes it with the server.
   */
  store?: Store;
  /** PostgreSQL to store in (`postgres://...`); without it, the embedded database in `dataDir`. */
  databaseUrl?: string;
  /** The embedded database's folder. */
  dataDir?: string;
  /** Who may call; by default bearer tokens from `tokens`. */
  authenticate?: Authenticate;
  /** Bearer token to account id. Without tokens (and `authenticate`), a development token is made. */
  tokens?: Readonly<Record<string, string>>;
  /**
   * Seeds each account of `tokens` (or the development account) that has no contacts yet with
   * this many generated contacts, the demo's data (`seed.ts`). Off by default.
   */
  seedContacts?: number;
  /**
   * How long a merge or a delete can be undone, in days (30 by default): the retention of the
   * restore points of the store the server makes. A `Store` given in `store` has its own.
   */
  restoreDays?: number;
}

export interface RunningServer {
  /** The server's origin, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Where the API is served: `url` plus the base path. */
  apiUrl: string;
  /** The token made for a development run (account `dev`), when no tokens were configured. */
  devToken?: string;
  /** Stops accepting requests, ends open streams, and closes a store the server made. */
  close(): Promise<void>;
}

/**
 * The store a server makes for itself: PostgreSQL when `databaseUrl` is set, otherwise PGlite in
 * `dataDir` (in memory when that is unset too). Both come from one module, loaded on demand, so a
 * server given its own store loads no database driver.
 */
async function defaultStore(
  options: Pick<ServerOptions, 'databaseUrl' | 'dataDir' | 'restoreDays'>,
): Promise<Store> {
  const { createPgStore } = await import('./store/pg-store.js');
  const storeOptions: Parameters<typeof createPgStore>[0] = {
    connectionString: options.databaseUrl,
    dataDir: options.dataDir,
  };
  if (options.restoreDays !== undefined) storeOptions.restoreDays = options.restoreDays;
  return createPgStore(storeOptions);
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const ownStore = options.store === undefined;
  const store = options.store ?? (await defaultStore(options));
  let devToken: string | undefined;
  let authenticate = options.authenticate;
  if (!authenticate) {
    let tokens = options.tokens ?? {};
    if (Object.keys(tokens).length === 0) {
      devToken = developmentToken();
      tokens = { [devToken]: 'dev' };
    }
    authenticate = bearerTokens(tokens);
    if (options.seedContacts) {
      for (const account of new Set(Object.values(tokens))) {
        await seedDemoData(store.forAccount(account), options.seedContacts);
      }
    }
  }
  const app = createApp({ ...options, store, authenticate });
  const host = options.host ?? '127.0.0.1';

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 8080, hostname: host }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const basePath = (options.basePath ?? '/api').replace(/\/+$/, '');

  let closing: Promise<void> | undefined;
  const result: RunningServer = {
    url,
    apiUrl: `${url}${basePath}`,
    close() {
      closing ??= (async () => {
        await new Promise<void>(resolve => {
          server.close(() => resolve());
          // Open event streams would hold the server open forever.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        if (ownStore) await store.close();
      })();
      return closing;
    },
  };
  if (devToken !== undefined) result.devToken = devToken;
  return result;
}
