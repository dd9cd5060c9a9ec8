/**
 * Contact searches read in list order from `contact_trigrams` (migration 3), the trigram rows
 * kept in list order by triggers: the page and the count come from one walk of them, up to a
 * budget of candidates, past which the count is a lower bound. A search of two letters walks the
 * rows of every trigram holding them, merged, and the runs of two letters (migration 4). Every page, by cursor and by
 * offset, with and without a filter, must equal the in-memory adapter's, on data imported in
 * bulk and after renames, deletes, a merge and its undo (which the triggers follow). A digit
 * search that every contact matches takes the trigram index instead, and must page the same. On
 * PGlite.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadStoreBundle } from './support/build.mjs';

const { createPgStore, importDataset, InMemoryContactsAdapter } = await loadStoreBundle();

/** More matches of "mari" (2,571) than the walk's budget for a first page (2,000). */
const PEOPLE = 3_600;
/** First names: five of seven hold "mari" (one only once folded), four "maria". */
const FIRST = ['Maria', 'Mariana', 'Ana Maria', 'Rosa Marian', 'Marta', 'Zed', 'Mário'];

/** A word of letters only, different for each n (no digit trigrams in the names): two letters up to 650. */
function word(n) {
  let text = '';
  for (let k = n + 26; k > 0; k = Math.floor(k / 26)) text += String.fromCharCode(97 + (k % 26));
  return text;
}

/** Every name of a query's matches, page by page along the cursor. */
async function walk(adapter, query) {
  const names = [];
  let cursor = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await adapter.listContacts({ ...query, cursor, limit: 50 });
    names.push(...page.items.map(contact => contact.name));
    cursor = page.nextCursor;
    if (cursor === null) return names;
  }
  throw new Error('more than 100 pages');
}

describe('broad searches in list order', () => {
  let store;
  let pg;
  let memory;
  /** Name -> contact (the same in both stores), for the changes. */
  const records = new Map();
  let company;

  before(async () => {
    // Written once in memory, then imported in bulk (5,000 rows per statement): both stores
    // then hold the same records, ids and versions.
    memory = new InMemoryContactsAdapter({ latency: 0 });
    const acme = await memory.createCompany({ name: 'Acme' }, { idempotencyKey: randomUUID() });
    for (let i = 0; i < PEOPLE; i++) {
      // Out of order, so the order and the insertion order differ.
      const n = (i * 7919) % PEOPLE;
      const contact = await memory.createContact(
        {
          name: `${FIRST[n % FIRST.length]} ${word(n)}`,
          email: `p${n}@example.org`,
          // Every phone holds "5511": a digit search as broad as the list (no letter trigrams).
          phone: `+55 11 9${8000 + Math.floor(n / 100)}-${1000 + n}`,
          ...(n % 4 ? { companyId: acme.id } : {}),
        },
        { idempotencyKey: randomUUID() },
      );
      records.set(contact.name, contact);
    }
    company = acme.id;
    store = await createPgStore();
    const account = `account-${randomUUID()}`;
    await importDataset(store, account, memory.snapshot());
    pg = store.forAccount(account);
  });
  after(() => store?.close());

  /** Both stores, changed the same way (same ids, same versions); their answers. */
  function change(call) {
    return Promise.all([call(pg), call(memory)]);
  }

  async function compare(label) {
    for (const search of [
      ...['mari', 'maria', 'aria', 'ana mari', 'mar', 'mari z', '551'],
      // Two letters: dense, in words of two letters only, and as a run of its own ("da").
      ...['ma', 'ab', 'da', 'da ma'],
    ]) {
      for (const companyId of [undefined, company]) {
        const query = { search, ...(companyId ? { companyId } : {}) };
        const what = `${label}: "${search}"${companyId ? ' in Acme' : ''}`;
        const [got, want] = await Promise.all([walk(pg, query), walk(memory, query)]);
        assert.deepEqual(got, want, what);
        for (const offset of [0, 130, 400]) {
          const [a, b] = await Promise.all([
            pg.listContacts({ ...query, offset, limit: 50 }),
            memory.listContacts({ ...query, offset, limit: 50 }),
          ]);
          assert.deepEqual(
            a.items.map(contact => contact.name),
            b.items.map(contact => contact.name),
            `${what} at offset ${offset}`,
          );
          if (a.totalExact === false) {
            assert.ok(a.total <= b.total, `${what}: a lower bound ${a.total} over ${b.total}`);
            assert.ok(a.total > offset + a.items.length, `${what}: ${a.total} leaves no next page`);
          } else assert.equal(a.total, b.total, `${what}: the total`);
        }
      }
    }
  }

  it('counts up to the bound, or as far as its budget of candidates reaches', async () => {
    const broad = await pg.listContacts({ search: 'maria', limit: 50 });
    assert.deepEqual([broad.total, broad.totalExact], [300, false], 'past the count bound');
    const filtered = await pg.listContacts({ search: 'mari', companyId: company, limit: 50 });
    assert.equal(filtered.totalExact, false, 'a filtered search past the bound too');
    // "z" is in few of the 2,571 candidates of "mari": the budget (2,000) ends the walk first.
    const sparse = await pg.listContacts({ search: 'mari z', limit: 50 });
    const all = await memory.listContacts({ search: 'mari z', limit: 50 });
    assert.equal(sparse.totalExact, false);
    assert.ok(sparse.total > 50 && sparse.total < all.total, `${sparse.total} of ${all.total}`);
  });

  it('pages exactly as the in-memory adapter does', async () => {
    await compare('as imported');
  });

  it('follows renames, deletes, a merge and its undo', async () => {
    // Renames both ways: out of the matches, into them, and within them (a new sort key), some
    // with a run of two letters ("da").
    for (const [i, name] of [...records.keys()].slice(0, 300).entries()) {
      const next = name.startsWith('Zed')
        ? `Maria ${name}`
        : i % 2
          ? `Zed ${name}`
          : `Ana da ${name}`;
      const contact = records.get(name);
      const [updated] = await change(adapter =>
        adapter.updateContact(contact.id, { name: next }, { expectedVersion: contact.version }),
      );
      records.delete(name);
      records.set(next, updated);
    }
    await compare('after renames');

    // Among them, renamed ones: their rows of two letters go too.
    for (const name of [...records.keys()].slice(-100)) {
      const contact = records.get(name);
      await change(adapter =>
        adapter.deleteContact(contact.id, { expectedVersion: contact.version }),
      );
      records.delete(name);
    }
    await compare('after deletes');

    const names = [...records.keys()];
    const primary = records.get(names.find(name => name.startsWith('Zed')));
    const secondary = records.get(names.find(name => name.startsWith('Maria ')));
    // The merged contact takes the secondary's name: a new sort key, and now a match.
    const key = randomUUID();
    const answers = await change(adapter =>
      adapter.mergeContacts(
        primary.id,
        secondary.id,
        { name: 'secondary' },
        {
          idempotencyKey: key,
          expectedVersions: { primary: primary.version, secondary: secondary.version },
        },
      ),
    );
    await compare('after a merge');
    await Promise.all(
      [pg, memory].map((adapter, i) => adapter.restore(answers[i].restorePoint.token)),
    );
    await compare('after its undo');
  });
});

