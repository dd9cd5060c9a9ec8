import { expect } from '@open-wc/testing';

import {
  type SortedRows,
  lowerBound,
  seekRecord,
  typeAheadTarget,
} from '../../src/controllers/sorted-seek.js';

interface Row {
  id: string;
  name: string;
}

const keyOf = (row: Row) => row.name;
const always = () => true;

/**
 * A sorted list computed from positions and loaded a page at a time, counting the pages asked
 * for. `name(i)` must not decrease with `i`.
 */
function pagedList(total: number, name: (i: number) => string, pageSize = 50) {
  const loaded = new Map<number, Row>();
  const pages: number[] = [];
  const rows: SortedRows<Row> = {
    total,
    at: index => loaded.get(index),
    async ensure(index) {
      if (index < 0 || index >= total) return undefined;
      const page = Math.floor(index / pageSize);
      if (!loaded.has(index)) {
        pages.push(page);
        const end = Math.min(total, (page + 1) * pageSize);
        for (let i = page * pageSize; i < end; i++) loaded.set(i, { id: `r${i}`, name: name(i) });
      }
      return loaded.get(index);
    },
  };
  return { rows, pages };
}

const pad = (i: number) => String(i).padStart(7, '0');

describe('sorted seek', () => {
  describe('lowerBound', () => {
    it('finds the first row at or after a key in 1,000,000 rows with few pages', async () => {
      const { rows, pages } = pagedList(1_000_000, i => `person ${pad(i)}`);
      expect(await lowerBound(rows, 'person 0777000', keyOf, always)).to.equal(777_000);
      expect(pages.length).to.be.at.most(20);
      // Between two keys: the first greater one.
      expect(await lowerBound(rows, 'person 0777000x', keyOf, always)).to.equal(777_001);
    });

    it('answers the ends: before every key, after every key, an empty list', async () => {
      const { rows } = pagedList(200, i => `k${pad(i)}`);
      expect(await lowerBound(rows, '', keyOf, always)).to.equal(0);
      expect(await lowerBound(rows, 'z', keyOf, always)).to.equal(200);
      expect(await lowerBound(pagedList(0, String).rows, 'a', keyOf, always)).to.equal(0);
    });

    it('returns the first of equal keys', async () => {
      const { rows } = pagedList(300, i => (i < 120 ? 'a' : i < 260 ? 'b' : 'c'));
      expect(await lowerBound(rows, 'b', keyOf, always)).to.equal(120);
      expect(await lowerBound(rows, 'c', keyOf, always)).to.equal(260);
    });

    it('stops asking for pages once the seek is no longer wanted', async () => {
      const { rows, pages } = pagedList(1_000_000, i => `person ${pad(i)}`);
      // Wanted for the first check only: the second page is the last one asked for.
      let checks = 0;
      const seeking = lowerBound(rows, 'person 0500000', keyOf, () => ++checks < 2);
      expect(await seeking).to.equal(undefined);
      expect(pages.length).to.be.at.most(2);
    });
  });

  describe('seekRecord', () => {
    it('finds a record among rows sharing its key', async () => {
      const { rows } = pagedList(500, i => (i < 100 ? 'ana' : i < 140 ? 'bruno' : 'carla'));
      const record = { id: 'r133', name: 'bruno' };
      expect(await seekRecord(rows, record, keyOf, always, 50)).to.equal(133);
    });

    it('answers undefined for a record that is not in the list, or beyond the span', async () => {
      const { rows } = pagedList(500, i => (i < 100 ? 'ana' : i < 140 ? 'bruno' : 'carla'));
      expect(await seekRecord(rows, { id: 'gone', name: 'bruno' }, keyOf, always, 50)).to.equal(
        undefined,
      );
      expect(await seekRecord(rows, { id: 'r139', name: 'bruno' }, keyOf, always, 20)).to.equal(
        undefined,
      );
    });
  });

  describe('typeAheadTarget', () => {
    const names = ['ana', 'andre', 'bia', 'bruno', 'bruna', 'carla'].sort();
    const list = () => pagedList(names.length, i => names[i]!, 2);

    it('jumps to the first row starting with what was typed', async () => {
      const { rows } = list();
      expect(await typeAheadTarget(rows, 'br', -1, keyOf, always)).to.equal(names.indexOf('bruna'));
      expect(await typeAheadTarget(rows, 'c', 0, keyOf, always)).to.equal(names.indexOf('carla'));
    });

    it('steps through the matches of one repeated character', async () => {
      const { rows } = list();
      const first = (await typeAheadTarget(rows, 'b', -1, keyOf, always))!;
      expect(names[first]).to.equal('bia');
      const second = (await typeAheadTarget(rows, 'bb', first, keyOf, always))!;
      expect(second).to.equal(first + 1);
      // Past the last match, back to the first.
      const last = names.indexOf('bruno');
      await rows.ensure(last);
      expect(await typeAheadTarget(rows, 'b', last, keyOf, always)).to.equal(first);
    });

    it('stays on the active row while it still matches more characters', async () => {
      const { rows } = list();
      await rows.ensure(names.indexOf('andre'));
      expect(await typeAheadTarget(rows, 'an', names.indexOf('andre'), keyOf, always)).to.equal(
        undefined,
      );
    });

    it('answers undefined with no match, blank input or a stale seek', async () => {
      const { rows } = list();
      expect(await typeAheadTarget(rows, 'zz', -1, keyOf, always)).to.equal(undefined);
      expect(await typeAheadTarget(rows, ' ', -1, keyOf, always)).to.equal(undefined);
      expect(await typeAheadTarget(rows, 'c', -1, keyOf, () => false)).to.equal(undefined);
    });
  });
});

