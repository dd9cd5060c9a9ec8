/**
 * The adapter conformance suite: every `ContactsAdapter` must pass it, and a host that writes its
 * own adapter runs it against that adapter:
 *
 * ```ts
 * import { runAdapterConformance } from 'contacts-elements/testing.js';
 * runAdapterConformance('MyAdapter', () => new MyAdapter(freshTestBackend()));
 * ```
 *
 * It registers tests with the test runner's global `describe` and `it` (Mocha, or any runner with
 * the same globals) and depends on no assertion library, so it ships in the package as is. Each
 * test asks the factory for a fresh, empty adapter and builds its data through the public API.
 * One file per concern registers that concern's tests, in the order below.
 */
import { aborts } from './aborts.js';
import { arrivals } from './arrivals.js';
import { changeFeed } from './change-feed.js';
import { concurrency } from './concurrency.js';
import { conflicts } from './conflicts.js';
import { conversations } from './conversations.js';
import { companies, contacts } from './crud.js';
import { duplicates } from './duplicates.js';
import { type AdapterFactory, type ConformanceOptions, openSuite, type Suite } from './harness.js';
import { idempotency } from './idempotency.js';
import { merges } from './merge.js';
import { order } from './order.js';
import { paging } from './paging.js';
import { search } from './search.js';
import { validation } from './validation.js';

export type { AdapterFactory, ConformanceOptions } from './harness.js';

const CONCERNS: readonly ((suite: Suite) => void)[] = [
  contacts,
  companies,
  search,
  paging,
  order,
  validation,
  duplicates,
  idempotency,
  conflicts,
  arrivals,
  conversations,
  concurrency,
  aborts,
  changeFeed,
  merges,
];

/**
 * Registers the conformance tests for one adapter. `factory` is called once per test and must
 * return a fresh adapter over an empty store.
 */
export function runAdapterConformance(
  name: string,
  factory: AdapterFactory,
  options: ConformanceOptions = {},
): void {
  openSuite(name, factory, options, suite => {
    for (const register of CONCERNS) register(suite);
  });
}
