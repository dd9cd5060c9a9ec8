import { expect } from '@open-wc/testing';

import { type ContactsError } from '../../src/adapter/errors.js';
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import { generateDataset } from '../../src/adapter/seed/generate.js';
import type { ContactsAdapter, ContactsChange } from '../../src/adapter/types.js';
import { newIdempotencyKey } from '../../src/adapter/util.js';
import type { Contact, MergeChoices } from '../../src/model/types.js';
import { reshapeAdapter, spyAdapter } from '../../src/testing.js';

const key = () => newIdempotencyKey();
const DAY = 86_400_000;

function versions(primary: Contact, secondary: Contact) {
  return { primary: primary.version, secondary: secondary.version };
}

/** Merges `secondary` into `primary` as they are given, with a fresh key. */
function merge(
  adapter: InMemoryContactsAdapter,
  primary: Contact,
  secondary: Contact,
  choices: MergeChoices = {},
) {
  return adapter.mergeContacts(primary.id, secondary.id, choices, {
    idempotencyKey: key(),
    expectedVersions: versions(primary, secondary),
  });
}

/** A contact named `name` with its own email. */
function person(adapter: InMemoryContactsAdapter, name: string): Promise<Contact> {
  const email = `${name.toLowerCase()}@example.com`;
  return adapter.createContact({ name, email }, { idempotencyKey: key() });
}

async function rejection(promise: Promise<unknown>): Promise<ContactsError> {
  try {
    await promise;
  } catch (error) {
    return error as ContactsError;
  }
  throw new Error('expected a rejection');
}

describe('InMemoryContactsAdapter merge, delete and restore', () => {
  it('keeps restore points for restoreDays by its clock, then answers not-found', async () => {
    let now = Date.parse('2026-03-01T12:00:00.000Z');
    const adapter = new InMemoryContactsAdapter({ now: () => new Date(now), restoreDays: 2 });
    const ana = await person(adapter, 'Ana');
    const bruno = await person(adapter, 'Bruno');
    const deleted = await adapter.deleteContact(ana.id, { expectedVersion: 1 });
    expect(deleted.restorePoint.expiresAt).to.equal('2026-03-03T12:00:00.000Z');
    const merged = await merge(adapter, bruno, await person(adapter, 'Bia'));
    now += 2 * DAY - 1;
    expect((await adapter.restore(deleted.restorePoint.token)).contacts[0]!.id).to.equal(ana.id);
    now += 1;
    const error = await rejection(adapter.restore(merged.restorePoint.token));
    expect(error.code).to.equal('not-found');
    // Restoring an already restored point past its window is not-found as well.
    expect((await rejection(adapter.restore(deleted.restorePoint.token))).code).to.equal(
      'not-found',
    );
  });

  it('keeps lists, search, filters and counts exact through a merge and its restore', async () => {
    const data = generateDataset({ contacts: 2000, seed: 7 });
    const adapter = new InMemoryContactsAdapter({ data });
    const pending = data.contacts.find(c => c.pendingActions.length && !c.email && !c.phone)!;
    const withCompany = data.contacts.find(
      c => c.companyId && c.email && !c.pendingActions.length,
    )!;
    const before = {
      total: (await adapter.listContacts()).total,
      pending: (await adapter.listContacts({ pending: true })).total,
      company: (await adapter.listContacts({ companyId: withCompany.companyId })).total,
      search: (await adapter.listContacts({ search: pending.name })).total,
    };
    const changes: ContactsChange[] = [];
    adapter.subscribe(change => changes.push(change));
    const result = await merge(adapter, withCompany, pending);
    expect(result.contact.pendingActions).to.deep.equal([]);
    expect((await adapter.listContacts()).total).to.equal(before.total - 1);
    expect((await adapter.listContacts({ pending: true })).total).to.equal(before.pending - 1);
    expect((await adapter.listContacts({ companyId: withCompany.companyId })).total).to.equal(
      before.company,
    );
    const searched = await adapter.listContacts({ search: pending.name, limit: 500 });
    expect(searched.items.map(c => c.id)).not.to.include(pending.id);
    expect(await adapter.positionOf('contact', pending.id)).to.equal(null);
    for (const identity of pending.identities) {
      const arrival = await adapter.resolveConversation({
        channel: identity.channel,
        address: identity.address,
      });
      expect(arrival.contact.id).to.equal(withCompany.id);
    }

    await adapter.restore(result.restorePoint.token);
    expect((await adapter.listContacts()).total).to.equal(before.total);
    expect((await adapter.listContacts({ pending: true })).total).to.equal(before.pending);
    expect((await adapter.listContacts({ search: pending.name })).total).to.equal(before.search);
    const position = await adapter.positionOf('contact', pending.id);
    const page = await adapter.listContacts({ offset: position!, limit: 1 });
    expect(page.items[0]!.id).to.equal(pending.id);
    expect(changes.filter(c => c.type === 'removed')).to.have.length(1);
  });

  it('follows merges of merges, and undoes the first while the second stands', async () => {
    const adapter = new InMemoryContactsAdapter();
    const a = await person(adapter, 'A');
    const b = await person(adapter, 'B');
    const c = await person(adapter, 'C');
    const first = await merge(adapter, b, a);
    const second = await merge(adapter, c, first.contact);
    expect((await rejection(adapter.getContact(a.id))).mergedInto).to.equal(c.id);
    expect((await rejection(adapter.getContact(b.id))).mergedInto).to.equal(c.id);
    // Undoing A into B while B is merged into C gives A back from C, where its data went.
    const restored = await adapter.restore(first.restorePoint.token);
    expect(restored.contacts.map(x => x.id)).to.deep.equal([a.id, c.id]);
    expect((await adapter.getContact(a.id)).email).to.equal('a@example.com');
    expect((await rejection(adapter.getContact(b.id))).mergedInto).to.equal(c.id);
    await adapter.restore(second.restorePoint.token);
    expect((await adapter.getContact(b.id)).email).to.equal('b@example.com');
    expect((await adapter.listContacts()).total).to.equal(3);
  });

  it('answers a contact merged into one deleted since as plainly not found', async () => {
    const adapter = new InMemoryContactsAdapter();
    const a = await person(adapter, 'A');
    const b = await person(adapter, 'B');
    const merged = await merge(adapter, b, a);
    await adapter.deleteContact(b.id, { expectedVersion: merged.contact.version });
    const error = await rejection(adapter.getContact(a.id));
    expect(error.code).to.equal('not-found');
    expect(error.mergedInto).to.equal(undefined);
    // Its merge cannot be undone while the contact it went into is gone.
    expect((await rejection(adapter.restore(merged.restorePoint.token))).code).to.equal(
      'not-found',
    );
  });

  it('refuses a company restore whose domain was taken, and restores once it is free', async () => {
    const adapter = new InMemoryContactsAdapter();
    const acme = await adapter.createCompany(
      { name: 'Acme', domain: 'acme.com' },
      { idempotencyKey: key() },
    );
    const deleted = await adapter.deleteCompany(acme.id, { expectedVersion: 1 });
    const other = await adapter.createCompany(
      { name: 'Acme 2', domain: 'acme.com' },
      { idempotencyKey: key() },
    );
    const error = await rejection(adapter.restore(deleted.restorePoint.token));
    expect([error.code, error.existingId, error.field]).to.deep.equal([
      'duplicate',
      other.id,
      'domain',
    ]);
    expect((await adapter.listCompanies()).total).to.equal(1);
    await adapter.updateCompany(other.id, { domain: null }, { expectedVersion: 1 });
    const restored = await adapter.restore(deleted.restorePoint.token);
    expect(restored.companies.map(c => [c.id, c.domain, c.version])).to.deep.equal([
      [acme.id, 'acme.com', 2],
    ]);
  });

  it('refuses merge choices other than primary and secondary, writing nothing', async () => {
    const adapter = new InMemoryContactsAdapter();
    const a = await person(adapter, 'A');
    const b = await person(adapter, 'B');
    const error = await rejection(merge(adapter, a, b, { name: 'both' as never }));
    expect(error.code).to.equal('validation');
    expect((await adapter.listContacts()).total).to.equal(2);
  });
});

