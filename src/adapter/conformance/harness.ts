/**
 * How the conformance suite meets a test runner: the runner's global `describe` and `it` (Mocha, or
 * any runner with the same globals), and the `Suite` each concern's file registers its tests on.
 * Nothing here imports a test library, so the suite ships in the package as is.
 */
import type { ContactsAdapter } from '../types.js';
import { check, fail } from './assert.js';
import { countCompanies, countContacts, sleep } from './fixtures.js';

export interface ConformanceOptions {
  /**
   * Per-test time limit in ms. The default leaves room for adapters that cross a network or a
   * service worker; the concurrency tests make 20 overlapping calls.
   */
  timeout?: number;
}

export type AdapterFactory = () => ContactsAdapter | Promise<ContactsAdapter>;

const DEFAULT_TIMEOUT = 20_000;

// Declared here rather than through @types/mocha so the shipped declarations need no test types.

export interface SuiteContext {
  timeout?(ms: number): unknown;
}

export interface TestContext {
  skip?(): void;
}

export interface RunnerGlobals {
  describe(title: string, body: (this: SuiteContext | undefined) => void): unknown;
  // Mocha ignores the third argument; Jest and Vitest read it as the test's time limit.
  it: ((
    title: string,
    body: (this: TestContext | undefined) => Promise<void>,
    timeout?: number,
  ) => unknown) & { skip?(title: string, body?: () => Promise<void>): unknown };
}

/** The runner's globals; `caller` names the function that needs them in the error. */
export function runnerGlobals(caller = 'runAdapterConformance'): RunnerGlobals {
  const scope = globalThis as unknown as Partial<RunnerGlobals>;
  if (typeof scope.describe !== 'function' || typeof scope.it !== 'function') {
    throw new Error(
      `${caller} needs the global describe() and it() of a test runner such as Mocha; ` +
        'call it from a test file.',
    );
  }
  return scope as RunnerGlobals;
}

/** A fresh adapter from `factory`, checked to hold no records. */
export async function emptyAdapter(factory: AdapterFactory): Promise<ContactsAdapter> {
  const adapter = await factory();
  const contacts = await countContacts(adapter);
  const companies = await countCompanies(adapter);
  check(
    contacts === 0 && companies === 0,
    `the factory must return an empty adapter, this one holds ${contacts} contacts and ${companies} companies`,
  );
  return adapter;
}

/** What a test body returns to mark itself skipped (an adapter without an optional capability). */
export const SKIP = Symbol('skip');

export type TestBody = (adapter: ContactsAdapter) => Promise<void | typeof SKIP>;

/** What each concern's file receives: a way to group and register tests against the adapter. */
export interface Suite {
  describe(title: string, body: () => void): void;
  /** Registers a test that gets a fresh, empty adapter from the factory. */
  test(title: string, body: TestBody): void;
  /** Waits until `condition` holds, as long as a pushed change may take to arrive. */
  until(what: string, condition: () => boolean): Promise<void>;
}

/** Opens the top-level `describe` for `name` and hands `register` the suite to fill it. */
export function openSuite(
  name: string,
  factory: AdapterFactory,
  options: ConformanceOptions,
  register: (suite: Suite) => void,
): void {
  const { describe, it } = runnerGlobals();
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  // How long a pushed change may take to arrive; leaves the rest of the test time for the writes.
  const pushWait = Math.min(5000, timeout / 2);

  const suite: Suite = {
    describe(title, body) {
      describe(title, body);
    },
    test(title, body) {
      it(
        title,
        async function (this: TestContext | undefined) {
          const adapter = await emptyAdapter(factory);
          if ((await body(adapter)) === SKIP) this?.skip?.();
        },
        timeout,
      );
    },
    async until(what, condition) {
      const end = Date.now() + pushWait;
      while (!condition()) {
        if (Date.now() > end) fail(`expected ${what} within ${pushWait} ms`);
        await sleep(10);
      }
    },
  };

  describe(`ContactsAdapter conformance: ${name}`, function () {
    this?.timeout?.(timeout);
    register(suite);
  });
}
