/** Search, filters, the sort order, and paging by cursor and by offset. */
import type { Contact } from '../../model/types.js';
import type { ContactsAdapter, Page } from '../types.js';
import { check, deepEqual, equal, show } from './assert.js';
import {
  addCompany,
  addContact,
  allContacts,
  countContacts,
  idsOf,
  namesOf,
  PHONE_FORMATS,
  seedCompanies,
  seedPeople,
  uniqueSuffix,
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

// Created out of order, with case and accents that a byte-wise sort would misplace.
const NAMES = [
  'carla Dias',
  'Gabriela Nunes',
  'Ana Souza',
  'Élida Castro',
  'Bruno Lima',
  'Fábio Reis',
  'Daniel Rocha',
];
const SORTED = [
  'Ana Souza',
  'Bruno Lima',
  'carla Dias',
  'Daniel Rocha',
  'Élida Castro',
  'Fábio Reis',
  'Gabriela Nunes',
];

async function seedNames(adapter: ContactsAdapter): Promise<void> {
  for (const [i, name] of NAMES.entries()) {
    await addContact(adapter, { name, email: `person${i}@example.com` });
  }
}

export function search({ describe, test }: Suite): void {
  describe('search and filters', () => {
    test('an empty search lists every contact', async adapter => {
      await seedPeople(adapter);
      const page = await adapter.listContacts({ search: '  ' });
      equal(page.total, 4, 'total');
      equal(page.items.length, 4, 'items');
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

    test('search results are sorted by name', async adapter => {
      await seedPeople(adapter);
      const page = await adapter.listContacts({ search: 'example' });
      deepEqual(
        namesOf(page),
        ['Ana Souza', 'Joana Prado', 'José da Silva'],
        'names found by "example"',
      );
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
      const without = await adapter.listContacts({ pending: false });
      deepEqual(
        idsOf(without).sort(),
        Object.values(people)
          .map(person => person.id)
          .sort(),
        'ids with pending: false',
      );
      equal(without.total, 4, 'total with pending: false');
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
      const page = await adapter.listContacts({ companyId: acme.id });
      deepEqual(idsOf(page), [ana.id, bia.id], 'ids with companyId filter');
      equal(page.total, 2, 'total with companyId filter');
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

    test('companies are sorted by name', async adapter => {
      await seedCompanies(adapter);
      deepEqual(
        namesOf(await adapter.listCompanies()),
        ['Ácido Indústria', 'Acme Ltda', 'Globex', 'Initech'],
        'company names',
      );
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

export function paging({ describe, test }: Suite): void {
  describe('sorting and paging', () => {
    test('lists are sorted by name, ignoring case and accents', async adapter => {
      await seedNames(adapter);
      const page = await adapter.listContacts();
      deepEqual(namesOf(page), SORTED, 'names');
      equal(page.total, SORTED.length, 'total');
      equal(page.offset, 0, 'offset');
      equal(page.nextCursor, null, 'nextCursor of a single page');
    });

    test('cursor paging visits every record exactly once, in order', async adapter => {
      await seedNames(adapter);
      const names: string[] = [];
      const ids = new Set<string>();
      const sizes: number[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page: Page<Contact> = await adapter.listContacts({ cursor, limit: 3 });
        equal(page.total, SORTED.length, `total on page ${pages + 1}`);
        equal(page.offset, names.length, `offset of page ${pages + 1}`);
        sizes.push(page.items.length);
        for (const contact of page.items) {
          check(!ids.has(contact.id), `${contact.name} appeared on two pages`);
          ids.add(contact.id);
          names.push(contact.name);
        }
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
      equal(cursor, null, 'nextCursor after the last page');
      deepEqual(sizes, [3, 3, 1], 'page sizes with limit 3');
      deepEqual(names, SORTED, 'names across pages');
    });

    test('the limit is respected', async adapter => {
      await seedNames(adapter);
      const page = await adapter.listContacts({ limit: 2 });
      deepEqual(namesOf(page), SORTED.slice(0, 2), 'names with limit 2');
      equal(page.total, SORTED.length, 'total is the whole result, not the page');
      check(page.nextCursor !== null, 'nextCursor should be set when more records follow');
    });

    test('an offset jumps anywhere, and offset = total - 1 gives the last record', async adapter => {
      await seedNames(adapter);
      const last = await adapter.listContacts({ offset: SORTED.length - 1, limit: 5 });
      deepEqual(namesOf(last), [SORTED.at(-1)], 'names at offset total - 1');
      equal(last.offset, SORTED.length - 1, 'offset');
      equal(last.nextCursor, null, 'nextCursor of the last page');
      const middle = await adapter.listContacts({ offset: 3, limit: 2 });
      deepEqual(namesOf(middle), SORTED.slice(3, 5), 'names at offset 3');
      check(middle.nextCursor !== null, 'a page in the middle should have a nextCursor');
      const next = await adapter.listContacts({ cursor: middle.nextCursor, limit: 2 });
      deepEqual(namesOf(next), SORTED.slice(5, 7), 'names after the cursor of the offset page');
    });

    test('an offset past the end gives an empty page', async adapter => {
      await seedNames(adapter);
      const page = await adapter.listContacts({ offset: 100 });
      equal(page.items.length, 0, 'items');
      equal(page.total, SORTED.length, 'total');
      equal(page.nextCursor, null, 'nextCursor');
    });

    test('the cursor wins over the offset', async adapter => {
      await seedNames(adapter);
      const first = await adapter.listContacts({ limit: 2 });
      const next = await adapter.listContacts({ cursor: first.nextCursor, offset: 5, limit: 2 });
      deepEqual(namesOf(next), SORTED.slice(2, 4), 'names with both cursor and offset');
    });

    test('cursor paging works within a search', async adapter => {
      await seedNames(adapter);
      // "li" picks two of the seven: Bruno Lima and Élida Castro.
      const all = await allContacts(adapter, { search: 'li' });
      deepEqual(
        all.map(c => c.name),
        ['Bruno Lima', 'Élida Castro'],
        'names for search "li"',
      );
      const first = await adapter.listContacts({ search: 'li', limit: 1 });
      equal(first.total, 2, 'total for search "li"');
      const second = await adapter.listContacts({
        search: 'li',
        cursor: first.nextCursor,
        limit: 1,
      });
      deepEqual(namesOf(second), ['Élida Castro'], 'second page of search "li"');
      equal(second.nextCursor, null, 'nextCursor of the last search page');
    });

    test('company lists page with cursors and offsets too', async adapter => {
      for (const name of ['Delta', 'alpha', 'Charlie', 'Bravo', 'Echo']) {
        await addCompany(adapter, { name });
      }
      const first = await adapter.listCompanies({ limit: 2 });
      deepEqual(namesOf(first), ['alpha', 'Bravo'], 'first company page');
      equal(first.total, 5, 'total');
      const second = await adapter.listCompanies({ cursor: first.nextCursor, limit: 2 });
      deepEqual(namesOf(second), ['Charlie', 'Delta'], 'second company page');
      const third = await adapter.listCompanies({ cursor: second.nextCursor, limit: 2 });
      deepEqual(namesOf(third), ['Echo'], 'third company page');
      equal(third.nextCursor, null, 'nextCursor of the last company page');
      deepEqual(
        namesOf(await adapter.listCompanies({ offset: 4 })),
        ['Echo'],
        'company at offset total - 1',
      );
    });
  });
}
