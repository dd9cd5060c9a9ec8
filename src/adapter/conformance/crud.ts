/** Creating, reading and updating contacts and companies. */
import type { ContactsAdapter } from '../types.js';
import { check, checkDate, checkId, deepEqual, equal, rejectsWith, show } from './assert.js';
import { addCompany, addContact, PHONE_E164, patchContact } from './fixtures.js';
import type { Suite } from './harness.js';

type Call = [what: string, call: (adapter: ContactsAdapter) => Promise<unknown>];

/** Every call that takes an unknown id must reject with not-found. */
async function rejectsUnknownIds(adapter: ContactsAdapter, calls: readonly Call[]) {
  for (const [what, call] of calls) await rejectsWith(call(adapter), 'not-found', what);
}

const UNKNOWN_CONTACT: readonly Call[] = [
  ['getContact(unknown)', a => a.getContact('no-such-contact')],
  [
    'updateContact(unknown)',
    a => a.updateContact('no-such-contact', { name: 'X' }, { expectedVersion: 1 }),
  ],
  ['listConversations(unknown)', a => a.listConversations('no-such-contact')],
  ['startConversation(unknown)', a => a.startConversation('no-such-contact', 'whatsapp')],
];

const UNKNOWN_COMPANY: readonly Call[] = [
  ['getCompany(unknown)', a => a.getCompany('no-such-company')],
  [
    'updateCompany(unknown)',
    a => a.updateCompany('no-such-company', { name: 'X' }, { expectedVersion: 1 }),
  ],
];

export function contacts({ describe, test }: Suite): void {
  describe('contacts', () => {
    test('createContact returns a stored record with id, version 1, timestamps and normalised values', async adapter => {
      const created = await addContact(adapter, {
        name: '  Ana Souza ',
        email: '  Ana.Souza@Example.COM ',
        phone: '(11) 98765-4321',
      });
      checkId(created.id, 'id');
      equal(created.name, 'Ana Souza', 'name (trimmed)');
      equal(created.email, 'ana.souza@example.com', 'email (trimmed and lower-cased)');
      equal(created.phone, PHONE_E164, 'phone (E.164 with the default country BR)');
      equal(created.version, 1, 'version of a new contact');
      checkDate(created.createdAt, 'createdAt');
      checkDate(created.updatedAt, 'updatedAt');
      check(Array.isArray(created.identities), 'identities should be an array');
      check(Array.isArray(created.pendingActions), 'pendingActions should be an array');
      equal(created.pendingActions.length, 0, 'pending actions of a contact with an email');
      check(
        ['channel', 'agent', 'import', 'api'].includes(created.nameSource),
        `nameSource should be channel, agent, import or api, got ${show(created.nameSource)}`,
      );
      deepEqual(await adapter.getContact(created.id), created, 'getContact after createContact');
    });

    test('createContact keeps the nameSource it is given', async adapter => {
      const created = await addContact(adapter, {
        name: 'Imported Person',
        email: 'imported@example.com',
        nameSource: 'import',
      });
      equal(created.nameSource, 'import', 'nameSource');
    });

    test('createContact links a contact to an existing company', async adapter => {
      const company = await addCompany(adapter, { name: 'Acme' });
      const created = await addContact(adapter, {
        name: 'Ana',
        email: 'ana@example.com',
        companyId: company.id,
      });
      equal(created.companyId, company.id, 'companyId');
      equal(
        (await adapter.getContact(created.id)).companyId,
        company.id,
        'companyId after getContact',
      );
    });

    test('updateContact applies the patch, bumps the version and keeps createdAt', async adapter => {
      const created = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
      const updated = await patchContact(adapter, created, {
        name: 'Ana Maria',
        email: ' NEW@Example.com ',
        phone: '+55 11 98765-4321',
      });
      equal(updated.id, created.id, 'id');
      equal(updated.version, 2, 'version after one update');
      equal(updated.name, 'Ana Maria', 'name');
      equal(updated.nameSource, 'agent', 'nameSource after an update that changes the name');
      equal(updated.email, 'new@example.com', 'email');
      equal(updated.phone, PHONE_E164, 'phone');
      equal(updated.createdAt, created.createdAt, 'createdAt');
      checkDate(updated.updatedAt, 'updatedAt');
      check(
        Date.parse(updated.updatedAt) >= Date.parse(created.updatedAt),
        `updatedAt should not go back in time: ${created.updatedAt} -> ${updated.updatedAt}`,
      );
      deepEqual(await adapter.getContact(created.id), updated, 'getContact after updateContact');
    });

    test('updateContact clears a field with null and leaves absent fields alone', async adapter => {
      const created = await addContact(adapter, {
        name: 'Ana',
        email: 'ana@example.com',
        phone: '(11) 98765-4321',
      });
      const updated = await patchContact(adapter, created, { phone: null });
      equal(updated.phone, undefined, 'phone after clearing it with null');
      equal(updated.email, 'ana@example.com', 'email (not in the patch)');
      equal(updated.name, 'Ana', 'name (not in the patch)');
      equal(updated.version, 2, 'version');
    });

    test('each update bumps the version by one', async adapter => {
      let contact = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
      for (const name of ['Ana B', 'Ana C', 'Ana D']) {
        contact = await patchContact(adapter, contact, { name });
      }
      equal(contact.version, 4, 'version after three updates');
      equal(
        (await adapter.getContact(contact.id)).version,
        4,
        'stored version after three updates',
      );
    });

    test('returned records are copies the caller may change', async adapter => {
      const created = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
      created.name = 'Changed by the caller';
      created.identities.push({ channel: 'sms', address: '+15555550100' });
      const fetched = await adapter.getContact(created.id);
      equal(fetched.name, 'Ana', 'stored name after the caller changed its copy');
      equal(fetched.identities.length, 0, 'stored identities after the caller changed its copy');
    });

    test('unknown contact ids reject with not-found', adapter =>
      rejectsUnknownIds(adapter, UNKNOWN_CONTACT));
  });
}

