/**
 * Ours over the network: `<contacts-panel>` on the REST adapter against the reference server
 * (bench/server.mjs starts it on PostgreSQL, seeded with the same generated data). The page keeps
 * no data; only the adapter differs from `ours`.
 */
import { RestContactsAdapter } from '../../src/adapter/rest/rest-adapter.js';
import { createOurs } from './ours.js';
import type { ImplFactory } from './types.js';

export interface RestTarget {
  /** The API's URL, e.g. `http://127.0.0.1:8080/api`. */
  baseUrl: string;
  /** A bearer token of the seeded account. */
  token: string;
}

export function createRest(target: RestTarget): ImplFactory {
  const adapter = new RestContactsAdapter({
    baseUrl: target.baseUrl,
    headers: { Authorization: `Bearer ${target.token}` },
    // The typing session measures answers, not live updates.
    liveChanges: false,
  });
  return () => createOurs({ contacts: [], companies: [], conversations: [] }, adapter);
}
