import { expect } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';

import { runAdapterConformance } from '../../src/adapter/conformance/index.js';
import { ContactsError } from '../../src/adapter/errors.js';
import { RestContactsAdapter, type RestAdapterOptions } from '../../src/adapter/rest/index.js';
import type { ContactsChange } from '../../src/adapter/types.js';
import type { ContactDraft } from '../../src/model/types.js';
import { mockApiPerTest } from './mock-api.js';
import { contactsError, rejection } from './rejections.js';

const { nextBaseUrl, serve, use } = mockApiPerTest('t');

/** A base URL whose every request answers with `respond`, for statuses the store never gives. */
function answering(
  respond: () => Response | Promise<Response>,
  options: Partial<RestAdapterOptions> = {},
) {
  const baseUrl = nextBaseUrl();
  use(http.all(`${baseUrl}/*`, respond));
  return new RestContactsAdapter({ baseUrl, ...options });
}

/** Copies of the requests that reach the mock API under `baseUrl`; they still go on to the store. */
function recordRequests(baseUrl: string): Request[] {
  const seen: Request[] = [];
  use(
    http.all(`${baseUrl}/*`, ({ request }) => {
      seen.push(request.clone());
    }),
  );
  return seen;
}

const key = () => crypto.randomUUID();

const AT_ISO = '2026-10-01T12:00:00.000Z';