describe('a walk whose budget ends before its first page', () => {
  let store;
  let pg;
  let memory;

  before(async () => {
    // 2,300 candidates of "mara": 2,200 "Mara Able" between a few early matches of a short
    // second word and the rest of them at the end of the list, past the budget (2,000).
    memory = new InMemoryContactsAdapter({ latency: 0 });
    const names = [
      ...Array(10).fill('Mara Aaqz'),
      ...Array(2_200).fill('Mara Able'),
      ...Array(60).fill('Mara Quill'),
      ...Array(5).fill('Mara Zed'),
    ];
    for (const [n, name] of names.entries()) {
      await memory.createContact(
        { name, email: `m${n}@example.org` },
        { idempotencyKey: randomUUID() },
      );
    }
    store = await createPgStore();
    const account = `account-${randomUUID()}`;
    await importDataset(store, account, memory.snapshot());
    pg = store.forAccount(account);
  });
  after(() => store?.close());

  /** The first page of `search` in both stores, its names checked equal. */
  async function firstPages(search) {
    const [page, all] = await Promise.all(
      [pg, memory].map(adapter => adapter.listContacts({ search, limit: 50 })),
    );
    assert.deepEqual(
      page.items.map(contact => contact.name),
      all.items.map(contact => contact.name),
    );
    return [page, all];
  }

  it('walks on for the page, and answers a lower bound when more may follow', async () => {
    const [page, all] = await firstPages('mara q');
    assert.equal(all.total, 70);
    assert.equal(page.totalExact, false);
    assert.ok(page.total > 50 && page.total <= 70, `${page.total}`);
    assert.deepEqual(
      await walk(pg, { search: 'mara q' }),
      await walk(memory, { search: 'mara q' }),
    );
  });

  it('walks on to the end of the list, and then knows the exact total', async () => {
    const [page] = await firstPages('mara z');
    assert.deepEqual([page.total, page.totalExact !== false], [15, true]);
  });
});
