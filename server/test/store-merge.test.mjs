/**
 * Merge, delete and restore in the PostgreSQL store: the semantics of the contract on PGlite and
 * on PostgreSQL 15 (DATABASE_URL, or one started by scripts/postgres.mjs when installed), then
 * two store processes on one PostgreSQL racing a merge against arrivals and edits.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { postgresAvailable, startPostgres } from '../../scripts/postgres.mjs';
import { loadStoreBundle } from './support/build.mjs';
import { rejection, until } from './support/waits.mjs';
import { spawnWorker, stopWorkers } from './support/workers.mjs';

const { createPgStore } = await loadStoreBundle();
const canStartPostgres = postgresAvailable();

/** A PostgreSQL for the whole file: DATABASE_URL, or a throwaway one; started once, lazily. */
let postgres;
function postgresUrl() {
  if (process.env.DATABASE_URL) return Promise.resolve({ url: process.env.DATABASE_URL });
  postgres ??= startPostgres();
  return postgres;
}
after(async () => {
  if (postgres) (await postgres).stop();
});

/** Every contact of a list, following the cursor. */
async function allContacts(adapter, query = {}) {
  const found = [];
  let cursor;
  do {
    const page = await adapter.listContacts({ ...query, limit: 100, cursor });
    found.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return found;
}

const ids = list => list.map(item => item.id).sort();

/** The account's changes from now on, as the store's change feed delivers them. */
async function recordChanges(store, account) {
  const changes = [];
  const from = await store.lastChangeId(account);
  const stop = await store.changes(account, from, ({ change }) => {
    changes.push(change);
  });
  return { changes, stop };
}

/** An arrival on the visitor's webchat identity finds `id` (the contact holding it). */
async function assertVisitorFinds(adapter, id) {
  const arrival = await adapter.resolveConversation({ channel: 'webchat', address: 'visitor-7' });
  assert.equal(arrival.contact.id, id);
}

function semantics(label, open) {
  describe(`merge, delete and restore: ${label}`, { timeout: 120_000 }, () => {
    let store;
    let clock;
    before(async () => {
      clock = { ms: Date.parse('2026-03-01T10:00:00.000Z') };
      store = await open({ now: () => new Date(clock.ms), restoreDays: 2 });
    });
    after(() => store?.close());

    /** A fresh account with two people: Ana (email, WhatsApp) and a webchat visitor. */
    async function twoPeople() {
      const account = `account-${randomUUID()}`;
      const adapter = store.forAccount(account);
      const company = await adapter.createCompany(
        { name: 'Acme', domain: 'acme.example' },
        { idempotencyKey: randomUUID() },
      );
      const ana = await adapter.resolveConversation({
        channel: 'whatsapp',
        address: '+55 11 98888-0001',
        displayName: 'Ana WhatsApp',
        email: 'ana@example.com',
        conversationId: 'cv-ana-1',
        at: '2026-02-01T09:00:00.000Z',
      });
      const visitor = await adapter.resolveConversation({
        channel: 'webchat',
        address: 'visitor-7',
        displayName: 'Visitor 7',
        conversationId: 'cv-visitor-1',
        at: '2026-02-20T09:00:00.000Z',
      });
      await adapter.resolveConversation({
        channel: 'webchat',
        address: 'visitor-7',
        conversationId: 'cv-visitor-2',
        at: '2026-02-21T09:00:00.000Z',
      });
      let primary = await adapter.getContact(ana.contact.id);
      primary = await adapter.updateContact(
        primary.id,
        { companyId: company.id },
        { expectedVersion: primary.version },
      );
      const secondary = await adapter.getContact(visitor.contact.id);
      return { account, adapter, company, primary, secondary };
    }

    const merge = (adapter, primary, secondary, choices = {}, key = randomUUID()) =>
      adapter.mergeContacts(primary.id, secondary.id, choices, {
        idempotencyKey: key,
        expectedVersions: { primary: primary.version, secondary: secondary.version },
      });

    it('merges into the primary: chosen values, both channels, every conversation', async () => {
      const { account, adapter, company, primary, secondary } = await twoPeople();
      const feed = await recordChanges(store, account);
      const result = await merge(adapter, primary, secondary, { name: 'secondary' });
      assert.equal(result.mergedId, secondary.id);
      assert.match(result.restorePoint.token, /\S/);
      assert.equal(result.restorePoint.expiresAt, '2026-03-03T10:00:00.000Z');
      const merged = result.contact;
      assert.equal(merged.id, primary.id);
      assert.equal(merged.version, primary.version + 1);
      assert.equal(merged.name, 'Visitor 7');
      assert.equal(merged.nameSource, secondary.nameSource);
      assert.equal(merged.email, 'ana@example.com');
      assert.equal(merged.companyId, company.id);
      assert.equal(merged.lastActivityAt, '2026-02-21T09:00:00.000Z');
      assert.deepEqual(merged.identities.map(i => i.channel).sort(), ['webchat', 'whatsapp']);
      assert.deepEqual(await adapter.getContact(primary.id), merged);

      const conversations = await adapter.listConversations(primary.id, { limit: 100 });
      assert.deepEqual(ids(conversations), ['cv-ana-1', 'cv-visitor-1', 'cv-visitor-2']);
      assert.ok(conversations.every(c => c.contactId === primary.id));

      const gone = await rejection(adapter.getContact(secondary.id));
      assert.equal(gone.code, 'not-found');
      assert.equal(gone.mergedInto, primary.id);
      assert.equal(
        (await rejection(adapter.listConversations(secondary.id))).mergedInto,
        primary.id,
      );
      const page = await adapter.listContacts();
      assert.equal(page.total, 1);
      assert.deepEqual(ids(page.items), [primary.id]);
      assert.equal((await adapter.listContacts({ search: 'visitor' })).items[0].id, primary.id);
      assert.equal(await adapter.positionOf('contact', secondary.id), null);

      const again = await adapter.resolveConversation({
        channel: 'webchat',
        address: 'visitor-7',
        conversationId: 'cv-visitor-3',
      });
      assert.equal(again.contact.id, primary.id);
      assert.equal(again.outcome, 'matched');

      await until(() => feed.changes.length >= 5);
      feed.stop();
      const [updated, ...rest] = feed.changes;
      assert.deepEqual(updated, { type: 'contact', action: 'updated', contact: merged });
      assert.deepEqual(
        rest
          .slice(0, 2)
          .map(c => [c.type, c.action, c.conversation.id, c.conversation.contactId])
          .sort(),
        [
          ['conversation', 'updated', 'cv-visitor-1', primary.id],
          ['conversation', 'updated', 'cv-visitor-2', primary.id],
        ],
      );
      assert.deepEqual(rest[2], {
        type: 'removed',
        kind: 'contact',
        id: secondary.id,
        mergedInto: primary.id,
      });
    });

    it('refuses a stale version, itself, and a missing contact, writing nothing', async () => {
      const { adapter, primary, secondary } = await twoPeople();
      const stale = await rejection(
        merge(adapter, primary, { ...secondary, version: secondary.version - 1 }),
      );
      assert.equal(stale.code, 'conflict');
      assert.equal(stale.currentVersion, secondary.version);
      const stalePrimary = await rejection(
        merge(adapter, { ...primary, version: primary.version + 5 }, secondary),
      );
      assert.equal(stalePrimary.currentVersion, primary.version);
      assert.equal((await rejection(merge(adapter, primary, primary))).code, 'validation');
      const missing = await rejection(merge(adapter, primary, { id: 'ct_nobody', version: 1 }));
      assert.equal(missing.code, 'not-found');
      assert.equal(missing.mergedInto, undefined);
      assert.deepEqual(await adapter.getContact(secondary.id), secondary);
      assert.deepEqual(await adapter.getContact(primary.id), primary);
      assert.equal((await adapter.listContacts()).total, 2);
      const theirs = await adapter.listConversations(secondary.id);
      assert.deepEqual(ids(theirs), ['cv-visitor-1', 'cv-visitor-2']);
    });

    it('answers a repeated merge key with the first result, merging once', async () => {
      const { account, adapter, primary, secondary } = await twoPeople();
      const key = randomUUID();
      const first = await merge(adapter, primary, secondary, {}, key);
      const feed = await recordChanges(store, account);
      const second = await merge(adapter, primary, secondary, {}, key);
      assert.deepEqual(second, first);
      assert.equal((await adapter.getContact(primary.id)).version, primary.version + 1);
      assert.equal((await adapter.listContacts()).total, 1);
      // Nothing logged for the replay: an edit after it is the first change the feed sees.
      const now = await adapter.getContact(primary.id);
      await adapter.updateContact(primary.id, { name: 'Ana' }, { expectedVersion: now.version });
      await until(() => feed.changes.length >= 1);
      feed.stop();
      assert.equal(feed.changes[0].type, 'contact');
      assert.equal(feed.changes[0].contact.name, 'Ana');
    });

    it('an arrival with an email or phone the merge dropped finds the merged contact', async () => {
      const { adapter, primary, secondary } = await twoPeople();
      const reachable = await adapter.updateContact(
        secondary.id,
        { email: 'visitor@example.com', phone: '+55 11 93333-0004' },
        { expectedVersion: secondary.version },
      );
      const { contact } = await merge(adapter, primary, reachable, {
        email: 'primary',
        phone: 'primary',
      });
      assert.equal(contact.email, 'ana@example.com');
      assert.notEqual(contact.phone, '+5511933330004');
      const byEmail = await adapter.resolveConversation({
        channel: 'email',
        address: 'visitor@example.com',
        email: 'visitor@example.com',
      });
      assert.equal(byEmail.contact.id, primary.id);
      assert.equal(byEmail.matchedBy, 'email');
      const byPhone = await adapter.resolveConversation({
        channel: 'sms',
        address: '+55 11 93333-0004',
        phone: '+55 11 93333-0004',
      });
      assert.equal(byPhone.contact.id, primary.id);
      assert.equal((await adapter.listContacts()).total, 1);
    });

    it('follows a chain of merges to the contact that has the data now', async () => {
      const { adapter, primary, secondary } = await twoPeople();
      const third = (
        await adapter.resolveConversation({
          channel: 'email',
          address: 'carla@example.com',
          email: 'carla@example.com',
        })
      ).contact;
      const { contact } = await merge(adapter, primary, secondary);
      await merge(adapter, third, contact);
      for (const id of [secondary.id, primary.id]) {
        assert.equal((await rejection(adapter.getContact(id))).mergedInto, third.id);
      }
      const error = await rejection(merge(adapter, { ...primary, version: 9 }, third));
      assert.equal(error.code, 'not-found');
      assert.equal(error.mergedInto, third.id);
    });

    it('restores a merge: the secondary back as it was, the primary keeps later edits', async () => {
      const { account, adapter, company, primary, secondary } = await twoPeople();
      const other = await adapter.createCompany(
        { name: 'Other' },
        { idempotencyKey: randomUUID() },
      );
      const { contact: merged, restorePoint } = await merge(adapter, primary, secondary, {
        name: 'secondary',
        companyId: 'secondary',
      });
      assert.equal(merged.companyId, undefined);
      // Edited after the merge: the company; the name still holds the merged value.
      const edited = await adapter.updateContact(
        primary.id,
        { companyId: other.id, phone: '+55 11 97777-0002' },
        { expectedVersion: merged.version },
      );
      const feed = await recordChanges(store, account);
      const restored = await adapter.restore(restorePoint.token);
      assert.deepEqual(restored.companies, []);
      const [back, survivor] = restored.contacts;
      assert.deepEqual(back, {
        ...secondary,
        version: secondary.version + 1,
        updatedAt: back.updatedAt,
      });
      assert.equal(survivor.id, primary.id);
      assert.equal(survivor.version, edited.version + 1);
      assert.equal(survivor.name, primary.name);
      assert.equal(survivor.nameSource, primary.nameSource);
      assert.equal(survivor.companyId, other.id, 'an edit made after the merge is kept');
      assert.equal(survivor.phone, '+5511977770002');
      assert.notEqual(survivor.companyId, company.id);
      assert.deepEqual(
        survivor.identities.map(i => i.channel),
        ['whatsapp'],
      );
      assert.equal(survivor.lastActivityAt, primary.lastActivityAt);
      assert.deepEqual(await adapter.getContact(secondary.id), back);
      assert.deepEqual(await adapter.getContact(primary.id), survivor);
      assert.deepEqual(ids(await adapter.listConversations(secondary.id)), [
        'cv-visitor-1',
        'cv-visitor-2',
      ]);
      assert.deepEqual(ids(await adapter.listConversations(primary.id)), ['cv-ana-1']);
      assert.equal((await adapter.listContacts()).total, 2);
      await assertVisitorFinds(adapter, secondary.id);

      await until(() => feed.changes.length >= 4);
      feed.stop();
      assert.deepEqual(feed.changes[0], { type: 'contact', action: 'restored', contact: back });
      assert.deepEqual(
        feed.changes
          .slice(1, 3)
          .map(c => [c.type, c.action, c.conversation.id, c.conversation.contactId])
          .sort(),
        [
          ['conversation', 'restored', 'cv-visitor-1', secondary.id],
          ['conversation', 'restored', 'cv-visitor-2', secondary.id],
        ],
      );
      assert.deepEqual(feed.changes[3], { type: 'contact', action: 'updated', contact: survivor });

      // Asked again, a restore answers with the same records as they are now (the arrival above
      // has moved the secondary on).
      assert.deepEqual(
        await adapter.restore(restorePoint.token),
        {
          contacts: [await adapter.getContact(secondary.id), await adapter.getContact(primary.id)],
          companies: [],
        },
        'restoring twice',
      );
      assert.equal((await adapter.listContacts()).total, 2);
    });

    it('refuses a restore whose values were taken meanwhile, changing nothing', async () => {
      const { adapter, primary, secondary } = await twoPeople();
      const withEmail = await adapter.updateContact(
        secondary.id,
        { email: 'visitor@example.com' },
        { expectedVersion: secondary.version },
      );
      const { contact: merged, restorePoint } = await merge(adapter, primary, withEmail);
      assert.equal(merged.email, 'ana@example.com');
      // The secondary's email was dropped by the merge, so someone else can take it.
      const holder = await adapter.createContact(
        { name: 'Holder', email: 'visitor@example.com' },
        { idempotencyKey: randomUUID() },
      );
      const error = await rejection(adapter.restore(restorePoint.token));
      assert.equal(error.code, 'duplicate');
      assert.equal(error.existingId, holder.id);
      assert.equal(error.field, 'email');
      assert.deepEqual(await adapter.getContact(primary.id), merged);
      assert.equal((await rejection(adapter.getContact(secondary.id))).mergedInto, primary.id);
      assert.equal((await adapter.listConversations(primary.id)).length, 3);
      // Once the value is free again, the restore goes through.
      await adapter.updateContact(
        holder.id,
        { email: null, phone: '+55 11 96666-0003' },
        {
          expectedVersion: holder.version,
        },
      );
      const { contacts } = await adapter.restore(restorePoint.token);
      assert.equal(contacts[0].email, 'visitor@example.com');
    });

    it('deletes a contact with its conversations and identities, and restores it', async () => {
      const { account, adapter, secondary } = await twoPeople();
      const stale = await rejection(
        adapter.deleteContact(secondary.id, { expectedVersion: secondary.version - 1 }),
      );
      assert.equal(stale.code, 'conflict');
      const feed = await recordChanges(store, account);
      const key = randomUUID();
      const result = await adapter.deleteContact(secondary.id, {
        expectedVersion: secondary.version,
        idempotencyKey: key,
      });
      assert.equal(result.id, secondary.id);
      const replay = await adapter.deleteContact(secondary.id, {
        expectedVersion: secondary.version,
        idempotencyKey: key,
      });
      assert.deepEqual(replay, result);
      const gone = await rejection(adapter.getContact(secondary.id));
      assert.equal(gone.code, 'not-found');
      assert.equal(gone.mergedInto, undefined);
      assert.equal((await adapter.listContacts()).total, 1);
      assert.equal(
        (await rejection(adapter.deleteContact(secondary.id, { expectedVersion: 1 }))).code,
        'not-found',
      );
      await until(() => feed.changes.length >= 1);
      assert.deepEqual(feed.changes[0], { type: 'removed', kind: 'contact', id: secondary.id });

      const restored = await adapter.restore(result.restorePoint.token);
      assert.deepEqual(restored.contacts, [
        { ...secondary, version: secondary.version + 1, updatedAt: restored.contacts[0].updatedAt },
      ]);
      const conversations = await adapter.listConversations(secondary.id);
      assert.deepEqual(
        conversations.map(c => c.id),
        ['cv-visitor-2', 'cv-visitor-1'],
      );
      assert.equal((await adapter.listContacts()).total, 2);
      await assertVisitorFinds(adapter, secondary.id);
      await until(() => feed.changes.length >= 4);
      feed.stop();
      assert.deepEqual(
        feed.changes.slice(1, 4).map(c => [c.type, c.action]),
        [
          ['contact', 'restored'],
          ['conversation', 'restored'],
          ['conversation', 'restored'],
        ],
      );
    });

    it('an arrival after a delete makes a new contact, whose identity blocks the restore', async () => {
      const { adapter, secondary } = await twoPeople();
      const { restorePoint } = await adapter.deleteContact(secondary.id, {
        expectedVersion: secondary.version,
      });
      const arrival = await adapter.resolveConversation({
        channel: 'webchat',
        address: 'visitor-7',
        displayName: 'Visitor 7 again',
      });
      assert.equal(arrival.outcome, 'created');
      assert.notEqual(arrival.contact.id, secondary.id);
      const error = await rejection(adapter.restore(restorePoint.token));
      assert.equal(error.code, 'duplicate');
      assert.equal(error.existingId, arrival.contact.id);
      assert.equal((await rejection(adapter.getContact(secondary.id))).code, 'not-found');
    });

    it('deletes a company, unlinking its contacts, and restores the links still free', async () => {
      const { account, adapter, company, primary, secondary } = await twoPeople();
      const linked = await adapter.updateContact(
        secondary.id,
        { companyId: company.id },
        { expectedVersion: secondary.version },
      );
      const stale = await rejection(
        adapter.deleteCompany(company.id, { expectedVersion: company.version + 1 }),
      );
      assert.equal(stale.code, 'conflict');
      const feed = await recordChanges(store, account);
      const { restorePoint } = await adapter.deleteCompany(company.id, {
        expectedVersion: company.version,
      });
      assert.equal((await rejection(adapter.getCompany(company.id))).code, 'not-found');
      assert.equal((await adapter.listCompanies()).total, 0);
      const ana = await adapter.getContact(primary.id);
      assert.equal(ana.companyId, undefined);
      assert.equal(ana.version, primary.version + 1);
      const visitor = await adapter.getContact(secondary.id);
      assert.equal(visitor.companyId, undefined);
      await until(() => feed.changes.length >= 3);
      assert.deepEqual(feed.changes[0], { type: 'removed', kind: 'company', id: company.id });
      assert.deepEqual(
        feed.changes
          .slice(1)
          .map(c => c.contact.id)
          .sort(),
        [primary.id, secondary.id].sort(),
      );
      // Meanwhile the visitor joins another company: that link is kept.
      const other = await adapter.createCompany(
        { name: 'Other' },
        { idempotencyKey: randomUUID() },
      );
      await adapter.updateContact(
        visitor.id,
        { companyId: other.id },
        { expectedVersion: visitor.version },
      );
      const restored = await adapter.restore(restorePoint.token);
      assert.deepEqual(restored.companies, [
        { ...company, version: company.version + 1, updatedAt: restored.companies[0].updatedAt },
      ]);
      assert.deepEqual(ids(restored.contacts), [primary.id]);
      assert.equal((await adapter.getContact(primary.id)).companyId, company.id);
      assert.equal((await adapter.getContact(secondary.id)).companyId, other.id);
      assert.equal(linked.companyId, company.id);
      assert.equal((await adapter.listCompanies()).total, 2);
      await until(() => feed.changes.length >= 7);
      feed.stop();
      assert.deepEqual(
        feed.changes.slice(5).map(c => [c.type, c.action]),
        [
          ['company', 'restored'],
          ['contact', 'updated'],
        ],
      );
    });

    it('refuses unknown and expired tokens; purge drops expired points', async () => {
      const { adapter, secondary } = await twoPeople();
      assert.equal((await rejection(adapter.restore('rp_unknown'))).code, 'not-found');
      const { restorePoint } = await adapter.deleteContact(secondary.id, {
        expectedVersion: secondary.version,
      });
      const { rows } = await store.db.query(
        'SELECT count(*)::int AS n FROM restore_points WHERE token = $1',
        [restorePoint.token],
      );
      assert.equal(rows[0].n, 1);
      const start = clock.ms;
      clock.ms = Date.parse(restorePoint.expiresAt);
      try {
        assert.equal((await rejection(adapter.restore(restorePoint.token))).code, 'not-found');
        await store.purge();
        const left = await store.db.query(
          'SELECT count(*)::int AS n FROM restore_points WHERE token = $1',
          [restorePoint.token],
        );
        assert.equal(left.rows[0].n, 0);
      } finally {
        clock.ms = start;
      }
      assert.equal((await rejection(adapter.restore(restorePoint.token))).code, 'not-found');
    });
  });
}

semantics('PgStore on PGlite', options => createPgStore(options));
if (process.env.DATABASE_URL || canStartPostgres) {
  semantics('PgStore on PostgreSQL', async options =>
    createPgStore({ connectionString: (await postgresUrl()).url, ...options }),
  );
}

// ---- Two processes ------------------------------------------------------------------------------

/** Merges through `worker` until it goes through, reading the versions again after a conflict. */
async function mergeUntilDone(worker, account, primaryId, secondaryId, choices = {}) {
  const key = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const [primary, secondary] = await Promise.all([
      worker.call('get', { account, id: primaryId }),
      worker.call('get', { account, id: secondaryId }),
    ]);
    try {
      const result = await worker.call('merge', {
        account,
        primaryId,
        secondaryId,
        choices,
        key: `${key}-${attempt}`,
        versions: { primary: primary.version, secondary: secondary.version },
      });
      return { result, attempts: attempt };
    } catch (error) {
      if (error.code !== 'conflict' || attempt >= 50) throw error;
    }
  }
}

