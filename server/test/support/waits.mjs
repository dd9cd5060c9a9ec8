// @ts-check
/** Small helpers the server's test files share. */
import assert from 'node:assert/strict';

/**
 * Waits, without a time assertion, until `condition` holds (the test's own timeout bounds it).
 * @param {() => unknown} condition may return a promise
 */
export async function until(condition) {
  while (!(await condition())) await new Promise(resolve => setTimeout(resolve, 10));
}

/**
 * What `promise` rejects with; fails the test when it fulfils.
 * @param {Promise<unknown>} promise
 * @returns {Promise<any>}
 */
export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}
