/**
 * The store lists and searches exactly as the in-memory adapter does: the same names in the same
 * order (folded name by code unit, ties by id), the same search results, on PGlite; and a PGlite
 * data folder keeps its records across restarts.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadStoreBundle } from './support/build.mjs';

const {
  connectPglite,
  createPgStore,
  fold,
  importDataset,
  InMemoryContactsAdapter,
  migrate,
  MIGRATIONS,
} = await loadStoreBundle();

/** Folded names: ties (equal folded names) are ordered by id, and ids differ between adapters. */
const keys = contacts => contacts.map(contact => fold(contact.name));

/** Checks the in-memory adapter's order within one list: folded name by code unit, then id. */
function assertInOrder(contacts) {
  for (let i = 1; i < contacts.length; i++) {
    const [a, b] = [contacts[i - 1], contacts[i]];
    const [ka, kb] = [fold(a.name), fold(b.name)];
    assert.ok(
      ka < kb || (ka === kb && a.id < b.id),
      `${a.name} (${a.id}) before ${b.name} (${b.id})`,
    );
  }
}

// Case, accents, ties after folding, punctuation, digits, scripts beyond Latin (all in the BMP).
const PARTS = [
  'ana',
  'Ana',
  'ÁNA',
  'anã',
  'Zoë',
  'zoe',
  'émile',
  'Émile',
  'Ørjan',
  'ß',
  'ss',
  'İlkay',
  'ılgaz',
  'Ωmega',
  'ωmega',
  '李',
  '山田',
  'x-ray',
  'x ray',
  "o'neil",
  '9lives',
  '_under',
  'Ž',
  'z',
  'Łukasz',
  'lukasz',
  'ﬁona',
  'fiona',
  '',
  ' ',
];

/** A deterministic mix of names from PARTS. */
function names(count) {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % PARTS.length;
  return Array.from(
    { length: count },
    (_, i) => `${PARTS[next()]} ${PARTS[next()]}`.trim() || `n${i}`,
  );
}

const nameList = page => keys(page.items);

async function walk(adapter, query) {
  const out = [];
  let cursor = null;
  do {
    const page = await adapter.listContacts({ ...query, cursor, limit: 17 });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe('the same order and results as the in-memory adapter', () => {
  let store;
  let pg;
  const memory = new InMemoryContactsAdapter();

  before(async () => {
    store = await createPgStore();
    pg = store.forAccount(`account-${randomUUID()}`);
    for (const [i, name] of names(160).entries()) {
      const draft = {
        name,
        email: `person${i}@example.com`,
        phone: `+55 11 9${String(10000000 + i * 7919).slice(-8)}`,
      };
      await pg.createContact(draft, { idempotencyKey: randomUUID() });
      await memory.createContact(draft, { idempotencyKey: randomUUID() });
    }
  });
  after(() => store?.close());

  it('lists every contact in the same order, by cursor and by offset from either end', async () => {
    const expected = keys(await walk(memory, {}));
    assert.equal(expected.length, 160);
    const listed = await walk(pg, {});
    assertInOrder(listed);
    assert.deepEqual(keys(listed), expected);
    for (const offset of [0, 1, 40, 79, 80, 81, 120, 150, 159]) {
      const [a, b] = await Promise.all([
        pg.listContacts({ offset, limit: 9 }),
        memory.listContacts({ offset, limit: 9 }),
      ]);
      assert.deepEqual(nameList(a), nameList(b), `names at offset ${offset}`);
      assert.equal(a.offset, b.offset);
      assert.equal(a.nextCursor === null, b.nextCursor === null);
    }
  });

  it('finds the same contacts for each search, in the same order', async () => {
    for (const search of [
      'ana',
      'ANA',
      'zoe',
      'emile',
      'ss',
      'ß',
      'ω',
      '李',
      'x-ray',
      "o'neil",
      'ana zoe',
      '11 9',
      '%',
      '_',
      'person1',
      '@example',
      '9999999999',
    ]) {
      const expected = keys(await walk(memory, { search }));
      const found = await walk(pg, { search });
      assertInOrder(found);
      assert.deepEqual(keys(found), expected, `search ${JSON.stringify(search)}`);
      const [a, b] = await Promise.all([
        pg.listContacts({ search }),
        memory.listContacts({ search }),
      ]);
      assert.equal(a.total, b.total, `total of ${JSON.stringify(search)}`);
    }
  });
});

describe('a PGlite data folder', () => {
  it('keeps its records, and migrates only once, across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contacts-pglite-'));
    try {
      const first = await createPgStore({ dataDir: dir });
      const created = await first
        .forAccount('acme')
        .createContact({ name: 'Ana', email: 'ana@example.com' }, { idempotencyKey: 'k' });
      await first.close();
      const second = await createPgStore({ dataDir: dir });
      try {
        assert.deepEqual(await second.forAccount('acme').getContact(created.id), created);
        const { rows } = await second.db.query('SELECT count(*)::int AS n FROM schema_migrations');
        assert.equal(rows[0].n, MIGRATIONS.length);
        const again = await second
          .forAccount('acme')
          .createContact({ name: 'Ana', email: 'ana@example.com' }, { idempotencyKey: 'k' });
        assert.equal(again.id, created.id);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [version, what] of [
    [3, 'the list-ordered trigrams'],
    [4, 'the runs of two letters'],
  ]) {
    it(`written before ${what} (migration ${version}), searches as before once migrated`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'contacts-pglite-'));
      try {
        const memory = new InMemoryContactsAdapter({ latency: 0 });
        const names = ['Ana Maria Souza', 'Mariana Lima', 'Márcia Reis', 'Zoe Kim', 'Lia da Costa'];
        for (const name of names) {
          await memory.createContact(
            { name, email: `${fold(name).replace(/\W/g, '')}@example.org` },
            { idempotencyKey: name },
          );
        }
        const old = await connectPglite(dir);
        await migrate(
          old,
          MIGRATIONS.filter(migration => migration.version < version),
        );
        await importDataset({ db: old }, 'acme', memory.snapshot(), { vacuum: false });
        await old.close();
        const store = await createPgStore({ dataDir: dir });
        try {
          const pg = store.forAccount('acme');
          for (const search of ['mari', 'marcia', 'ana mar', 'souza', 'da', 'ma', 'li da', 'zo']) {
            const [a, b] = await Promise.all([
              pg.listContacts({ search }),
              memory.listContacts({ search }),
            ]);
            assert.deepEqual(
              a.items.map(contact => contact.name),
              b.items.map(contact => contact.name),
              `"${search}" after the migration`,
            );
            assert.equal(a.total, b.total);
          }
        } finally {
          await store.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