describe('RestContactsAdapter', () => {
  describe('requests', () => {
    it('sends the Idempotency-Key on creates, and a replayed key returns the same record', async () => {
      const { adapter, baseUrl, store } = serve();
      const seen = recordRequests(baseUrl);
      const idempotencyKey = key();
      const first = await adapter.createContact(
        { name: 'Ana', email: 'ANA@example.com ' },
        { idempotencyKey },
      );
      const again = await adapter.createContact(
        { name: 'Ana', email: 'ANA@example.com ' },
        { idempotencyKey },
      );
      expect(first.email).to.equal('ana@example.com');
      expect(again).to.deep.equal(first);
      expect((await store.listContacts()).total).to.equal(1);
      expect(seen.map(r => [r.method, r.headers.get('Idempotency-Key')])).to.deep.equal([
        ['POST', idempotencyKey],
        ['POST', idempotencyKey],
      ]);
      expect(seen[0]!.headers.get('Content-Type')).to.equal('application/json');
    });

    it('a key reused with another body is refused, and writes nothing', async () => {
      const { adapter, store } = serve();
      const idempotencyKey = key();
      await adapter.createContact({ email: 'ana@example.com' }, { idempotencyKey });
      const error = await contactsError(
        adapter.createContact({ email: 'bia@example.com' }, { idempotencyKey }),
      );
      expect(error.code).to.equal('validation');
      expect(error.details?.status).to.equal(422);
      expect((await store.listContacts()).total).to.equal(1);
    });

    it('overlapping creates with one key get the first answer, with its status', async () => {
      const { baseUrl, store } = serve();
      const statuses: number[] = [];
      const adapter = new RestContactsAdapter({
        baseUrl,
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          statuses.push(response.status);
          return response;
        },
      });
      const idempotencyKey = key();
      const [a, b] = await Promise.all([
        adapter.createContact({ email: 'ana@example.com' }, { idempotencyKey }),
        adapter.createContact({ email: 'ana@example.com' }, { idempotencyKey }),
      ]);
      expect(b).to.deep.equal(a);
      expect((await store.listContacts()).total).to.equal(1);
      expect(statuses).to.deep.equal([201, 201]);
    });

    it('sends If-Match with the expected version on updates', async () => {
      const { adapter, baseUrl } = serve();
      const company = await adapter.createCompany({ name: 'Acme' }, { idempotencyKey: key() });
      const seen = recordRequests(baseUrl);
      const renamed = await adapter.updateCompany(
        company.id,
        { name: 'Acme Ltd' },
        { expectedVersion: 1 },
      );
      expect(renamed).to.include({ name: 'Acme Ltd', version: 2 });
      expect(seen[0]!.method).to.equal('PATCH');
      expect(seen[0]!.headers.get('If-Match')).to.equal('"1"');
    });

    it("adds the host's headers, static or from a function called per request", async () => {
      const { baseUrl } = serve();
      const seen = recordRequests(baseUrl);
      let token = 0;
      const fixed = new RestContactsAdapter({
        baseUrl,
        headers: { Authorization: 'Bearer fixed' },
      });
      const rotating = new RestContactsAdapter({
        baseUrl,
        headers: async () => ({ Authorization: `Bearer ${++token}` }),
      });
      await fixed.listContacts();
      await rotating.listContacts();
      await rotating.listCompanies();
      expect(seen.map(r => r.headers.get('Authorization'))).to.deep.equal([
        'Bearer fixed',
        'Bearer 1',
        'Bearer 2',
      ]);
    });

    it("calls the host's fetch, and accepts the unbound global fetch", async () => {
      const { baseUrl } = serve();
      const urls: string[] = [];
      const hostFetch: typeof fetch = (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      };
      await new RestContactsAdapter({ baseUrl, fetch: hostFetch })
        .getCompany('co_missing')
        .catch(() => {});
      expect(urls).to.deep.equal([`${baseUrl}/companies/co_missing`]);
      const page = await new RestContactsAdapter({
        baseUrl: `${baseUrl}/`,
        fetch: window.fetch,
      }).listContacts();
      expect(page.total).to.equal(0);
    });

    it('encodes list queries and pages with the returned cursor', async () => {
      const { adapter, baseUrl } = serve();
      const people = [
        ['Bia', '+55 11 98765-0002'],
        ['Ana', '(11) 98765-0001'],
        ['Caio', '+55 11 98765-0003'],
      ];
      for (const [name, phone] of people) {
        await adapter.createContact({ name, phone }, { idempotencyKey: key() });
      }
      await adapter.resolveConversation({
        channel: 'webchat',
        address: 'visitor-1',
        displayName: 'Visitor',
      });
      const seen = recordRequests(baseUrl);

      const first = await adapter.listContacts({ pending: false, limit: 2 });
      expect(first.items.map(c => c.name)).to.deep.equal(['Ana', 'Bia']);
      expect(first).to.include({ total: 3, offset: 0 });
      const second = await adapter.listContacts({
        pending: false,
        limit: 2,
        cursor: first.nextCursor,
      });
      expect(second.items.map(c => c.name)).to.deep.equal(['Caio']);
      expect(second.nextCursor).to.equal(null);
      const pending = await adapter.listContacts({ pending: true, search: 'visitor' });
      expect(pending.items.map(c => c.name)).to.deep.equal(['Visitor']);
      const byPhone = await adapter.listContacts({ phone: '+5511987650001' });
      expect(byPhone.items.map(c => c.name)).to.deep.equal(['Ana']);

      const query = (r: Request) => Object.fromEntries(new URL(r.url).searchParams);
      expect(query(seen[0]!)).to.deep.equal({ pending: 'false', limit: '2' });
      expect(query(seen[1]!)).to.deep.equal({
        pending: 'false',
        limit: '2',
        cursor: first.nextCursor,
      });
      expect(query(seen[2]!)).to.deep.equal({ pending: 'true', search: 'visitor' });
      expect(query(seen[3]!)).to.deep.equal({ phone: '+5511987650001' });
    });

    it('covers companies, conversations and arriving conversations', async () => {
      const { adapter } = serve();
      const acme = await adapter.createCompany(
        { name: 'Acme', domain: 'ACME.com' },
        { idempotencyKey: key() },
      );
      expect(await adapter.getCompany(acme.id)).to.deep.equal(acme);
      expect((await adapter.listCompanies({ domain: 'acme.com' })).items).to.deep.equal([acme]);
      expect((await adapter.listCompanies({ search: 'acm' })).total).to.equal(1);

      const arrival = {
        channel: 'whatsapp',
        address: '+5511987654321',
        displayName: 'Zé',
        conversationId: 'cv_1',
      };
      const created = await adapter.resolveConversation(arrival);
      expect(created.outcome).to.equal('created');
      const matched = await adapter.resolveConversation({ ...arrival, conversationId: 'cv_2' });
      expect(matched).to.include({ outcome: 'matched', matchedBy: 'identity' });

      const started = await adapter.startConversation(created.contact.id, 'whatsapp');
      expect(started).to.include({
        contactId: created.contact.id,
        channel: 'whatsapp',
        status: 'open',
      });
      const recent = await adapter.listConversations(created.contact.id, { limit: 2 });
      expect(recent).to.have.length(2);
      expect(recent[0]!.id).to.equal(started.id);
    });
  });

  describe('the HTTP contract of the mock API', () => {
    it('sets the ETag of single records', async () => {
      const { adapter, baseUrl } = serve();
      const contact = await adapter.createContact({ email: 'a@b.co' }, { idempotencyKey: key() });
      const response = await fetch(`${baseUrl}/contacts/${contact.id}`);
      expect(response.headers.get('ETag')).to.equal('"1"');
    });

    it('answers 428 to an update without If-Match and 400 to a create without Idempotency-Key', async () => {
      const { adapter, baseUrl } = serve();
      const contact = await adapter.createContact({ email: 'a@b.co' }, { idempotencyKey: key() });
      const patch = await fetch(`${baseUrl}/contacts/${contact.id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'X' }),
      });
      expect(patch.status).to.equal(428);
      expect((await patch.json()).error.code).to.equal('validation');
      const post = await fetch(`${baseUrl}/contacts`, {
        method: 'POST',
        body: '{"email":"c@d.co"}',
      });
      expect(post.status).to.equal(400);
      expect((await adapter.getContact(contact.id)).version).to.equal(1);
    });
  });

  describe('errors', () => {
    it('maps 404 to not-found', async () => {
      const { adapter } = serve();
      const error = await contactsError(adapter.getContact('ct_nope'));
      expect(error.code).to.equal('not-found');
    });

    it('maps 409 to duplicate with the existing record', async () => {
      const { adapter } = serve();
      const ana = await adapter.createContact(
        { email: 'ana@example.com' },
        { idempotencyKey: key() },
      );
      const error = await contactsError(
        adapter.createContact({ email: 'Ana@Example.com' }, { idempotencyKey: key() }),
      );
      expect(error).to.include({ code: 'duplicate', existingId: ana.id, field: 'email' });
    });

    it('maps 409 to conflict when the body says so', async () => {
      const adapter = answering(() =>
        HttpResponse.json(
          { error: { code: 'conflict', message: 'Busy', currentVersion: 4 } },
          { status: 409 },
        ),
      );
      const error = await contactsError(
        adapter.updateContact('ct_1', { name: 'X' }, { expectedVersion: 3 }),
      );
      expect(error).to.include({ code: 'conflict', currentVersion: 4, message: 'Busy' });
    });

    it('maps 412 to conflict with the current version', async () => {
      const { adapter } = serve();
      const ana = await adapter.createContact(
        { email: 'ana@example.com' },
        { idempotencyKey: key() },
      );
      await adapter.updateContact(ana.id, { name: 'Ana' }, { expectedVersion: 1 });
      const error = await contactsError(
        adapter.updateContact(ana.id, { name: 'Anna' }, { expectedVersion: 1 }),
      );
      expect(error).to.include({ code: 'conflict', currentVersion: 2 });
    });

    it('maps 422 to validation with per-field codes', async () => {
      const { adapter, store } = serve();
      const error = await contactsError(
        adapter.createContact({ name: 'Nobody' }, { idempotencyKey: key() }),
      );
      expect(error.code).to.equal('validation');
      expect(error.fields).to.deep.equal({ form: 'contact-info-required' });
      const bad = await contactsError(
        adapter.createContact({ email: 'nope' }, { idempotencyKey: key() }),
      );
      expect(bad.fields).to.deep.equal({ email: 'invalid-email' });
      expect((await store.listContacts()).total).to.equal(0);
    });

    it('maps 428 (If-Match lost on the way) to validation', async () => {
      const { adapter: direct, baseUrl } = serve();
      const ana = await direct.createContact(
        { email: 'ana@example.com' },
        { idempotencyKey: key() },
      );
      const stripping: typeof fetch = (input, init) => {
        const headers = new Headers(init?.headers);
        headers.delete('If-Match');
        return fetch(input, { ...init, headers });
      };
      const adapter = new RestContactsAdapter({ baseUrl, fetch: stripping });
      const error = await contactsError(
        adapter.updateContact(ana.id, { name: 'Ana' }, { expectedVersion: 1 }),
      );
      expect(error.code).to.equal('validation');
    });

    for (const status of [500, 502, 503, 429]) {
      it(`maps ${status} to unavailable, retryable`, async () => {
        const adapter = answering(() => new HttpResponse('<html>down</html>', { status }), {
          retries: 0,
        });
        const error = await contactsError(adapter.listContacts());
        expect(error.code).to.equal('unavailable');
        expect(error.retryable).to.be.true;
      });
    }

    it('maps a failed fetch to network, retryable', async () => {
      const adapter = answering(() => HttpResponse.error(), { retryBaseMs: 0 });
      const error = await contactsError(
        adapter.createCompany({ name: 'Acme' }, { idempotencyKey: key() }),
      );
      expect(error.code).to.equal('network');
      expect(error.retryable).to.be.true;
      expect(error.cause).to.be.instanceOf(TypeError);
    });

    it('maps an unreadable success body to invalid-response, not network', async () => {
      const adapter = answering(() => new HttpResponse('not json', { status: 200 }));
      const error = await contactsError(adapter.getContact('ct_1'));
      expect(error.code).to.equal('invalid-response');
      expect(error.details).to.include({ status: 200, path: '' });
    });
  });

  describe('the boundary over real fetch', () => {
    it('refuses a redirect to another origin, as network, and never reaches it', async () => {
      let followed = 0;
      use(
        http.all('https://elsewhere.example/*', () => {
          followed++;
          return HttpResponse.json({ items: [], total: 0, offset: 0, nextCursor: null });
        }),
      );
      const adapter = answering(() => Response.redirect('https://elsewhere.example/api', 302), {
        retries: 0,
      });
      const error = await contactsError(adapter.listContacts());
      expect(error.code).to.equal('network');
      expect(followed).to.equal(0);
    });

    it("retries a read after 503 and returns the store's answer", async () => {
      const { baseUrl, store } = serve();
      await store.createCompany({ name: 'Acme' }, { idempotencyKey: key() });
      use(
        http.get(`${baseUrl}/companies`, () => new HttpResponse('busy', { status: 503 }), {
          once: true,
        }),
      );
      // Registered last, so it runs first and sees both attempts.
      const seen = recordRequests(baseUrl);
      const page = await new RestContactsAdapter({ baseUrl, retryBaseMs: 0 }).listCompanies();
      expect(page.items.map(c => c.name)).to.deep.equal(['Acme']);
      expect(seen).to.have.length(2);
    });

    it('retries a create whose answer was lost under its key, leaving one record', async () => {
      const { baseUrl, store } = serve();
      use(
        http.post(
          `${baseUrl}/contacts`,
          async ({ request }) => {
            // The server commits, then the answer never arrives.
            const idempotencyKey = request.headers.get('Idempotency-Key')!;
            const draft = (await request.json()) as ContactDraft;
            await store.createContact(draft, { idempotencyKey });
            return HttpResponse.error();
          },
          { once: true },
        ),
      );
      const seen = recordRequests(baseUrl);
      const adapter = new RestContactsAdapter({ baseUrl, retryBaseMs: 0 });
      const created = await adapter.createContact(
        { name: 'Ana', email: 'ana@example.com' },
        { idempotencyKey: key() },
      );
      const all = (await store.listContacts()).items;
      expect(all.map(c => c.id)).to.deep.equal([created.id]);
      expect(seen.map(r => r.headers.get('Idempotency-Key'))).to.have.length(2);
      expect(new Set(seen.map(r => r.headers.get('Idempotency-Key'))).size).to.equal(1);
    });

    it('ends a request the server never answers, as a retryable network error', async () => {
      const adapter = answering(() => delay('infinite').then(() => HttpResponse.json({})), {
        timeoutMs: 50,
        retries: 0,
      });
      const error = await contactsError(adapter.getCompany('co_1'));
      expect(error.code).to.equal('network');
      expect(error.details?.timeoutMs).to.equal(50);
    });

    it('leaves out a record of the wrong shape and reports its path', async () => {
      const adapter = answering(() =>
        HttpResponse.json({
          items: [{ id: 'co_1', name: 'Acme', createdAt: 'x', updatedAt: 'x', version: 1 }],
          total: 1,
          offset: 0,
          nextCursor: null,
        }),
      );
      const page = await adapter.listCompanies();
      expect(page.items).to.deep.equal([]);
      expect(page.total).to.equal(1);
      expect(page.skipped?.[0]?.error.details?.path).to.equal('items[0].createdAt');
    });

    it('passes a lower-bound total through, and refuses one on a last page', async () => {
      const company = {
        id: 'co_1',
        name: 'Acme',
        createdAt: AT_ISO,
        updatedAt: AT_ISO,
        version: 1,
      };
      const bounded = { items: [company], total: 1001, offset: 0, nextCursor: 'c1' };
      const adapter = answering(() => HttpResponse.json({ ...bounded, totalExact: false }));
      const page = await adapter.listCompanies({ search: 'a', limit: 1 });
      expect(page.totalExact).to.equal(false);
      expect(page.total).to.equal(1001);
      const last = answering(() =>
        HttpResponse.json({ ...bounded, total: 1, nextCursor: null, totalExact: false }),
      );
      const error = await contactsError(last.listCompanies());
      expect(error.code).to.equal('invalid-response');
      expect(error.details?.path).to.equal('totalExact');
      const below = answering(() => HttpResponse.json({ ...bounded, total: 0, totalExact: false }));
      expect((await contactsError(below.listCompanies())).details?.path).to.equal('total');
    });
  });

  describe('aborts', () => {
    it('rejects with the abort reason, not a ContactsError, without calling fetch when already aborted', async () => {
      let calls = 0;
      const adapter = new RestContactsAdapter({
        baseUrl: '/api/never',
        fetch: (input, init) => {
          calls++;
          return fetch(input, init);
        },
      });
      const reason = new Error('gone');
      const error = await rejection(
        adapter.listContacts({}, { signal: AbortSignal.abort(reason) }),
      );
      expect(error).to.equal(reason);
      expect(calls).to.equal(0);
    });

    it('forwards the signal to fetch and rejects with AbortError mid-request', async () => {
      const adapter = answering(async () => {
        await delay(5000);
        return HttpResponse.json({ items: [], total: 0, offset: 0, nextCursor: null });
      });
      const controller = new AbortController();
      const pending = adapter.listContacts({ search: 'slow' }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(pending);
      expect(error).not.to.be.instanceOf(ContactsError);
      expect((error as DOMException).name).to.equal('AbortError');
    });
  });

  describe('subscribe', () => {
    it('without GET /changes (404), pushes the changes made through this instance until unsubscribed', async () => {
      const { adapter, baseUrl } = serve();
      use(
        http.get(`${baseUrl}/changes`, () =>
          HttpResponse.json({ error: { code: 'not-found', message: 'No' } }, { status: 404 }),
        ),
      );
      const other = new RestContactsAdapter({ baseUrl });
      const changes: ContactsChange[] = [];
      const stop = adapter.subscribe(change => changes.push(change));

      const ana = await adapter.createContact(
        { email: 'ana@example.com' },
        { idempotencyKey: key() },
      );
      await adapter.updateContact(ana.id, { name: 'Ana' }, { expectedVersion: 1 });
      const acme = await adapter.createCompany({ name: 'Acme' }, { idempotencyKey: key() });
      await adapter.updateCompany(acme.id, { domain: 'acme.com' }, { expectedVersion: 1 });
      await adapter.startConversation(ana.id, 'email');
      await adapter.resolveConversation({ channel: 'instagram', address: '@bia' });
      await adapter.resolveConversation({ channel: 'email', address: 'ana@example.com' });
      await other.createContact({ email: 'other@example.com' }, { idempotencyKey: key() });
      await adapter.getContact(ana.id);
      await adapter
        .createContact({ email: 'ana@example.com' }, { idempotencyKey: key() })
        .catch(() => {});

      expect(changes.map(c => `${c.type} ${'action' in c ? c.action : c.kind}`)).to.deep.equal([
        'contact created',
        'contact updated',
        'company created',
        'company updated',
        'conversation created',
        'contact created',
        'contact updated',
      ]);
      const renamed = changes[1] as Extract<ContactsChange, { type: 'contact' }>;
      expect(renamed.contact).to.include({ id: ana.id, name: 'Ana', version: 2 });

      stop();
      await adapter.createContact({ email: 'late@example.com' }, { idempotencyKey: key() });
      expect(changes).to.have.length(7);
    });

    it('keeps notifying the others when one listener throws', async () => {
      const { adapter } = serve();
      let heard = 0;
      const onError = window.onerror;
      window.onerror = () => true;
      try {
        adapter.subscribe(() => {
          throw new Error('listener bug');
        });
        adapter.subscribe(() => heard++);
        await adapter.createCompany({ name: 'Acme' }, { idempotencyKey: key() });
        await new Promise(resolve => setTimeout(resolve));
      } finally {
        window.onerror = onError;
      }
      expect(heard).to.equal(1);
    });
  });
});

// Each test gets a fresh store behind its own base URL; the worker started in `before` serves it.
runAdapterConformance('RestContactsAdapter over msw', () => serve().adapter);
