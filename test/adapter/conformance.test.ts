import { expect } from '@open-wc/testing';

import { ContactsError } from '../../src/adapter/errors.js';
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import { RestContactsAdapter } from '../../src/adapter/rest/index.js';
import type { ContactsAdapter, Page, PageRequest } from '../../src/adapter/types.js';
import { newIdempotencyKey } from '../../src/adapter/util.js';
import type { Contact } from '../../src/model/types.js';
import { type AdapterFactory, reshapeAdapter, runAdapterConformance } from '../../src/testing.js';

// A backend written by someone else: at most 20 rows a page, most recent activity first, no
// positionOf.
runAdapterConformance('reshapeAdapter(in-memory, page cap 20, activity order)', () =>
  reshapeAdapter(new InMemoryContactsAdapter(), { pageCap: 20, order: 'activity' }),
);

// Tiny pages in name order, with a positionOf of the wrapper's own.
runAdapterConformance('reshapeAdapter(in-memory, page cap 3, name order, positionOf)', () =>
  reshapeAdapter(new InMemoryContactsAdapter(), { pageCap: 3, order: 'name', positionOf: true }),
);

// A backend that stops counting: totals are lower bounds (totalExact false) while more than 2
// records follow a page.
runAdapterConformance('reshapeAdapter(in-memory, total cap 2)', () =>
  reshapeAdapter(new InMemoryContactsAdapter(), { totalCap: 2 }),
);

const key = () => ({ idempotencyKey: newIdempotencyKey() });

// ---- The suite against adapters with known faults ------------------------------------------

type Outcome = 'passed' | 'skipped' | Error;
type Body = (this: { skip(): void; timeout(ms: number): void }) => Promise<void>;

/**
 * The conformance tests `runAdapterConformance` registers for `factory`, by title, caught
 * through stand-ins for the runner's globals instead of being registered with Mocha.
 */
function conformanceTests(factory: AdapterFactory): Map<string, () => Promise<Outcome>> {
  const scope = globalThis as unknown as Record<'describe' | 'it', unknown>;
  const saved = { describe: scope.describe, it: scope.it };
  const tests = new Map<string, () => Promise<Outcome>>();
  scope.describe = (_title: string, body: (this: unknown) => void) => body.call({ timeout() {} });
  scope.it = (title: string, body: Body) => {
    expect(tests.has(title), `two conformance tests are titled ${title}`).to.be.false;
    tests.set(title, async () => {
      let skipped = false;
      try {
        await body.call({ skip: () => (skipped = true), timeout() {} });
      } catch (error) {
        return error as Error;
      }
      return skipped ? 'skipped' : 'passed';
    });
  };
  try {
    runAdapterConformance('under test', factory);
  } finally {
    Object.assign(scope, saved);
  }
  return tests;
}

/** Replaces some members of `inner`, keeping the rest (bound to it). */
function override(inner: ContactsAdapter, changes: Partial<ContactsAdapter>): ContactsAdapter {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop in changes) return changes[prop as keyof ContactsAdapter];
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has: (target, prop) => prop in changes || prop in target,
  });
}

/**
 * Lists whose cursors are row counts: the position after the page, moved by `shift` (an
 * off-by-one bug when not 0). Even with 0 such a cursor is not stable: a record created before it
 * moves every later record by one.
 */
function countingCursors(inner: ContactsAdapter, shift: number): ContactsAdapter {
  async function list<T>(
    read: (query: PageRequest) => Promise<Page<T>>,
    query: PageRequest = {},
  ): Promise<Page<T>> {
    const start = query.cursor ? Math.max(0, Number(query.cursor) + shift) : (query.offset ?? 0);
    const page = await read({ ...query, cursor: null, offset: start });
    const end = page.offset + page.items.length;
    return { ...page, nextCursor: end < page.total ? String(end) : null };
  }
  return override(inner, {
    listContacts: query => list(q => inner.listContacts({ ...query, ...q }), query),
    listCompanies: query => list(q => inner.listCompanies({ ...query, ...q }), query),
  });
}

/** Lists in reverse name order, while declaring name order (no `order`). */
function reversed(inner: ContactsAdapter): ContactsAdapter {
  async function list<T>(
    read: (query: PageRequest) => Promise<Page<T>>,
    query: PageRequest = {},
  ): Promise<Page<T>> {
    const all = await read({ cursor: null, offset: 0, limit: 500 });
    const items = [...all.items].reverse();
    const start = query.cursor ? Number(query.cursor) : (query.offset ?? 0);
    const end = Math.min(items.length, start + (query.limit ?? 50));
    return {
      items: items.slice(start, end),
      total: all.total,
      offset: start,
      nextCursor: end < items.length ? String(end) : null,
    };
  }
  return override(inner, {
    order: undefined,
    listContacts: query => list(q => inner.listContacts({ ...query, ...q }), query),
    listCompanies: query => list(q => inner.listCompanies({ ...query, ...q }), query),
  });
}

