/**
 * Property: any sequence of creates (with reused idempotency keys), updates (some from a stale
 * version), arriving conversations and searches leaves the in-memory adapter and the REST adapter
 * over msw in the same state, with the same outcome for every step. Ids and timestamps differ
 * between the two stores, so records are compared through a normalised view, and ids through the
 * order in which the records were first created.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';

import { isContactsError } from '../../src/adapter/errors.js';
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { ContactsAdapter } from '../../src/adapter/types.js';
import { loadPhoneLibrary } from '../../src/model/phone.js';
import type { ArrivingConversation, Contact, ContactPatch } from '../../src/model/types.js';
import { serve, startWorker, stopWorker } from './mock-server.js';

const NUM_RUNS = 50;

// Small pools, so that steps collide: same person spelled differently, invalid values, blanks.
const NAMES = ['Ana Souza', 'ana souza', 'José Álvarez', 'Jose Alvarez', 'Zoë Kim', '', '  '];
const EMAILS = [
  'ana@example.com',
  ' ANA@Example.com',
  'jose@example.org',
  'zoe@example.com',
  'bad@',
  '',
];
const PHONES = ['+5511987654321', '(11) 98765-4321', '+14155550123', '+1 415-555-0123', '123', ''];
const CHANNELS = ['whatsapp', 'sms', 'email', 'instagram', 'webchat'];
const ADDRESSES = ['+5511987654321', 'ana@example.com', '@fan', 'visitor-1', 'visitor-2'];
const DISPLAY_NAMES = ['Ana', 'Fan', 'José', 'Zoë K.'];
const SEARCHES = ['ana', 'jose', 'ZOË', '98765', '415', 'example.com', 'fan', ''];

type Op =
  | { kind: 'create'; name?: string; email?: string; phone?: string; key: number }
  | {
      kind: 'update';
      target: number;
      stale: boolean;
      patch: { name?: string; email?: string | null; phone?: string | null };
    }
  | {
      kind: 'arrive';
      channel: string;
      address: string;
      displayName?: string;
      email?: string;
      phone?: string;
    }
  | { kind: 'search'; search: string; pending?: boolean };

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const pick = <T>(pool: readonly T[]) => fc.constantFrom(...pool);

/** Drops keys whose value is undefined, as JSON would on the REST side. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc
    .record({
      name: optional(pick(NAMES)),
      email: optional(pick(EMAILS)),
      phone: optional(pick(PHONES)),
      key: fc.nat({ max: 5 }),
    })
    .map(v => defined({ kind: 'create' as const, ...v })),
  fc
    .record({
      target: fc.nat({ max: 20 }),
      // Mostly current versions, sometimes one another agent has already moved past.
      stale: fc.oneof(
        { arbitrary: fc.constant(true), weight: 1 },
        { arbitrary: fc.constant(false), weight: 4 },
      ),
      name: optional(pick(NAMES.filter(n => n.trim()))),
      email: optional(fc.oneof(pick(EMAILS.filter(Boolean)), fc.constant(null))),
      phone: optional(fc.oneof(pick(PHONES.filter(Boolean)), fc.constant(null))),
    })
    .map(({ target, stale, ...patch }) => ({
      kind: 'update' as const,
      target,
      stale,
      patch: defined(patch),
    })),
  fc
    .record({
      channel: pick(CHANNELS),
      address: pick(ADDRESSES),
      displayName: optional(pick(DISPLAY_NAMES)),
      email: optional(pick(EMAILS.filter(Boolean))),
      phone: optional(pick(PHONES.filter(Boolean))),
    })
    .map(v => defined({ kind: 'arrive' as const, ...v })),
  fc
    .record({ search: pick(SEARCHES), pending: optional(fc.boolean()) })
    .map(v => defined({ kind: 'search' as const, ...v })),
);

/** Maps each side's ids to the position of the record's first creation. */
class Ids {
  private readonly bySide = [new Map<string, number>(), new Map<string, number>()];
  readonly pairs: [string, string][] = [];

  of(side: 0 | 1, id: string): number | undefined {
    return this.bySide[side]!.get(id);
  }

  /** Registers a record both sides returned; they must be the same record. */
  pair(a: string, b: string): number {
    const ia = this.of(0, a);
    const ib = this.of(1, b);
    expect(ia, `record ${a}/${b} known on one side only`).to.equal(ib);
    if (ia !== undefined) return ia;
    const index = this.pairs.push([a, b]) - 1;
    this.bySide[0]!.set(a, index);
    this.bySide[1]!.set(b, index);
    return index;
  }
}

