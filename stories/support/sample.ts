/**
 * Records the stories point at. `generateDataset` is deterministic, so the ids picked here from a
 * small sample are the ids of every story store generated with the same options.
 */
import type { Company, Contact } from '../../src/index.js';
import { type Dataset, generateDataset } from '../../src/testing.js';

export const SAMPLE_SIZE = 60;

export const sample: Dataset = generateDataset({ contacts: SAMPLE_SIZE });

function find<T>(list: readonly T[], test: (item: T) => boolean, what: string): T {
  const found = list.find(test);
  if (!found) throw new Error(`The sample has no ${what}.`);
  return found;
}

const conversationCount = (contact: Contact) =>
  sample.conversations.filter(conversation => conversation.contactId === contact.id).length;

/** A contact with email, phone, a company and several recent conversations. */
export const complete: Contact = find(
  sample.contacts,
  c => !!c.email && !!c.phone && !!c.companyId && conversationCount(c) >= 2,
  'complete contact',
);

/** A contact that arrived without email or phone, so it carries a pending action. */
export const pending: Contact = find(
  sample.contacts,
  c => c.pendingActions.length > 0,
  'contact with a pending action',
);

/** Another contact with an email, for the duplicate warning. */
export const other: Contact = find(
  sample.contacts,
  c => !!c.email && c.id !== complete.id,
  'second contact with an email',
);

/** A company with several contacts. */
export const company: Company = find(
  sample.companies,
  co => sample.contacts.filter(c => c.companyId === co.id).length >= 3,
  'company with contacts',
);
