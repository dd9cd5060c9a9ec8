/**
 * Helpers the concerns share: writes through the public API, counts, and the seed data each
 * search and filter test tells apart. Every test builds its data through these, never behind the
 * adapter's back.
 */
import type {
  Company,
  CompanyDraft,
  Contact,
  ContactDraft,
  ContactPatch,
} from '../../model/types.js';
import type { CompanyQuery, ContactQuery, ContactsAdapter, Page, RecordKind } from '../types.js';
import { newIdempotencyKey } from '../util.js';
import { check, equal, show } from './assert.js';

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

export function addContact(adapter: ContactsAdapter, draft: ContactDraft): Promise<Contact> {
  return adapter.createContact(draft, { idempotencyKey: newIdempotencyKey() });
}

export function addCompany(adapter: ContactsAdapter, draft: CompanyDraft): Promise<Company> {
  return adapter.createCompany(draft, { idempotencyKey: newIdempotencyKey() });
}

export function patchContact(adapter: ContactsAdapter, contact: Contact, patch: ContactPatch) {
  return adapter.updateContact(contact.id, patch, { expectedVersion: contact.version });
}

/** How many contacts match: the total, or the records walked when it is a lower bound. */
export async function countContacts(
  adapter: ContactsAdapter,
  query: ContactQuery = {},
): Promise<number> {
  const page = await adapter.listContacts({ ...query, limit: 1 });
  if (page.totalExact !== false) return page.total;
  return (await walk(adapter, 'contact', query)).length;
}

export async function countCompanies(adapter: ContactsAdapter): Promise<number> {
  const page = await adapter.listCompanies({ limit: 1 });
  if (page.totalExact !== false) return page.total;
  return (await walk(adapter, 'company')).length;
}

/**
 * Checks a page's `total` against `count`, the records that truly match: equal when exact; when
 * a lower bound (`totalExact: false`), at most `count`, at least the records up to the page's
 * end, and with a `nextCursor`.
 */
export function checkTotal(page: Page<unknown>, count: number, what: string): void {
  if (page.totalExact !== false) {
    equal(page.total, count, what);
    return;
  }
  const reached = page.offset + page.items.length;
  check(
    page.total <= count,
    `${what}: a lower bound (totalExact false) of ${page.total}, above the ${count} records that match`,
  );
  check(
    page.total >= reached,
    `${what}: a lower bound (totalExact false) of ${page.total}, below the ${reached} records up to the page's end`,
  );
  check(page.nextCursor !== null, `${what}: a lower bound (totalExact false) on the last page`);
}

export const idsOf = (page: Page<{ id: string }>) => page.items.map(item => item.id);

export type Listed = Contact | Company;

/** One page of contacts or companies. */
export function listOf(
  adapter: ContactsAdapter,
  kind: RecordKind,
  query: ContactQuery | CompanyQuery,
): Promise<Page<Listed>> {
  return kind === 'contact' ? adapter.listContacts(query) : adapter.listCompanies(query);
}

export interface WalkOptions {
  /** The `limit` of every request. */
  limit?: number;
  /**
   * Runs after each page but the last, before the next is asked for: writes made while the list
   * is paged. With it, totals and offsets may move, and only what cursors promise is checked.
   */
  between?: (page: number) => Promise<void>;
}

/**
 * Every record of `query`, following `nextCursor` from the first page, in the adapter's order.
 * At every page it checks what the elements rely on: no record twice, no cursor twice, never an
 * empty page with a cursor, at most `limit` items; and, while nothing is written, at least one
 * item while records remain, the same total on every page, offsets that count the records before,
 * and `nextCursor` null exactly when the last record has been served. A lower-bound total
 * (`totalExact: false`) may grow from page to page, never past the records walked in the end; the
 * last page's total is exact.
 */
