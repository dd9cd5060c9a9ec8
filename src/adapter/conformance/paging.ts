/**
 * Paging by cursor and by offset, in whatever order the adapter declares: every check compares
 * ids and positions against the adapter's own order (read by following its cursors), never
 * against name order, so an adapter listing by activity or serving short pages is held to the
 * same paging promises. Also `positionOf`, when offered, against the positions paging gives.
 */
import type { ContactQuery, ContactsAdapter, RecordKind } from '../types.js';
import { check, deepEqual, equal, show } from './assert.js';
import {
  addCompany,
  addContact,
  checkTotal,
  countContacts,
  idsIn,
  idsOf,
  type Listed,
  listOf,
  sortedIds,
  walk,
} from './fixtures.js';
import { SKIP, type Suite } from './harness.js';

// Created out of name order, with case and accents that a byte-wise sort would misplace.
export const NAMES = [
  'carla Dias',
  'Gabriela Nunes',
  'Ana Souza',
  'Élida Castro',
  'Bruno Lima',
  'Fábio Reis',
  'Daniel Rocha',
] as const;

export async function seedNames(adapter: ContactsAdapter): Promise<Listed[]> {
  const created: Listed[] = [];
  for (const [i, name] of NAMES.entries()) {
    created.push(await addContact(adapter, { name, email: `person${i}@example.com` }));
  }
  return created;
}

export const COMPANY_NAMES = ['Delta', 'alpha', 'Charlie', 'Bravo', 'Echo'] as const;

export async function seedCompanyNames(adapter: ContactsAdapter): Promise<Listed[]> {
  const created: Listed[] = [];
  for (const name of COMPANY_NAMES) created.push(await addCompany(adapter, { name }));
  return created;
}

/** More contacts than a backend that caps its pages at 20 serves at once. */
const MANY = 26;

/** The position of every record of `query`, one page at a time by offset, as the elements jump. */
async function byOffsets(
  adapter: ContactsAdapter,
  kind: RecordKind,
  query: ContactQuery,
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 1; ; n++) {
    const page = await listOf(adapter, kind, { ...query, offset: ids.length, limit });
    const at = `page ${n} at offset ${ids.length} (limit ${limit})`;
    equal(page.offset, ids.length, `${at}: offset`);
    if (page.totalExact === false) {
      check(
        page.total >= ids.length + page.items.length,
        `${at}: a lower bound (totalExact false) of ${page.total}, below the records up to its end`,
      );
    } else if (ids.length >= page.total) {
      equal(page.items.length, 0, `${at}: items at or past the total`);
      return ids;
    }
    check(page.items.length > 0, `${at} is empty while records remain`);
    check(page.items.length <= limit, `${at} holds more items than the limit`);
    ids.push(...idsOf(page));
    check(n <= 1000, 'offset paging still had records after 1000 pages');
  }
}

