/**
 * Account isolation and idempotency keys, on PGlite: another account's ids are not found and its
 * records never appear; claims of idempotency keys follow the contract's states.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadStoreBundle } from './support/build.mjs';

const { createPgStore } = await loadStoreBundle();

async function rejectsWith(promise, code) {
  await assert.rejects(promise, error => {
    assert.equal(error.code, code, `${error.name}: ${error.message}`);
    return true;
  });
}

describe('account isolation', () => {
  let store;
  let mine;
  let theirs;
  let theirsId;
  let records;

  before(async () => {
    store = await createPgStore();
    mine = store.forAccount(`account-${randomUUID()}`);
    theirsId = `account-${randomUUID()}`;
    theirs = store.forAccount(theirsId);
    const company = await theirs.createCompany(
      { name: 'Acme', domain: 'acme.com' },
      { idempotencyKey: 'shared-key' },
    );
    const contact = await theirs.createContact(
      {
        name: 'Ana Souza',
        email: 'ana@example.com',
        phone: '+55 11 98765-4321',
        companyId: company.id,
      },
      { idempotencyKey: 'shared-key' },
    );
    const arrival = await theirs.resolveConversation({
      channel: 'instagram',
      address: '@ana',
      displayName: 'Ana',
      conversationId: 'cv-1',
    });
    records = { company, contact, arrival };
  });

  after(() => store?.close());

  it('another account’s ids are not found, for every read and write', async () => {
    const { company, contact } = records;
    await rejectsWith(mine.getContact(contact.id), 'not-found');
    await rejectsWith(mine.getCompany(company.id), 'not-found');
    await rejectsWith(
      mine.updateContact(contact.id, { name: 'X' }, { expectedVersion: contact.version }),
      'not-found',
    );
    await rejectsWith(
      mine.updateCompany(company.id, { name: 'X' }, { expectedVersion: company.version }),
      'not-found',
    );
    await rejectsWith(mine.listConversations(contact.id), 'not-found');
    await rejectsWith(mine.startConversation(contact.id, 'email'), 'not-found');
    assert.equal(await mine.positionOf('contact', contact.id), null);
    assert.equal(await mine.positionOf('company', company.id), null);
    // Nothing changed on their side.
    assert.deepEqual(await theirs.getContact(contact.id), contact);
  });

  it('another account’s records never appear in lists, searches or exact lookups', async () => {
    for (const query of [
      {},
      { search: 'ana' },
      { search: '98765' },
      { email: 'ana@example.com' },
      { phone: '+5511987654321' },
      { pending: true },
      { companyId: records.company.id },
    ]) {
      const page = await mine.listContacts(query);
      assert.deepEqual([page.items, page.total], [[], 0], JSON.stringify(query));
    }
    for (const query of [{}, { search: 'acme' }, { domain: 'acme.com' }]) {
      const page = await mine.listCompanies(query);
      assert.deepEqual([page.items, page.total], [[], 0], JSON.stringify(query));
    }
    assert.equal((await theirs.listContacts({ search: 'ana' })).total, 2);
  });

  it('uniqueness, idempotency keys and arrivals are per account', async () => {
    const company = await mine.createCompany(
      { name: 'Acme', domain: 'acme.com' },
      { idempotencyKey: 'shared-key' },
    );
    assert.notEqual(company.id, records.company.id);
    await rejectsWith(
      mine.createContact(
        { name: 'Ana', email: 'ana@example.com', companyId: records.company.id },
        { idempotencyKey: randomUUID() },
      ),
      'validation',
    );
    const contact = await mine.createContact(
      { name: 'Ana', email: 'ana@example.com', phone: '+55 11 98765-4321' },
      { idempotencyKey: 'shared-key' },
    );
    assert.notEqual(contact.id, records.contact.id);
    const arrival = await mine.resolveConversation({
      channel: 'instagram',
      address: '@ana',
      conversationId: 'cv-1',
    });
    assert.equal(arrival.outcome, 'created');
    assert.notEqual(arrival.contact.id, records.arrival.contact.id);
    // Their conversation cv-1 still belongs to their contact.
    const theirConversations = await theirs.listConversations(records.arrival.contact.id);
    assert.deepEqual(
      theirConversations.map(c => c.id),
      ['cv-1'],
    );
  });

  it('changes are delivered only to the account that made them', async () => {
    const account = `account-${randomUUID()}`;
    const other = `account-${randomUUID()}`;
    const seen = [];
    const stop = await store.changes(other, undefined, change => seen.push(change));
    const seenMine = [];
    const stopMine = await store.changes(account, undefined, change => seenMine.push(change));
    await store
      .forAccount(account)
      .createContact({ name: 'Bia', email: 'bia@example.com' }, { idempotencyKey: randomUUID() });
    const marker = await store
      .forAccount(other)
      .createContact({ name: 'Caio', email: 'caio@example.com' }, { idempotencyKey: randomUUID() });
    while (!seen.length || !seenMine.length) await new Promise(resolve => setTimeout(resolve, 10));
    stop();
    stopMine();
    assert.deepEqual(
      seen.map(c => c.change.contact.id),
      [marker.id],
    );
    assert.equal(seenMine.length, 1);
    assert.equal(seenMine[0].change.contact.name, 'Bia');
  });
});

describe('idempotency keys', () => {
  let store;
  before(async () => {
    store = await createPgStore();
  });
  after(() => store?.close());

  it('a key is claimed once; the same body while running is in flight, another body a mismatch', async () => {
    const { idempotency } = store;
    const account = `account-${randomUUID()}`;
    assert.deepEqual(await idempotency.claim(account, 'POST /contacts', 'k1', 'fp-a'), {
      state: 'claimed',
    });
    const again = await idempotency.claim(account, 'POST /contacts', 'k1', 'fp-a');
    assert.equal(again.state, 'in-flight');
    assert.ok(again.retryAfterSeconds >= 1);
    assert.deepEqual(await idempotency.claim(account, 'POST /contacts', 'k1', 'fp-b'), {
      state: 'mismatch',
    });
    // Scoped per account and per route.
    assert.deepEqual(
      await idempotency.claim(`account-${randomUUID()}`, 'POST /contacts', 'k1', 'fp-b'),
      { state: 'claimed' },
    );
    assert.deepEqual(await idempotency.claim(account, 'POST /companies', 'k1', 'fp-b'), {
      state: 'claimed',
    });
  });

  it('a completed key replays its answer; a released key can be claimed again', async () => {
    const { idempotency } = store;
    const account = `account-${randomUUID()}`;
    await idempotency.claim(account, 'POST /contacts', 'k1', 'fp');
    const response = { status: 201, body: { id: 'ct_1', name: 'Ana' }, headers: { etag: '"1"' } };
    await idempotency.complete(account, 'POST /contacts', 'k1', response);
    assert.deepEqual(await idempotency.claim(account, 'POST /contacts', 'k1', 'fp'), {
      state: 'done',
      response,
    });
    assert.deepEqual(await idempotency.claim(account, 'POST /contacts', 'k1', 'other'), {
      state: 'mismatch',
    });
    await idempotency.claim(account, 'POST /contacts', 'k2', 'fp');
    await idempotency.release(account, 'POST /contacts', 'k2');
    assert.deepEqual(await idempotency.claim(account, 'POST /contacts', 'k2', 'fp'), {
      state: 'claimed',
    });
  });

  it('an abandoned claim is taken over, and an expired key is free again', async () => {
    const account = `account-${randomUUID()}`;
    const abandoning = await createPgStore({ inFlightTimeoutMs: 0 });
    try {
      await abandoning.idempotency.claim(account, 'POST /contacts', 'k', 'fp');
      assert.deepEqual(await abandoning.idempotency.claim(account, 'POST /contacts', 'k', 'fp'), {
        state: 'claimed',
      });
    } finally {
      await abandoning.close();
    }
    const forgetting = await createPgStore({ idempotencyRetentionMs: 0 });
    try {
      await forgetting.idempotency.claim(account, 'POST /contacts', 'k', 'fp');
      await forgetting.idempotency.complete(account, 'POST /contacts', 'k', {
        status: 201,
        body: {},
      });
      assert.deepEqual(
        await forgetting.idempotency.claim(account, 'POST /contacts', 'k', 'other'),
        { state: 'claimed' },
      );
      // Expiry is by the database's clock: let it move past the last claim before purging.
      await new Promise(resolve => setTimeout(resolve, 20));
      await forgetting.purge();
      const { rows } = await forgetting.db.query('SELECT count(*)::int AS n FROM idempotency_keys');
      assert.equal(rows[0].n, 0);
    } finally {
      await forgetting.close();
    }
  });
});
