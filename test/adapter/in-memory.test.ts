import { expect } from '@open-wc/testing';

import { runAdapterConformance } from '../../src/adapter/conformance/index.js';
import { isAbortError, isContactsError } from '../../src/adapter/errors.js';
import {
  type Dataset,
  InMemoryContactsAdapter,
} from '../../src/adapter/in-memory/in-memory-adapter.js';
import { generateDataset } from '../../src/adapter/seed/generate.js';
import type { ContactQuery } from '../../src/adapter/types.js';
import { newIdempotencyKey } from '../../src/adapter/util.js';
import { contactHaystack, fold, matches, parseSearch } from '../../src/model/search.js';
import type { Company, Contact, ConversationSummary } from '../../src/model/types.js';

runAdapterConformance('InMemoryContactsAdapter', () => new InMemoryContactsAdapter());

const AT = '2026-01-01T00:00:00.000Z';
const key = () => ({ idempotencyKey: newIdempotencyKey() });

function contact(id: string, name: string, extra: Partial<Contact> = {}): Contact {
  return {
    id,
    name,
    nameSource: 'agent',
    identities: [],
    pendingActions: [],
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...extra,
  };
}

function company(id: string, name: string, domain?: string): Company {
  return { id, name, createdAt: AT, updatedAt: AT, version: 1, ...(domain ? { domain } : {}) };
}

