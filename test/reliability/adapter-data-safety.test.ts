/**
 * Nothing is lost and nothing is duplicated at the adapter level, for the in-memory adapter and
 * for the REST adapter over the msw mock API with faults injected between them.
 */
import { expect } from '@open-wc/testing';

import { type ContactsError, isContactsError } from '../../src/adapter/errors.js';
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { ContactsAdapter } from '../../src/adapter/types.js';
import { newIdempotencyKey } from '../../src/adapter/util.js';
import { loadPhoneLibrary } from '../../src/model/phone.js';
import type { ArrivingConversation, ContactDraft } from '../../src/model/types.js';
import {
  faultCount,
  fetchWithTimeout,
  rejection,
  serve,
  startWorker,
  stopWorker,
} from './mock-server.js';

const CONCURRENT = 20;

/** One person's phone, written the ways agents and channels write it (default country BR). */
const PHONE_SPELLINGS = [
  '+55 11 98765-4321',
  '(11) 98765-4321',
  '+5511987654321',
  '11987654321',
  '+55 (11) 9 8765 4321',
];
const PHONE = '+5511987654321';
const EMAIL_SPELLINGS = [
  'Ana@Example.com',
  ' ana@example.com ',
  'ANA@EXAMPLE.COM',
  'ana@example.com',
];
const EMAIL = 'ana@example.com';

interface Subject {
  name: string;
  make(): { adapter: ContactsAdapter; store: InMemoryContactsAdapter };
}

const SUBJECTS: Subject[] = [
  {
    name: 'InMemoryContactsAdapter',
    make() {
      const store = new InMemoryContactsAdapter();
      return { adapter: store, store };
    },
  },
  {
    name: 'RestContactsAdapter over msw',
    make() {
      const { adapter, store } = serve();
      return { adapter, store };
    },
  },
];

async function everything(store: InMemoryContactsAdapter) {
  return (await store.listContacts({ limit: 500 })).items;
}

after(() => {
  console.log(`[reliability] adapter data safety: ${faultCount.total} faults injected`);
});

