import { expect } from '@open-wc/testing';

import { createPersistentAdapter } from '../../src/adapter/persist/indexeddb.js';
import { generateDataset } from '../../src/adapter/seed/generate.js';
import { newIdempotencyKey } from '../../src/adapter/util.js';
import { normalizeEmail } from '../../src/model/email.js';
import { parsePhone } from '../../src/model/phone.js';
import { KNOWN_CHANNELS } from '../../src/model/types.js';

describe('generateDataset', () => {
  const data = generateDataset({ contacts: 2000 });

  it('is deterministic for the same options', () => {
    expect(generateDataset({ contacts: 2000 })).to.deep.equal(data);
    expect(generateDataset({ contacts: 2000, seed: 7 }).contacts[0]).not.to.deep.equal(
      data.contacts[0],
    );
  });

  it('stores only normalised, unique emails and phones', async () => {
    const emails = new Set<string>();
    const phones = new Set<string>();
    for (const contact of data.contacts) {
      if (contact.email) {
        expect(normalizeEmail(contact.email), contact.email).to.equal(contact.email);
        expect(emails.has(contact.email), `duplicate ${contact.email}`).to.be.false;
        emails.add(contact.email);
      }
      if (contact.phone) {
        const parsed = await parsePhone(contact.phone);
        expect(parsed, contact.phone).to.deep.include({ ok: true, e164: contact.phone });
        expect(phones.has(contact.phone), `duplicate ${contact.phone}`).to.be.false;
        phones.add(contact.phone);
      }
    }
  });

  it('covers every channel, non-Latin names and pending contacts', () => {
    const channels = new Set(data.contacts.flatMap(c => c.identities.map(i => i.channel)));
    expect([...channels].sort()).to.deep.equal([...KNOWN_CHANNELS].sort());
    expect(
      data.contacts.some(c => /[\u0600-\u06ff]/.test(c.name)),
      'Arabic',
    ).to.be.true;
    expect(
      data.contacts.some(c => /[\u3040-\u30ff\u4e00-\u9fff]/.test(c.name)),
      'Japanese',
    ).to.be.true;
    expect(
      data.contacts.some(c => /[áéíóúãõç]/i.test(c.name)),
      'accented',
    ).to.be.true;
    const pending = data.contacts.filter(c => c.pendingActions.length);
    expect(pending.length).to.be.greaterThan(50);
    for (const c of pending) expect(c.email ?? c.phone, c.id).to.equal(undefined);
  });

  it('gives companies domains and contacts conversations', () => {
    expect(data.companies.filter(c => c.domain).length).to.be.greaterThan(
      data.companies.length / 2,
    );
    const ids = new Set(data.contacts.map(c => c.id));
    expect(data.conversations.length).to.be.greaterThan(1000);
    for (const cv of data.conversations) expect(ids.has(cv.contactId)).to.be.true;
  });
});

describe('createPersistentAdapter', () => {
  const databaseName = `contacts-test-${Date.now()}`;

  after(() => indexedDB.deleteDatabase(databaseName));

  it('seeds an empty database, and a second open sees writes made by the first', async () => {
    const first = await createPersistentAdapter({
      databaseName,
      seed: () => generateDataset({ contacts: 20 }),
    });
    expect((await first.adapter.listContacts()).total).to.equal(20);
    const created = await first.adapter.createContact(
      { name: 'Persisted Person', email: 'persisted@example.com' },
      { idempotencyKey: newIdempotencyKey() },
    );
    await first.flush();
    first.close();

    const second = await createPersistentAdapter({ databaseName, seed: () => ({}) });
    const page = await second.adapter.listContacts({ search: 'persisted' });
    expect(page.items.map(c => c.id)).to.deep.equal([created.id]);
    expect((await second.adapter.listContacts()).total).to.equal(21);
    await second.clear();
    second.close();
  });

  it('keeps a merge and a delete across a reload; their restore points answer not-found after it', async () => {
    const name = `${databaseName}-merge`;
    const first = await createPersistentAdapter({ databaseName: name, seed: () => ({}) });
    const adapter = first.adapter;
    const whatsapp = await adapter.resolveConversation({
      channel: 'whatsapp',
      address: '+55 11 98765-4321',
      displayName: 'Ana',
      conversationId: 'cv-whatsapp',
    });
    const webchat = await adapter.resolveConversation({
      channel: 'webchat',
      address: 'visitor-1',
      displayName: 'Visitor',
      conversationId: 'cv-webchat',
    });
    const gone = await adapter.resolveConversation({
      channel: 'email',
      address: 'gone@example.com',
      conversationId: 'cv-gone',
    });
    const merged = await adapter.mergeContacts(
      whatsapp.contact.id,
      webchat.contact.id,
      {},
      {
        idempotencyKey: newIdempotencyKey(),
        expectedVersions: { primary: 1, secondary: 1 },
      },
    );
    const deleted = await adapter.deleteContact(gone.contact.id, {
      expectedVersion: gone.contact.version,
    });
    await first.flush();
    first.close();

    const second = await createPersistentAdapter({ databaseName: name, seed: () => ({}) });
    const contacts = (await second.adapter.listContacts()).items;
    expect(contacts.map(c => c.id)).to.deep.equal([whatsapp.contact.id]);
    const conversations = await second.adapter.listConversations(whatsapp.contact.id);
    expect(conversations.map(c => c.id).sort()).to.deep.equal(['cv-webchat', 'cv-whatsapp']);
    const again = await second.adapter.resolveConversation({
      channel: 'email',
      address: 'gone@example.com',
      conversationId: 'cv-gone',
    });
    expect(again.outcome).to.equal('created');
    for (const token of [merged.restorePoint.token, deleted.restorePoint.token]) {
      const error = await second.adapter.restore(token).catch((e: unknown) => e);
      expect(error).to.have.property('code', 'not-found');
    }
    await second.clear();
    second.close();
    indexedDB.deleteDatabase(name);
  });
});
