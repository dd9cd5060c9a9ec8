/**
 * The element conformance kit (`runElementConformance` from `contacts-elements/testing.js`) on
 * the shipped adapters and on a backend shaped like someone else's: the in-memory adapter, the
 * REST adapter over msw, the REST adapter against the hostile node:http server with no faults,
 * and the in-memory adapter behind a page cap of 20 and activity order.
 */
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
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

// Gaps of today's panel that issue 11's element wave (panel11) closes; remove each entry then.
const REVEAL_CREATED =
  'the panel selects a created contact but does not scroll the list to it when it sits below ' +
  'the rows in view (issue 11, panel wave)';
const SHORT_PAGES =
  'rows past a page shorter than asked stay loading, so End never lands (issue 11, panel wave)';
const PANEL_GAPS = { 'the created record is revealed and selected in the list': REVEAL_CREATED };

runElementConformance('InMemoryContactsAdapter', () => new InMemoryContactsAdapter(), {
  skip: PANEL_GAPS,
});

runElementConformance('RestContactsAdapter over msw', () => serve().adapter, { skip: PANEL_GAPS });

runElementConformance(
  'RestContactsAdapter over the hostile node:http server',
  async () => restAdapter(await hostileServer()),
  { skip: PANEL_GAPS },
);

// Type-ahead and revealing a record are skipped by the kit itself for an order other than name,
// until the panel finds records through search or positionOf there.
runElementConformance(
  'reshapeAdapter(in-memory, page cap 20, activity order)',
  () => reshapeAdapter(new InMemoryContactsAdapter(), { pageCap: 20, order: 'activity' }),
  {
    skip: {
      ...PANEL_GAPS,
      'End moves to the last record, at aria-posinset equal to aria-setsize': SHORT_PAGES,
    },
  },
);
