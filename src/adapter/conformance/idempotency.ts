/** A create repeated with one idempotency key, in turn or overlapping, makes one record. */
import type { ContactsAdapter } from '../types.js';
import { newIdempotencyKey } from '../util.js';
import { equal } from './assert.js';
import { countCompanies, countContacts } from './fixtures.js';
import type { Suite } from './harness.js';

type Create = (adapter: ContactsAdapter, idempotencyKey: string) => Promise<{ id: string }>;

const contact: Create = (adapter, idempotencyKey) =>
  adapter.createContact({ name: 'Ana', email: 'ana@example.com' }, { idempotencyKey });
const company: Create = (adapter, idempotencyKey) =>
  adapter.createCompany({ name: 'Acme', domain: 'acme.com' }, { idempotencyKey });

const REPEATS = [
  {
    title: 'createContact with a repeated idempotency key returns the first contact',
    create: contact,
    count: countContacts,
    records: 'contacts',
    overlapping: false,
  },
  {
    title: 'overlapping creates with one idempotency key give one contact',
    create: contact,
    count: countContacts,
    records: 'contacts',
    overlapping: true,
  },
  {
    title: 'createCompany with a repeated idempotency key returns the first company',
    create: company,
    count: countCompanies,
    records: 'companies',
    overlapping: false,
  },
] as const;

export function idempotency({ describe, test }: Suite): void {
  describe('idempotent creates', () => {
    for (const { title, create, count, records, overlapping } of REPEATS) {
      test(title, async adapter => {
        const key = newIdempotencyKey();
        const [first, second] = overlapping
          ? await Promise.all([create(adapter, key), create(adapter, key)])
          : [await create(adapter, key), await create(adapter, key)];
        const how = overlapping ? 'overlapping' : 'repeated';
        equal(second.id, first.id, `id of the ${how} create`);
        equal(await count(adapter), 1, `${records} after ${how} creates`);
      });
    }
  });
}