interface Fault {
  name: string;
  factory: AdapterFactory;
  /** Tests that must fail against it, and pass against the in-memory adapter. */
  fails: string[];
  /** Tests that must still pass: the fault is not theirs to find. */
  passes?: string[];
}

const inMemory = () => new InMemoryContactsAdapter();

const FAULTS: Fault[] = [
  {
    name: 'a cursor that skips the record after each page',
    factory: () => countingCursors(inMemory(), +1),
    fails: [
      'cursor paging visits every record exactly once',
      'pages shorter than the limit still lead to every record, by cursor and by offset',
    ],
  },
  {
    name: 'a cursor that repeats the last record of each page',
    factory: () => countingCursors(inMemory(), -1),
    fails: [
      'cursor paging visits every record exactly once',
      'cursor paging works within a search',
    ],
  },
  {
    name: 'a cursor that counts rows, so records created meanwhile shift it',
    factory: () => countingCursors(inMemory(), 0),
    fails: ['cursors stay stable while records are created during paging'],
    passes: [
      'cursor paging visits every record exactly once',
      'an offset lands at that position of the order, and its cursor continues from there',
    ],
  },
  {
    name: 'paging that stops at the first page shorter than the limit',
    factory: () => {
      const capped = reshapeAdapter(inMemory(), { pageCap: 20 });
      return override(capped, {
        listContacts: async (query = {}) => {
          const page = await capped.listContacts(query);
          const short = page.items.length < (query.limit ?? 50);
          return short ? { ...page, nextCursor: null } : page;
        },
      });
    },
    fails: ['pages shorter than the limit still lead to every record, by cursor and by offset'],
    passes: ['cursor paging visits every record exactly once'],
  },
  {
    name: 'a total that counts only the page',
    factory: () => {
      const capped = reshapeAdapter(inMemory(), { pageCap: 2 });
      return override(capped, {
        listContacts: async query => {
          const page = await capped.listContacts(query);
          return { ...page, total: page.offset + page.items.length };
        },
      });
    },
    fails: ['totals agree with the records paging yields'],
  },
  {
    name: 'a lower-bound total above the records that match',
    factory: () => {
      const inner = inMemory();
      return override(inner, {
        listContacts: async query => {
          const page = await inner.listContacts(query);
          const more = page.nextCursor !== null;
          return more ? { ...page, total: page.total + 5, totalExact: false } : page;
        },
      });
    },
    fails: [
      'a lower-bound total (totalExact false) stays within the matches, and paging reaches them all',
    ],
  },
  {
    name: 'a lower-bound total on the last page',
    factory: () => {
      const inner = reshapeAdapter(inMemory(), { totalCap: 1 });
      return override(inner, {
        listContacts: async query => {
          const page = await inner.listContacts(query);
          return { ...page, totalExact: false };
        },
      });
    },
    fails: [
      'a lower-bound total (totalExact false) stays within the matches, and paging reaches them all',
    ],
  },
  {
    name: 'a positionOf one too far',
    factory: () => {
      const inner = reshapeAdapter(inMemory(), { order: 'activity', positionOf: true });
      return override(inner, {
        positionOf: async (...args) => {
          const at = await inner.positionOf!(...args);
          return at === null ? null : at + 1;
        },
      });
    },
    fails: [
      'positionOf gives the position at which paging finds each contact',
      'positionOf gives the position at which paging finds each company',
    ],
    passes: ['cursor paging visits every record exactly once'],
  },
  {
    name: 'lists in reverse name order that do not say so',
    factory: () => reversed(inMemory()),
    fails: [
      'lists are sorted by name, ignoring case and accents',
      'pages by cursor and by offset follow name order',
      'companies are sorted by name, ignoring case and accents',
    ],
    // A stable order of its own passes every paging check.
    passes: [
      'cursor paging visits every record exactly once',
      'the order is the same whatever the page size, and from one walk to the next',
      'an offset lands at that position of the order, and its cursor continues from there',
      'totals agree with the records paging yields',
    ],
  },
  {
    name: 'a merge made of an edit and a delete (conversations and identities lost, versions unchecked)',
    factory: () => {
      const inner = inMemory();
      return override(inner, {
        mergeContacts: async (primaryId, secondaryId) => {
          const secondary = await inner.getContact(secondaryId);
          const deleted = await inner.deleteContact(secondaryId, {
            expectedVersion: secondary.version,
          });
          const primary = await inner.getContact(primaryId);
          const contact = await inner.updateContact(
            primaryId,
            { email: primary.email ?? secondary.email ?? null },
            { expectedVersion: primary.version },
          );
          return { contact, mergedId: secondaryId, restorePoint: deleted.restorePoint };
        },
      });
    },
    fails: [
      'a merge leaves one contact with every conversation and identity of both',
      'a stale expected version is refused with conflict, and nothing is written',
      'after a merge no two contacts share an email, a phone or an identity',
    ],
    passes: ['a deleted contact leaves with its conversations, and a restore brings both back'],
  },
  {
    name: 'a restore that works once only',
    factory: () => {
      const inner = inMemory();
      const used = new Set<string>();
      return override(inner, {
        restore: async token => {
          if (used.has(token)) throw new ContactsError('not-found', 'Already restored.');
          used.add(token);
          return inner.restore(token);
        },
      });
    },
    fails: ['restore is idempotent; an unknown token is not found'],
    passes: ['restoring a merge keeps the edits made to the survivor since'],
  },
  {
    name: 'a restore that puts the survivor back as it was before the merge',
    factory: () => {
      const inner = inMemory();
      const before = new Map<string, Contact>();
      return override(inner, {
        mergeContacts: async (primaryId, ...rest) => {
          const primary = await inner.getContact(primaryId);
          const result = await inner.mergeContacts(primaryId, ...rest);
          before.set(result.restorePoint.token, primary);
          return result;
        },
        restore: async token => {
          const result = await inner.restore(token);
          const primary = before.get(token);
          if (!primary) return result;
          const current = await inner.getContact(primary.id);
          const { name, email = null, phone = null, companyId = null } = primary;
          await inner.updateContact(
            primary.id,
            { name, email, phone, companyId },
            { expectedVersion: current.version },
          );
          return result;
        },
      });
    },
    fails: ['restoring a merge keeps the edits made to the survivor since'],
  },
  {
    name: 'a company delete that deletes its contacts too',
    factory: () => {
      const inner = inMemory();
      return override(inner, {
        deleteCompany: async (id, options) => {
          const linked = await inner.listContacts({ companyId: id, limit: 500 });
          for (const contact of linked.items) {
            await inner.deleteContact(contact.id, { expectedVersion: contact.version });
          }
          return inner.deleteCompany(id, options);
        },
      });
    },
    fails: ['a deleted company’s contacts stay, unlinked; a restore relinks those still unlinked'],
  },
];

