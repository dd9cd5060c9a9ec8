/**
 * Property: any sequence of creates (with reused idempotency keys), updates (some from a stale
 * version), arriving conversations, searches, creates whose answer is lost and then retried
 * under the same key, corrections saved after such a lost answer, and concurrent edits by two
 * agents from one version leaves the in-memory adapter and the REST adapter over msw in the same
 * state, with the same outcome for every step. Merges, deletes and restores join the steps (with
 * stale versions, repeated keys and restores of any earlier point, twice or after other steps),
 * and the store's invariants are checked at the end of every run (no email, phone or channel
 * identity held twice, no conversation without its contact). The same property then runs against
 * the REST adapter over the reference server (`server/`, each run in a fresh account), without the
 * lost answers, which only msw can inject. Ids and timestamps differ between the stores, so
 * records are compared through a normalised view, and ids through the order in which the records
 * were first created.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import fc from 'fast-check';

import { ContactsError, isContactsError } from '../../src/adapter/errors.js';
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import { RestContactsAdapter } from '../../src/adapter/rest/index.js';
import type { ContactsAdapter, MergeChoices } from '../../src/adapter/types.js';
import { loadPhoneLibrary } from '../../src/model/phone.js';
import type { ArrivingConversation, Contact, ContactPatch } from '../../src/model/types.js';
import { type Served, serve, startWorker, stopWorker } from './mock-server.js';

const NUM_RUNS = 50;
/** Fewer against the reference server, where every step is a request to a database. */
const SERVER_RUNS = 40;

/** How often the steps below reached their interesting branch, for the report. */
const reached = {
  lostAnswers: 0,
  corrections: 0,
  conflicts: 0,
  merges: 0,
  deletes: 0,
  restores: 0,
};

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
const CONVERSATIONS = ['cv-1', 'cv-2', 'cv-3'];

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
      conversationId?: string;
    }
  | { kind: 'search'; search: string; pending?: boolean }
  /** A merge of two records (the same one, sometimes), maybe stale, maybe sent twice. */
  | {
      kind: 'merge';
      primary: number;
      secondary: number;
      choices: MergeChoices;
      stale: boolean;
      repeat: boolean;
    }
  | { kind: 'delete'; target: number; stale: boolean }
  /** A restore of one of the restore points made so far (any, in any state). */
  | { kind: 'restore'; point: number }
  /**
   * A create whose answer is lost after it committed; the client retries it with the same key
   * and body. With `correction`, the agent changed the form meanwhile: the first attempt is
   * settled with its own key and body, then the corrected values go out as an update (the save
   * controller's protocol), so the correction is never swallowed by a replayed key.
   */
  | {
      kind: 'lost-create';
      name: string;
      email?: string;
      phone?: string;
      correction?: Patch;
    }
  /** Two agents edit one record from the same version: the first wins, the second conflicts. */
  | { kind: 'concurrent'; target: number; first: Patch; second: Patch };

type Patch = { name?: string; email?: string | null; phone?: string | null };

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const pick = <T>(pool: readonly T[]) => fc.constantFrom(...pool);

/** Drops keys whose value is undefined, as JSON would on the REST side. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const patchArb: fc.Arbitrary<Patch> = fc
  .record({
    name: optional(pick(NAMES.filter(n => n.trim()))),
    email: optional(fc.oneof(pick(EMAILS.filter(Boolean)), fc.constant(null))),
    phone: optional(fc.oneof(pick(PHONES.filter(Boolean)), fc.constant(null))),
  })
  .map(patch => defined(patch));

const side = optional(fc.constantFrom('primary' as const, 'secondary' as const));
const stale = fc.oneof(
  { arbitrary: fc.constant(true), weight: 1 },
  { arbitrary: fc.constant(false), weight: 4 },
);

const mergeArbs: fc.Arbitrary<Op>[] = [
  fc
    .record({
      primary: fc.nat({ max: 20 }),
      secondary: fc.nat({ max: 20 }),
      choices: fc
        .record({ name: side, email: side, phone: side, companyId: side })
        .map(choices => defined(choices)),
      stale,
      repeat: fc.boolean(),
    })
    .map(v => ({ kind: 'merge' as const, ...v })),
  fc.record({ target: fc.nat({ max: 20 }), stale }).map(v => ({ kind: 'delete' as const, ...v })),
  fc.record({ point: fc.nat({ max: 10 }) }).map(v => ({ kind: 'restore' as const, ...v })),
];
const [mergeArb, deleteArb, restoreArb] = mergeArbs as [
  fc.Arbitrary<Op>,
  fc.Arbitrary<Op>,
  fc.Arbitrary<Op>,
];
/** A new webchat visitor, sometimes giving an email: more records to merge. */
const visitorArb: fc.Arbitrary<Op> = fc
  .record({
    visitor: fc.nat({ max: 30 }),
    email: optional(pick(EMAILS.filter(Boolean))),
    conversationId: optional(pick(CONVERSATIONS)),
  })
  .map(({ visitor, ...v }) =>
    defined({ kind: 'arrive' as const, channel: 'webchat', address: `guest-${visitor}`, ...v }),
  );
