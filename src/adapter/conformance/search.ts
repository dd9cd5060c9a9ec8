/** Search and filters: which records a query finds, whatever order the adapter lists them in. */
import { deepEqual, equal, show } from './assert.js';
import {
  addCompany,
  addContact,
  countContacts,
  idsOf,
  PHONE_FORMATS,
  seedCompanies,
  seedPeople,
  sortedIds,
  uniqueSuffix,
  walk,
} from './fixtures.js';
import type { Suite } from './harness.js';

type Person = keyof Awaited<ReturnType<typeof seedPeople>>;

/** Searches that must each find exactly one of the seeded people, and only them. */
const FINDS: readonly { title: string; finds: Person; searches: readonly string[] }[] = [
  {
    title: 'search ignores case and accents in names',
    finds: 'jose',
    searches: ['jose', 'JOSÉ', 'José da', 'SILVA'],
  },
  {
    title: 'search finds contacts by email',
    finds: 'joana',
    searches: ['joana@example', 'JOANA@Example.com'],
  },
  {
    title: 'search finds contacts by phone digits however they are punctuated',
    finds: 'bruno',
    searches: ['98765', '(11) 98765-4321', '+55 11 98765', '11987654321'],
  },
];

export function search({ describe, test }: Suite): void {
  describe('search and filters', () => {
    test('an empty search lists every contact', async adapter => {
      const people = await seedPeople(adapter);
      const page = await adapter.listContacts({ search: '  ' });
      equal(page.total, 4, 'total');
      deepEqual(
        sortedIds(await walk(adapter, 'contact', { search: '  ' })),
        sortedIds(Object.values(people)),
        'ids',
      );
    });

    for (const { title, finds, searches } of FINDS) {
      test(title, async adapter => {
        const expected = (await seedPeople(adapter))[finds];
        for (const search of searches) {
          const page = await adapter.listContacts({ search });
          deepEqual(idsOf(page), [expected.id], `ids found by search ${show(search)}`);
          equal(page.total, 1, `total for search ${show(search)}`);
        }
      });
    }

    test('a search that matches nothing gives an empty page', async adapter => {
      await seedPeople(adapter);
      const page = await adapter.listContacts({ search: 'zzzz' });
      equal(page.total, 0, 'total');
      equal(page.items.length, 0, 'items');
      equal(page.nextCursor, null, 'nextCursor');
    });

    test('the email filter is an exact match on the normalised email', async adapter => {
      const { ana } = await seedPeople(adapter);
      // joana@example.com contains ana@example.com: an exact filter must not return Joana.
      deepEqual(
        idsOf(await adapter.listContacts({ email: ' ANA@Example.COM ' })),
        [ana.id],
        'ids for email filter',
      );
      for (const [email, what] of [
        ['nobody@example.com', 'an unknown email'],
        ['ana@example', 'a partial email'],
      ] as const) {
        equal(await countContacts(adapter, { email }), 0, `total for ${what}`);
      }
    });

    test('the phone filter is an exact match on the normalised phone', async adapter => {
      const { bruno } = await seedPeople(adapter);
      for (const phone of PHONE_FORMATS) {
        deepEqual(
          idsOf(await adapter.listContacts({ phone })),
          [bruno.id],
          `ids for phone filter ${show(phone)}`,
        );
      }
      equal(await countContacts(adapter, { phone: '98765' }), 0, 'total for a partial phone');
    });

    test('the pending filter separates contacts with and without a pending action', async adapter => {
      const people = await seedPeople(adapter);
      const { contact: visitor } = await adapter.resolveConversation({
        channel: 'webchat',
        address: `visitor-${uniqueSuffix()}`,
        displayName: 'Visitante',
      });
      deepEqual(
        idsOf(await adapter.listContacts({ pending: true })),
        [visitor.id],
        'ids with pending: true',
      );
      deepEqual(
        sortedIds(await walk(adapter, 'contact', { pending: false })),
        sortedIds(Object.values(people)),
        'ids with pending: false',
      );
      equal(await countContacts(adapter, { pending: false }), 4, 'total with pending: false');
    });

    test('the companyId filter lists a company’s contacts', async adapter => {
      const acme = await addCompany(adapter, { name: 'Acme' });
      const other = await addCompany(adapter, { name: 'Other' });
      const ana = await addContact(adapter, {
        name: 'Ana',
        email: 'ana@example.com',
        companyId: acme.id,
      });
      const bia = await addContact(adapter, {
        name: 'Bia',
        email: 'bia@example.com',
        companyId: acme.id,
      });
      await addContact(adapter, { name: 'Caio', email: 'caio@example.com', companyId: other.id });
      await addContact(adapter, { name: 'Duda', email: 'duda@example.com' });
      deepEqual(
        sortedIds(await walk(adapter, 'contact', { companyId: acme.id })),
        sortedIds([ana, bia]),
        'ids with companyId filter',
      );
      equal(await countContacts(adapter, { companyId: acme.id }), 2, 'total with companyId filter');
    });

    test('filters combine with search', async adapter => {
      const acme = await addCompany(adapter, { name: 'Acme' });
      const ana = await addContact(adapter, {
        name: 'Ana Souza',
        email: 'ana@example.com',
        companyId: acme.id,
      });
      await addContact(adapter, { name: 'Ana Lima', email: 'lima@example.com' });
      await addContact(adapter, {
        name: 'Bia Souza',
        email: 'bia@example.com',
        companyId: acme.id,
      });
      deepEqual(
        idsOf(await adapter.listContacts({ search: 'ana', companyId: acme.id })),
        [ana.id],
        'ids for search "ana" within the company',
      );
    });

    test('companies are found by name, ignoring case and accents, and by domain', async adapter => {
      const seeded = await seedCompanies(adapter);
      for (const [search, finds] of [
        ['ACME', 'acme'],
        ['industria', 'acido'],
        ['globex.com', 'globex'],
      ] as const) {
        deepEqual(
          idsOf(await adapter.listCompanies({ search })),
          [seeded[finds].id],
          `ids for search ${show(search)}`,
        );
      }
      equal((await adapter.listCompanies({ search: 'zzzz' })).total, 0, 'total for search "zzzz"');
    });

    test('the ids filter lists only the companies asked for, and combines with the others', async adapter => {
      const { acme, acido, globex } = await seedCompanies(adapter);
      const ids = [globex.id, acme.id, `${acme.id}-gone`, acme.id];
      const page = await adapter.listCompanies({ ids });
      deepEqual(sortedIds(page.items), sortedIds([acme, globex]), 'ids listed for the ids asked');
      equal(page.total, 2, 'total for the ids asked (unknown and repeated ids left out)');
      deepEqual(
        idsOf(await adapter.listCompanies({ ids, search: 'globex' })),
        [globex.id],
        'ids for the ids asked and search "globex"',
      );
      equal(
        (await adapter.listCompanies({ ids: [acido.id], domain: 'acme.com.br' })).total,
        0,
        'total for an id and the domain of another company',
      );
      equal((await adapter.listCompanies({ ids: [] })).total, 0, 'total for no ids');
    });

    test('the domain filter is an exact match on the normalised domain', async adapter => {
      const { acme } = await seedCompanies(adapter);
      deepEqual(
        idsOf(await adapter.listCompanies({ domain: 'https://www.ACME.com.br/' })),
        [acme.id],
        'ids for domain filter',
      );
      equal(
        (await adapter.listCompanies({ domain: 'acme.com' })).total,
        0,
        'total for another domain',
      );
    });
  });
}
