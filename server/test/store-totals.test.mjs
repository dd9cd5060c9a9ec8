/**
 * Bounded totals: a broad search on the PostgreSQL store counts its matches only up to a bound
 * past the page (SEARCH_COUNT_CAP, 250) and answers `totalExact: false` with a lower bound;
 * walking it by cursor or by offset still yields every match exactly once, and the page that
 * reaches the end is exact. Unfiltered lists and narrow searches stay exact. On PGlite.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadStoreBundle } from './support/build.mjs';

const { createPgStore } = await loadStoreBundle();

/** More matches of "an" than one page plus the store's count cap (250) reaches. */
const MATCHING = 1_300;
const OTHERS = 200;

describe('bounded search totals', () => {
  let store;
  let pg;

  before(async () => {
    store = await createPgStore();
    pg = store.forAccount(`account-${randomUUID()}`);
    for (let i = 0; i < MATCHING + OTHERS; i++) {
      // Names out of order, so the order and the insertion order differ.
      const n = (i * 7919) % (MATCHING + OTHERS);
      const name = n < MATCHING ? `Ana ${String(n).padStart(4, '0')}` : `Zoe ${n}`;
      await pg.createContact(
        { name, email: `p${n}@example.org` },
        { idempotencyKey: randomUUID() },
      );
    }
  });
  after(() => store?.close());

  it('answers a lower bound for a broad search, and the exact total at its end', async () => {
    const first = await pg.listContacts({ search: 'ana', limit: 50 });
    assert.equal(first.totalExact, false);
    assert.ok(first.total >= 50 && first.total < MATCHING, `lower bound ${first.total}`);
    assert.equal(first.items.length, 50);
    assert.notEqual(first.nextCursor, null);

    const seen = new Set();
    let cursor = null;
    let previous = 0;
    let last;
    for (let n = 0; n < 100; n++) {
      const page = await pg.listContacts({ search: 'ana', cursor, limit: 50 });
      assert.equal(page.offset, seen.size, 'offset counts the records served before');
      for (const contact of page.items) {
        assert.ok(!seen.has(contact.id), `${contact.name} served twice`);
        assert.ok(contact.name.startsWith('Ana '), `${contact.name} does not match`);
        seen.add(contact.id);
      }
      assert.ok(page.total >= previous, 'a later page never reports fewer');
      assert.ok(page.total <= MATCHING, 'a lower bound never exceeds the true count');
      assert.ok(page.total >= seen.size);
      if (page.totalExact === false) assert.notEqual(page.nextCursor, null);
      previous = page.total;
      last = page;
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    assert.equal(seen.size, MATCHING);
    assert.notEqual(last.totalExact, false, 'the last page is exact');
    assert.equal(last.total, MATCHING);
  });

  it('pages by offset through a lower bound, and a jump past the end settles it', async () => {
    const ids = new Set();
    for (let offset = 0; ;) {
      const page = await pg.listContacts({ search: 'ana', offset, limit: 200 });
      assert.equal(page.offset, offset);
      if (page.totalExact === false) assert.ok(page.total >= offset + page.items.length);
      for (const contact of page.items) ids.add(contact.id);
      offset += page.items.length;
      if (!page.items.length) {
        assert.notEqual(page.totalExact, false);
        break;
      }
    }
    assert.equal(ids.size, MATCHING);
    const far = await pg.listContacts({ search: 'ana', offset: 10_000_000, limit: 50 });
    assert.deepEqual(
      { items: far.items.length, total: far.total, offset: far.offset, exact: far.totalExact },
      { items: 0, total: MATCHING, offset: MATCHING, exact: undefined },
    );
  });

  it('keeps exact totals for unfiltered lists and for searches under the bound', async () => {
    const all = await pg.listContacts({ limit: 10 });
    assert.equal(all.total, MATCHING + OTHERS);
    assert.equal(all.totalExact, undefined);
    const narrow = await pg.listContacts({ search: 'zoe', limit: 10 });
    assert.equal(narrow.total, OTHERS);
    assert.equal(narrow.totalExact, undefined);
    const end = await pg.listContacts({ search: 'ana', offset: MATCHING - 30, limit: 50 });
    assert.equal(end.total, MATCHING);
    assert.equal(end.totalExact, undefined);
    assert.equal(end.items.length, 30);
    assert.equal(end.nextCursor, null);
  });
});