export function companies({ describe, test }: Suite): void {
  describe('companies', () => {
    test('createCompany returns a stored record with a normalised domain', async adapter => {
      const created = await addCompany(adapter, {
        name: ' Acme ',
        domain: 'https://www.ACME.com.br/contato',
      });
      checkId(created.id, 'id');
      equal(created.name, 'Acme', 'name (trimmed)');
      equal(created.domain, 'acme.com.br', 'domain (host only, lower-cased, without www.)');
      equal(created.version, 1, 'version of a new company');
      checkDate(created.createdAt, 'createdAt');
      checkDate(created.updatedAt, 'updatedAt');
      deepEqual(await adapter.getCompany(created.id), created, 'getCompany after createCompany');
    });

    test('updateCompany applies the patch and bumps the version', async adapter => {
      const created = await addCompany(adapter, { name: 'Acme', domain: 'acme.com' });
      const renamed = await adapter.updateCompany(
        created.id,
        { name: 'Acme Corp', domain: 'ACME.io' },
        { expectedVersion: 1 },
      );
      equal(renamed.version, 2, 'version after one update');
      equal(renamed.name, 'Acme Corp', 'name');
      equal(renamed.domain, 'acme.io', 'domain');
      equal(renamed.createdAt, created.createdAt, 'createdAt');
      const cleared = await adapter.updateCompany(
        created.id,
        { domain: null },
        { expectedVersion: 2 },
      );
      equal(cleared.domain, undefined, 'domain after clearing it with null');
      equal(cleared.version, 3, 'version after two updates');
      deepEqual(await adapter.getCompany(created.id), cleared, 'getCompany after updateCompany');
    });

    test('unknown company ids reject with not-found', adapter =>
      rejectsUnknownIds(adapter, UNKNOWN_COMPANY));
  });
}
