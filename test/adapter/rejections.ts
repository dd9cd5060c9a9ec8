import { expect } from '@open-wc/testing';

import { ContactsError } from '../../src/adapter/errors.js';

/** What `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to reject.');
}

/** The ContactsError `promise` rejects with; fails the test on anything else. */
export async function contactsError(promise: Promise<unknown>): Promise<ContactsError> {
  const error = await rejection(promise);
  expect(error, String(error)).to.be.instanceOf(ContactsError);
  return error as ContactsError;
}