/** Mostly merges: many fail (a record gone, a stale version), and restores need points. */
const mergeMix = [mergeArb, mergeArb, mergeArb, deleteArb, restoreArb, restoreArb, visitorArb];

const baseArbs: fc.Arbitrary<Op>[] = [
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
      conversationId: optional(pick(CONVERSATIONS)),
    })
    .map(v => defined({ kind: 'arrive' as const, ...v })),
  fc
    .record({ search: pick(SEARCHES), pending: optional(fc.boolean()) })
    .map(v => defined({ kind: 'search' as const, ...v })),
  fc
    .record({
      name: pick(NAMES.filter(n => n.trim())),
      email: optional(pick(EMAILS)),
      phone: optional(pick(PHONES)),
      correction: optional(patchArb),
    })
    .map(v => defined({ kind: 'lost-create' as const, ...v })),
  fc
    .record({ target: fc.nat({ max: 20 }), first: patchArb, second: patchArb })
    .map(v => ({ kind: 'concurrent' as const, ...v })),
];

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
    mergedInto: error.mergedInto ? (ids.of(side, error.mergedInto) ?? 'unknown') : undefined,
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

/** The other side of a run: the REST adapter over msw, or over the reference server. */
interface Other {
  adapter: ContactsAdapter;
  /** The msw side's controls; absent for the reference server, whose answers are not lost. */
  served?: Served;
}

