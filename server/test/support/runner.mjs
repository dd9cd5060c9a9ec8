/**
 * The conformance suite registers its tests with mocha-style globals; these map them onto
 * node:test (the suite's per-test time limit becomes node:test's `timeout`).
 */
import { describe, it } from 'node:test';

export function installRunnerGlobals() {
  globalThis.describe = (title, body) => describe(title, () => body.call(undefined));
  globalThis.it = (title, body, timeout) =>
    it(title, { timeout }, context => body.call({ skip: () => context.skip() }));
}