describe('data safety at the adapter level', () => {
  before(async function () {
    this.timeout(30_000);
    await Promise.all([startWorker(), loadPhoneLibrary()]);
  });
  after(() => stopWorker());

  describe('a create whose response is lost (REST over msw)', () => {
    it('is committed once, and the retry with the same key returns that contact', async () => {
      const { adapter, store, inject, log } = serve();
      inject('POST', /^\/contacts$/, 'lose-response');
      const key = newIdempotencyKey();
      const draft: ContactDraft = { name: 'Ana Souza', email: EMAIL, phone: PHONE };

      const lost = await rejection(adapter.createContact(draft, { idempotencyKey: key }));
      expect(isContactsError(lost, 'network'), String(lost)).to.be.true;
      expect((lost as ContactsError).retryable).to.be.true;
      // The server committed although the client never heard back.
      expect(await everything(store)).to.have.length(1);

      const retried = await adapter.createContact(draft, { idempotencyKey: key });
      const all = await everything(store);
      expect(all.map(c => c.id)).to.deep.equal([retried.id]);
      expect(all[0]).to.include({ name: 'Ana Souza', email: EMAIL, phone: PHONE, version: 1 });
      expect(log.filter(l => l === 'POST /contacts')).to.have.length(2);
    });

    it('survives several lost responses in a row, still leaving one contact', async () => {
      const { adapter, store, inject } = serve();
      inject('POST', /^\/contacts$/, 'lose-response', 3);
      const key = newIdempotencyKey();
      const draft: ContactDraft = { name: 'Bia', email: 'bia@example.com' };
      for (let attempt = 0; attempt < 3; attempt++) {
        expect(
          isContactsError(
            await rejection(adapter.createContact(draft, { idempotencyKey: key })),
            'network',
          ),
        ).to.be.true;
      }
      const created = await adapter.createContact(draft, { idempotencyKey: key });
      expect((await everything(store)).map(c => c.id)).to.deep.equal([created.id]);
    });

    it('a new key after a lost response is refused as a duplicate naming the committed contact', async () => {
      // The failure mode idempotency keys exist for: a client that forgets its key.
      const { adapter, store, inject } = serve();
      inject('POST', /^\/contacts$/, 'lose-response');
      const draft: ContactDraft = { name: 'Caio', phone: '(11) 91234-5678' };
      await rejection(adapter.createContact(draft, { idempotencyKey: newIdempotencyKey() }));
      const [committed] = await everything(store);
      const error = await rejection(
        adapter.createContact(draft, { idempotencyKey: newIdempotencyKey() }),
      );
      expect(isContactsError(error, 'duplicate')).to.be.true;
      expect((error as ContactsError).existingId).to.equal(committed!.id);
      expect(await everything(store)).to.have.length(1);
    });

    it('a create that times out on a hung server writes nothing and is retryable', async () => {
      const { adapter, store, inject } = serve({ adapter: { fetch: fetchWithTimeout(200) } });
      inject('POST', /^\/contacts$/, 'hang');
      const key = newIdempotencyKey();
      const error = await rejection(
        adapter.createContact({ name: 'Dora', email: 'dora@example.com' }, { idempotencyKey: key }),
      );
      // A timeout the caller did not ask for is a transport failure, not the caller's abort.
      expect(isContactsError(error, 'network'), String(error)).to.be.true;
      expect(await everything(store)).to.have.length(0);
      const created = await adapter.createContact(
        { name: 'Dora', email: 'dora@example.com' },
        { idempotencyKey: key },
      );
      expect((await everything(store)).map(c => c.id)).to.deep.equal([created.id]);
    });
  });

  for (const subject of SUBJECTS) {
    describe(subject.name, () => {
      it('replays a create retried with the same key, even while the first is in flight', async () => {
        const { adapter, store } = subject.make();
        const key = newIdempotencyKey();
        const draft: ContactDraft = { name: 'Eva', email: 'eva@example.com' };
        const results = await Promise.all(
          Array.from({ length: 5 }, () => adapter.createContact(draft, { idempotencyKey: key })),
        );
        expect(new Set(results.map(c => c.id)).size).to.equal(1);
        expect(await everything(store)).to.have.length(1);
      });

      for (const [field, spellings, normalised] of [
        ['phone', PHONE_SPELLINGS, PHONE],
        ['email', EMAIL_SPELLINGS, EMAIL],
      ] as const) {
        it(`${CONCURRENT} concurrent creates with one ${field} leave exactly one contact`, async () => {
          const { adapter, store } = subject.make();
          const settled = await Promise.allSettled(
            Array.from({ length: CONCURRENT }, (_, i) =>
              adapter.createContact(
                { name: `Caller ${i}`, [field]: spellings[i % spellings.length] },
                { idempotencyKey: newIdempotencyKey() },
              ),
            ),
          );
          const created = settled.filter(s => s.status === 'fulfilled');
          const refused = settled.filter(s => s.status === 'rejected');
          expect(created).to.have.length(1);
          const winner = created[0]!.value;
          expect(winner[field]).to.equal(normalised);
          expect(refused).to.have.length(CONCURRENT - 1);
          for (const { reason } of refused) {
            expect(isContactsError(reason, 'duplicate'), String(reason)).to.be.true;
            expect(reason).to.include({ existingId: winner.id, field });
          }
          expect((await everything(store)).map(c => c.id)).to.deep.equal([winner.id]);
        });

        it(`${CONCURRENT} concurrent arriving conversations with one ${field} leave exactly one contact`, async () => {
          const { adapter, store } = subject.make();
          // Different channels and addresses: only the normalised value ties them together.
          const arrivals: ArrivingConversation[] = Array.from({ length: CONCURRENT }, (_, i) => ({
            channel: ['whatsapp', 'sms', 'email', 'webchat', 'telegram'][i % 5]!,
            address: `sender-${i}`,
            displayName: `Display ${i}`,
            [field]: spellings[i % spellings.length],
            conversationId: `cv_${i}`,
          }));
          const results = await Promise.all(arrivals.map(a => adapter.resolveConversation(a)));
          const ids = new Set(results.map(r => r.contact.id));
          expect(ids.size).to.equal(1);
          expect(results.filter(r => r.outcome === 'created')).to.have.length(1);
          const matched = results.filter(r => r.outcome === 'matched');
          expect(matched).to.have.length(CONCURRENT - 1);
          for (const result of matched) expect(result.matchedBy).to.equal(field);
          const all = await everything(store);
          expect(all).to.have.length(1);
          expect(all[0]![field]).to.equal(normalised);
          expect(all[0]!.identities).to.have.length(CONCURRENT);
          expect(await adapter.listConversations(all[0]!.id, { limit: 100 })).to.have.length(
            CONCURRENT,
          );
        });
      }

      it(`${CONCURRENT} concurrent arrivals of one channel identity leave one contact`, async () => {
        const { adapter, store } = subject.make();
        const arrival: ArrivingConversation = {
          channel: 'instagram',
          address: '@same.person',
          displayName: 'Same Person',
        };
        const results = await Promise.all(
          Array.from({ length: CONCURRENT }, () => adapter.resolveConversation(arrival)),
        );
        expect(new Set(results.map(r => r.contact.id)).size).to.equal(1);
        const all = await everything(store);
        expect(all).to.have.length(1);
        // No email or phone: still a contact, with its pending action, once.
        expect(all[0]!.pendingActions).to.have.length(1);
      });

      it('a stale update is refused as a conflict and changes nothing', async () => {
        const { adapter, store } = subject.make();
        const contact = await adapter.createContact(
          { name: 'Fabio', email: 'fabio@example.com' },
          { idempotencyKey: newIdempotencyKey() },
        );
        await adapter.updateContact(contact.id, { name: 'Fabio A.' }, { expectedVersion: 1 });
        const error = await rejection(
          adapter.updateContact(contact.id, { name: 'Fabio B.' }, { expectedVersion: 1 }),
        );
        expect(isContactsError(error, 'conflict'), String(error)).to.be.true;
        expect((await store.getContact(contact.id)).name).to.equal('Fabio A.');
      });

      it('of 20 concurrent updates from one version, exactly one wins', async () => {
        const { adapter, store } = subject.make();
        const contact = await adapter.createContact(
          { name: 'Gil', email: 'gil@example.com' },
          { idempotencyKey: newIdempotencyKey() },
        );
        const settled = await Promise.allSettled(
          Array.from({ length: CONCURRENT }, (_, i) =>
            adapter.updateContact(contact.id, { name: `Gil ${i}` }, { expectedVersion: 1 }),
          ),
        );
        const won = settled.filter(s => s.status === 'fulfilled');
        expect(won).to.have.length(1);
        for (const s of settled.filter(s => s.status === 'rejected')) {
          expect(isContactsError(s.reason, 'conflict')).to.be.true;
        }
        const now = await store.getContact(contact.id);
        expect(now).to.include({ name: won[0]!.value.name, version: 2 });
      });
    });
  }

  it('maps a REST 412 to a conflict', async () => {
    const { adapter, store, inject } = serve();
    const contact = await store.createContact(
      { name: 'Hugo', email: 'hugo@example.com' },
      { idempotencyKey: newIdempotencyKey() },
    );
    inject('PATCH', /^\/contacts\//, 'stale');
    const error = await rejection(
      adapter.updateContact(contact.id, { name: 'Hugo 2' }, { expectedVersion: 1 }),
    );
    expect(isContactsError(error, 'conflict')).to.be.true;
    expect((await store.getContact(contact.id)).name).to.equal('Hugo');
  });
});
