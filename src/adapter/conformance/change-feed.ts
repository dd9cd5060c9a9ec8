/** `subscribe`, when an adapter implements it: every write pushes the record it wrote. */
import type { ContactsAdapter, ContactsChange } from '../types.js';
import { deepEqual, equal } from './assert.js';
import { addCompany, addContact, patchContact, PHONE_FORMATS, sleep } from './fixtures.js';
import { SKIP, type Suite, type TestBody } from './harness.js';

function record(adapter: ContactsAdapter) {
  const changes: ContactsChange[] = [];
  const stop = adapter.subscribe!(change => changes.push(change));
  return { changes, stop };
}

const contactChange = (changes: ContactsChange[], id: string, action: 'created' | 'updated') =>
  changes.find(
    (c): c is Extract<ContactsChange, { type: 'contact' }> =>
      c.type === 'contact' && c.action === action && c.contact.id === id,
  );

export function changeFeed({ describe, test, until }: Suite): void {
  /** A test that only adapters with `subscribe` run; the others report it skipped. */
  const feedTest = (title: string, body: TestBody) =>
    test(title, async adapter => (adapter.subscribe ? body(adapter) : SKIP));

  describe('change notifications (when subscribe is implemented)', () => {
    feedTest('createContact and updateContact push the new record', async adapter => {
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

    feedTest('resolveConversation pushes the contact it creates or updates', async adapter => {
      const { changes, stop } = record(adapter);
      const first = await adapter.resolveConversation({
        channel: 'whatsapp',
        address: PHONE_FORMATS[0],
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
        address: PHONE_FORMATS[0],
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

    feedTest('company writes push the new record', async adapter => {
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

    feedTest('the function subscribe returns stops the notifications', async adapter => {
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
}
