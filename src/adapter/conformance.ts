/**
 * The adapter conformance suite: every `ContactsAdapter` must pass it, and a host that writes its
 * own adapter runs it against that adapter:
 *
 * ```ts
 * import { runAdapterConformance } from 'contacts-elements/conformance.js';
 * runAdapterConformance('MyAdapter', () => new MyAdapter(freshTestBackend()));
 * ```
 *
 * It registers tests with the test runner's global `describe` and `it` (Mocha, or any runner with
 * the same globals) and depends on no assertion library, so it ships in the package as is. Each
 * test asks the factory for a fresh, empty adapter and builds its data through the public API.
 */
import type {
  ArrivingConversation,
  Company,
  CompanyDraft,
  Contact,
  ContactDraft,
  ContactPatch,
} from '../model/types.js';
import type { ValidationCode, ValidationField } from '../model/validation.js';
import {
  type ContactsError,
  type ContactsErrorCode,
  isAbortError,
  isContactsError,
} from './errors.js';
import type { ContactsAdapter, ContactsChange, ContactQuery, Page } from './types.js';
import { newIdempotencyKey } from './util.js';

export interface ConformanceOptions {
  /**
   * Per-test time limit in ms. The default leaves room for adapters that cross a network or a
   * service worker; the concurrency tests make 20 overlapping calls.
   */
  timeout?: number;
}

export type AdapterFactory = () => ContactsAdapter | Promise<ContactsAdapter>;

const DEFAULT_TIMEOUT = 20_000;

// ---- Test-runner globals ----------------------------------------------------------------------
// Declared here rather than through @types/mocha so the shipped declarations need no test types.

interface SuiteContext {
  timeout?(ms: number): unknown;
}

interface TestContext {
  skip?(): void;
}

interface RunnerGlobals {
  describe(title: string, body: (this: SuiteContext | undefined) => void): unknown;
  // Mocha ignores the third argument; Jest and Vitest read it as the test's time limit.
  it(
    title: string,
    body: (this: TestContext | undefined) => Promise<void>,
    timeout?: number,
  ): unknown;
}

function runnerGlobals(): RunnerGlobals {
  const scope = globalThis as unknown as Partial<RunnerGlobals>;
  if (typeof scope.describe !== 'function' || typeof scope.it !== 'function') {
    throw new Error(
      'runAdapterConformance needs the global describe() and it() of a test runner such as Mocha; ' +
        'call it from a test file.',
    );
  }
  return scope as RunnerGlobals;
}

// ---- Assertions -------------------------------------------------------------------------------

class ConformanceError extends Error {
  override readonly name = 'AssertionError';
}