const skipProcesses =
  process.env.DATABASE_URL || canStartPostgres ? false : 'PostgreSQL 15 binaries not installed';

describe(
  'a merge racing other writes, over two store processes',
  { skip: skipProcesses, timeout: 120_000 },
  () => {
    let workers;
    let local;

    before(async () => {
      const { url } = await postgresUrl();
      workers = [spawnWorker(url), spawnWorker(url)];
      await Promise.all(workers.map(worker => worker.started));
      local = await createPgStore({ connectionString: url });
    });

    after(async () => {
      await stopWorkers(workers ?? []);
      await local?.close();
    });

    it('a merge racing 10 arrivals on the secondary leaves one contact with every conversation', async () => {
      for (let round = 0; round < 3; round++) {
        const account = `account-${randomUUID()}`;
        const adapter = local.forAccount(account);
        const primary = (
          await adapter.resolveConversation({
            channel: 'whatsapp',
            address: '+55 11 95555-0001',
            email: 'bia@example.com',
            conversationId: 'cv-primary',
          })
        ).contact;
        const secondary = (
          await adapter.resolveConversation({
            channel: 'webchat',
            address: 'visitor-race',
            conversationId: 'cv-secondary',
          })
        ).contact;
        const arrivals = Array.from({ length: 10 }, (_, i) =>
          workers[i % 2].call('resolve', {
            account,
            arrival: {
              channel: 'webchat',
              address: 'visitor-race',
              conversationId: `cv-race-${i}`,
            },
          }),
        );
        const merging = mergeUntilDone(workers[round % 2], account, primary.id, secondary.id);
        const [results, merged] = await Promise.all([Promise.all(arrivals), merging]);
        for (const result of results) {
          assert.ok([primary.id, secondary.id].includes(result.contact.id));
        }

        const contacts = await allContacts(adapter);
        assert.deepEqual(ids(contacts), [primary.id]);
        const error = await rejection(adapter.getContact(secondary.id));
        assert.equal(error.mergedInto, primary.id);
        const conversations = await adapter.listConversations(primary.id, { limit: 100 });
        assert.deepEqual(
          ids(conversations),
          [
            'cv-primary',
            'cv-secondary',
            ...Array.from({ length: 10 }, (_, i) => `cv-race-${i}`),
          ].sort(),
        );
        const { rows } = await local.db.query(
          'SELECT DISTINCT contact_id FROM identities WHERE account_id = $1',
          [account],
        );
        assert.deepEqual(
          rows.map(row => row.contact_id),
          [primary.id],
        );
        const final = await adapter.getContact(primary.id);
        assert.ok(final.version >= merged.result.contact.version);
        const again = await workers[1].call('resolve', {
          account,
          arrival: { channel: 'webchat', address: 'visitor-race' },
        });
        assert.equal(again.contact.id, primary.id);
      }
    });

    it('a merge racing an edit of the primary: the edit lands on the merged contact or conflicts', async () => {
      const outcomes = new Set();
      for (let round = 0; round < 6; round++) {
        const account = `account-${randomUUID()}`;
        const adapter = local.forAccount(account);
        const primary = await adapter.createContact(
          { name: 'Caio Primary', email: 'caio@example.com' },
          { idempotencyKey: randomUUID() },
        );
        const secondary = await adapter.createContact(
          { name: 'Caio Secondary', phone: '+55 11 94444-0001' },
          { idempotencyKey: randomUUID() },
        );
        const [edit, merge] = await Promise.allSettled([
          workers[round % 2].call('update', {
            account,
            id: primary.id,
            patch: { name: 'Caio Edited' },
            version: primary.version,
          }),
          workers[(round + 1) % 2].call('merge', {
            account,
            primaryId: primary.id,
            secondaryId: secondary.id,
            key: randomUUID(),
            versions: { primary: primary.version, secondary: secondary.version },
          }),
        ]);
        assert.ok(edit.status === 'fulfilled' || merge.status === 'fulfilled', 'one goes through');
        if (edit.status === 'rejected') assert.equal(edit.reason.code, 'conflict');
        if (merge.status === 'rejected') {
          assert.equal(merge.reason.code, 'conflict');
          assert.equal(merge.reason.currentVersion, primary.version + 1);
          await mergeUntilDone(workers[0], account, primary.id, secondary.id);
        }
        outcomes.add(`${edit.status}/${merge.status}`);
        const final = await adapter.getContact(primary.id);
        assert.equal(final.name, edit.status === 'fulfilled' ? 'Caio Edited' : 'Caio Primary');
        assert.equal(final.email, 'caio@example.com');
        assert.equal(final.phone, '+5511944440001');
        assert.equal(final.version, primary.version + (edit.status === 'fulfilled' ? 2 : 1));
        assert.deepEqual(ids(await allContacts(adapter)), [primary.id]);
        assert.equal((await adapter.listContacts()).total, 1);
      }
      assert.ok(outcomes.size >= 1);
    });

    it('a company delete racing links to it leaves no contact linked to a missing company', async () => {
      const account = `account-${randomUUID()}`;
      const adapter = local.forAccount(account);
      const company = await adapter.createCompany(
        { name: 'Racing Co' },
        { idempotencyKey: randomUUID() },
      );
      const contacts = [];
      for (let i = 0; i < 8; i++) {
        contacts.push(
          await adapter.createContact(
            { name: `Linker ${i}`, email: `linker${i}@example.com` },
            { idempotencyKey: randomUUID() },
          ),
        );
      }
      const [deleted, ...links] = await Promise.allSettled([
        workers[0].call('deleteCompany', { account, id: company.id, version: company.version }),
        ...contacts.map((contact, i) =>
          workers[i % 2].call('update', {
            account,
            id: contact.id,
            patch: { companyId: company.id },
            version: contact.version,
          }),
        ),
      ]);
      assert.equal(deleted.status, 'fulfilled');
      for (const link of links) {
        if (link.status === 'rejected') assert.equal(link.reason.code, 'validation');
      }
      const linked = await adapter.listContacts({ companyId: company.id });
      assert.equal(linked.total, 0, 'no contact keeps a link to the deleted company');
      const { contacts: relinked } = await adapter.restore(deleted.value.restorePoint.token);
      const wereLinked = links.filter(link => link.status === 'fulfilled').length;
      assert.equal(relinked.length, wereLinked);
      assert.equal((await adapter.listContacts({ companyId: company.id })).total, wereLinked);
    });

    it('a restore racing an arrival on the secondary gives the identity one owner', async () => {
      const account = `account-${randomUUID()}`;
      const adapter = local.forAccount(account);
      const primary = await adapter.createContact(
        { name: 'Duda', email: 'duda@example.com' },
        { idempotencyKey: randomUUID() },
      );
      const secondary = (
        await adapter.resolveConversation({ channel: 'webchat', address: 'visitor-duda' })
      ).contact;
      const { result } = await mergeUntilDone(workers[0], account, primary.id, secondary.id);
      const [restored, ...arrived] = await Promise.all([
        workers[0].call('restore', { account, token: result.restorePoint.token }),
        ...Array.from({ length: 6 }, (_, i) =>
          workers[i % 2].call('resolve', {
            account,
            arrival: {
              channel: 'webchat',
              address: 'visitor-duda',
              conversationId: `cv-duda-${i}`,
            },
          }),
        ),
      ]);
      assert.equal(restored.contacts[0].id, secondary.id);
      const { rows } = await local.db.query(
        `SELECT contact_id FROM identities WHERE account_id = $1 AND channel = 'webchat'`,
        [account],
      );
      assert.deepEqual(
        rows.map(row => row.contact_id),
        [secondary.id],
      );
      const total =
        (await adapter.listConversations(primary.id, { limit: 100 })).length +
        (await adapter.listConversations(secondary.id, { limit: 100 })).length;
      assert.equal(total, arrived.length, 'every conversation on one of the two');
      assert.equal((await adapter.listContacts()).total, 2);
    });
  },
);

describe('the change feed', () => {
  it('delivers ids in numeric order, once each, across 9 to 10', async () => {
    const store = await createPgStore();
    try {
      const adapter = store.forAccount('feed-order');
      for (let i = 0; i < 12; i++) {
        await adapter.createContact(
          { name: `Person ${i}`, email: `person${i}@example.com` },
          { idempotencyKey: `feed-order-${i}` },
        );
      }
      const seen = [];
      const stop = await store.changes('feed-order', '0', ({ id }) => seen.push(Number(id)));
      await until(() => seen.length >= 12);
      stop();
      assert.deepEqual(
        seen,
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
    } finally {
      await store.close();
    }
  });
});