describe('test wrappers and merge', () => {
  const METHODS = ['mergeContacts', 'deleteContact', 'deleteCompany', 'restore'] as const;

  it('reshapeAdapter and spyAdapter pass merge, delete and restore through', async () => {
    const inner = new InMemoryContactsAdapter();
    const spy = spyAdapter(reshapeAdapter(inner, { pageCap: 5 }));
    const a = await person(inner, 'A');
    const b = await person(inner, 'B');
    const merged = await spy.mergeContacts!(
      a.id,
      b.id,
      {},
      {
        idempotencyKey: key(),
        expectedVersions: versions(a, b),
      },
    );
    expect(spy.calls.mergeContacts).to.have.length(1);
    expect((await inner.listContacts()).total).to.equal(1);
    spy.loseNextResponse('restore');
    expect((await rejection(spy.restore!(merged.restorePoint.token))).code).to.equal('network');
    // The lost answer's restore went through; the repeat answers with the same records.
    expect((await spy.restore!(merged.restorePoint.token)).contacts).to.have.length(2);
    const deleted = await spy.deleteContact!(b.id, { expectedVersion: 2 });
    expect(deleted.id).to.equal(b.id);
  });

  it('offers none of them over an adapter without them', () => {
    const inner = new InMemoryContactsAdapter();
    const bare = Object.fromEntries(
      (['listContacts', 'getContact', 'createContact', 'updateContact'] as const).map(name => [
        name,
        inner[name].bind(inner),
      ]),
    ) as unknown as ContactsAdapter;
    for (const wrapped of [reshapeAdapter(bare), spyAdapter(bare)]) {
      for (const method of METHODS) expect(wrapped[method], method).to.equal(undefined);
    }
  });
});
