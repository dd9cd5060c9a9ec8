/** One contact per email and per phone, one company per domain, whatever the spelling. */
import { deepEqual, equal, show, rejectsAsDuplicate } from './assert.js';
import {
  addCompany,
  addContact,
  countCompanies,
  countContacts,
  PHONE_FORMATS,
  patchContact,
} from './fixtures.js';
import type { Suite } from './harness.js';

export function duplicates({ describe, test }: Suite): void {
  describe('duplicates', () => {
    test('a second contact with the same email is refused as a duplicate', async adapter => {
      const ana = await addContact(adapter, { name: 'Ana', email: 'ana@example.com' });
      await rejectsAsDuplicate(
        addContact(adapter, { name: 'Ana again', email: '  ANA@Example.com ' }),
        ana.id,
        'email',
        'createContact with a taken email',
      );
      equal(await countContacts(adapter), 1, 'contacts after the refused duplicate');
    });

    test('a second contact with the same phone in any format is refused as a duplicate', async adapter => {
      const bruno = await addContact(adapter, { name: 'Bruno', phone: PHONE_FORMATS[0] });
      for (const phone of PHONE_FORMATS) {
        await rejectsAsDuplicate(
          addContact(adapter, { name: 'Bruno again', phone }),
          bruno.id,
          'phone',
          `createContact with the taken phone written ${show(phone)}`,
        );
      }
      equal(await countContacts(adapter), 1, 'contacts after the refused duplicates');
    });

    test('an update to another contact’s email or phone is refused as a duplicate', async adapter => {
      const ana = await addContact(adapter, {
        name: 'Ana',
        email: 'ana@example.com',
        phone: PHONE_FORMATS[0],
      });
      const bia = await addContact(adapter, { name: 'Bia', email: 'bia@example.com' });
      for (const [field, patch] of [
        ['email', { email: 'ANA@example.com' }],
        ['phone', { phone: '+55 11 98765 4321' }],
      ] as const) {
        await rejectsAsDuplicate(
          patchContact(adapter, bia, patch),
          ana.id,
          field,
          `updateContact to a taken ${field}`,
        );
      }
      deepEqual(await adapter.getContact(bia.id), bia, 'contact after refused updates');
    });

    test('a contact may keep its own email and phone on update', async adapter => {
      const ana = await addContact(adapter, {
        name: 'Ana',
        email: 'ana@example.com',
        phone: PHONE_FORMATS[0],
      });
      const updated = await patchContact(adapter, ana, {
        name: 'Ana S',
        email: 'ANA@example.com',
        phone: PHONE_FORMATS[1],
      });
      equal(updated.version, 2, 'version');
    });

    test('a second company with the same domain is refused as a duplicate', async adapter => {
      const acme = await addCompany(adapter, { name: 'Acme', domain: 'acme.com.br' });
      await rejectsAsDuplicate(
        addCompany(adapter, { name: 'Acme again', domain: 'https://www.ACME.com.br/contato' }),
        acme.id,
        'domain',
        'createCompany with a taken domain',
      );
      equal(await countCompanies(adapter), 1, 'companies after the refused duplicate');
      const other = await addCompany(adapter, { name: 'Other', domain: 'other.com' });
      await rejectsAsDuplicate(
        adapter.updateCompany(
          other.id,
          { domain: 'acme.com.br' },
          { expectedVersion: other.version },
        ),
        acme.id,
        undefined,
        'updateCompany to a taken domain',
      );
    });
  });
}