function view(ids: Ids, side: 0 | 1, contact: Contact) {
  return {
    record: ids.of(side, contact.id) ?? 'new',
    name: contact.name,
    nameSource: contact.nameSource,
    email: contact.email ?? null,
    phone: contact.phone ?? null,
    pending: contact.pendingActions.map(a => a.type),
    identities: contact.identities
      .map(i => `${i.channel}|${i.address}|${i.displayName ?? ''}`)
      .sort(),
    version: contact.version,
  };
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function attempt<T>(
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}

function errorView(ids: Ids, side: 0 | 1, error: unknown) {
  if (!isContactsError(error)) return { unexpected: String(error) };
  return defined({
    code: error.code,
    field: error.field,
    fields: error.fields,
    existing: error.existingId ? (ids.of(side, error.existingId) ?? 'unknown') : undefined,
  });
}

function sortViews<T>(views: T[]): T[] {
  return views
    .map(v => JSON.stringify(v))
    .sort()
    .map(s => JSON.parse(s) as T);
}

async function snapshot(
  ids: Ids,
  side: 0 | 1,
  adapter: ContactsAdapter,
  search?: string,
  pending?: boolean,
) {
  const page = await adapter.listContacts(
    defined({ search: search || undefined, pending, limit: 500 }),
  );
  return { total: page.total, items: sortViews(page.items.map(c => view(ids, side, c))) };
}

/** Runs one step on both adapters and checks they agree. Returns a line for the failure report. */
async function step(ids: Ids, a: ContactsAdapter, b: ContactsAdapter, op: Op, keys: string[][]) {
  const both = async <T>(work: (adapter: ContactsAdapter, side: 0 | 1) => Promise<T>) =>
    [await attempt(() => work(a, 0)), await attempt(() => work(b, 1))] as const;
  const agreeOnError = (results: readonly [Outcome, Outcome]) => {
    expect(results[0].ok, `${JSON.stringify(op)}: success on one side only`).to.equal(
      results[1].ok,
    );
    if (!results[0].ok && !results[1].ok) {
      expect(errorView(ids, 1, results[1].error), JSON.stringify(op)).to.deep.equal(
        errorView(ids, 0, results[0].error),
      );
    }
  };

  switch (op.kind) {
    case 'create': {
      const draft = defined({ name: op.name, email: op.email, phone: op.phone });
      const results = await both((adapter, side) =>
        adapter.createContact(draft, { idempotencyKey: keys[side]![op.key]! }),
      );
      agreeOnError(results);
      if (results[0].ok && results[1].ok) {
        ids.pair(results[0].value.id, results[1].value.id);
        expect(view(ids, 1, results[1].value)).to.deep.equal(view(ids, 0, results[0].value));
      }
      return;
    }
    case 'update': {
      if (!ids.pairs.length) return;
      const pair = ids.pairs[op.target % ids.pairs.length]!;
      const patch: ContactPatch = op.patch;
      const results = await both(async (adapter, side) => {
        const current = await adapter.getContact(pair[side]);
        const version = op.stale ? current.version + 1 : current.version;
        return adapter.updateContact(current.id, patch, { expectedVersion: version });
      });
      agreeOnError(results);
      if (results[0].ok && results[1].ok) {
        expect(view(ids, 1, results[1].value)).to.deep.equal(view(ids, 0, results[0].value));
      }
      return;
    }
    case 'arrive': {
      const arrival: ArrivingConversation = defined({
        channel: op.channel,
        address: op.address,
        displayName: op.displayName,
        email: op.email,
        phone: op.phone,
      });
      const results = await both(adapter => adapter.resolveConversation(arrival));
      agreeOnError(results);
      if (results[0].ok && results[1].ok) {
        const [ra, rb] = [results[0].value, results[1].value];
        expect(rb.outcome, JSON.stringify(op)).to.equal(ra.outcome);
        expect(rb.matchedBy, JSON.stringify(op)).to.equal(ra.matchedBy);
        ids.pair(ra.contact.id, rb.contact.id);
        expect(view(ids, 1, rb.contact)).to.deep.equal(view(ids, 0, ra.contact));
      }
      return;
    }
    case 'search': {
      const [sa, sb] = [
        await snapshot(ids, 0, a, op.search, op.pending),
        await snapshot(ids, 1, b, op.search, op.pending),
      ];
      expect(sb, JSON.stringify(op)).to.deep.equal(sa);
      return;
    }
  }
}

describe('the in-memory and REST adapters agree (property-based)', () => {
  before(async function () {
    this.timeout(30_000);
    await Promise.all([startWorker(), loadPhoneLibrary()]);
  });
  after(() => stopWorker());

  it(`random sequences of create, update, arrival and search end in the same state`, async function () {
    this.timeout(120_000);
    let steps = 0;
    let runs = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 8, maxLength: 30 }), async ops => {
        runs++;
        const memory = new InMemoryContactsAdapter();
        const { adapter: rest, store } = serve();
        const ids = new Ids();
        // The same key slot means the same intent: both sides reuse their key for it.
        const slots = Array.from({ length: 6 }, () => crypto.randomUUID());
        const keys = [slots, slots];
        for (const op of ops) {
          await step(ids, memory, rest, op, keys);
          steps++;
        }
        // Final state: everything, the pending filter, and each record read back by id.
        for (const pending of [undefined, true, false]) {
          expect(await snapshot(ids, 1, rest, undefined, pending)).to.deep.equal(
            await snapshot(ids, 0, memory, undefined, pending),
          );
        }
        expect(await snapshot(ids, 1, store)).to.deep.equal(await snapshot(ids, 0, memory));
        for (const [a, b] of ids.pairs) {
          expect(view(ids, 1, await rest.getContact(b))).to.deep.equal(
            view(ids, 0, await memory.getContact(a)),
          );
        }
      }),
      { numRuns: NUM_RUNS },
    );
    console.log(
      `[reliability] adapter equivalence: ${runs} runs, ${steps} steps in ${Math.round(performance.now() - started)} ms`,
    );
  });
});