describe('the conformance suite against adapters with faults', () => {
  const control = conformanceTests(inMemory);

  it('runs the same tests on the in-memory adapter, which passes those named below', async () => {
    const named = new Set(FAULTS.flatMap(fault => [...fault.fails, ...(fault.passes ?? [])]));
    for (const title of named) {
      const run = control.get(title);
      expect(run, `a conformance test titled ${title}`).to.exist;
      expect(await run!(), title).to.equal('passed');
    }
  });

  for (const fault of FAULTS) {
    it(`fails ${fault.name}`, async () => {
      const tests = conformanceTests(fault.factory);
      for (const title of fault.fails) {
        const outcome = await tests.get(title)!();
        expect(outcome, `${title}: should fail`).to.be.instanceOf(Error);
        expect((outcome as Error).name).to.equal('AssertionError');
      }
      for (const title of fault.passes ?? []) {
        expect(await tests.get(title)!(), `${title}: should pass`).to.equal('passed');
      }
    });
  }

  it('skips the merge checks for an adapter without merge, delete and restore', async () => {
    const tests = conformanceTests(() =>
      override(inMemory(), {
        mergeContacts: undefined,
        deleteContact: undefined,
        deleteCompany: undefined,
        restore: undefined,
      }),
    );
    const title = 'a merge leaves one contact with every conversation and identity of both';
    expect(await tests.get(title)!()).to.equal('skipped');
  });

  it('skips name-order checks for an adapter that declares another order', async () => {
    const tests = conformanceTests(() =>
      reshapeAdapter(inMemory(), { pageCap: 20, order: 'activity' }),
    );
    expect(await tests.get('lists are sorted by name, ignoring case and accents')!()).to.equal(
      'skipped',
    );
    expect(
      await tests.get('positionOf gives the position at which paging finds each contact')!(),
    ).to.equal('skipped');
  });
});

// ---- reshapeAdapter itself ----------------------------------------------------------------------

