/**
 * importDataset: a generated dataset bulk-imported into one account of the store (on PGlite) reads
 * back exactly as the in-memory adapter serves the same records, counts included, and the imported
 * emails, phones and channel identities are held by the database's rules like created ones.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadBenchBundle } from '../../bench/server/bundle.mjs';

const { createPgStore, importDataset, generateDataset, InMemoryContactsAdapter } =
  await loadBenchBundle();

describe('importDataset', { timeout: 120_000 }, () => {
  const data = generateDataset({ contacts: 400, withConversations: 100, seed: 7 });
  let store;
  let imported;
  let reference;

  before(async () => {
    store = await createPgStore();
    // A batch size that does not divide the counts: the last batch is a short one.
    imported = await importDataset(store, 'acme', data, { batchSize: 150 });
    reference = new InMemoryContactsAdapter({ data: structuredClone(data) });
  });

  after(() => store?.close());

  it('reports what it imported', () => {
    assert.equal(imported.contacts, data.contacts.length);
    assert.equal(imported.companies, data.companies.length);
    assert.equal(imported.conversations, data.conversations.length);
    assert.equal(
      imported.identities,
      data.contacts.reduce((sum, contact) => sum + contact.identities.length, 0),
    );
  });

  it('lists and searches the records as the in-memory adapter does', async () => {
    const adapter = store.forAccount('acme');
    for (const query of [{}, { search: 'mar' }, { search: 'gonç' }, { pending: true }]) {
      const [ours, theirs] = await Promise.all([
        adapter.listContacts({ ...query, limit: 500 }),
        reference.listContacts({ ...query, limit: 500 }),
      ]);
      assert.equal(ours.total, theirs.total, JSON.stringify(query));
      assert.deepEqual(ours.items, theirs.items, JSON.stringify(query));
    }
    const companies = await adapter.listCompanies({ limit: 500 });
    assert.deepEqual(companies.items, (await reference.listCompanies({ limit: 500 })).items);
    // The jump to the last page relies on the kept counts.
    const last = await adapter.listContacts({ offset: data.contacts.length - 10, limit: 50 });
    assert.equal(last.items.length, 10);
    assert.equal(last.total, data.contacts.length);
  });

  it("keeps each contact's conversations, most recent first", async () => {
    const contactId = data.conversations[0].contactId;
    assert.deepEqual(
      await store.forAccount('acme').listConversations(contactId, { limit: 100 }),
      await reference.listConversations(contactId, { limit: 100 }),
    );
  });

  it('holds imported emails and identities like created ones', async () => {
    const adapter = store.forAccount('acme');
    const withEmail = data.contacts.find(contact => contact.email);
    await assert.rejects(
      adapter.createContact(
        { name: 'Someone else', email: withEmail.email },
        { idempotencyKey: 'import-test-1' },
      ),
      error => error.code === 'duplicate' && error.existingId === withEmail.id,
    );
    const [identity] = data.contacts[5].identities;
    const resolved = await adapter.resolveConversation({
      channel: identity.channel,
      address: identity.address,
    });
    assert.equal(resolved.outcome, 'matched');
    assert.equal(resolved.contact.id, data.contacts[5].id);
  });

  it('imports into one account only', async () => {
    const other = await store.forAccount('other').listContacts({});
    assert.equal(other.total, 0);
    assert.deepEqual(other.items, []);
  });
});