function conversation(id: string, contactId: string, lastActivityAt: string): ConversationSummary {
  return { id, contactId, channel: 'whatsapp', status: 'resolved', lastActivityAt };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Every matching contact id, in list order, following cursors. */
async function allIds(adapter: InMemoryContactsAdapter, query: ContactQuery = {}, limit = 500) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  do {
    const page = await adapter.listContacts({ ...query, cursor, limit });
    total = page.total;
    ids.push(...page.items.map(c => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  return { ids, total };
}

describe('InMemoryContactsAdapter', () => {
  describe('seeding through data', () => {
    const seeded = () =>
      new InMemoryContactsAdapter({
        data: {
          // Deliberately out of name order: the adapter sorts what it is given.
          contacts: [
            contact('c3', 'Zélia', { email: 'zelia@example.com' }),
            contact('c1', 'bruno', {
              phone: '+5511987654321',
              identities: [{ channel: 'whatsapp', address: '+5511987654321' }],
            }),
            contact('c2', 'Álvaro', { email: 'alvaro@example.com', companyId: 'co1' }),
            contact('c4', 'Visitor', {
              nameSource: 'channel',
              identities: [{ channel: 'webchat', address: 'v-1' }],
              pendingActions: [{ id: 'pa1', type: 'add-contact-info', createdAt: AT }],
            }),
          ],
          companies: [company('co2', 'Globex', 'globex.com'), company('co1', 'Acme', 'acme.com')],
          conversations: [
            conversation('cv1', 'c1', '2025-01-01T00:00:00.000Z'),
            conversation('cv2', 'c1', '2025-06-01T00:00:00.000Z'),
          ],
        },
      });

    it('lists seeded records sorted by name', async () => {
      const adapter = seeded();
      const contacts = await adapter.listContacts();
      expect(contacts.items.map(c => c.name)).to.deep.equal([
        'Álvaro',
        'bruno',
        'Visitor',
        'Zélia',
      ]);
      expect(contacts.total).to.equal(4);
      const companies = await adapter.listCompanies();
      expect(companies.items.map(c => c.name)).to.deep.equal(['Acme', 'Globex']);
    });

    it('keeps the last of records seeded twice with one id, once', async () => {
      const adapter = new InMemoryContactsAdapter({
        data: { contacts: [contact('c1', 'Old name'), contact('c2', 'Bia'), contact('c1', 'Zoe')] },
      });
      const { items, total } = await adapter.listContacts();
      expect(total).to.equal(2);
      expect(items.map(c => c.name)).to.deep.equal(['Bia', 'Zoe']);
      expect((await adapter.listContacts({ search: 'old' })).total).to.equal(0);
    });

    it('searches and filters seeded records', async () => {
      const adapter = seeded();
      expect((await adapter.listContacts({ search: 'alvaro' })).items.map(c => c.id)).to.deep.equal(
        ['c2'],
      );
      expect((await adapter.listContacts({ search: '98765' })).items.map(c => c.id)).to.deep.equal([
        'c1',
      ]);
      expect((await adapter.listContacts({ pending: true })).items.map(c => c.id)).to.deep.equal([
        'c4',
      ]);
      expect((await adapter.listContacts({ companyId: 'co1' })).items.map(c => c.id)).to.deep.equal(
        ['c2'],
      );
      expect(
        (await adapter.listContacts({ email: 'ZELIA@example.com' })).items.map(c => c.id),
      ).to.deep.equal(['c3']);
    });

    it('indexes seeded emails, phones and domains for duplicate checks', async () => {
      const adapter = seeded();
      const byEmail = await rejection(adapter.createContact({ email: 'Zelia@Example.com' }, key()));
      expect(isContactsError(byEmail, 'duplicate') && byEmail.existingId).to.equal('c3');
      const byPhone = await rejection(adapter.createContact({ phone: '(11) 98765-4321' }, key()));
      expect(isContactsError(byPhone, 'duplicate') && byPhone.existingId).to.equal('c1');
      const byDomain = await rejection(
        adapter.createCompany({ name: 'A', domain: 'www.acme.com' }, key()),
      );
      expect(isContactsError(byDomain, 'duplicate') && byDomain.existingId).to.equal('co1');
    });

    it('matches arriving conversations to seeded identities', async () => {
      const adapter = seeded();
      const whatsapp = await adapter.resolveConversation({
        channel: 'whatsapp',
        address: '11 98765-4321',
      });
      expect(whatsapp).to.deep.include({ outcome: 'matched', matchedBy: 'identity' });
      expect(whatsapp.contact.id).to.equal('c1');
      const webchat = await adapter.resolveConversation({ channel: 'webchat', address: 'v-1' });
      expect(webchat.contact.id).to.equal('c4');
      expect(webchat.matchedBy).to.equal('identity');
    });

    it('serves seeded conversations newest first', async () => {
      const list = await seeded().listConversations('c1');
      expect(list.map(c => c.id)).to.deep.equal(['cv2', 'cv1']);
    });

    it('gives back a generated dataset through snapshot', () => {
      const data = generateDataset({ contacts: 300 });
      const snapshot = new InMemoryContactsAdapter({ data }).snapshot();
      const byId = <T extends { id: string }>(list: T[]) =>
        [...list].sort((a, b) => a.id.localeCompare(b.id));
      expect(byId(snapshot.contacts)).to.deep.equal(byId(data.contacts));
      expect(byId(snapshot.companies)).to.deep.equal(byId(data.companies));
      expect(byId(snapshot.conversations)).to.deep.equal(byId(data.conversations));
    });
  });

  describe('latency', () => {
    it('delays every call by the configured latency', async () => {
      const adapter = new InMemoryContactsAdapter({ latency: 60 });
      let start = performance.now();
      await adapter.listContacts();
      expect(performance.now() - start).to.be.at.least(55);
      start = performance.now();
      await adapter.createContact({ email: 'ana@example.com' }, key());
      expect(performance.now() - start).to.be.at.least(55);
    });

    it('rejects as soon as the signal aborts during the latency, and writes nothing', async () => {
      const adapter = new InMemoryContactsAdapter({ latency: 300 });
      const controller = new AbortController();
      const start = performance.now();
      const pending = adapter.createContact(
        { email: 'ana@example.com' },
        { ...key(), signal: controller.signal },
      );
      setTimeout(() => controller.abort(), 10);
      expect(isAbortError(await rejection(pending))).to.be.true;
      expect(performance.now() - start).to.be.below(250);
      expect((await adapter.listContacts()).total).to.equal(0);
    });
  });

  describe('search narrowing cache', () => {
    // Chains in which each query narrows the one before, so later queries filter cached results.
    const SEARCHES = [
      'a',
      'an',
      'ana',
      'ana s',
      'm',
      'ma',
      'mar',
      'mari',
      'j',
      'jo',
      'jos',
      'jose',
      '9',
      '98',
      '987',
      'example',
    ];

    // Filters vary fastest, so entries for different filters sit side by side in the cache.
    async function results(adapter: InMemoryContactsAdapter, filters: ContactQuery[]) {
      const out: Record<string, { ids: string[]; total: number }> = {};
      for (const search of SEARCHES) {
        for (const filter of filters) {
          out[`${JSON.stringify(filter)} ${search}`] = await allIds(adapter, { ...filter, search });
        }
      }
      return out;
    }

    /** The same queries answered by brute force over a snapshot, with no index and no cache. */
    function scanned(data: Dataset, filters: ContactQuery[]) {
      const out: Record<string, { ids: string[]; total: number }> = {};
      for (const search of SEARCHES) {
        const terms = parseSearch(search);
        for (const filter of filters) {
          const ids = data.contacts
            .filter(
              c =>
                matches(contactHaystack(c), terms) &&
                (filter.pending === undefined || filter.pending === c.pendingActions.length > 0) &&
                (filter.companyId === undefined || filter.companyId === c.companyId),
            )
            .map(c => c.id);
          out[`${JSON.stringify(filter)} ${search}`] = { ids, total: ids.length };
        }
      }
      return out;
    }

    it('gives the same results as a fresh scan after every kind of write', async () => {
      const adapter = new InMemoryContactsAdapter({ data: generateDataset({ contacts: 800 }) });
      const companyId = adapter.snapshot().companies[0]!.id;
      const filters: ContactQuery[] = [{}, { pending: true }, { pending: false }, { companyId }];
      const matching = async (search: string) =>
        (await adapter.listContacts({ search, limit: 1 })).items[0]!;
      const pendingOne = async () =>
        (await adapter.listContacts({ pending: true, limit: 1 })).items[0]!;

      const writes: Array<[string, () => Promise<unknown>]> = [
        [
          'create',
          () => adapter.createContact({ name: 'Ana Nova', email: 'ana.nova@example.com' }, key()),
        ],
        [
          'rename out of a result',
          async () => {
            const c = await matching('ana');
            return adapter.updateContact(c.id, { name: 'Zuleica' }, { expectedVersion: c.version });
          },
        ],
        [
          'rename into a result',
          async () => {
            const c = await matching('zuleica');
            return adapter.updateContact(
              c.id,
              { name: 'José Mariano' },
              { expectedVersion: c.version },
            );
          },
        ],
        [
          'arrival without contact info',
          () =>
            adapter.resolveConversation({
              channel: 'webchat',
              address: 'v-x',
              displayName: 'Mariana',
            }),
        ],
        [
          'pending resolved',
          async () => {
            const c = await pendingOne();
            return adapter.updateContact(
              c.id,
              { phone: '+55 21 99999-0000' },
              { expectedVersion: c.version },
            );
          },
        ],
        [
          'moved to a company',
          async () => {
            const c = await matching('mar');
            return adapter.updateContact(c.id, { companyId }, { expectedVersion: c.version });
          },
        ],
        [
          'phone changed',
          async () => {
            const c = await matching('jo');
            return adapter.updateContact(
              c.id,
              { phone: '+55 11 98700-1234' },
              { expectedVersion: c.version },
            );
          },
        ],
      ];

      expect(await results(adapter, filters), 'before any write').to.deep.equal(
        scanned(adapter.snapshot(), filters),
      );
      for (const [what, write] of writes) {
        await write();
        const expected = scanned(adapter.snapshot(), filters);
        expect(await results(adapter, filters), `after ${what}`).to.deep.equal(expected);
      }
    });

    it('answers typing from what follows each token, exactly as a fresh scan', async () => {
      // Large enough that results get followers; pauses let them finish, as between keystrokes.
      const adapter = new InMemoryContactsAdapter({ data: generateDataset({ contacts: 12_000 }) });
      const pause = () => new Promise(resolve => setTimeout(resolve, 60));
      const typed = async (text: string) => {
        const seen: Record<string, { ids: string[]; total: number }> = {};
        for (let i = 1; i <= text.length; i++) {
          seen[text.slice(0, i)] = await allIds(adapter, { search: text.slice(0, i) });
          await pause();
        }
        return seen;
      };
      const scan = (text: string) => {
        const data = adapter.snapshot();
        const out: Record<string, { ids: string[]; total: number }> = {};
        for (let i = 1; i <= text.length; i++) {
          const terms = parseSearch(text.slice(0, i));
          const ids = data.contacts.filter(c => matches(contactHaystack(c), terms)).map(c => c.id);
          out[text.slice(0, i)] = { ids, total: ids.length };
        }
        return out;
      };
      for (const text of ['maria s', 'a.s', 'gon', '98', 'ma m', 'jo@']) {
        expect(await typed(text), text).to.deep.equal(scan(text));
      }
      // A write in the middle of typing: the followers of the old data are not used.
      expect((await adapter.listContacts({ search: 'mar' })).total).to.be.greaterThan(0);
      await pause();
      await adapter.createContact({ name: 'Marcela Zed', email: 'marz@example.com' }, key());
      expect(await typed('marz'), 'after a write').to.deep.equal(scan('marz'));
    });

    it('a narrowed search sees a contact created after the wider search was cached', async () => {
      const adapter = new InMemoryContactsAdapter();
      await adapter.createContact({ name: 'Ana Souza', email: 'ana@example.com' }, key());
      expect((await adapter.listContacts({ search: 'an' })).total).to.equal(1);
      const created = await adapter.createContact(
        { name: 'Anabela', email: 'anabela@example.com' },
        key(),
      );
      const page = await adapter.listContacts({ search: 'anab' });
      expect(page.items.map(c => c.id)).to.deep.equal([created.id]);
    });
  });

  describe('sorted order', () => {
    it('stays sorted by name after renames, and cursors still visit every record once', async () => {
      const adapter = new InMemoryContactsAdapter({ data: generateDataset({ contacts: 600 }) });
      const { items } = await adapter.listContacts({ limit: 500 });
      const prefixes = ['Aa', 'zz', 'Émile', 'Ödön', 'ana'];
      for (const [i, c] of items.entries()) {
        if (i % 12 !== 0) continue;
        const name = `${prefixes[i % prefixes.length]} ${i}`;
        await adapter.updateContact(c.id, { name }, { expectedVersion: c.version });
      }
      const { ids, total } = await allIds(adapter, {}, 37);
      expect(ids.length).to.equal(total);
      expect(new Set(ids).size).to.equal(total);
      const names = (await adapter.listContacts({ limit: 500 })).items.map(c => fold(c.name));
      for (let i = 1; i < names.length; i++) {
        expect(names[i - 1]! <= names[i]!, `${names[i - 1]} before ${names[i]}`).to.be.true;
      }
      const fresh = new InMemoryContactsAdapter({ data: adapter.snapshot() });
      expect(ids).to.deep.equal((await allIds(fresh, {}, 500)).ids);
    });

    it('keeps companies sorted after renames', async () => {
      const adapter = new InMemoryContactsAdapter();
      const created = [];
      for (const name of ['Acme', 'Globex', 'Initech']) {
        created.push(await adapter.createCompany({ name }, key()));
      }
      await adapter.updateCompany(created[0]!.id, { name: 'Zeta' }, { expectedVersion: 1 });
      await adapter.updateCompany(created[2]!.id, { name: 'Ábaco' }, { expectedVersion: 1 });
      expect((await adapter.listCompanies()).items.map(c => c.name)).to.deep.equal([
        'Ábaco',
        'Globex',
        'Zeta',
      ]);
    });

    it('continues a cursor after the last record seen when records are added or renamed before it', async () => {
      const adapter = new InMemoryContactsAdapter();
      const byName: Record<string, Contact> = {};
      for (const name of ['A', 'B', 'C', 'D', 'E', 'F']) {
        byName[name] = await adapter.createContact({ name, email: `${name}@example.com` }, key());
      }
      const first = await adapter.listContacts({ limit: 3 });
      expect(first.items.map(c => c.name)).to.deep.equal(['A', 'B', 'C']);
      await adapter.createContact({ name: 'Aa', email: 'aa@example.com' }, key());
      await adapter.createContact({ name: 'Cz', email: 'cz@example.com' }, key());
      await adapter.updateContact(byName.E!.id, { name: 'Ab' }, { expectedVersion: 1 });
      const next = await adapter.listContacts({ cursor: first.nextCursor, limit: 3 });
      expect(next.items.map(c => c.name)).to.deep.equal(['Cz', 'D', 'F']);
      expect(next.offset).to.equal(5);
      expect(next.nextCursor).to.equal(null);
    });
  });

  describe('positionOf', () => {
    it('declares name order', () => {
      expect(new InMemoryContactsAdapter().order).to.equal('name');
    });

    it('agrees with paging on a large store, for searches and filters', async () => {
      const data = generateDataset({ contacts: 5000 });
      const adapter = new InMemoryContactsAdapter({ data });
      const companyId = data.companies[0]!.id;
      const queries: ContactQuery[] = [
        {},
        { search: 'ma' },
        { search: 'a', pending: false },
        { companyId },
      ];
      for (const query of queries) {
        const { ids } = await allIds(adapter, query, 500);
        const inResult = new Set(ids);
        for (let i = 0; i < ids.length; i += Math.max(1, Math.floor(ids.length / 40))) {
          expect(
            await adapter.positionOf('contact', ids[i]!, query),
            JSON.stringify(query),
          ).to.equal(i);
        }
        const outside = data.contacts.find(c => !inResult.has(c.id));
        if (outside) expect(await adapter.positionOf('contact', outside.id, query)).to.equal(null);
      }
    });

    it('follows renames', async () => {
      const adapter = new InMemoryContactsAdapter();
      const created: Contact[] = [];
      for (const name of ['Ana', 'Bia', 'Caio']) {
        created.push(await adapter.createContact({ name, email: `${name}@example.com` }, key()));
      }
      expect(await adapter.positionOf('contact', created[0]!.id)).to.equal(0);
      await adapter.updateContact(created[0]!.id, { name: 'Zeca' }, { expectedVersion: 1 });
      expect(await adapter.positionOf('contact', created[0]!.id)).to.equal(2);
      expect(await adapter.positionOf('contact', created[1]!.id)).to.equal(0);
    });

    it('finds companies, by search and by domain', async () => {
      const adapter = new InMemoryContactsAdapter({
        data: {
          companies: [
            company('co1', 'Globex', 'globex.com'),
            company('co2', 'Acme'),
            company('co3', 'Ácido'),
          ],
        },
      });
      expect(await adapter.positionOf('company', 'co1')).to.equal(2);
      expect(await adapter.positionOf('company', 'co2', { search: 'ac' })).to.equal(1);
      expect(await adapter.positionOf('company', 'co1', { domain: 'GLOBEX.com' })).to.equal(0);
      expect(await adapter.positionOf('company', 'co2', { domain: 'globex.com' })).to.equal(null);
    });

    it('rejects with the abort reason when aborted', async () => {
      const adapter = new InMemoryContactsAdapter();
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(
        adapter.positionOf('contact', 'x', {}, { signal: controller.signal }),
      );
      expect(isAbortError(error)).to.be.true;
    });
  });

  describe('conversations', () => {
    it('lists conversations stamped in the same millisecond newest first', async () => {
      const adapter = new InMemoryContactsAdapter({ now: () => new Date(AT) });
      const arrival = { channel: 'whatsapp', address: '+5511987654321', displayName: 'Zé' };
      await adapter.resolveConversation({ ...arrival, conversationId: 'first' });
      const { contact } = await adapter.resolveConversation({
        ...arrival,
        conversationId: 'second',
      });
      const started = await adapter.startConversation(contact.id, 'whatsapp');
      const list = await adapter.listConversations(contact.id);
      expect(list.map(c => c.id)).to.deep.equal([started.id, 'second', 'first']);
    });
  });

  describe('idempotency', () => {
    it('keeps a contact’s replay when the same key is later used for a company', async () => {
      const adapter = new InMemoryContactsAdapter();
      const idempotencyKey = newIdempotencyKey();
      const first = await adapter.createContact({ email: 'ana@example.com' }, { idempotencyKey });
      await adapter.createCompany({ name: 'Acme' }, { idempotencyKey });
      const again = await adapter.createContact({ email: 'ana@example.com' }, { idempotencyKey });
      expect(again.id).to.equal(first.id);
      expect((await adapter.listContacts()).total).to.equal(1);
      expect((await adapter.listCompanies()).total).to.equal(1);
    });
  });
});
