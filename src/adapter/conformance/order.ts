/**
 * Name order, checked only for adapters that declare it (`order` absent or `'name'`): the
 * elements binary-search such lists for type-ahead and to reveal a selected record, so the order
 * must be exactly the folded name, ties by id. An adapter that declares another order skips
 * these; the paging checks hold it to a stable order of its own.
 */
import type { ContactsAdapter } from '../types.js';
import { deepEqual, equal } from './assert.js';
import { addContact, seedCompanies, seedPeople, walk } from './fixtures.js';
import { SKIP, type Suite } from './harness.js';
import { seedCompanyNames, seedNames } from './paging.js';

const SORTED = [
  'Ana Souza',
  'Bruno Lima',
  'carla Dias',
  'Daniel Rocha',
  'Élida Castro',
  'Fábio Reis',
  'Gabriela Nunes',
];

const namesIn = (records: readonly { name: string }[]) => records.map(record => record.name);

function nameOrdered(adapter: ContactsAdapter): boolean {
  return adapter.order === undefined || adapter.order === 'name';
}

export function order({ describe, test }: Suite): void {
  describe('name order, when the adapter declares it', () => {
    test('lists are sorted by name, ignoring case and accents', async adapter => {
      if (!nameOrdered(adapter)) return SKIP;
      await seedNames(adapter);
      const page = await adapter.listContacts();
      deepEqual(namesIn(page.items), SORTED.slice(0, page.items.length), 'names on the first page');
      equal(page.offset, 0, 'offset');
      deepEqual(namesIn(await walk(adapter, 'contact')), SORTED, 'names across pages');
    });

    test('pages by cursor and by offset follow name order', async adapter => {
      if (!nameOrdered(adapter)) return SKIP;
      await seedNames(adapter);
      deepEqual(
        namesIn(await walk(adapter, 'contact', {}, { limit: 3 })),
        SORTED,
        'names across pages of 3',
      );
      const middle = await adapter.listContacts({ offset: 3, limit: 2 });
      deepEqual(
        namesIn(middle.items),
        SORTED.slice(3, 3 + middle.items.length),
        'names at offset 3',
      );
    });

    test('records with the same name are ordered by id', async adapter => {
      if (!nameOrdered(adapter)) return SKIP;
      const twins = [];
      for (const [i, name] of ['Maria Silva', 'maria silva', 'María Silva'].entries()) {
        twins.push(await addContact(adapter, { name, email: `maria${i}@example.com` }));
      }
      deepEqual(
        (await walk(adapter, 'contact', {}, { limit: 1 })).map(record => record.id),
        twins.map(twin => twin.id).sort(),
        'ids of contacts whose names fold alike',
      );
    });

    test('search results are sorted by name', async adapter => {
      if (!nameOrdered(adapter)) return SKIP;
      await seedPeople(adapter);
      deepEqual(
        namesIn(await walk(adapter, 'contact', { search: 'example' })),
        ['Ana Souza', 'Joana Prado', 'José da Silva'],
        'names found by "example"',
      );
    });

    test('companies are sorted by name, ignoring case and accents', async adapter => {
      if (!nameOrdered(adapter)) return SKIP;
      await seedCompanies(adapter);
      deepEqual(
        namesIn(await walk(adapter, 'company')),
        ['Ácido Indústria', 'Acme Ltda', 'Globex', 'Initech'],
        'company names',
      );
    });

    test('company pages follow name order', async adapter => {
      if (!nameOrdered(adapter)) return SKIP;
      await seedCompanyNames(adapter);
      deepEqual(
        namesIn(await walk(adapter, 'company', {}, { limit: 2 })),
        ['alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'],
        'company names across pages of 2',
      );
    });
  });
}
