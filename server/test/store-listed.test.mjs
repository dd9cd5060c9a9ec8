/**
 * Broad searches read in list order from `contact_trigrams` (migration 3): a search with more
 * matches than one page plus the count bound (1,050) takes its page from the trigram rows kept in
 * list order by triggers. Every page, by cursor and by offset, with and without a filter, must
 * equal the in-memory adapter's, before and after renames, deletes, a merge and its undo (which
 * the triggers follow). On PGlite.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadStoreBundle } from './support/build.mjs';

const { createPgStore, InMemoryContactsAdapter } = await loadStoreBundle();

const PEOPLE = 2_000;
/** First names: five of seven hold "mari" (one only once folded), four "maria". */
const FIRST = ['Maria', 'Mariana', 'Ana Maria', 'Rosa Marian', 'Marta', 'Zed', 'Mário'];

/** A word of letters only, different for each n (no digit trigrams in the names). */
function word(n) {
  let text = '';
  for (let k = n + 26; k > 0; k = Math.floor(k / 26)) text += String.fromCharCode(97 + (k % 26));
  return text;
}

/** Both stores, changed the same way. */
function both(pg, memory) {
  return {
    async each(call) {
      return Promise.all([call(pg, 'pg'), call(memory, 'memory')]);
    },
  };
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
  /** Per store: name -> contact, for the changes. */
  const records = { pg: new Map(), memory: new Map() };
  let company = {};

  before(async () => {
    store = await createPgStore();
    pg = store.forAccount(`account-${randomUUID()}`);
    memory = new InMemoryContactsAdapter({ latency: 0 });
    const stores = both(pg, memory);
    await stores.each(async (adapter, kind) => {
      company[kind] = await adapter.createCompany(
        { name: 'Acme' },
        { idempotencyKey: randomUUID() },
      );
    });
    for (let i = 0; i < PEOPLE; i++) {
      // Out of order, so the order and the insertion order differ.
      const n = (i * 7919) % PEOPLE;
      const name = `${FIRST[n % FIRST.length]} ${word(n)}`;
      await stores.each(async (adapter, kind) => {
        const contact = await adapter.createContact(
          {
            name,
            email: `p${n}@example.org`,
            ...(n % 4 ? { companyId: company[kind].id } : {}),
          },
          { idempotencyKey: randomUUID() },
        );
        records[kind].set(name, contact);
      });
    }
  });
  after(() => store?.close());

  async function compare(label) {
    for (const search of ['mari', 'maria', 'aria', 'ana mari', 'mar']) {
      for (const filtered of [false, true]) {
        const query = kind => ({
          search,
          ...(filtered ? { companyId: company[kind].id } : {}),
        });
        const [got, want] = await Promise.all([
          walk(pg, query('pg')),
          walk(memory, query('memory')),
        ]);
        assert.deepEqual(got, want, `${label}: "${search}"${filtered ? ' in Acme' : ''}`);
        for (const offset of [0, 130, 400]) {
          const [a, b] = await Promise.all([
            pg.listContacts({ ...query('pg'), offset, limit: 50 }),
            memory.listContacts({ ...query('memory'), offset, limit: 50 }),
          ]);
          assert.deepEqual(
            a.items.map(contact => contact.name),
            b.items.map(contact => contact.name),
            `${label}: "${search}" at offset ${offset}${filtered ? ' in Acme' : ''}`,
          );
        }
      }
    }
  }

  it('is broad enough to read in list order', async () => {
    const page = await pg.listContacts({ search: 'maria', limit: 50 });
    assert.equal(page.totalExact, false, 'more matches than the count bound');
    const filtered = await pg.listContacts({ search: 'mari', companyId: company.pg.id, limit: 50 });
    assert.equal(filtered.totalExact, false, 'a filtered search beyond the bound too');
  });

  it('pages exactly as the in-memory adapter does', async () => {
    await compare('as created');
  });

  it('follows renames, deletes, a merge and its undo', async () => {
    const stores = both(pg, memory);
    const names = [...records.pg.keys()];
    // Renames both ways: out of the matches, into them, and within them (a new sort key).
    for (const [i, name] of names.slice(0, 300).entries()) {
      const next = name.startsWith('Zed') ? `Maria ${name}` : i % 2 ? `Zed ${name}` : `Ana ${name}`;
      await stores.each(async (adapter, kind) => {
        const contact = records[kind].get(name);
        const updated = await adapter.updateContact(
          contact.id,
          { name: next },
          { expectedVersion: contact.version },
        );
        records[kind].delete(name);
        records[kind].set(next, updated);
      });
    }
    await compare('after renames');

    for (const name of [...records.pg.keys()].slice(300, 400)) {
      await stores.each(async (adapter, kind) => {
        const contact = records[kind].get(name);
        await adapter.deleteContact(contact.id, { expectedVersion: contact.version });
        records[kind].delete(name);
      });
    }
    await compare('after deletes');

    const left = [...records.pg.keys()];
    const kept = left.find(name => name.startsWith('Zed'));
    const gone = left.find(name => name.startsWith('Maria '));
    const tokens = {};
    await stores.each(async (adapter, kind) => {
      const primary = records[kind].get(kept);
      const secondary = records[kind].get(gone);
      // The merged contact takes the secondary's name: a new sort key, and matches.
      const result = await adapter.mergeContacts(
        primary.id,
        secondary.id,
        { name: 'secondary' },
        {
          idempotencyKey: randomUUID(),
          expectedVersions: { primary: primary.version, secondary: secondary.version },
        },
      );
      tokens[kind] = result.restorePoint.token;
    });
    await compare('after a merge');
    await stores.each((adapter, kind) => adapter.restore(tokens[kind]));
    await compare('after its undo');
  });
});
