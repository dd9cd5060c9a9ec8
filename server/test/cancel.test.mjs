/**
 * A client that goes away cancels its read: the list routes hand the request's signal to the
 * store, and on PostgreSQL the statement running for it is cancelled on the server, so a search
 * nobody waits for no longer holds a core. The PostgreSQL part is skipped when PostgreSQL 15 is not
 * installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postgresAvailable, startPostgres } from '../../scripts/postgres.mjs';
import { server, start } from './http-helpers.mjs';
import { loadStoreBundle } from './support/build.mjs';
import { rejection, until } from './support/waits.mjs';

describe('a list request whose client went away', () => {
  it('hands its aborted signal to the store, and is logged as 499', async () => {
    const memory = server.createMemoryStore();
    const signals = [];
    // A store whose search waits for its caller to give up, as a long query would.
    const store = {
      ...memory,
      forAccount(account) {
        const adapter = memory.forAccount(account);
        return new Proxy(adapter, {
          get(target, prop) {
            if (prop !== 'listContacts') return Reflect.get(target, prop);
            return (query, options = {}) => {
              signals.push(options.signal);
              // As the PostgreSQL store does once its query is cancelled: an AbortError.
              return new Promise((_, reject) => {
                options.signal?.addEventListener('abort', () =>
                  reject(new DOMException('The client closed the request.', 'AbortError')),
                );
              });
            };
          },
        });
      },
    };
    const logs = [];
    const running = await start({ store, log: entry => logs.push(entry) });
    try {
      const controller = new AbortController();
      const request = fetch(`${running.apiUrl}/contacts?search=maria`, {
        headers: { Authorization: 'Bearer token-a' },
        signal: controller.signal,
      });
      await until(() => signals.length === 1);
      assert.ok(signals[0], 'the store got a signal');
      assert.equal(signals[0].aborted, false);
      controller.abort();
      await rejection(request);
      await until(() => signals[0].aborted);
      assert.equal(signals[0].reason.name, 'AbortError', 'the reason the store sees');
      await until(() => logs.some(entry => entry.path.endsWith('/contacts')));
      assert.equal(logs.find(entry => entry.path.endsWith('/contacts')).status, 499);
    } finally {
      await running.close();
    }
  });
});

const skip = postgresAvailable() ? false : 'PostgreSQL 15 binaries not installed';

describe('a read transaction on PostgreSQL whose signal aborts', { skip, timeout: 60_000 }, () => {
  let postgres;
  let db;

  before(async () => {
    postgres = await startPostgres();
    const { connectPg } = await loadStoreBundle();
    db = await connectPg(postgres.url, { max: 2 });
  });

  after(async () => {
    await db?.close();
    postgres?.stop();
  });

  const sleeping = async () =>
    (
      await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(30)%' AND pid <> pg_backend_pid()`,
      )
    ).rows[0].n;

  it('cancels the statement on the server and rejects with an AbortError', async () => {
    const controller = new AbortController();
    const running = db.transaction(tx => tx.query('SELECT pg_sleep(30)'), {
      signal: controller.signal,
    });
    await until(async () => (await sleeping()) === 1);
    controller.abort('The client closed the request.');
    const error = await rejection(running);
    assert.equal(error.name, 'AbortError');
    assert.equal(await sleeping(), 0, 'the statement still running on the server');
    // The connection went back to the pool in working order, for the next request.
    for (let i = 0; i < 3; i++) {
      const { rows } = await db.transaction(tx => tx.query('SELECT 1 AS one'));
      assert.deepEqual(rows, [{ one: 1 }]);
    }
  });

  it('runs nothing for a signal already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    const error = await rejection(
      db.transaction(
        async () => {
          ran = true;
        },
        { signal: controller.signal },
      ),
    );
    assert.equal(error.name, 'AbortError');
    assert.equal(ran, false);
  });
});
