/**
 * The data as a typical app would hold it for a baseline: every contact object, sorted like the
 * adapter sorts (folded name, then id), each with its folded search haystack; filtering is one
 * linear scan per query with the library's own matching rules.
 */
import type { Dataset } from '../../src/adapter/in-memory/in-memory-adapter.js';
import { contactHaystack, matches, parseSearch } from '../../src/model/search.js';
import type { Contact } from '../../src/model/types.js';

export interface BaselineRow {
  contact: Contact;
  hay: string;
}

export interface BaselineData {
  rows: BaselineRow[];
  companyNames: Map<string, string>;
}

export function prepareBaseline(data: Dataset): BaselineData {
  const keyed = data.contacts.map(contact => {
    const hay = contactHaystack(contact);
    const end = hay.indexOf('\n');
    return { contact, hay, key: end < 0 ? hay : hay.slice(0, end) };
  });
  keyed.sort((a, b) =>
    a.key !== b.key
      ? a.key < b.key
        ? -1
        : 1
      : a.contact.id < b.contact.id
        ? -1
        : a.contact.id > b.contact.id
          ? 1
          : 0,
  );
  return {
    rows: keyed.map(({ contact, hay }) => ({ contact, hay })),
    companyNames: new Map(data.companies.map(company => [company.id, company.name])),
  };
}

export function filterRows(rows: BaselineRow[], query: string): BaselineRow[] {
  const terms = parseSearch(query);
  if (!terms.tokens.length) return rows;
  return rows.filter(row => matches(row.hay, terms));
}

/** The second line of a row: email or phone, and the company. */
export function metaOf(contact: Contact, companyNames: Map<string, string>): string {
  const reach = contact.email ?? contact.phone ?? 'No email or phone';
  const company = contact.companyId ? companyNames.get(contact.companyId) : undefined;
  return company ? `${reach} · ${company}` : reach;
}
