/** Optimistic concurrency: an update made against a stale version is refused and changes nothing. */
import { deepEqual, equal, rejectsWith } from './assert.js';
import { addCompany, addContact, patchContact } from './fixtures.js';
import type { Suite } from './harness.js';

export function conflicts({ describe, test }: Suite): void {
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
}
