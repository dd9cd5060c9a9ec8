/**
 * The element conformance kit (`runElementConformance` from `contacts-elements/testing.js`) on
 * the shipped adapters and on a backend shaped like someone else's: the in-memory adapter, the
 * REST adapter over msw, the REST adapter against the hostile node:http server with no faults,
 * and the in-memory adapter behind a page cap of 20 and activity order.
 */
import { expect } from '@open-wc/testing';

import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { ContactsAdapter } from '../../src/adapter/types.js';
import { loadPhoneLibrary } from '../../src/model/phone.js';
import { reshapeAdapter, runElementConformance } from '../../src/testing.js';
import { hostileServer, restAdapter } from '../hostile/client.js';
import { serve, startWorker, stopWorker } from '../reliability/mock-server.js';

before(async function () {
  // The msw worker, and the phone library the details load on first use (slow on a cold server).
  this.timeout(30_000);
  await Promise.all([startWorker(), loadPhoneLibrary()]);
});

after(() => stopWorker());

runElementConformance('InMemoryContactsAdapter', () => new InMemoryContactsAdapter());

runElementConformance('RestContactsAdapter over msw', () => serve().adapter);

runElementConformance('RestContactsAdapter over the hostile node:http server', async () =>
  restAdapter(await hostileServer()),
);

// Another order without positionOf: the panel reveals a record only among the rows it has
// loaded, so the kit skips revealing a created record there by itself.
runElementConformance('reshapeAdapter(in-memory, page cap 20, activity order)', () =>
  reshapeAdapter(new InMemoryContactsAdapter(), { pageCap: 20, order: 'activity' }),
);

runElementConformance('reshapeAdapter(in-memory, page cap 7, activity order, positionOf)', () =>
  reshapeAdapter(new InMemoryContactsAdapter(), {
    pageCap: 7,
    order: 'activity',
    positionOf: true,
  }),
);

// ---- The kit against adapters with faults ------------------------------------------------------

type Body = (this: { skip(): void; timeout(ms: number): void }) => Promise<void>;

/** Runs one check of the kit on `factory`, caught instead of registered: 'passed' or its error. */
async function runCheck(factory: () => ContactsAdapter, title: string): Promise<'passed' | Error> {
  const scope = globalThis as unknown as Record<'describe' | 'it', unknown>;
  const saved = { describe: scope.describe, it: scope.it };
  let body: Body | undefined;
  scope.describe = (_title: string, inner: (this: unknown) => void) => inner.call({ timeout() {} });
  scope.it = (name: string, test: Body) => {
    if (name === title) body = test;
  };
  try {
    runElementConformance('under test', factory);
  } finally {
    Object.assign(scope, saved);
  }
  expect(body, `a check titled ${title}`).to.exist;
  try {
    await body!.call({ skip() {}, timeout() {} });
    return 'passed';
  } catch (error) {
    return error as Error;
  }
}

/** The in-memory adapter with some members replaced. */
function faulty(changes: (inner: InMemoryContactsAdapter) => Partial<ContactsAdapter>) {
  return () => {
    const inner = new InMemoryContactsAdapter();
    const replaced = changes(inner);
    return new Proxy(inner, {
      get: (target, prop) =>
        prop in replaced
          ? replaced[prop as keyof ContactsAdapter]
          : (Reflect.get(target, prop) as unknown),
    }) as ContactsAdapter;
  };
}

describe('the element conformance kit against adapters with faults', () => {
  const SEARCH = 'search narrows the list to the records that match';
  const CONFLICT = 'Save over a change made elsewhere asks to Reload or Overwrite, writing nothing';

  it('passes both checks below on the in-memory adapter', async function () {
    this.timeout(60_000);
    expect(await runCheck(() => new InMemoryContactsAdapter(), SEARCH)).to.equal('passed');
    expect(await runCheck(() => new InMemoryContactsAdapter(), CONFLICT)).to.equal('passed');
  });

  it('fails an adapter whose list ignores the search once the page is open', async function () {
    this.timeout(60_000);
    let panelAsked = false;
    const outcome = await runCheck(
      faulty(inner => ({
        // The kit's own lookups pass; the panel's searches (with a signal) get everything.
        listContacts: (query = {}, options = {}) => {
          panelAsked ||= !!options.signal && !!query.search;
          return inner.listContacts(options.signal ? { ...query, search: undefined } : query);
        },
      })),
      SEARCH,
    );
    expect(panelAsked, 'the panel searched through the adapter').to.be.true;
    expect(outcome).to.be.instanceOf(Error);
    expect((outcome as Error).name).to.equal('AssertionError');
  });

  it('fails an adapter that ignores the expected version, writing over the other agent', async function () {
    this.timeout(60_000);
    const outcome = await runCheck(
      faulty(inner => ({
        updateContact: async (id, patch, options) => {
          const { version } = await inner.getContact(id);
          return inner.updateContact(id, patch, { ...options, expectedVersion: version });
        },
      })),
      CONFLICT,
    );
    expect(outcome).to.be.instanceOf(Error);
    expect((outcome as Error).name).to.equal('AssertionError');
  });
});