function fail(message: string): never {
  throw new ConformanceError(message);
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function showError(error: unknown): string {
  if (isContactsError(error)) return `ContactsError '${error.code}' (${error.message})`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return show(error);
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

function equal<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

/** JSON with sorted keys, so records compare by value whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function deepEqual(actual: unknown, expected: unknown, what: string): void {
  const a = canonical(actual);
  const b = canonical(expected);
  if (a !== b) fail(`${what}:\n  expected ${b}\n  got      ${a}`);
}

function isIsoDate(value: unknown): boolean {
  return (
    typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value))
  );
}

function checkDate(value: unknown, what: string): void {
  check(isIsoDate(value), `${what} should be an ISO 8601 date-time, got ${show(value)}`);
}

/** Resolves with what `promise` rejected with; fails when it fulfils. */
async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  return fail(`${what}: expected a rejection, but it resolved with ${show(value)}`);
}

async function rejectsWith(
  promise: Promise<unknown>,
  code: ContactsErrorCode,
  what: string,
): Promise<ContactsError> {
  const error = await rejection(promise, what);
  if (!isContactsError(error)) {
    fail(`${what}: expected a ContactsError '${code}', got ${showError(error)}`);
  }
  equal(error.code, code, `${what}: error code`);
  return error;
}

async function rejectsWithValidation(
  promise: Promise<unknown>,
  field: ValidationField,
  code: ValidationCode,
  what: string,
): Promise<void> {
  const error = await rejectsWith(promise, 'validation', what);
  check(error.fields, `${what}: a validation error should carry per-field codes in 'fields'`);
  equal(error.fields[field], code, `${what}: fields.${field}`);
}

async function rejectsWithAbort(promise: Promise<unknown>, what: string): Promise<void> {
  const error = await rejection(promise, what);
  check(isAbortError(error), `${what}: expected an abort error, got ${showError(error)}`);
}

// ---- Helpers ----------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

function addContact(adapter: ContactsAdapter, draft: ContactDraft): Promise<Contact> {
  return adapter.createContact(draft, { idempotencyKey: newIdempotencyKey() });
}

function addCompany(adapter: ContactsAdapter, draft: CompanyDraft): Promise<Company> {
  return adapter.createCompany(draft, { idempotencyKey: newIdempotencyKey() });
}

function patchContact(adapter: ContactsAdapter, contact: Contact, patch: ContactPatch) {
  return adapter.updateContact(contact.id, patch, { expectedVersion: contact.version });
}

async function countContacts(adapter: ContactsAdapter, query: ContactQuery = {}): Promise<number> {
  return (await adapter.listContacts({ ...query, limit: 1 })).total;
}

async function countCompanies(adapter: ContactsAdapter): Promise<number> {
  return (await adapter.listCompanies({ limit: 1 })).total;
}

const namesOf = (page: Page<{ name: string }>) => page.items.map(item => item.name);
const idsOf = (page: Page<{ id: string }>) => page.items.map(item => item.id);

/** Every contact matching `query`, following cursors; fails on a cursor loop. */
async function allContacts(adapter: ContactsAdapter, query: ContactQuery = {}): Promise<Contact[]> {
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

function uniqueSuffix(): string {
  return newIdempotencyKey().slice(0, 8);
}

// The same Brazilian mobile number, typed the ways people type it. Default country: BR.
const PHONE_E164 = '+5511987654321';
const PHONE_FORMATS = [
  '(11) 98765-4321',
  '+55 11 98765-4321',
  '11987654321',
  '+5511987654321',
  '0055 11 98765 4321',
];

/** Ana, Bruno, Joana and José: names, emails and phones that each search below tells apart. */
async function seedPeople(adapter: ContactsAdapter) {
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

async function seedCompanies(adapter: ContactsAdapter) {
  const acme = await addCompany(adapter, { name: 'Acme Ltda', domain: 'acme.com.br' });
  const acido = await addCompany(adapter, { name: 'Ácido Indústria', domain: 'acido.example' });
  const globex = await addCompany(adapter, { name: 'Globex', domain: 'globex.com' });
  const initech = await addCompany(adapter, { name: 'Initech' });
  return { acme, acido, globex, initech };
}

// ---- The suite --------------------------------------------------------------------------------

const SKIP = Symbol('skip');

/**
 * Registers the conformance tests for one adapter. `factory` is called once per test and must
 * return a fresh adapter over an empty store.
 */
export function runAdapterConformance(
  name: string,
  factory: AdapterFactory,
  options: ConformanceOptions = {},
): void {
  const { describe, it } = runnerGlobals();
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  // How long a pushed change may take to arrive; leaves the rest of the test time for the writes.
  const pushWait = Math.min(5000, timeout / 2);

  function test(title: string, body: (adapter: ContactsAdapter) => Promise<void | typeof SKIP>) {
    it(
      title,
      async function (this: TestContext | undefined) {
        const adapter = await factory();
        const contacts = await countContacts(adapter);
        const companies = await countCompanies(adapter);
        check(
          contacts === 0 && companies === 0,
          `the factory must return an empty adapter, this one holds ${contacts} contacts and ${companies} companies`,
        );
        if ((await body(adapter)) === SKIP) this?.skip?.();
      },
      timeout,
    );
  }

  async function until(what: string, condition: () => boolean): Promise<void> {
    const end = Date.now() + pushWait;
    while (!condition()) {
      if (Date.now() > end) fail(`expected ${what} within ${pushWait} ms`);
      await sleep(10);
    }
  }

  describe(`ContactsAdapter conformance: ${name}`, function () {
    this?.timeout?.(timeout);

    describe('contacts', () => {
      test('createContact returns a stored record with id, version 1, timestamps and normalised values', async adapter => {
        const created = await addContact(adapter, {
          name: '  Ana Souza ',
          email: '  Ana.Souza@Example.COM ',
          phone: '(11) 98765-4321',
        });
        check(
          typeof created.id === 'string' && created.id.length > 0,
          `id should be a non-empty string, got ${show(created.id)}`,
        );
        equal(created.name, 'Ana Souza', 'name (trimmed)');
        equal(created.email, 'ana.souza@example.com', 'email (trimmed and lower-cased)');
        equal(created.phone, PHONE_E164, 'phone (E.164 with the default country BR)');
        equal(created.version, 1, 'version of a new contact');
        checkDate(created.createdAt, 'createdAt');
        checkDate(created.updatedAt, 'updatedAt');
        check(Array.isArray(created.identities), 'identities should be an array');
        check(Array.isArray(created.pendingActions), 'pendingActions should be an array');
        equal(created.pendingActions.length, 0, 'pending actions of a contact with an email');
        check(
          ['channel', 'agent', 'import', 'api'].includes(created.nameSource),
          `nameSource should be channel, agent, import or api, got ${show(created.nameSource)}`,
        );
        deepEqual(await adapter.getContact(created.id), created, 'getContact after createContact');
      });

      test('createContact keeps the nameSource it is given', async adapter => {
        const created = await addContact(adapter, {
          name: 'Imported Person',
          email: 'imported@example.com',
          nameSource: 'import',
        });
        equal(created.nameSource, 'import', 'nameSource');
      });

      test('createContact links a contact to an existing company', async adapter => {
        const company = await addCompany(adapter, { name: 'Acme' });
        const created = await addContact(adapter, {
          name: 'Ana',
          email: 'ana@example.com',
          companyId: company.id,
        });
        equal(created.companyId, company.id, 'companyId');
        equal(
          (await adapter.getContact(created.id)).companyId,
          company.id,
          'companyId after getContact',
        );
      });

      test('updateContact applies the patch, bumps the version and keeps createdAt', async adapter => {
        const created = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        const updated = await patchContact(adapter, created, {
          name: 'Ana Maria',
          email: ' NEW@Example.com ',
          phone: '+55 11 98765-4321',
        });
        equal(updated.id, created.id, 'id');
        equal(updated.version, 2, 'version after one update');
        equal(updated.name, 'Ana Maria', 'name');
        equal(updated.nameSource, 'agent', 'nameSource after an update that changes the name');
        equal(updated.email, 'new@example.com', 'email');
        equal(updated.phone, PHONE_E164, 'phone');
        equal(updated.createdAt, created.createdAt, 'createdAt');
        checkDate(updated.updatedAt, 'updatedAt');
        check(
          Date.parse(updated.updatedAt) >= Date.parse(created.updatedAt),
          `updatedAt should not go back in time: ${created.updatedAt} -> ${updated.updatedAt}`,
        );
        deepEqual(await adapter.getContact(created.id), updated, 'getContact after updateContact');
      });

      test('updateContact clears a field with null and leaves absent fields alone', async adapter => {
        const created = await addContact(adapter, {
          name: 'Ana',
          email: 'ana@example.com',
          phone: '(11) 98765-4321',
        });
        const updated = await patchContact(adapter, created, { phone: null });
        equal(updated.phone, undefined, 'phone after clearing it with null');
        equal(updated.email, 'ana@example.com', 'email (not in the patch)');
        equal(updated.name, 'Ana', 'name (not in the patch)');
        equal(updated.version, 2, 'version');
      });

      test('each update bumps the version by one', async adapter => {
        let contact = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        for (const name of ['Ana B', 'Ana C', 'Ana D']) {
          contact = await patchContact(adapter, contact, { name });
        }
        equal(contact.version, 4, 'version after three updates');
        equal(
          (await adapter.getContact(contact.id)).version,
          4,
          'stored version after three updates',
        );
      });

      test('returned records are copies the caller may change', async adapter => {
        const created = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        created.name = 'Changed by the caller';
        created.identities.push({ channel: 'sms', address: '+15555550100' });
        const fetched = await adapter.getContact(created.id);
        equal(fetched.name, 'Ana', 'stored name after the caller changed its copy');
        equal(fetched.identities.length, 0, 'stored identities after the caller changed its copy');
      });

      test('unknown contact ids reject with not-found', async adapter => {
        await rejectsWith(
          adapter.getContact('no-such-contact'),
          'not-found',
          'getContact(unknown)',
        );
        await rejectsWith(
          adapter.updateContact('no-such-contact', { name: 'X' }, { expectedVersion: 1 }),
          'not-found',
          'updateContact(unknown)',
        );
        await rejectsWith(
          adapter.listConversations('no-such-contact'),
          'not-found',
          'listConversations(unknown)',
        );
        await rejectsWith(
          adapter.startConversation('no-such-contact', 'whatsapp'),
          'not-found',
          'startConversation(unknown)',
        );
      });
    });

    describe('companies', () => {
      test('createCompany returns a stored record with a normalised domain', async adapter => {
        const created = await addCompany(adapter, {
          name: ' Acme ',
          domain: 'https://www.ACME.com.br/contato',
        });
        check(
          typeof created.id === 'string' && created.id.length > 0,
          `id should be a non-empty string, got ${show(created.id)}`,
        );
        equal(created.name, 'Acme', 'name (trimmed)');
        equal(created.domain, 'acme.com.br', 'domain (host only, lower-cased, without www.)');
        equal(created.version, 1, 'version of a new company');
        checkDate(created.createdAt, 'createdAt');
        checkDate(created.updatedAt, 'updatedAt');
        deepEqual(await adapter.getCompany(created.id), created, 'getCompany after createCompany');
      });

      test('updateCompany applies the patch and bumps the version', async adapter => {
        const created = await addCompany(adapter, { name: 'Acme', domain: 'acme.com' });
        const renamed = await adapter.updateCompany(
          created.id,
          { name: 'Acme Corp', domain: 'ACME.io' },
          { expectedVersion: 1 },
        );
        equal(renamed.version, 2, 'version after one update');
        equal(renamed.name, 'Acme Corp', 'name');
        equal(renamed.domain, 'acme.io', 'domain');
        equal(renamed.createdAt, created.createdAt, 'createdAt');
        const cleared = await adapter.updateCompany(
          created.id,
          { domain: null },
          { expectedVersion: 2 },
        );
        equal(cleared.domain, undefined, 'domain after clearing it with null');
        equal(cleared.version, 3, 'version after two updates');
        deepEqual(await adapter.getCompany(created.id), cleared, 'getCompany after updateCompany');
      });

      test('unknown company ids reject with not-found', async adapter => {
        await rejectsWith(
          adapter.getCompany('no-such-company'),
          'not-found',
          'getCompany(unknown)',
        );
        await rejectsWith(
          adapter.updateCompany('no-such-company', { name: 'X' }, { expectedVersion: 1 }),
          'not-found',
          'updateCompany(unknown)',
        );
      });
    });

    describe('search and filters', () => {
      test('an empty search lists every contact', async adapter => {
        await seedPeople(adapter);
        const page = await adapter.listContacts({ search: '  ' });
        equal(page.total, 4, 'total');
        equal(page.items.length, 4, 'items');
      });

      test('search ignores case and accents in names', async adapter => {
        const { jose } = await seedPeople(adapter);
        for (const search of ['jose', 'JOSÉ', 'José da', 'SILVA']) {
          const page = await adapter.listContacts({ search });
          deepEqual(idsOf(page), [jose.id], `ids found by search ${show(search)}`);
          equal(page.total, 1, `total for search ${show(search)}`);
        }
      });

      test('search finds contacts by email', async adapter => {
        const { joana } = await seedPeople(adapter);
        for (const search of ['joana@example', 'JOANA@Example.com']) {
          deepEqual(
            idsOf(await adapter.listContacts({ search })),
            [joana.id],
            `ids found by search ${show(search)}`,
          );
        }
      });

      test('search finds contacts by phone digits however they are punctuated', async adapter => {
        const { bruno } = await seedPeople(adapter);
        for (const search of ['98765', '(11) 98765-4321', '+55 11 98765', '11987654321']) {
          deepEqual(
            idsOf(await adapter.listContacts({ search })),
            [bruno.id],
            `ids found by search ${show(search)}`,
          );
        }
      });

      test('a search that matches nothing gives an empty page', async adapter => {
        await seedPeople(adapter);
        const page = await adapter.listContacts({ search: 'zzzz' });
        equal(page.total, 0, 'total');
        equal(page.items.length, 0, 'items');
        equal(page.nextCursor, null, 'nextCursor');
      });

      test('search results are sorted by name', async adapter => {
        await seedPeople(adapter);
        const page = await adapter.listContacts({ search: 'example' });
        deepEqual(
          namesOf(page),
          ['Ana Souza', 'Joana Prado', 'José da Silva'],
          'names found by "example"',
        );
      });

      test('the email filter is an exact match on the normalised email', async adapter => {
        const { ana } = await seedPeople(adapter);
        // joana@example.com contains ana@example.com: an exact filter must not return Joana.
        deepEqual(
          idsOf(await adapter.listContacts({ email: ' ANA@Example.COM ' })),
          [ana.id],
          'ids for email filter',
        );
        equal(
          await countContacts(adapter, { email: 'nobody@example.com' }),
          0,
          'total for an unknown email',
        );
        equal(
          await countContacts(adapter, { email: 'ana@example' }),
          0,
          'total for a partial email',
        );
      });

      test('the phone filter is an exact match on the normalised phone', async adapter => {
        const { bruno } = await seedPeople(adapter);
        for (const phone of PHONE_FORMATS) {
          deepEqual(
            idsOf(await adapter.listContacts({ phone })),
            [bruno.id],
            `ids for phone filter ${show(phone)}`,
          );
        }
        equal(await countContacts(adapter, { phone: '98765' }), 0, 'total for a partial phone');
      });

      test('the pending filter separates contacts with and without a pending action', async adapter => {
        const people = await seedPeople(adapter);
        const { contact: visitor } = await adapter.resolveConversation({
          channel: 'webchat',
          address: `visitor-${uniqueSuffix()}`,
          displayName: 'Visitante',
        });
        deepEqual(
          idsOf(await adapter.listContacts({ pending: true })),
          [visitor.id],
          'ids with pending: true',
        );
        const without = await adapter.listContacts({ pending: false });
        deepEqual(
          idsOf(without).sort(),
          [people.ana.id, people.bruno.id, people.joana.id, people.jose.id].sort(),
          'ids with pending: false',
        );
        equal(without.total, 4, 'total with pending: false');
      });

      test('the companyId filter lists a company’s contacts', async adapter => {
        const acme = await addCompany(adapter, { name: 'Acme' });
        const other = await addCompany(adapter, { name: 'Other' });
        const ana = await addContact(adapter, {
          name: 'Ana',
          email: 'ana@example.com',
          companyId: acme.id,
        });
        const bia = await addContact(adapter, {
          name: 'Bia',
          email: 'bia@example.com',
          companyId: acme.id,
        });
        await addContact(adapter, { name: 'Caio', email: 'caio@example.com', companyId: other.id });
        await addContact(adapter, { name: 'Duda', email: 'duda@example.com' });
        const page = await adapter.listContacts({ companyId: acme.id });
        deepEqual(idsOf(page), [ana.id, bia.id], 'ids with companyId filter');
        equal(page.total, 2, 'total with companyId filter');
      });

      test('filters combine with search', async adapter => {
        const acme = await addCompany(adapter, { name: 'Acme' });
        const ana = await addContact(adapter, {
          name: 'Ana Souza',
          email: 'ana@example.com',
          companyId: acme.id,
        });
        await addContact(adapter, { name: 'Ana Lima', email: 'lima@example.com' });
        await addContact(adapter, {
          name: 'Bia Souza',
          email: 'bia@example.com',
          companyId: acme.id,
        });
        deepEqual(
          idsOf(await adapter.listContacts({ search: 'ana', companyId: acme.id })),
          [ana.id],
          'ids for search "ana" within the company',
        );
      });

      test('companies are found by name, ignoring case and accents, and by domain', async adapter => {
        const { acme, acido, globex } = await seedCompanies(adapter);
        deepEqual(
          idsOf(await adapter.listCompanies({ search: 'ACME' })),
          [acme.id],
          'ids for search "ACME"',
        );
        deepEqual(
          idsOf(await adapter.listCompanies({ search: 'industria' })),
          [acido.id],
          'ids for search "industria"',
        );
        deepEqual(
          idsOf(await adapter.listCompanies({ search: 'globex.com' })),
          [globex.id],
          'ids for search "globex.com"',
        );
        equal(
          (await adapter.listCompanies({ search: 'zzzz' })).total,
          0,
          'total for search "zzzz"',
        );
      });

      test('companies are sorted by name', async adapter => {
        await seedCompanies(adapter);
        deepEqual(
          namesOf(await adapter.listCompanies()),
          ['Ácido Indústria', 'Acme Ltda', 'Globex', 'Initech'],
          'company names',
        );
      });

      test('the domain filter is an exact match on the normalised domain', async adapter => {
        const { acme } = await seedCompanies(adapter);
        deepEqual(
          idsOf(await adapter.listCompanies({ domain: 'https://www.ACME.com.br/' })),
          [acme.id],
          'ids for domain filter',
        );
        equal(
          (await adapter.listCompanies({ domain: 'acme.com' })).total,
          0,
          'total for another domain',
        );
      });
    });

    describe('sorting and paging', () => {
      // Created out of order, with case and accents that a byte-wise sort would misplace.
      const NAMES = [
        'carla Dias',
        'Gabriela Nunes',
        'Ana Souza',
        'Élida Castro',
        'Bruno Lima',
        'Fábio Reis',
        'Daniel Rocha',
      ];
      const SORTED = [
        'Ana Souza',
        'Bruno Lima',
        'carla Dias',
        'Daniel Rocha',
        'Élida Castro',
        'Fábio Reis',
        'Gabriela Nunes',
      ];

      async function seedNames(adapter: ContactsAdapter): Promise<void> {
        for (const [i, name] of NAMES.entries()) {
          await addContact(adapter, { name, email: `person${i}@example.com` });
        }
      }

      test('lists are sorted by name, ignoring case and accents', async adapter => {
        await seedNames(adapter);
        const page = await adapter.listContacts();
        deepEqual(namesOf(page), SORTED, 'names');
        equal(page.total, SORTED.length, 'total');
        equal(page.offset, 0, 'offset');
        equal(page.nextCursor, null, 'nextCursor of a single page');
      });

      test('cursor paging visits every record exactly once, in order', async adapter => {
        await seedNames(adapter);
        const names: string[] = [];
        const ids = new Set<string>();
        const sizes: number[] = [];
        let cursor: string | null = null;
        for (let pages = 0; pages < 10; pages++) {
          const page: Page<Contact> = await adapter.listContacts({ cursor, limit: 3 });
          equal(page.total, SORTED.length, `total on page ${pages + 1}`);
          equal(page.offset, names.length, `offset of page ${pages + 1}`);
          sizes.push(page.items.length);
          for (const contact of page.items) {
            check(!ids.has(contact.id), `${contact.name} appeared on two pages`);
            ids.add(contact.id);
            names.push(contact.name);
          }
          cursor = page.nextCursor;
          if (cursor === null) break;
        }
        equal(cursor, null, 'nextCursor after the last page');
        deepEqual(sizes, [3, 3, 1], 'page sizes with limit 3');
        deepEqual(names, SORTED, 'names across pages');
      });

      test('the limit is respected', async adapter => {
        await seedNames(adapter);
        const page = await adapter.listContacts({ limit: 2 });
        deepEqual(namesOf(page), SORTED.slice(0, 2), 'names with limit 2');
        equal(page.total, SORTED.length, 'total is the whole result, not the page');
        check(page.nextCursor !== null, 'nextCursor should be set when more records follow');
      });

      test('an offset jumps anywhere, and offset = total - 1 gives the last record', async adapter => {
        await seedNames(adapter);
        const last = await adapter.listContacts({ offset: SORTED.length - 1, limit: 5 });
        deepEqual(namesOf(last), [SORTED.at(-1)], 'names at offset total - 1');
        equal(last.offset, SORTED.length - 1, 'offset');
        equal(last.nextCursor, null, 'nextCursor of the last page');
        const middle = await adapter.listContacts({ offset: 3, limit: 2 });
        deepEqual(namesOf(middle), SORTED.slice(3, 5), 'names at offset 3');
        check(middle.nextCursor !== null, 'a page in the middle should have a nextCursor');
        const next = await adapter.listContacts({ cursor: middle.nextCursor, limit: 2 });
        deepEqual(namesOf(next), SORTED.slice(5, 7), 'names after the cursor of the offset page');
      });

      test('an offset past the end gives an empty page', async adapter => {
        await seedNames(adapter);
        const page = await adapter.listContacts({ offset: 100 });
        equal(page.items.length, 0, 'items');
        equal(page.total, SORTED.length, 'total');
        equal(page.nextCursor, null, 'nextCursor');
      });

      test('the cursor wins over the offset', async adapter => {
        await seedNames(adapter);
        const first = await adapter.listContacts({ limit: 2 });
        const next = await adapter.listContacts({ cursor: first.nextCursor, offset: 5, limit: 2 });
        deepEqual(namesOf(next), SORTED.slice(2, 4), 'names with both cursor and offset');
      });

      test('cursor paging works within a search', async adapter => {
        await seedNames(adapter);
        // "li" picks two of the seven: Bruno Lima and Élida Castro.
        const all = await allContacts(adapter, { search: 'li' });
        deepEqual(
          all.map(c => c.name),
          ['Bruno Lima', 'Élida Castro'],
          'names for search "li"',
        );
        const first = await adapter.listContacts({ search: 'li', limit: 1 });
        equal(first.total, 2, 'total for search "li"');
        const second = await adapter.listContacts({
          search: 'li',
          cursor: first.nextCursor,
          limit: 1,
        });
        deepEqual(namesOf(second), ['Élida Castro'], 'second page of search "li"');
        equal(second.nextCursor, null, 'nextCursor of the last search page');
      });

      test('company lists page with cursors and offsets too', async adapter => {
        const names = ['Delta', 'alpha', 'Charlie', 'Bravo', 'Echo'];
        for (const name of names) await addCompany(adapter, { name });
        const first = await adapter.listCompanies({ limit: 2 });
        deepEqual(namesOf(first), ['alpha', 'Bravo'], 'first company page');
        equal(first.total, 5, 'total');
        const second = await adapter.listCompanies({ cursor: first.nextCursor, limit: 2 });
        deepEqual(namesOf(second), ['Charlie', 'Delta'], 'second company page');
        const third = await adapter.listCompanies({ cursor: second.nextCursor, limit: 2 });
        deepEqual(namesOf(third), ['Echo'], 'third company page');
        equal(third.nextCursor, null, 'nextCursor of the last company page');
        deepEqual(
          namesOf(await adapter.listCompanies({ offset: 4 })),
          ['Echo'],
          'company at offset total - 1',
        );
      });
    });

    describe('validation', () => {
      test('a contact without email or phone is refused with contact-info-required and not written', async adapter => {
        await rejectsWithValidation(
          addContact(adapter, { name: 'Nobody' }),
          'form',
          'contact-info-required',
          'createContact without email and phone',
        );
        await rejectsWithValidation(
          addContact(adapter, { name: 'Blank', email: '  ', phone: '' }),
          'form',
          'contact-info-required',
          'createContact with blank email and phone',
        );
        equal(await countContacts(adapter), 0, 'contacts after refused creates');
      });

      test('a malformed email is refused with invalid-email and not written', async adapter => {
        for (const email of ['not-an-email', 'ana@', 'ana example@x.com']) {
          await rejectsWithValidation(
            addContact(adapter, { name: 'Ana', email }),
            'email',
            'invalid-email',
            `createContact with email ${show(email)}`,
          );
        }
        equal(await countContacts(adapter), 0, 'contacts after refused creates');
      });

      test('a malformed phone is refused with invalid-phone and not written', async adapter => {
        for (const phone of ['abc', '123', '11 9876-ABCD']) {
          await rejectsWithValidation(
            addContact(adapter, { name: 'Ana', phone }),
            'phone',
            'invalid-phone',
            `createContact with phone ${show(phone)}`,
          );
        }
        equal(await countContacts(adapter), 0, 'contacts after refused creates');
      });

      test('a valid phone does not excuse a malformed email', async adapter => {
        await rejectsWithValidation(
          addContact(adapter, { name: 'Ana', email: 'nope', phone: '(11) 98765-4321' }),
          'email',
          'invalid-email',
          'createContact with a good phone and a bad email',
        );
        equal(await countContacts(adapter), 0, 'contacts after a refused create');
      });

      test('a contact linked to an unknown company is refused with unknown-company', async adapter => {
        await rejectsWithValidation(
          addContact(adapter, {
            name: 'Ana',
            email: 'ana@example.com',
            companyId: 'no-such-company',
          }),
          'companyId',
          'unknown-company',
          'createContact with an unknown companyId',
        );
        equal(await countContacts(adapter), 0, 'contacts after a refused create');
      });

      test('an update that removes both email and phone, or adds a bad value, changes nothing', async adapter => {
        const created = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        await rejectsWithValidation(
          patchContact(adapter, created, { email: null }),
          'form',
          'contact-info-required',
          'updateContact clearing the only email',
        );
        await rejectsWithValidation(
          patchContact(adapter, created, { phone: 'abc' }),
          'phone',
          'invalid-phone',
          'updateContact with a bad phone',
        );
        await rejectsWithValidation(
          patchContact(adapter, created, { name: '   ' }),
          'name',
          'name-required',
          'updateContact with a blank name',
        );
        deepEqual(await adapter.getContact(created.id), created, 'contact after refused updates');
      });

      test('a company without a name is refused with name-required and not written', async adapter => {
        await rejectsWithValidation(
          addCompany(adapter, { domain: 'acme.com' }),
          'name',
          'name-required',
          'createCompany without a name',
        );
        await rejectsWithValidation(
          addCompany(adapter, { name: '   ' }),
          'name',
          'name-required',
          'createCompany with a blank name',
        );
        equal(await countCompanies(adapter), 0, 'companies after refused creates');
      });

      test('a malformed company domain is refused with invalid-domain and not written', async adapter => {
        for (const domain of ['not a domain', 'localhost', 'acme.com:8080']) {
          await rejectsWithValidation(
            addCompany(adapter, { name: 'Acme', domain }),
            'domain',
            'invalid-domain',
            `createCompany with domain ${show(domain)}`,
          );
        }
        equal(await countCompanies(adapter), 0, 'companies after refused creates');
      });
    });

    describe('duplicates', () => {
      test('a second contact with the same email is refused as a duplicate', async adapter => {
        const ana = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        const error = await rejectsWith(
          addContact(adapter, { name: 'Ana again', email: '  ANA@Example.com ' }),
          'duplicate',
          'createContact with a taken email',
        );
        equal(error.existingId, ana.id, 'existingId');
        equal(error.field, 'email', 'field');
        equal(await countContacts(adapter), 1, 'contacts after the refused duplicate');
      });

      test('a second contact with the same phone in any format is refused as a duplicate', async adapter => {
        const bruno = await addContact(adapter, { name: 'Bruno', phone: PHONE_FORMATS[0]! });
        for (const phone of PHONE_FORMATS) {
          const error = await rejectsWith(
            addContact(adapter, { name: 'Bruno again', phone }),
            'duplicate',
            `createContact with the taken phone written ${show(phone)}`,
          );
          equal(error.existingId, bruno.id, `existingId for ${show(phone)}`);
          equal(error.field, 'phone', `field for ${show(phone)}`);
        }
        equal(await countContacts(adapter), 1, 'contacts after the refused duplicates');
      });

      test('an update to another contact’s email or phone is refused as a duplicate', async adapter => {
        const ana = await addContact(adapter, {
          name: 'Ana',
          email: 'ana@example.com',
          phone: PHONE_FORMATS[0]!,
        });
        const bia = await addContact(adapter, { name: 'Bia', email: 'bia@example.com' });
        const byEmail = await rejectsWith(
          patchContact(adapter, bia, { email: 'ANA@example.com' }),
          'duplicate',
          'updateContact to a taken email',
        );
        equal(byEmail.existingId, ana.id, 'existingId (email)');
        equal(byEmail.field, 'email', 'field (email)');
        const byPhone = await rejectsWith(
          patchContact(adapter, bia, { phone: '+55 11 98765 4321' }),
          'duplicate',
          'updateContact to a taken phone',
        );
        equal(byPhone.existingId, ana.id, 'existingId (phone)');
        equal(byPhone.field, 'phone', 'field (phone)');
        deepEqual(await adapter.getContact(bia.id), bia, 'contact after refused updates');
      });

      test('a contact may keep its own email and phone on update', async adapter => {
        const ana = await addContact(adapter, {
          name: 'Ana',
          email: 'ana@example.com',
          phone: PHONE_FORMATS[0]!,
        });
        const updated = await patchContact(adapter, ana, {
          name: 'Ana S',
          email: 'ANA@example.com',
          phone: PHONE_FORMATS[1]!,
        });
        equal(updated.version, 2, 'version');
      });

      test('a second company with the same domain is refused as a duplicate', async adapter => {
        const acme = await addCompany(adapter, { name: 'Acme', domain: 'acme.com.br' });
        const error = await rejectsWith(
          addCompany(adapter, { name: 'Acme again', domain: 'https://www.ACME.com.br/contato' }),
          'duplicate',
          'createCompany with a taken domain',
        );
        equal(error.existingId, acme.id, 'existingId');
        equal(error.field, 'domain', 'field');
        equal(await countCompanies(adapter), 1, 'companies after the refused duplicate');
        const other = await addCompany(adapter, { name: 'Other', domain: 'other.com' });
        const onUpdate = await rejectsWith(
          adapter.updateCompany(
            other.id,
            { domain: 'acme.com.br' },
            { expectedVersion: other.version },
          ),
          'duplicate',
          'updateCompany to a taken domain',
        );
        equal(onUpdate.existingId, acme.id, 'existingId on update');
      });
    });

    describe('idempotent creates', () => {
      test('createContact with a repeated idempotency key returns the first contact', async adapter => {
        const idempotencyKey = newIdempotencyKey();
        const draft = { name: 'Ana', email: 'ana@example.com' };
        const first = await adapter.createContact(draft, { idempotencyKey });
        const second = await adapter.createContact(draft, { idempotencyKey });
        equal(second.id, first.id, 'id of the repeated create');
        equal(await countContacts(adapter), 1, 'contacts after a repeated create');
      });

      test('overlapping creates with one idempotency key give one contact', async adapter => {
        const idempotencyKey = newIdempotencyKey();
        const draft = { name: 'Ana', email: 'ana@example.com' };
        const [a, b] = await Promise.all([
          adapter.createContact(draft, { idempotencyKey }),
          adapter.createContact(draft, { idempotencyKey }),
        ]);
        equal(b.id, a.id, 'id of the overlapping create');
        equal(await countContacts(adapter), 1, 'contacts after overlapping creates');
      });

      test('createCompany with a repeated idempotency key returns the first company', async adapter => {
        const idempotencyKey = newIdempotencyKey();
        const first = await adapter.createCompany(
          { name: 'Acme', domain: 'acme.com' },
          { idempotencyKey },
        );
        const second = await adapter.createCompany(
          { name: 'Acme', domain: 'acme.com' },
          { idempotencyKey },
        );
        equal(second.id, first.id, 'id of the repeated create');
        equal(await countCompanies(adapter), 1, 'companies after a repeated create');
      });
    });

    describe('version conflicts', () => {
      test('updateContact with a stale version is refused with conflict and changes nothing', async adapter => {
        const created = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        const current = await patchContact(adapter, created, { name: 'Ana (first edit)' });
        const error = await rejectsWith(
          patchContact(adapter, created, { name: 'Ana (stale edit)' }),
          'conflict',
          'updateContact with expectedVersion 1 after an update',
        );
        if (error.currentVersion !== undefined) {
          equal(error.currentVersion, 2, 'currentVersion in the conflict');
        }
        deepEqual(
          await adapter.getContact(created.id),
          current,
          'contact after the refused stale update',
        );
      });

      test('updateCompany with a stale version is refused with conflict and changes nothing', async adapter => {
        const created = await addCompany(adapter, { name: 'Acme' });
        const current = await adapter.updateCompany(
          created.id,
          { name: 'Acme 2' },
          { expectedVersion: 1 },
        );
        await rejectsWith(
          adapter.updateCompany(created.id, { name: 'Acme stale' }, { expectedVersion: 1 }),
          'conflict',
          'updateCompany with expectedVersion 1 after an update',
        );
        deepEqual(
          await adapter.getCompany(created.id),
          current,
          'company after the refused stale update',
        );
      });
    });

    describe('resolveConversation', () => {
      test('creates a contact named from the channel display name', async adapter => {
        const result = await adapter.resolveConversation({
          channel: 'whatsapp',
          address: '+55 11 98765-4321',
          displayName: 'Zé Silva',
        });
        equal(result.outcome, 'created', 'outcome');
        const { contact } = result;
        equal(contact.name, 'Zé Silva', 'name');
        equal(contact.nameSource, 'channel', 'nameSource');
        equal(contact.version, 1, 'version');
        equal(contact.pendingActions.length, 0, 'pending actions of a contact with a phone');
        check(
          contact.identities.some(i => i.channel === 'whatsapp'),
          `identities should include the whatsapp identity, got ${show(contact.identities)}`,
        );
        deepEqual(
          await adapter.getContact(contact.id),
          contact,
          'getContact after resolveConversation',
        );
      });

      test('a WhatsApp address is the contact’s phone', async adapter => {
        const { contact } = await adapter.resolveConversation({
          channel: 'whatsapp',
          address: '(11) 98765-4321',
          displayName: 'Zé',
        });
        equal(contact.phone, PHONE_E164, 'phone taken from the WhatsApp address');
        const error = await rejectsWith(
          addContact(adapter, { name: 'Zé', phone: '+55 11 98765 4321' }),
          'duplicate',
          'createContact with the phone a WhatsApp arrival brought',
        );
        equal(error.existingId, contact.id, 'existingId');
      });

      test('reuses the contact with the same channel identity', async adapter => {
        const first = await adapter.resolveConversation({
          channel: 'webchat',
          address: 'visitor-7',
          displayName: 'Visitor',
        });
        const again = await adapter.resolveConversation({
          channel: 'webchat',
          address: 'visitor-7',
          displayName: 'Visitor',
        });
        equal(again.outcome, 'matched', 'outcome');
        equal(again.matchedBy, 'identity', 'matchedBy');
        equal(again.contact.id, first.contact.id, 'contact id');
        equal(await countContacts(adapter), 1, 'contacts');
      });

      test('reuses the contact with the same email', async adapter => {
        const ana = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        const result = await adapter.resolveConversation({
          channel: 'email',
          address: 'ANA@Example.com',
          displayName: 'Ana S.',
        });
        equal(result.outcome, 'matched', 'outcome');
        equal(result.matchedBy, 'email', 'matchedBy');
        equal(result.contact.id, ana.id, 'contact id');
        equal(await countContacts(adapter), 1, 'contacts');
      });

      test('reuses the contact with the same phone in another format', async adapter => {
        const bruno = await addContact(adapter, { name: 'Bruno', phone: '(11) 98765-4321' });
        const result = await adapter.resolveConversation({
          channel: 'sms',
          address: '+55 11 98765 4321',
        });
        equal(result.outcome, 'matched', 'outcome');
        equal(result.matchedBy, 'phone', 'matchedBy');
        equal(result.contact.id, bruno.id, 'contact id');
        equal(await countContacts(adapter), 1, 'contacts');
      });

      test('prefers email over phone', async adapter => {
        const ana = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        await addContact(adapter, { name: 'Bruno', phone: '(11) 98765-4321' });
        const result = await adapter.resolveConversation({
          channel: 'webchat',
          address: `visitor-${uniqueSuffix()}`,
          email: 'ana@example.com',
          phone: '11987654321',
        });
        equal(result.matchedBy, 'email', 'matchedBy');
        equal(result.contact.id, ana.id, 'contact id (the email owner, not the phone owner)');
        equal(await countContacts(adapter), 2, 'contacts');
      });

      test('prefers the channel identity over email and phone', async adapter => {
        const visitor = await adapter.resolveConversation({
          channel: 'webchat',
          address: 'visitor-9',
          displayName: 'Visitor',
        });
        await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        await addContact(adapter, { name: 'Bruno', phone: '(11) 98765-4321' });
        const result = await adapter.resolveConversation({
          channel: 'webchat',
          address: 'visitor-9',
          email: 'ana@example.com',
          phone: '11987654321',
        });
        equal(result.matchedBy, 'identity', 'matchedBy');
        equal(result.contact.id, visitor.contact.id, 'contact id (the identity owner)');
        equal(await countContacts(adapter), 3, 'contacts');
      });

      test('a new channel display name renames a contact named by the channel', async adapter => {
        const first = await adapter.resolveConversation({
          channel: 'whatsapp',
          address: PHONE_FORMATS[0]!,
          displayName: 'Zé',
        });
        const second = await adapter.resolveConversation({
          channel: 'whatsapp',
          address: PHONE_FORMATS[1]!,
          displayName: 'José Silva',
        });
        equal(second.contact.id, first.contact.id, 'contact id');
        equal(second.contact.name, 'José Silva', 'name after the channel name changed');
        equal(second.contact.nameSource, 'channel', 'nameSource');
        equal((await adapter.getContact(first.contact.id)).name, 'José Silva', 'stored name');
      });

      test('a channel display name never overwrites an agent’s name', async adapter => {
        const { contact } = await adapter.resolveConversation({
          channel: 'whatsapp',
          address: PHONE_FORMATS[0]!,
          displayName: 'Zé',
        });
        const edited = await patchContact(adapter, contact, { name: 'José (VIP customer)' });
        equal(edited.nameSource, 'agent', 'nameSource after an agent renames');
        const later = await adapter.resolveConversation({
          channel: 'whatsapp',
          address: PHONE_FORMATS[0]!,
          displayName: 'Zezinho',
        });
        equal(later.contact.id, contact.id, 'contact id');
        equal(later.contact.name, 'José (VIP customer)', 'name after a later channel sync');
        equal(later.contact.nameSource, 'agent', 'nameSource after a later channel sync');
        equal((await adapter.getContact(contact.id)).name, 'José (VIP customer)', 'stored name');
      });

      test('an agent-created contact keeps its name when the person writes in', async adapter => {
        const bruno = await addContact(adapter, {
          name: 'Bruno Lima',
          phone: PHONE_FORMATS[0]!,
          nameSource: 'agent',
        });
        const result = await adapter.resolveConversation({
          channel: 'whatsapp',
          address: PHONE_FORMATS[2]!,
          displayName: 'B',
        });
        equal(result.contact.id, bruno.id, 'contact id');
        equal(result.contact.name, 'Bruno Lima', 'name');
      });

      test('a webchat visitor without email or phone gets a pending action that resolves once a phone is added', async adapter => {
        const { contact, outcome } = await adapter.resolveConversation({
          channel: 'webchat',
          address: `visitor-${uniqueSuffix()}`,
          displayName: 'Visitante',
        });
        equal(outcome, 'created', 'outcome');
        equal(contact.name, 'Visitante', 'name');
        equal(contact.email, undefined, 'email');
        equal(contact.phone, undefined, 'phone');
        equal(contact.pendingActions.length, 1, 'pending actions');
        const [action] = contact.pendingActions;
        equal(action!.type, 'add-contact-info', 'pending action type');
        check(
          typeof action!.id === 'string' && action!.id.length > 0,
          'a pending action needs an id',
        );
        checkDate(action!.createdAt, 'pending action createdAt');
        // Pending contacts are listed like any other, not hidden.
        deepEqual(idsOf(await adapter.listContacts()), [contact.id], 'ids in the unfiltered list');

        const updated = await patchContact(adapter, contact, { phone: '(11) 98765-4321' });
        equal(updated.pendingActions.length, 0, 'pending actions after a phone was added');
        equal(
          (await adapter.getContact(contact.id)).pendingActions.length,
          0,
          'stored pending actions',
        );
        equal(await countContacts(adapter, { pending: true }), 0, 'contacts with pending: true');
      });

      test('an Instagram user without email or phone gets a pending action that resolves once an email is added', async adapter => {
        const { contact } = await adapter.resolveConversation({
          channel: 'instagram',
          address: '@ana.rocha',
          displayName: 'Ana Rocha',
        });
        deepEqual(
          contact.pendingActions.map(a => a.type),
          ['add-contact-info'],
          'pending action types',
        );
        equal(await countContacts(adapter, { pending: true }), 1, 'contacts with pending: true');
        const updated = await patchContact(adapter, contact, { email: 'ana.rocha@example.com' });
        deepEqual(updated.pendingActions, [], 'pending actions after an email was added');
        equal(
          await countContacts(adapter, { pending: true }),
          0,
          'contacts with pending: true after the email',
        );
      });
    });

    describe('conversations', () => {
      test('resolveConversation records the conversation; listConversations gives the newest first', async adapter => {
        const suffix = uniqueSuffix();
        const ids = [`conv-a-${suffix}`, `conv-b-${suffix}`, `conv-c-${suffix}`];
        const times = [
          '2024-03-01T10:00:00.000Z',
          '2024-03-02T10:00:00.000Z',
          '2024-03-03T10:00:00.000Z',
        ];
        let contactId = '';
        for (const [i, conversationId] of ids.entries()) {
          const arrival: ArrivingConversation = {
            channel: 'whatsapp',
            address: PHONE_FORMATS[i]!,
            displayName: 'Zé',
            conversationId,
            preview: `message ${i}`,
            at: times[i]!,
          };
          contactId = (await adapter.resolveConversation(arrival)).contact.id;
        }
        const list = await adapter.listConversations(contactId);
        deepEqual(
          list.map(c => c.id),
          [...ids].reverse(),
          'conversation ids, newest first',
        );
        for (const conversation of list) {
          equal(conversation.contactId, contactId, `contactId of ${conversation.id}`);
          equal(conversation.channel, 'whatsapp', `channel of ${conversation.id}`);
          checkDate(conversation.lastActivityAt, `lastActivityAt of ${conversation.id}`);
        }
        deepEqual(
          (await adapter.listConversations(contactId, { limit: 2 })).map(c => c.id),
          [ids[2], ids[1]],
          'conversation ids with limit 2',
        );
      });

      test('no conversation is recorded without a conversationId', async adapter => {
        const { contact } = await adapter.resolveConversation({
          channel: 'whatsapp',
          address: PHONE_FORMATS[0]!,
          displayName: 'Zé',
        });
        deepEqual(await adapter.listConversations(contact.id), [], 'conversations');
      });

      test('startConversation opens a conversation on a channel the contact is reachable on', async adapter => {
        const contact = await addContact(adapter, { name: 'Ana', phone: PHONE_FORMATS[0]! });
        const conversation = await adapter.startConversation(contact.id, 'whatsapp');
        check(
          typeof conversation.id === 'string' && conversation.id.length > 0,
          'a conversation needs an id',
        );
        equal(conversation.contactId, contact.id, 'contactId');
        equal(conversation.channel, 'whatsapp', 'channel');
        check(
          ['open', 'pending', 'snoozed', 'resolved'].includes(conversation.status),
          `status should be open, pending, snoozed or resolved, got ${show(conversation.status)}`,
        );
        checkDate(conversation.lastActivityAt, 'lastActivityAt');
        const list = await adapter.listConversations(contact.id);
        equal(list[0]?.id, conversation.id, 'newest conversation after startConversation');
      });

      test('startConversation with a repeated idempotency key opens one conversation', async adapter => {
        const contact = await addContact(adapter, { name: 'Ana', phone: PHONE_FORMATS[0]! });
        const key = `start-${uniqueSuffix()}`;
        const first = await adapter.startConversation(contact.id, 'whatsapp', {
          idempotencyKey: key,
        });
        const again = await adapter.startConversation(contact.id, 'whatsapp', {
          idempotencyKey: key,
        });
        equal(again.id, first.id, 'id of the retried start');
        equal(
          (await adapter.listConversations(contact.id)).length,
          1,
          'conversations after a retry',
        );
      });

      test('resolveConversation returns the conversation it recorded', async adapter => {
        const conversationId = `conv-${uniqueSuffix()}`;
        const result = await adapter.resolveConversation({
          channel: 'webchat',
          address: `visitor-${conversationId}`,
          conversationId,
          preview: 'Hello',
        });
        equal(result.conversation?.id, conversationId, 'result.conversation.id');
        equal(result.conversation?.contactId, result.contact.id, 'result.conversation.contactId');
      });

      test('startConversation refuses a channel the contact cannot be reached on', async adapter => {
        const contact = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        await rejectsWith(
          adapter.startConversation(contact.id, 'whatsapp'),
          'validation',
          'startConversation on WhatsApp for a contact without a phone',
        );
        deepEqual(
          await adapter.listConversations(contact.id),
          [],
          'conversations after the refusal',
        );
      });
    });

    describe('concurrency', () => {
      test('20 concurrent arrivals of one phone in different formats give one contact', async adapter => {
        const suffix = uniqueSuffix();
        // Half arrive on WhatsApp (the address is the phone), half on webchat with the phone given,
        // so some can only be matched by phone.
        const arrivals: ArrivingConversation[] = Array.from({ length: 20 }, (_, i) => {
          const phone = PHONE_FORMATS[i % PHONE_FORMATS.length]!;
          return i % 2
            ? {
                channel: 'webchat',
                address: `visitor-${suffix}-${i}`,
                phone,
                displayName: `Visitor ${i}`,
              }
            : { channel: 'whatsapp', address: phone, displayName: 'Zé' };
        });
        const results = await Promise.all(
          arrivals.map(arrival => adapter.resolveConversation(arrival)),
        );
        const created = results.filter(r => r.outcome === 'created');
        equal(created.length, 1, 'arrivals that created a contact');
        const ids = new Set(results.map(r => r.contact.id));
        equal(ids.size, 1, 'distinct contacts across the arrivals');
        for (const r of results) {
          if (r.outcome === 'matched') {
            check(r.matchedBy !== undefined, 'a matched arrival should say how it matched');
          } else equal(r.outcome, 'created', 'outcome');
        }
        equal(await countContacts(adapter), 1, 'contacts after concurrent arrivals');
        equal(await countContacts(adapter, { phone: PHONE_E164 }), 1, 'contacts with the phone');
      });

      test('20 concurrent creates of one phone give one contact and 19 duplicates', async adapter => {
        const settled = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            addContact(adapter, {
              name: `Person ${i}`,
              phone: PHONE_FORMATS[i % PHONE_FORMATS.length]!,
            }),
          ),
        );
        const fulfilled = settled.filter(s => s.status === 'fulfilled');
        equal(fulfilled.length, 1, 'creates that succeeded');
        const winner = fulfilled[0]!.value;
        for (const s of settled) {
          if (s.status === 'rejected') {
            check(
              isContactsError(s.reason, 'duplicate'),
              `a losing create should reject with 'duplicate', got ${showError(s.reason)}`,
            );
            equal(s.reason.existingId, winner.id, 'existingId of a losing create');
          }
        }
        equal(await countContacts(adapter), 1, 'contacts after concurrent creates');
      });
    });

    describe('abort', () => {
      const aborted = () => AbortSignal.abort();

      test('reads with an aborted signal reject with an abort error', async adapter => {
        const contact = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        const company = await addCompany(adapter, { name: 'Acme' });
        await rejectsWithAbort(adapter.listContacts({}, { signal: aborted() }), 'listContacts');
        await rejectsWithAbort(adapter.getContact(contact.id, { signal: aborted() }), 'getContact');
        await rejectsWithAbort(adapter.listCompanies({}, { signal: aborted() }), 'listCompanies');
        await rejectsWithAbort(adapter.getCompany(company.id, { signal: aborted() }), 'getCompany');
        await rejectsWithAbort(
          adapter.listConversations(contact.id, {}, { signal: aborted() }),
          'listConversations',
        );
      });

      test('createContact with an aborted signal rejects and writes nothing', async adapter => {
        await rejectsWithAbort(
          adapter.createContact(
            { name: 'Ana', email: 'ana@example.com' },
            { idempotencyKey: newIdempotencyKey(), signal: aborted() },
          ),
          'createContact',
        );
        equal(await countContacts(adapter), 0, 'contacts after an aborted create');
      });

      test('updateContact with an aborted signal rejects and changes nothing', async adapter => {
        const contact = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        await rejectsWithAbort(
          adapter.updateContact(
            contact.id,
            { name: 'Changed' },
            { expectedVersion: 1, signal: aborted() },
          ),
          'updateContact',
        );
        deepEqual(await adapter.getContact(contact.id), contact, 'contact after an aborted update');
      });

      test('resolveConversation with an aborted signal rejects and writes nothing', async adapter => {
        await rejectsWithAbort(
          adapter.resolveConversation(
            { channel: 'whatsapp', address: PHONE_FORMATS[0]!, displayName: 'Zé' },
            { signal: aborted() },
          ),
          'resolveConversation',
        );
        equal(await countContacts(adapter), 0, 'contacts after an aborted resolve');
      });

      test('startConversation with an aborted signal rejects and writes nothing', async adapter => {
        const contact = await addContact(adapter, { name: 'Ana', phone: PHONE_FORMATS[0]! });
        await rejectsWithAbort(
          adapter.startConversation(contact.id, 'whatsapp', { signal: aborted() }),
          'startConversation',
        );
        deepEqual(
          await adapter.listConversations(contact.id),
          [],
          'conversations after an aborted start',
        );
      });

      test('company writes with an aborted signal reject and write nothing', async adapter => {
        await rejectsWithAbort(
          adapter.createCompany(
            { name: 'Acme' },
            { idempotencyKey: newIdempotencyKey(), signal: aborted() },
          ),
          'createCompany',
        );
        equal(await countCompanies(adapter), 0, 'companies after an aborted create');
        const company = await addCompany(adapter, { name: 'Acme' });
        await rejectsWithAbort(
          adapter.updateCompany(
            company.id,
            { name: 'Changed' },
            { expectedVersion: 1, signal: aborted() },
          ),
          'updateCompany',
        );
        deepEqual(await adapter.getCompany(company.id), company, 'company after an aborted update');
      });
    });

    describe('change notifications (when subscribe is implemented)', () => {
      function record(adapter: ContactsAdapter) {
        const changes: ContactsChange[] = [];
        const stop = adapter.subscribe!(change => changes.push(change));
        return { changes, stop };
      }

      const contactChange = (
        changes: ContactsChange[],
        id: string,
        action: 'created' | 'updated',
      ) =>
        changes.find(
          (c): c is Extract<ContactsChange, { type: 'contact' }> =>
            c.type === 'contact' && c.action === action && c.contact.id === id,
        );

      test('createContact and updateContact push the new record', async adapter => {
        if (!adapter.subscribe) return SKIP;
        const { changes, stop } = record(adapter);
        const created = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        await until('a contact "created" change', () =>
          Boolean(contactChange(changes, created.id, 'created')),
        );
        deepEqual(
          contactChange(changes, created.id, 'created')!.contact,
          created,
          'contact in the created change',
        );
        const updated = await patchContact(adapter, created, { name: 'Ana Maria' });
        await until('a contact "updated" change', () =>
          Boolean(contactChange(changes, created.id, 'updated')),
        );
        const pushed = contactChange(changes, created.id, 'updated')!.contact;
        equal(pushed.name, 'Ana Maria', 'name in the updated change');
        equal(pushed.version, updated.version, 'version in the updated change');
        stop();
      });

      test('resolveConversation pushes the contact it creates or updates', async adapter => {
        if (!adapter.subscribe) return SKIP;
        const { changes, stop } = record(adapter);
        const first = await adapter.resolveConversation({
          channel: 'whatsapp',
          address: PHONE_FORMATS[0]!,
          displayName: 'Zé',
        });
        await until('a contact "created" change for the arrival', () =>
          Boolean(contactChange(changes, first.contact.id, 'created')),
        );
        equal(
          contactChange(changes, first.contact.id, 'created')!.contact.name,
          'Zé',
          'name in the created change',
        );
        await adapter.resolveConversation({
          channel: 'whatsapp',
          address: PHONE_FORMATS[0]!,
          displayName: 'José',
        });
        await until('a contact "updated" change carrying the new channel name', () =>
          changes.some(
            c =>
              c.type === 'contact' &&
              c.action === 'updated' &&
              c.contact.id === first.contact.id &&
              c.contact.name === 'José',
          ),
        );
        stop();
      });

      test('company writes push the new record', async adapter => {
        if (!adapter.subscribe) return SKIP;
        const { changes, stop } = record(adapter);
        const company = await addCompany(adapter, { name: 'Acme' });
        await until('a company "created" change', () =>
          changes.some(
            c => c.type === 'company' && c.action === 'created' && c.company.id === company.id,
          ),
        );
        await adapter.updateCompany(company.id, { name: 'Acme 2' }, { expectedVersion: 1 });
        await until('a company "updated" change', () =>
          changes.some(
            c => c.type === 'company' && c.action === 'updated' && c.company.name === 'Acme 2',
          ),
        );
        stop();
      });

      test('the function subscribe returns stops the notifications', async adapter => {
        if (!adapter.subscribe) return SKIP;
        const stopped = record(adapter);
        // A second listener stays subscribed: once it has seen the write, the first would have too.
        const witness = record(adapter);
        stopped.stop();
        const created = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
        await until('the still-subscribed listener to see the create', () =>
          Boolean(contactChange(witness.changes, created.id, 'created')),
        );
        await sleep(20);
        deepEqual(stopped.changes, [], 'changes received after unsubscribing');
        witness.stop();
      });
    });
  });
}
