// @ts-check
/**
 * The demo data a server seeds (`seedContacts`, `contacts-server --seed N`): written once into an
 * empty account through the store's adapter, on PGlite as the demo runs it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { server as built } from './http-helpers.mjs';

describe('demo seed', () => {
  it('fills an empty account once: contacts, companies, channel identities, pending actions', async () => {
    const store = await built.createPgStore({});
    try {
      const adapter = store.forAccount('demo');
      const first = await built.seedDemoData(adapter, 60);
      assert.equal(first.seeded, true);
      const contacts = await adapter.listContacts({ limit: 100 });
      assert.equal(contacts.total, 60);
      assert.ok(contacts.items.every(contact => contact.identities.length === 1));
      const pending = contacts.items.filter(contact => contact.pendingActions.length > 0);
      assert.ok(pending.length > 0, 'some contacts are known only on a channel');
      assert.ok(pending.every(contact => !contact.email && !contact.phone));
      assert.ok(contacts.items.some(contact => contact.companyId !== undefined));
      assert.equal((await adapter.listCompanies({ limit: 1 })).total, first.companies);

      const again = await built.seedDemoData(adapter, 60);
      assert.equal(again.seeded, false);
      assert.equal((await adapter.listContacts({ limit: 1 })).total, 60);
      // Other accounts stay empty.
      assert.equal((await store.forAccount('other').listContacts({ limit: 1 })).total, 0);
    } finally {
      await store.close();
    }
  });

  it('seeds the accounts of the configured tokens when the server starts', async () => {
    const store = await built.createPgStore({});
    const running = await built.startServer({
      port: 0,
      store,
      tokens: { 'demo-token': 'demo' },
      seedContacts: 20,
    });
    try {
      const response = await fetch(`${running.apiUrl}/contacts?limit=1`, {
        headers: { Authorization: 'Bearer demo-token' },
      });
      assert.equal(response.status, 200);
      assert.equal((await response.json()).total, 20);
    } finally {
      await running.close();
      await store.close();
    }
  });
});