/** Runs one step on both adapters and checks they agree. Returns a line for the failure report. */
async function step(
  ids: Ids,
  a: ContactsAdapter,
  other: Other,
  op: Op,
  keys: string[][],
  tokens: [string, string][],
) {
  const { adapter: b, served } = other;
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
      // A key is reused only for the same request, as the contract asks (another body under a
      // used key is refused by the REST contract, not replayed): the slot and the body make it.
      const results = await both((adapter, side) =>
        adapter.createContact(draft, {
          idempotencyKey: `${keys[side]![op.key]!}:${encodeURIComponent(JSON.stringify(draft))}`,
        }),
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
        conversationId: op.conversationId,
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
    case 'lost-create': {
      if (!served) return;
      const draft = defined({ name: op.name, email: op.email, phone: op.phone });
      const key = { idempotencyKey: crypto.randomUUID() };
      // The first attempt commits on both sides; only its answer is lost. A draft the store
      // refuses loses nothing, so it is an ordinary create then.
      const first = await attempt(() => a.createContact(draft, key));
      if (first.ok) served.inject('POST', /^\/contacts$/, 'lose-response');
      const lost = await attempt(() => b.createContact(draft, key));
      if (first.ok) {
        expect(lost.ok, `${JSON.stringify(op)}: the lost answer should reach the caller`).to.be
          .false;
        const error = (lost as { error: unknown }).error;
        expect(error, String(error)).to.be.instanceOf(ContactsError);
        expect((error as ContactsError).code).to.equal('network');
        reached.lostAnswers++;
      } else {
        agreeOnError([first, lost]);
        return;
      }
      // Settled with its own key and body: the same record on both sides, created once.
      const settled = await both(adapter => adapter.createContact(draft, key));
      agreeOnError(settled);
      if (!settled[0].ok || !settled[1].ok) return;
      expect(settled[0].value.id, 'a retry under the same key').to.equal(
        (first as { value: Contact }).value.id,
      );
      ids.pair(settled[0].value.id, settled[1].value.id);
      expect(view(ids, 1, settled[1].value)).to.deep.equal(view(ids, 0, settled[0].value));
      if (!op.correction) return;
      const correction = op.correction;
      const records = [settled[0].value, settled[1].value];
      const corrected = await both((adapter, side) =>
        adapter.updateContact(records[side]!.id, correction, {
          expectedVersion: records[side]!.version,
        }),
      );
      agreeOnError(corrected);
      if (corrected[0].ok && corrected[1].ok) {
        reached.corrections++;
        expect(view(ids, 1, corrected[1].value)).to.deep.equal(view(ids, 0, corrected[0].value));
        if (correction.name) expect(corrected[0].value.name).to.equal(correction.name.trim());
      }
      return;
    }
    case 'concurrent': {
      if (!ids.pairs.length) return;
      const pair = ids.pairs[op.target % ids.pairs.length]!;
      const outcomes = await both(async (adapter, side) => {
        // Both agents opened the record at the same version.
        const { version } = await adapter.getContact(pair[side]);
        const first = await attempt(() =>
          adapter.updateContact(pair[side], op.first, { expectedVersion: version }),
        );
        const second = await attempt(() =>
          adapter.updateContact(pair[side], op.second, { expectedVersion: version }),
        );
        return [first, second] as const;
      });
      const [ra, rb] = [outcomes[0], outcomes[1]];
      // A record merged away or deleted is gone on both sides alike.
      agreeOnError([ra, rb]);
      if (!ra.ok || !rb.ok) return;
      for (const i of [0, 1] as const) {
        agreeOnError([ra.value[i], rb.value[i]]);
        const [x, y] = [ra.value[i], rb.value[i]];
        if (x.ok && y.ok) expect(view(ids, 1, y.value)).to.deep.equal(view(ids, 0, x.value));
      }
      if (ra.value[0].ok) {
        const lost = ra.value[1];
        expect(lost.ok, `${JSON.stringify(op)}: the second edit from the same version`).to.be.false;
        expect(errorView(ids, 0, (lost as { error: unknown }).error)).to.deep.equal({
          code: 'conflict',
        });
        reached.conflicts++;
      }
      return;
    }
    case 'merge': {
      if (!ids.pairs.length) return;
      const primary = ids.pairs[op.primary % ids.pairs.length]!;
      // Mostly two records; now and then the same one twice (refused as invalid).
      const n = ids.pairs.length;
      const other = n > 1 && op.secondary % 5 ? 1 + (op.secondary % (n - 1)) : 0;
      const secondary = ids.pairs[(op.primary + other) % n]!;
      const results = await both(async (adapter, side) => {
        const [p, s] = [
          await adapter.getContact(primary[side]),
          await adapter.getContact(secondary[side]),
        ];
        const options = {
          idempotencyKey: crypto.randomUUID(),
          expectedVersions: { primary: p.version + (op.stale ? 1 : 0), secondary: s.version },
        };
        const first = await adapter.mergeContacts!(p.id, s.id, op.choices, options);
        const again = op.repeat
          ? await adapter.mergeContacts!(p.id, s.id, op.choices, options)
          : first;
        expect(again.restorePoint.token, 'token of a repeated merge').to.equal(
          first.restorePoint.token,
        );
        return first;
      });
      agreeOnError(results);
      if (results[0].ok && results[1].ok) {
        reached.merges++;
        const [ra, rb] = [results[0].value, results[1].value];
        expect(view(ids, 1, rb.contact)).to.deep.equal(view(ids, 0, ra.contact));
        tokens.push([ra.restorePoint.token, rb.restorePoint.token]);
        const gone = await both((adapter, side) => adapter.getContact(secondary[side]));
        agreeOnError(gone);
        expect(errorView(ids, 0, (gone[0] as { error: unknown }).error)).to.deep.equal({
          code: 'not-found',
          mergedInto: ids.of(0, primary[0]),
        });
      }
      return;
    }
    case 'delete': {
      if (!ids.pairs.length) return;
      const pair = ids.pairs[op.target % ids.pairs.length]!;
      const results = await both(async (adapter, side) => {
        const current = await adapter.getContact(pair[side]);
        const expectedVersion = current.version + (op.stale ? 1 : 0);
        return adapter.deleteContact!(current.id, { expectedVersion });
      });
      agreeOnError(results);
      if (results[0].ok && results[1].ok) {
        reached.deletes++;
        tokens.push([results[0].value.restorePoint.token, results[1].value.restorePoint.token]);
      }
      return;
    }
    case 'restore': {
      if (!tokens.length) return;
      const point = tokens[op.point % tokens.length]!;
      const results = await both((adapter, side) => adapter.restore!(point[side]));
      agreeOnError(results);
      if (results[0].ok && results[1].ok) {
        reached.restores++;
        const [ra, rb] = [results[0].value, results[1].value];
        expect(sortViews(rb.contacts.map(c => view(ids, 1, c)))).to.deep.equal(
          sortViews(ra.contacts.map(c => view(ids, 0, c))),
        );
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

/** Checks what every store must keep whatever the steps: each value held once, no orphans. */
function checkInvariants(memory: InMemoryContactsAdapter): void {
  const { contacts, conversations } = memory.snapshot();
  const holders = new Map<string, string>();
  for (const contact of contacts) {
    const values = [
      ...(contact.email ? [`email ${contact.email}`] : []),
      ...(contact.phone ? [`phone ${contact.phone}`] : []),
      ...contact.identities.map(
        i => `identity ${i.channel.trim().toLowerCase()}|${i.address.trim().toLowerCase()}`,
      ),
    ];
    for (const value of values) {
      expect(holders.get(value), `${value} held by two contacts`).to.equal(undefined);
      holders.set(value, contact.id);
    }
  }
  const ids = new Set(contacts.map(c => c.id));
  for (const conversation of conversations) {
    expect(ids.has(conversation.contactId), `conversation ${conversation.id} without its contact`)
      .to.be.true;
  }
}

const counts = { runs: 0, steps: 0 };

/** One run: the steps on both sides, then the final state compared and the invariants checked. */
async function run(ops: Op[], other: Other, memory: InMemoryContactsAdapter): Promise<void> {
  counts.runs++;
  const ids = new Ids();
  // The same key slot means the same intent: both sides reuse their key for it.
  const slots = Array.from({ length: 6 }, () => crypto.randomUUID());
  const keys = [slots, slots];
  const tokens: [string, string][] = [];
  for (const op of ops) {
    await step(ids, memory, other, op, keys, tokens);
    counts.steps++;
  }
  const b = other.adapter;
  // Final state: everything, the pending filter, and each record read back by id, with its
  // conversations (a record merged away or deleted answers the same error on both sides).
  for (const pending of [undefined, true, false]) {
    expect(await snapshot(ids, 1, b, undefined, pending)).to.deep.equal(
      await snapshot(ids, 0, memory, undefined, pending),
    );
  }
  if (other.served) {
    expect(await snapshot(ids, 1, other.served.store)).to.deep.equal(
      await snapshot(ids, 0, memory),
    );
  }
  for (const [x, y] of ids.pairs) {
    const [ra, rb] = [
      await attempt(() => memory.getContact(x)),
      await attempt(() => b.getContact(y)),
    ];
    expect(ra.ok, `record ${x}/${y} on one side only`).to.equal(rb.ok);
    if (ra.ok && rb.ok) {
      expect(view(ids, 1, rb.value)).to.deep.equal(view(ids, 0, ra.value));
      const conversations = async (adapter: ContactsAdapter, id: string) =>
        (await adapter.listConversations(id, { limit: 100 })).map(c => c.id).sort();
      expect(await conversations(b, y)).to.deep.equal(await conversations(memory, x));
    } else if (!ra.ok && !rb.ok) {
      expect(errorView(ids, 1, rb.error)).to.deep.equal(errorView(ids, 0, ra.error));
    }
  }
  checkInvariants(memory);
  if (other.served) checkInvariants(other.served.store);
}

function report(title: string, started: number): void {
  console.log(
    `[reliability] ${title}: ${counts.runs} runs, ${counts.steps} steps in ${Math.round(performance.now() - started)} ms ` +
      `(${reached.lostAnswers} lost answers, ${reached.corrections} corrections, ${reached.conflicts} concurrent conflicts, ` +
      `${reached.merges} merges, ${reached.deletes} deletes, ${reached.restores} restores)`,
  );
  counts.runs = counts.steps = 0;
  for (const name of Object.keys(reached) as (keyof typeof reached)[]) reached[name] = 0;
}

describe('the in-memory and REST adapters agree (property-based)', () => {
  before(async function () {
    this.timeout(30_000);
    await Promise.all([startWorker(), loadPhoneLibrary()]);
  });
  after(() => stopWorker());

  const ops = fc.array(fc.oneof(...baseArbs, ...mergeMix), { minLength: 8, maxLength: 30 });

  it('random sequences of create, update, arrival, search, lost answers, concurrent edits, merges, deletes and restores end in the same state', async function () {
    this.timeout(120_000);
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(ops, steps => {
        const served = serve();
        return run(steps, { adapter: served.adapter, served }, new InMemoryContactsAdapter());
      }),
      { numRuns: NUM_RUNS },
    );
    report('adapter equivalence', started);
  });

  it('the same sequences end in the same state on the reference server', async function () {
    this.timeout(240_000);
    const found = await executeServerCommand<{ url: string }, undefined>('reference-server');
    if (!found) {
      throw new Error('The reference-server plugin is not in web-test-runner.config.mjs.');
    }
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(ops, steps => {
        const adapter = new RestContactsAdapter({
          baseUrl: found.url,
          headers: { Authorization: `Bearer acct-${crypto.randomUUID()}` },
        });
        return run(steps, { adapter }, new InMemoryContactsAdapter());
      }),
      { numRuns: SERVER_RUNS },
    );
    report('adapter equivalence on the reference server', started);
  });
});