describe('reshapeAdapter', () => {
  async function seeded(count: number) {
    const inner = new InMemoryContactsAdapter();
    const contacts: Contact[] = [];
    for (let i = 0; i < count; i++) {
      const name = `Person ${String(i).padStart(2, '0')}`;
      contacts.push(await inner.createContact({ name, email: `p${i}@example.com` }, key()));
    }
    return { inner, contacts };
  }

  it('caps every page, keeping totals, offsets and the wrapped adapter’s cursors', async () => {
    const { inner } = await seeded(45);
    const adapter = reshapeAdapter(inner, { pageCap: 20 });
    expect(adapter.order).to.equal('name');
    const first = await adapter.listContacts({ limit: 50 });
    expect(first.items).to.have.length(20);
    expect(first.total).to.equal(45);
    const second = await adapter.listContacts({ cursor: first.nextCursor, limit: 50 });
    expect(second.offset).to.equal(20);
    expect(second.items[0]!.name).to.equal('Person 20');
    const third = await adapter.listContacts({ cursor: second.nextCursor, limit: 50 });
    expect(third.items).to.have.length(5);
    expect(third.nextCursor).to.equal(null);
    expect((await adapter.listContacts({ limit: 7 })).items).to.have.length(7);
  });

  it('lists by activity, most recent first, records without activity last, ties by id', async () => {
    const { inner, contacts } = await seeded(4);
    const at = (minute: number) => `2026-03-01T10:0${minute}:00.000Z`;
    // Arrivals on the channel a contact is reached by set its lastActivityAt.
    for (const [i, minute] of [
      [2, 1],
      [0, 3],
    ] as const) {
      await inner.resolveConversation({
        channel: 'email',
        address: contacts[i]!.email!,
        at: at(minute),
      });
    }
    const adapter = reshapeAdapter(inner, { order: 'activity', pageCap: 1 });
    expect(adapter.order).to.equal('activity');
    expect(adapter.positionOf).to.equal(undefined);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Contact> = await adapter.listContacts({ cursor });
      expect(page.items).to.have.length(1);
      expect(page.offset).to.equal(ids.length);
      ids.push(page.items[0]!.id);
      cursor = page.nextCursor;
    } while (cursor);
    const rest = [contacts[1]!.id, contacts[3]!.id].sort();
    expect(ids).to.deep.equal([contacts[0]!.id, contacts[2]!.id, ...rest]);
    const atOffset = await adapter.listContacts({ offset: 1 });
    expect(atOffset.items[0]!.id).to.equal(contacts[2]!.id);
  });

  it('offers positionOf only when asked, in the order it serves', async () => {
    const { inner, contacts } = await seeded(5);
    expect(reshapeAdapter(inner).positionOf).to.equal(undefined);
    const adapter = reshapeAdapter(inner, { positionOf: true });
    expect(await adapter.positionOf!('contact', contacts[3]!.id)).to.equal(3);
    expect(await adapter.positionOf!('contact', contacts[3]!.id, { search: 'Person 03' })).to.equal(
      0,
    );
    expect(await adapter.positionOf!('contact', 'nobody')).to.equal(null);
  });

  it('passes writes and change notifications through', async () => {
    const adapter = reshapeAdapter(new InMemoryContactsAdapter(), { order: 'activity' });
    const seen: string[] = [];
    const stop = adapter.subscribe!(change => seen.push(change.type));
    const created = await adapter.createContact({ name: 'Ana', email: 'ana@example.com' }, key());
    expect((await adapter.getContact(created.id)).name).to.equal('Ana');
    stop();
    expect(seen).to.deep.equal(['contact']);
  });

  it('refuses a page cap that is not a positive integer', () => {
    for (const pageCap of [0, -1, 2.5, Number.NaN]) {
      expect(() => reshapeAdapter(new InMemoryContactsAdapter(), { pageCap })).to.throw(RangeError);
    }
  });
});

describe('declared order', () => {
  it('is name for the REST adapter unless the host says otherwise', () => {
    expect(new RestContactsAdapter({ baseUrl: '/api' }).order).to.equal('name');
    expect(new RestContactsAdapter({ baseUrl: '/api', order: 'activity' }).order).to.equal(
      'activity',
    );
  });

  it('is kept by reshapeAdapter unless it reorders', () => {
    const rest = new RestContactsAdapter({ baseUrl: '/api', order: 'activity' });
    expect(reshapeAdapter(rest, { pageCap: 5 }).order).to.equal('activity');
    expect(reshapeAdapter(rest, { order: 'name' }).order).to.equal('name');
  });
});
