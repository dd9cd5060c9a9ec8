/**
 * Two server processes on one PostgreSQL: the rules the database holds must hold across them.
 * Skipped when PostgreSQL 15 is not installed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { postgresAvailable, startPostgres } from '../../scripts/postgres.mjs';
import { loadStoreBundle } from './support/build.mjs';
import { until } from './support/waits.mjs';
import { spawnWorker, stopWorkers } from './support/workers.mjs';

const skip = postgresAvailable() ? false : 'PostgreSQL 15 binaries not installed';

describe('two store processes on one PostgreSQL', { skip, timeout: 120_000 }, () => {
  let server;
  let workers;
  let local;
  let createPgStore;
  let MIGRATIONS;

  before(async () => {
    server = await startPostgres();
    // Both processes start on a fresh database at once: the migrations must run exactly once.
    workers = [spawnWorker(server.url), spawnWorker(server.url)];
    await Promise.all(workers.map(worker => worker.started));
    ({ createPgStore, MIGRATIONS } = await loadStoreBundle());
    local = await createPgStore({ connectionString: server.url });
  });

  after(async () => {
    await stopWorkers(workers ?? []);
    await local?.close();
    server?.stop();
  });

  it('migrated the fresh database once, though both started at once', async () => {
    const { rows } = await local.db.query('SELECT version FROM schema_migrations');
    assert.deepEqual(
      rows.map(row => Number(row.version)),
      MIGRATIONS.map(migration => migration.version),
    );
  });

  it('20 concurrent arrivals with one phone, over both processes, give one contact', async () => {
    const account = `account-${randomUUID()}`;
    const formats = ['+55 11 98765-4321', '(11) 98765-4321', '11987654321', '+5511987654321'];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        workers[i % 2].call('resolve', {
          account,
          arrival: {
            channel: i % 3 ? 'whatsapp' : 'sms',
            address: formats[i % formats.length],
            displayName: `Caller ${i}`,
            conversationId: `cv-${i}`,
          },
        }),
      ),
    );
    const ids = new Set(results.map(result => result.contact.id));
    assert.equal(ids.size, 1, 'one contact for every arrival');
    assert.equal(results.filter(result => result.outcome === 'created').length, 1);
    const page = await local.forAccount(account).listContacts();
    assert.equal(page.total, 1);
    assert.deepEqual(
      page.items.map(contact => contact.id),
      [...ids],
    );
    const conversations = await local
      .forAccount(account)
      .listConversations([...ids][0], { limit: 100 });
    assert.equal(conversations.length, 20);
  });

  it('20 concurrent creates with one email give 1 created and 19 duplicates naming it', async () => {
    const account = `account-${randomUUID()}`;
    const settled = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        workers[i % 2].call('create', {
          account,
          key: randomUUID(),
          draft: { name: `Ana ${i}`, email: i % 2 ? 'ANA@example.com ' : 'ana@example.com' },
        }),
      ),
    );
    const created = settled.filter(result => result.status === 'fulfilled');
    assert.equal(created.length, 1);
    const winner = created[0].value.id;
    const refused = settled
      .filter(result => result.status === 'rejected')
      .map(result => result.reason);
    assert.equal(refused.length, 19);
    for (const error of refused) {
      assert.equal(error.code, 'duplicate');
      assert.equal(error.field, 'email');
      assert.equal(error.existingId, winner);
    }
    assert.equal((await local.forAccount(account).listContacts()).total, 1);
  });

  it('a create retried with its key on the other process, after the first was killed, gives one contact', async () => {
    const account = `account-${randomUUID()}`;
    const key = randomUUID();
    const draft = { name: 'Bia', email: 'bia@example.com' };
    const doomed = spawnWorker(server.url);
    await doomed.started;
    const first = await doomed.call('create', { account, key, draft });
    doomed.child.kill('SIGKILL');
    await new Promise(resolve => doomed.child.once('exit', resolve));
    const retried = await workers[1].call('create', { account, key, draft });
    assert.equal(retried.id, first.id);
    assert.equal((await local.forAccount(account).listContacts()).total, 1);
  });

  it('a change written through one process reaches the changes of the other', async () => {
    const account = `account-${randomUUID()}`;
    await workers[1].call('changes', { account });
    const contact = await workers[0].call('create', {
      account,
      key: randomUUID(),
      draft: { name: 'Caio', phone: '+55 21 99876-5432' },
    });
    await until(() =>
      workers[1].changes.some(
        c => c.change.type === 'contact' && c.change.contact.id === contact.id,
      ),
    );
    const seen = workers[1].changes.find(c => c.change.contact?.id === contact.id);
    assert.equal(seen.change.action, 'created');
    assert.deepEqual(seen.change.contact, contact);
  });

  it('changes keep arriving after the listening connection is lost', async () => {
    const account = `account-${randomUUID()}`;
    const seen = [];
    const stop = await local.changes(account, undefined, change => seen.push(change));
    const write = name =>
      workers[0].call('create', {
        account,
        key: randomUUID(),
        draft: { name, email: `${name}@example.com` },
      });
    await write('before');
    await until(() => seen.length === 1);
    const { rows } = await local.db.query(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
       WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`,
    );
    assert.ok(rows.length >= 1, 'a listening connection was ended');
    await write('after');
    await until(() => seen.length === 2);
    stop();
    assert.deepEqual(
      seen.map(change => change.change.contact.name),
      ['before', 'after'],
    );
  });

  it('changes resumed after an id arrive in id order with nothing missed or repeated', async () => {
    const account = `account-${randomUUID()}`;
    const adapter = local.forAccount(account);
    // Writes from both processes at once, some before and some after the resume point.
    const write = i =>
      workers[i % 2].call('create', {
        account,
        key: randomUUID(),
        draft: { name: `Person ${i}`, email: `p${i}@example.com` },
      });
    await Promise.all(Array.from({ length: 10 }, (_, i) => write(i)));
    const all = [];
    const stopAll = await local.changes(account, undefined, change => all.push(change));
    await until(() => all.length === 10);
    const resumeAfter = all[4].id;
    const resumed = [];
    const stopResumed = await local.changes(account, resumeAfter, change => resumed.push(change));
    await Promise.all(Array.from({ length: 10 }, (_, i) => write(10 + i)));
    await until(() => all.length === 20 && resumed.length === 15);
    stopAll();
    stopResumed();
    const ids = all.map(change => BigInt(change.id));
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i] > ids[i - 1], 'ids grow');
    assert.deepEqual(
      resumed.map(change => change.id),
      all.slice(5).map(change => change.id),
    );
    const { rows } = await local.db.query(
      'SELECT id::text AS id FROM change_log WHERE account_id = $1 ORDER BY id',
      [account],
    );
    assert.deepEqual(
      all.map(change => change.id),
      rows.map(row => row.id),
    );
    assert.equal((await adapter.listContacts()).total, 20);
  });
});
