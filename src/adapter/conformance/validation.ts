/** Refused writes: each names the field and the code, and writes nothing. */
import type { CompanyDraft, ContactDraft, ContactPatch } from '../../model/types.js';
import type { ValidationCode, ValidationField } from '../../model/validation.js';
import type { ContactsAdapter } from '../types.js';
import { deepEqual, equal, rejectsWithValidation, show } from './assert.js';
import { addCompany, addContact, countCompanies, countContacts, patchContact } from './fixtures.js';
import type { Suite } from './harness.js';

interface Refusal<Draft> {
  title: string;
  field: ValidationField;
  code: ValidationCode;
  /** Each draft, and how a failure names it. */
  drafts: readonly (readonly [draft: Draft, what: string])[];
}

/** One draft per value, each described as `what "value"`. */
function each<Draft>(
  values: readonly string[],
  toDraft: (value: string) => Draft,
  what: string,
): Refusal<Draft>['drafts'] {
  return values.map(value => [toDraft(value), `${what} ${show(value)}`] as const);
}

const CONTACT_REFUSALS: readonly Refusal<ContactDraft>[] = [
  {
    title: 'a contact without email or phone is refused with contact-info-required and not written',
    field: 'form',
    code: 'contact-info-required',
    drafts: [
      [{ name: 'Nobody' }, 'createContact without email and phone'],
      [{ name: 'Blank', email: '  ', phone: '' }, 'createContact with blank email and phone'],
    ],
  },
  {
    title: 'a malformed email is refused with invalid-email and not written',
    field: 'email',
    code: 'invalid-email',
    drafts: each(
      ['not-an-email', 'ana@', 'ana example@x.com'],
      email => ({ name: 'Ana', email }),
      'createContact with email',
    ),
  },
  {
    title: 'a malformed phone is refused with invalid-phone and not written',
    field: 'phone',
    code: 'invalid-phone',
    drafts: each(
      ['abc', '123', '11 9876-ABCD'],
      phone => ({ name: 'Ana', phone }),
      'createContact with phone',
    ),
  },
  {
    title: 'a valid phone does not excuse a malformed email',
    field: 'email',
    code: 'invalid-email',
    drafts: [
      [
        { name: 'Ana', email: 'nope', phone: '(11) 98765-4321' },
        'createContact with a good phone and a bad email',
      ],
    ],
  },
  {
    title: 'a contact linked to an unknown company is refused with unknown-company',
    field: 'companyId',
    code: 'unknown-company',
    drafts: [
      [
        { name: 'Ana', email: 'ana@example.com', companyId: 'no-such-company' },
        'createContact with an unknown companyId',
      ],
    ],
  },
];

const COMPANY_REFUSALS: readonly Refusal<CompanyDraft>[] = [
  {
    title: 'a company without a name is refused with name-required and not written',
    field: 'name',
    code: 'name-required',
    drafts: [
      [{ domain: 'acme.com' }, 'createCompany without a name'],
      [{ name: '   ' }, 'createCompany with a blank name'],
    ],
  },
  {
    title: 'a malformed company domain is refused with invalid-domain and not written',
    field: 'domain',
    code: 'invalid-domain',
    drafts: each(
      ['not a domain', 'localhost', 'acme.com:8080'],
      domain => ({ name: 'Acme', domain }),
      'createCompany with domain',
    ),
  },
];

/** Registers one test per refusal: every draft is refused, and the store stays empty. */
function refusals<Draft>(
  { test }: Suite,
  rows: readonly Refusal<Draft>[],
  kind: string,
  create: (adapter: ContactsAdapter, draft: Draft) => Promise<unknown>,
  count: (adapter: ContactsAdapter) => Promise<number>,
): void {
  for (const { title, field, code, drafts } of rows) {
    test(title, async adapter => {
      for (const [draft, what] of drafts) {
        await rejectsWithValidation(create(adapter, draft), field, code, what);
      }
      equal(await count(adapter), 0, `${kind} after refused creates`);
    });
  }
}

export function validation(suite: Suite): void {
  const { describe, test } = suite;
  describe('validation', () => {
    refusals(suite, CONTACT_REFUSALS, 'contacts', addContact, countContacts);

    test('an update that removes both email and phone, or adds a bad value, changes nothing', async adapter => {
      const created = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
      const updates: readonly [ContactPatch, ValidationField, ValidationCode, string][] = [
        [{ email: null }, 'form', 'contact-info-required', 'updateContact clearing the only email'],
        [{ phone: 'abc' }, 'phone', 'invalid-phone', 'updateContact with a bad phone'],
        [{ name: '   ' }, 'name', 'name-required', 'updateContact with a blank name'],
      ];
      for (const [patch, field, code, what] of updates) {
        await rejectsWithValidation(patchContact(adapter, created, patch), field, code, what);
      }
      deepEqual(await adapter.getContact(created.id), created, 'contact after refused updates');
    });

    refusals(suite, COMPANY_REFUSALS, 'companies', addCompany, countCompanies);
  });
}