export async function walk(
  adapter: ContactsAdapter,
  kind: RecordKind,
  query: ContactQuery | CompanyQuery = {},
  { limit = 100, between }: WalkOptions = {},
): Promise<Listed[]> {
  const method = kind === 'contact' ? 'listContacts' : 'listCompanies';
  const records: Listed[] = [];
  const ids = new Set<string>();
  const cursors = new Set<string>();
  let total: number | undefined;
  /** The largest lower bound seen (`totalExact: false`). */
  let bound = 0;
  let cursor: string | null = null;
  for (let n = 1; ; n++) {
    const page: Page<Listed> = await listOf(adapter, kind, { ...query, cursor, limit });
    const at = `${method} page ${n} (limit ${limit})`;
    check(
      page.items.length <= limit,
      `${at} holds ${page.items.length} items, more than the limit`,
    );
    check(
      page.items.length > 0 || page.nextCursor === null,
      `${at} is empty but has a nextCursor: an empty page must be the last`,
    );
    const exact = page.totalExact !== false;
    if (!between) {
      equal(page.offset, records.length, `${at}: offset (the records served before it)`);
      if (exact) {
        total ??= page.total;
        equal(page.total, total, `${at}: total`);
      } else {
        check(page.total >= bound, `${at}: a lower bound of ${page.total}, below ${bound} before`);
        bound = page.total;
      }
      if (records.length < page.total) {
        check(
          page.items.length > 0,
          `${at} is empty while ${page.total - records.length} of ${page.total} records remain`,
        );
      }
    }
    if (!exact) {
      check(page.nextCursor !== null, `${at}: a lower bound (totalExact false) on the last page`);
      check(
        page.total >= page.offset + page.items.length,
        `${at}: a lower bound of ${page.total}, below the ${page.offset + page.items.length} records up to its end`,
      );
    }
    for (const record of page.items) {
      check(!ids.has(record.id), `${at} repeats ${show(record.name)}, served on an earlier page`);
      ids.add(record.id);
      records.push(record);
    }
    if (!between && exact) {
      equal(
        page.nextCursor === null,
        records.length >= page.total,
        `${at}: nextCursor is null (the last page) after ${records.length} of ${page.total} records`,
      );
    }
    cursor = page.nextCursor;
    if (cursor === null) {
      check(
        bound <= records.length,
        `${method}: a lower bound of ${bound} above the ${records.length} records walked`,
      );
      return records;
    }
    check(!cursors.has(cursor), `${at} returned the cursor ${show(cursor)} a second time`);
    cursors.add(cursor);
    // Far more pages than records means a loop the cursor check did not catch.
    check(n <= 1000, `${method} still had a nextCursor after 1000 pages`);
    await between?.(n);
  }
}

/** The ids of records, in their order. */
export const idsIn = (records: readonly { id: string }[]) => records.map(record => record.id);

/** The same ids, whatever their order. */
export const sortedIds = (records: readonly { id: string }[]) => idsIn(records).sort();

export function uniqueSuffix(): string {
  return newIdempotencyKey().slice(0, 8);
}

// The same Brazilian mobile number, typed the ways people type it. Default country: BR.
export const PHONE_E164 = '+5511987654321';
export const PHONE_FORMATS = [
  '(11) 98765-4321',
  '+55 11 98765-4321',
  '11987654321',
  '+5511987654321',
  '0055 11 98765 4321',
] as const;

/** Ana, Bruno, Joana and José: names, emails and phones that each search below tells apart. */
export async function seedPeople(adapter: ContactsAdapter) {
  const ana = await addContact(adapter, { name: 'Ana Souza', email: 'ana@example.com' });
  const bruno = await addContact(adapter, { name: 'Bruno Lima', phone: '+55 11 98765-4321' });
  const joana = await addContact(adapter, { name: 'Joana Prado', email: 'joana@example.com' });
  // No "jose" in the email, so finding José by `jose` proves accent folding on the name.
  const jose = await addContact(adapter, {
    name: 'José da Silva',
    email: 'zs@example.org',
    phone: '(31) 2345-6789',
  });
  return { ana, bruno, joana, jose };
}

export async function seedCompanies(adapter: ContactsAdapter) {
  const acme = await addCompany(adapter, { name: 'Acme Ltda', domain: 'acme.com.br' });
  const acido = await addCompany(adapter, { name: 'Ácido Indústria', domain: 'acido.example' });
  const globex = await addCompany(adapter, { name: 'Globex', domain: 'globex.com' });
  const initech = await addCompany(adapter, { name: 'Initech' });
  return { acme, acido, globex, initech };
}
