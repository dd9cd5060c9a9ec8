/** A call made with an aborted signal rejects with an abort error and writes nothing. */
import type { Company, Contact } from '../../model/types.js';
import type { ContactsAdapter } from '../types.js';
import { newIdempotencyKey } from '../util.js';
import { deepEqual, equal, rejectsWithAbort } from './assert.js';
import {
  addCompany,
  addContact,
  countCompanies,
  countContacts,
  PHONE_FORMATS,
} from './fixtures.js';
import type { Suite } from './harness.js';

const aborted = () => AbortSignal.abort();

type Records = { contact: Contact; company: Company };

const READS: readonly [string, (adapter: ContactsAdapter, records: Records) => Promise<unknown>][] =
  [
    ['listContacts', a => a.listContacts({}, { signal: aborted() })],
    ['getContact', (a, { contact }) => a.getContact(contact.id, { signal: aborted() })],
    ['listCompanies', a => a.listCompanies({}, { signal: aborted() })],
    ['getCompany', (a, { company }) => a.getCompany(company.id, { signal: aborted() })],
    [
      'listConversations',
      (a, { contact }) => a.listConversations(contact.id, {}, { signal: aborted() }),
    ],
  ];

export function aborts({ describe, test }: Suite): void {
  describe('abort', () => {
    test('reads with an aborted signal reject with an abort error', async adapter => {
      const records = {
        contact: await addContact(adapter, { name: 'Ana', email: 'ana@example.com' }),
        company: await addCompany(adapter, { name: 'Acme' }),
      };
      for (const [what, read] of READS) await rejectsWithAbort(read(adapter, records), what);
    });

    test('createContact with an aborted signal rejects and writes nothing', async adapter => {
      await rejectsWithAbort(
        adapter.createContact(
          { name: 'Ana', email: 'ana@example.com' },
          { idempotencyKey: newIdempotencyKey(), signal: aborted() },
        ),
        'createContact',
      );
      equal(await countContacts(adapter), 0, 'contacts after an aborted create');
    });

    test('updateContact with an aborted signal rejects and changes nothing', async adapter => {
      const contact = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
      await rejectsWithAbort(
        adapter.updateContact(contact.id, { name: 'X' }, { expectedVersion: 1, signal: aborted() }),
        'updateContact',
      );
      deepEqual(await adapter.getContact(contact.id), contact, 'contact after an aborted update');
    });

    test('resolveConversation with an aborted signal rejects and writes nothing', async adapter => {
      await rejectsWithAbort(
        adapter.resolveConversation(
          { channel: 'whatsapp', address: PHONE_FORMATS[0], displayName: 'Zé' },
          { signal: aborted() },
        ),
        'resolveConversation',
      );
      equal(await countContacts(adapter), 0, 'contacts after an aborted resolve');
    });

    test('startConversation with an aborted signal rejects and writes nothing', async adapter => {
      const contact = await addContact(adapter, { name: 'Ana', phone: PHONE_FORMATS[0] });
      await rejectsWithAbort(
        adapter.startConversation(contact.id, 'whatsapp', { signal: aborted() }),
        'startConversation',
      );
      deepEqual(await adapter.listConversations(contact.id), [], 'conversations after the abort');
    });

    test('company writes with an aborted signal reject and write nothing', async adapter => {
      await rejectsWithAbort(
        adapter.createCompany(
          { name: 'Acme' },
          { idempotencyKey: newIdempotencyKey(), signal: aborted() },
        ),
        'createCompany',
      );
      equal(await countCompanies(adapter), 0, 'companies after an aborted create');
      const company = await addCompany(adapter, { name: 'Acme' });
      await rejectsWithAbort(
        adapter.updateCompany(company.id, { name: 'X' }, { expectedVersion: 1, signal: aborted() }),
        'updateCompany',
      );
      deepEqual(await adapter.getCompany(company.id), company, 'company after an aborted update');
    });
  });
}