describe('sorted seek over a lower-bound total', () => {
  /**
   * `count` sorted rows whose known total starts at one page and grows as pages past it load;
   * a page reaching the end (or past it) settles the total, as PagedRows does.
   */
  function boundedList(count: number, name: (i: number) => string, pageSize = 50) {
    const loaded = new Map<number, Row>();
    const pages: number[] = [];
    const rows: SortedRows<Row> & { total: number; totalExact: boolean } = {
      total: Math.min(count, pageSize),
      totalExact: count <= pageSize,
      at: index => loaded.get(index),
      async ensure(index) {
        const page = Math.floor(index / pageSize);
        const start = page * pageSize;
        if (start >= count) {
          rows.total = count;
          rows.totalExact = true;
          return undefined;
        }
        if (!loaded.has(index)) {
          pages.push(page);
          const end = Math.min(count, start + pageSize);
          for (let i = start; i < end; i++) loaded.set(i, { id: `r${i}`, name: name(i) });
          if (end >= count) rows.totalExact = true;
          rows.total = Math.max(rows.total, end);
        }
        return loaded.get(index);
      },
    };
    return { rows, pages };
  }

  it('reads past the known total instead of taking it for the end', async () => {
    const { rows, pages } = boundedList(100_000, i => `person ${pad(i)}`);
    expect(await lowerBound(rows, 'person 0077777', keyOf, always)).to.equal(77_777);
    // Probing twice as far each time, then a binary search: far fewer pages than 2,000.
    expect(pages.length).to.be.at.most(40);
  });

  it('answers the true end when every row sorts before the key', async () => {
    const { rows } = boundedList(1_000, i => `k${pad(i)}`);
    expect(await lowerBound(rows, 'z', keyOf, always)).to.equal(1_000);
    expect(rows.totalExact).to.be.true;
  });

  it('finds a record and a type-ahead target past the known total', async () => {
    const { rows } = boundedList(5_000, i => `n${pad(Math.floor(i / 3))}`);
    const record = { id: 'r4000', name: `n${pad(1333)}` };
    expect(await seekRecord(rows, record, keyOf, always, 50)).to.equal(4000);
    const fresh = boundedList(5_000, i => `n${pad(i)}`).rows;
    expect(await typeAheadTarget(fresh, `n${pad(4321)}`, -1, keyOf, always)).to.equal(4321);
  });
});
