/**
 * A `Store` kept in memory: one `InMemoryContactsAdapter` per account, idempotency keys in a map,
 * and a numbered change log fed by the adapters' `subscribe`. It serves tests of the HTTP layer
 * and quick local runs; nothing survives the process, and nothing is shared between processes.
 */
import type { ContactsAdapter } from 'contacts-elements';
import {
  type InMemoryAdapterOptions,
  InMemoryContactsAdapter,
} from 'contacts-elements/in-memory.js';

import type {
  IdempotencyClaim,
  IdempotencyStore,
  LoggedChange,
  Store,
  StoredResponse,
} from './types.js';

export interface MemoryStoreOptions {
  /** How long a finished idempotency key is kept, in ms; 24 hours by default. */
  retentionMs?: number;
  /** How long a claimed key may stay unfinished before another request may take it over, in ms. */
  claimTimeoutMs?: number;
  /** Changes kept per account for resuming streams; the oldest are dropped beyond it. */
  changeLogSize?: number;
  /** Clock, for deterministic tests. */
  now?: () => number;
  /** How long a merge or a delete can be undone, in days (the adapters' default, 30, when unset). */
  restoreDays?: number;
}

interface Account {
  adapter: InMemoryContactsAdapter;
  log: LoggedChange[];
  listeners: Set<(change: LoggedChange) => void>;
}

interface KeyRecord {
  fingerprint: string;
  /** When it was claimed or completed, in ms. */
  at: number;
  response?: StoredResponse;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const retentionMs = options.retentionMs ?? DAY_MS;
  const claimTimeoutMs = options.claimTimeoutMs ?? 30_000;
  const changeLogSize = options.changeLogSize ?? 10_000;
  const now = options.now ?? Date.now;
  const accounts = new Map<string, Account>();
  const adapterOptions: InMemoryAdapterOptions = {};
  if (options.restoreDays !== undefined) adapterOptions.restoreDays = options.restoreDays;
  const keys = new Map<string, KeyRecord>();
  // One sequence for every account, so ids also grow across accounts like a database's would.
  let lastId = 0;

  function account(accountId: string): Account {
    let found = accounts.get(accountId);
    if (!found) {
      const created: Account = {
        adapter: new InMemoryContactsAdapter(adapterOptions),
        log: [],
        listeners: new Set(),
      };
      created.adapter.subscribe(change => {
        const logged: LoggedChange = { id: String(++lastId), change: structuredClone(change) };
        created.log.push(logged);
        if (created.log.length > changeLogSize) created.log.shift();
        for (const listener of [...created.listeners]) listener(logged);
      });
      accounts.set(accountId, created);
      found = created;
    }
    return found;
  }

  const keyOf = (accountId: string, route: string, key: string) =>
    JSON.stringify([accountId, route, key]);

  /** Forgets expired keys, now and then, so a long run does not keep every key it saw. */
  let claimsSinceSweep = 0;
  function sweep(at: number): void {
    if (++claimsSinceSweep < 1000) return;
    claimsSinceSweep = 0;
    for (const [id, record] of keys) {
      if (at - record.at > (record.response ? retentionMs : claimTimeoutMs)) keys.delete(id);
    }
  }

  const idempotency: IdempotencyStore = {
    async claim(accountId, route, key, fingerprint): Promise<IdempotencyClaim> {
      const id = keyOf(accountId, route, key);
      const found = keys.get(id);
      const at = now();
      sweep(at);
      const expired =
        found && (found.response ? at - found.at > retentionMs : at - found.at > claimTimeoutMs);
      if (!found || expired) {
        keys.set(id, { fingerprint, at });
        return { state: 'claimed' };
      }
      if (found.fingerprint !== fingerprint) return { state: 'mismatch' };
      if (found.response) return { state: 'done', response: found.response };
      const left = claimTimeoutMs - (at - found.at);
      return { state: 'in-flight', retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
    },
    async complete(accountId, route, key, response) {
      const found = keys.get(keyOf(accountId, route, key));
      if (found) {
        found.response = structuredClone(response);
        found.at = now();
      }
    },
    async release(accountId, route, key) {
      const id = keyOf(accountId, route, key);
      if (!keys.get(id)?.response) keys.delete(id);
    },
  };

  return {
    forAccount(accountId: string): ContactsAdapter {
      return account(accountId).adapter;
    },
    async changes(accountId, afterId, listener) {
      const { log, listeners } = account(accountId);
      const after = afterId === undefined ? 0 : Number(afterId);
      // Synchronous from here on, so no change slips between the backlog and the live feed.
      for (const logged of log) if (Number(logged.id) > after) listener(logged);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async lastChangeId(accountId) {
      return account(accountId).log.at(-1)?.id ?? '0';
    },
    idempotency,
    async ping() {
      return true;
    },
    async close() {
      for (const { listeners } of accounts.values()) listeners.clear();
      accounts.clear();
      keys.clear();
    },
  };
}
