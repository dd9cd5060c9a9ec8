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
import type { ContactsAdapter, ContactQuery, Page } from '../types.js';
import { newIdempotencyKey } from '../util.js';
import { check, show } from './assert.js';

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

export async function countContacts(
  adapter: ContactsAdapter,
  query: ContactQuery = {},
): Promise<number> {
  return (await adapter.listContacts({ ...query, limit: 1 })).total;
}

export async function countCompanies(adapter: ContactsAdapter): Promise<number> {
  return (await adapter.listCompanies({ limit: 1 })).total;
}

export const namesOf = (page: Page<{ name: string }>) => page.items.map(item => item.name);
export const idsOf = (page: Page<{ id: string }>) => page.items.map(item => item.id);

/** Every contact matching `query`, following cursors; fails on a cursor loop. */
export async function allContacts(
  adapter: ContactsAdapter,
  query: ContactQuery = {},
): Promise<Contact[]> {
  const items: Contact[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: Page<Contact> = await adapter.listContacts({ ...query, cursor, limit: 100 });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (cursor !== null) {
      check(!seen.has(cursor), `listContacts returned the cursor ${show(cursor)} twice`);
      seen.add(cursor);
    }
  } while (cursor !== null);
  return items;
}

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