export function paging({ describe, test }: Suite): void {
  describe('paging, in the adapter’s own order', () => {
    test('the declared order is absent (name order) or a non-empty string', async adapter => {
      const { order } = adapter;
      check(
        order === undefined || (typeof order === 'string' && order.length > 0),
        `order should be absent or a non-empty string such as 'name' or 'activity', got ${show(order)}`,
      );
    });

    test('cursor paging visits every record exactly once', async adapter => {
      const created = await seedNames(adapter);
      const walked = await walk(adapter, 'contact', {}, { limit: 3 });
      deepEqual(sortedIds(walked), sortedIds(created), 'ids across pages of 3');
      checkTotal(await adapter.listContacts({ limit: 3 }), NAMES.length, 'total');
    });

    test('the order is the same whatever the page size, and from one walk to the next', async adapter => {
      await seedNames(adapter);
      const order = idsIn(await walk(adapter, 'contact'));
      for (const limit of [1, 2, 3, 100]) {
        deepEqual(
          idsIn(await walk(adapter, 'contact', {}, { limit })),
          order,
          `ids in order across pages of ${limit}`,
        );
      }
    });

    test('the limit is respected', async adapter => {
      await seedNames(adapter);
      const page = await adapter.listContacts({ limit: 2 });
      check(
        page.items.length >= 1 && page.items.length <= 2,
        `a page with limit 2 should hold 1 or 2 items, got ${page.items.length}`,
      );
      checkTotal(page, NAMES.length, 'total is the whole result, not the page');
      check(page.nextCursor !== null, 'nextCursor should be set when more records follow');
    });

    test('an offset lands at that position of the order, and its cursor continues from there', async adapter => {
      await seedNames(adapter);
      const order = idsIn(await walk(adapter, 'contact'));
      for (let offset = 0; offset < order.length; offset++) {
        const page = await adapter.listContacts({ offset, limit: 2 });
        equal(page.offset, offset, `offset of the page at offset ${offset}`);
        check(page.items.length > 0, `the page at offset ${offset} of ${order.length} is empty`);
        deepEqual(
          idsOf(page),
          order.slice(offset, offset + page.items.length),
          `ids at offset ${offset}`,
        );
        const end = offset + page.items.length;
        equal(page.nextCursor === null, end >= order.length, `last page at offset ${offset}`);
        if (page.nextCursor === null) continue;
        const next = await adapter.listContacts({ cursor: page.nextCursor, limit: 2 });
        equal(next.offset, end, `offset of the page after the one at offset ${offset}`);
        deepEqual(
          idsOf(next),
          order.slice(end, end + next.items.length),
          `ids after the cursor of the page at offset ${offset}`,
        );
      }
      const last = await adapter.listContacts({ offset: order.length - 1, limit: 5 });
      deepEqual(idsOf(last), [order.at(-1)], 'ids at offset total - 1');
      equal(last.nextCursor, null, 'nextCursor of the last page');
    });

    test('an offset past the end gives an empty page', async adapter => {
      await seedNames(adapter);
      const page = await adapter.listContacts({ offset: 100 });
      equal(page.items.length, 0, 'items');
      equal(page.total, NAMES.length, 'total');
      check(page.totalExact !== false, 'a page past the end is exact (totalExact absent or true)');
      equal(page.nextCursor, null, 'nextCursor');
    });

    test('the cursor wins over the offset', async adapter => {
      await seedNames(adapter);
      const order = idsIn(await walk(adapter, 'contact'));
      const first = await adapter.listContacts({ limit: 2 });
      const next = await adapter.listContacts({ cursor: first.nextCursor, offset: 5, limit: 2 });
      const end = first.items.length;
      equal(next.offset, end, 'offset with both cursor and offset');
      deepEqual(
        idsOf(next),
        order.slice(end, end + next.items.length),
        'ids with both cursor and offset',
      );
    });

    test('cursor paging works within a search', async adapter => {
      const created = await seedNames(adapter);
      // "li" picks two of the seven: Bruno Lima and Élida Castro.
      const expected = created.filter(c => /Lima|Élida/.test(c.name));
      for (const limit of [1, 100]) {
        deepEqual(
          sortedIds(await walk(adapter, 'contact', { search: 'li' }, { limit })),
          sortedIds(expected),
          `ids for search "li" across pages of ${limit}`,
        );
      }
    });

    test('pages shorter than the limit still lead to every record, by cursor and by offset', async adapter => {
      const created: Listed[] = [];
      for (let i = 0; i < MANY; i++) {
        const name = `Person ${String(i).padStart(2, '0')}`;
        created.push(await addContact(adapter, { name, email: `p${i}@example.com` }));
      }
      const order = idsIn(await walk(adapter, 'contact', {}, { limit: 50 }));
      deepEqual([...order].sort(), sortedIds(created), 'ids across cursor pages of 50');
      deepEqual(await byOffsets(adapter, 'contact', {}, 50), order, 'ids across offset pages');
      deepEqual(
        idsIn(await walk(adapter, 'contact', {}, { limit: 7 })),
        order,
        'ids across cursor pages of 7',
      );
    });

    test('a lower-bound total (totalExact false) stays within the matches, and paging reaches them all', async adapter => {
      const created: Listed[] = [];
      for (let i = 0; i < MANY; i++) {
        const name = `Lima ${String(i).padStart(2, '0')}`;
        created.push(await addContact(adapter, { name, email: `lima${i}@example.com` }));
      }
      await addContact(adapter, { name: 'Otto Reis', email: 'otto@example.com' });
      for (const query of [{ search: 'lima' }, {}]) {
        const count = query.search ? MANY : MANY + 1;
        const label = show(query);
        // walk() holds every page to the rules of lower bounds; here, that nothing is missed.
        for (const limit of [1, 4]) {
          const walked = await walk(adapter, 'contact', query, { limit });
          equal(walked.length, count, `records of ${label} by cursor, pages of ${limit}`);
          if (query.search) {
            deepEqual(sortedIds(walked), sortedIds(created), `ids of ${label}`);
          }
          checkTotal(
            await adapter.listContacts({ ...query, limit }),
            count,
            `the first page's total of ${label}, limit ${limit}`,
          );
        }
        const byOffset = await byOffsets(adapter, 'contact', query, 4);
        equal(byOffset.length, count, `records of ${label} by offset`);
        const last = await adapter.listContacts({ ...query, offset: count - 1, limit: 4 });
        equal(last.items.length, 1, `items of the last page of ${label}`);
        check(last.totalExact !== false, `the last page of ${label} is exact`);
        equal(last.total, count, `the last page's total of ${label}`);
        equal(last.nextCursor, null, `nextCursor of the last page of ${label}`);
      }
    });

    test('cursors stay stable while records are created during paging', async adapter => {
      const before = [...(await seedNames(adapter))];
      for (const name of ['Helena Matos', 'Igor Teles', 'Júlia Barros']) {
        before.push(await addContact(adapter, { name, email: `${name[0]}@example.net` }));
      }
      let created = 0;
      const walked = await walk(
        adapter,
        'contact',
        {},
        {
          limit: 3,
          // Names that sort first and last, and so land before and after any cursor of a name
          // order; other orders get records at places of their own.
          between: async page => {
            if (page > 4) return;
            for (const name of [`Aaron ${page}`, `Zoe ${page}`, `Mara ${page}`]) {
              await addContact(adapter, { name, email: `new${created++}@example.org` });
            }
          },
        },
      );
      const seen = new Set(idsIn(walked));
      const missed = before.filter(record => !seen.has(record.id));
      check(
        missed.length === 0,
        `records that existed before paging began were skipped: ${show(missed.map(r => r.name))}`,
      );
      check(created > 0, 'paging should have taken more than one page');
      equal(await countContacts(adapter), before.length + created, 'total after paging');
    });

    test('totals agree with the records paging yields', async adapter => {
      const acme = await addCompany(adapter, { name: 'Acme' });
      await seedNames(adapter);
      for (const name of ['Lia Prado', 'Lívia Melo', 'Otto Lins']) {
        await addContact(adapter, {
          name,
          email: `${name[0]}${name.length}@acme.com`,
          companyId: acme.id,
        });
      }
      await adapter.resolveConversation({
        channel: 'webchat',
        address: 'visitor-totals',
        displayName: 'Visitante',
      });
      const queries: ContactQuery[] = [
        {},
        { search: 'li' },
        { companyId: acme.id },
        { pending: true },
        { pending: false },
        { search: 'zzzz' },
      ];
      for (const query of queries) {
        const first = await adapter.listContacts({ ...query, limit: 1 });
        const walked = await walk(adapter, 'contact', query, { limit: 2 });
        checkTotal(first, walked.length, `the total of ${show(query)} against the records paged`);
      }
      const companies = await walk(adapter, 'company', {}, { limit: 1 });
      equal(companies.length, 1, 'companies paged');
    });

    test('company lists page with cursors and offsets too', async adapter => {
      const created = await seedCompanyNames(adapter);
      const order = idsIn(await walk(adapter, 'company'));
      deepEqual([...order].sort(), sortedIds(created), 'company ids');
      deepEqual(
        idsIn(await walk(adapter, 'company', {}, { limit: 2 })),
        order,
        'company ids across pages of 2',
      );
      deepEqual(await byOffsets(adapter, 'company', {}, 2), order, 'company ids by offset');
      const last = await adapter.listCompanies({ offset: order.length - 1 });
      deepEqual(idsOf(last), [order.at(-1)], 'company at offset total - 1');
      equal(last.nextCursor, null, 'nextCursor of the last company page');
    });
  });

  describe('positionOf, when the adapter offers it', () => {
    test('positionOf gives the position at which paging finds each contact', async adapter => {
      if (!adapter.positionOf) return SKIP;
      const acme = await addCompany(adapter, { name: 'Acme' });
      await seedNames(adapter);
      for (const name of ['Lia Prado', 'Otto Lins']) {
        await addContact(adapter, { name, email: `${name[0]}@acme.com`, companyId: acme.id });
      }
      for (const query of [{}, { search: 'li' }, { companyId: acme.id }] as ContactQuery[]) {
        const order = idsIn(await walk(adapter, 'contact', query, { limit: 2 }));
        for (const [i, id] of order.entries()) {
          equal(
            await adapter.positionOf('contact', id, query),
            i,
            `positionOf the contact at ${i} for ${show(query)}`,
          );
        }
        // Paging fields of the query are ignored.
        if (order.length > 1) {
          equal(
            await adapter.positionOf('contact', order.at(-1)!, { ...query, offset: 1, limit: 1 }),
            order.length - 1,
            `positionOf the last contact for ${show(query)}, with offset and limit set`,
          );
        }
      }
    });

    test('positionOf answers null for a record outside the query or unknown', async adapter => {
      if (!adapter.positionOf) return SKIP;
      const [first] = await seedNames(adapter);
      equal(
        await adapter.positionOf('contact', first!.id, { search: 'zzzz' }),
        null,
        'positionOf a contact the search does not find',
      );
      equal(
        await adapter.positionOf('contact', 'no-such-contact', {}),
        null,
        'positionOf an unknown contact',
      );
      equal(
        await adapter.positionOf('company', first!.id, {}),
        null,
        'positionOf a contact id among companies',
      );
    });

    test('positionOf gives the position at which paging finds each company', async adapter => {
      if (!adapter.positionOf) return SKIP;
      await seedCompanyNames(adapter);
      for (const query of [{}, { search: 'a' }]) {
        const order = idsIn(await walk(adapter, 'company', query, { limit: 2 }));
        for (const [i, id] of order.entries()) {
          equal(
            await adapter.positionOf('company', id, query),
            i,
            `positionOf the company at ${i} for ${show(query)}`,
          );
        }
      }
      const [echo] = idsIn(await walk(adapter, 'company', { search: 'echo' }));
      equal(
        await adapter.positionOf('company', echo!, { search: 'delta' }),
        null,
        'positionOf a company the search does not find',
      );
    });
  });
}
