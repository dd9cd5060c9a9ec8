/**
 * The REST adapter's boundary, driven through its `fetch` option with crafted answers: contract
 * checks, time limits, retries and Retry-After, redirects, and the status-to-code table. No msw
 * and no server, so each case states exactly what the server sent.
 */
import { expect } from '@open-wc/testing';

import { ContactsError } from '../../src/adapter/errors.js';
import { RestContactsAdapter, type RestAdapterOptions } from '../../src/adapter/rest/index.js';
import { parseRetryAfter } from '../../src/adapter/rest/error-mapping.js';
import { contactsError, rejection } from './rejections.js';

type Reply =
  | Response
  | Error
  | 'hang'
  | ((request: Request, init: RequestInit) => Response | Promise<Response>);

interface Seen {
  request: Request;
  init: RequestInit;
  at: number;
}

/** A fetch that answers the n-th call with the n-th reply (the last one repeats). */
function stubFetch(...replies: Reply[]) {
  const calls: Seen[] = [];
  const fetchStub: typeof fetch = async (input, init = {}) => {
    calls.push({ request: new Request(input, init), init, at: performance.now() });
    const reply = replies[Math.min(calls.length, replies.length) - 1]!;
    if (reply === 'hang') return new Promise<Response>(() => {});
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply(calls.at(-1)!.request, init);
    return reply.clone();
  };
  return { fetch: fetchStub, calls };
}

function adapterFor(
  stub: { fetch: typeof fetch },
  options: Partial<RestAdapterOptions> = {},
): RestContactsAdapter {
  return new RestContactsAdapter({
    baseUrl: '/api',
    fetch: stub.fetch,
    retryBaseMs: 0,
    ...options,
  });
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function text(body: string | null, status: number, headers: Record<string, string> = {}) {
  return new Response(body, { status, headers });
}

const AT = '2025-03-04T05:06:07.000Z';

function contact(id = 'ct_1', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `Person ${id}`,
    nameSource: 'agent',
    identities: [{ channel: 'whatsapp', address: '+5511987654321' }],
    pendingActions: [{ id: 'pa_1', type: 'add-contact-info', createdAt: AT }],
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...extra,
  };
}

function company(id = 'co_1', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: 'Acme', createdAt: AT, updatedAt: AT, version: 1, ...extra };
}

function conversation(id = 'cv_1', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, contactId: 'ct_1', channel: 'email', status: 'open', lastActivityAt: AT, ...extra };
}

function page(items: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { items, total: items.length, offset: 0, nextCursor: null, ...extra };
}

function without(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

const key = { idempotencyKey: 'key-1' };

describe('RestContactsAdapter at the boundary', () => {
  describe('answers are checked against openapi.yaml', () => {
    const cases: Array<[string, (a: RestContactsAdapter) => Promise<unknown>, unknown, string]> = [
      [
        'a contact without version',
        a => a.getContact('ct_1'),
        without(contact(), 'version'),
        'version',
      ],
      [
        'a version sent as text',
        a => a.getContact('ct_1'),
        contact('ct_1', { version: '2' }),
        'version',
      ],
      [
        'an unknown name source',
        a => a.getContact('ct_1'),
        contact('ct_1', { nameSource: 'robot' }),
        'nameSource',
      ],
      [
        'a date that is not a date',
        a => a.getContact('ct_1'),
        contact('ct_1', { updatedAt: 'yesterday' }),
        'updatedAt',
      ],
      [
        'an identity without address',
        a => a.getContact('ct_1'),
        contact('ct_1', { identities: [{ channel: 'sms' }] }),
        'identities[0].address',
      ],
      [
        'identities as null',
        a => a.getContact('ct_1'),
        contact('ct_1', { identities: null }),
        'identities',
      ],
      ['an empty id', a => a.createContact({ email: 'a@b.co' }, key), contact(''), 'id'],
      [
        'a company with version 0',
        a => a.getCompany('co_1'),
        company('co_1', { version: 0 }),
        'version',
      ],
      [
        'a company domain as a number',
        a => a.createCompany({ name: 'A' }, key),
        company('co_1', { domain: 7 }),
        'domain',
      ],
      ['a body that is an array', a => a.getCompany('co_1'), [company()], ''],
      [
        'a conversation with an unknown status',
        a => a.listConversations('ct_1'),
        [conversation('cv_1'), conversation('cv_2', { status: 'closed' })],
        '[1].status',
      ],
      ['conversations as an object', a => a.listConversations('ct_1'), { items: [] }, ''],
      [
        'a started conversation without id',
        a => a.startConversation('ct_1', 'email'),
        without(conversation(), 'id'),
        'id',
      ],
      [
        'a resolve outcome the contract does not have',
        a => a.resolveConversation({ channel: 'sms', address: '1' }),
        { contact: contact(), outcome: 'found' },
        'outcome',
      ],
      [
        'a resolved contact without pending actions',
        a => a.resolveConversation({ channel: 'sms', address: '1' }),
        { contact: contact('ct_1', { pendingActions: null }), outcome: 'created' },
        'contact.pendingActions',
      ],
      ['a page without items', a => a.listContacts(), without(page([]), 'items'), 'items'],
      ['a page whose items are null', a => a.listContacts(), page([], { items: null }), 'items'],
      ['a page without total', a => a.listCompanies(), without(page([]), 'total'), 'total'],
      ['a negative offset', a => a.listContacts(), page([], { offset: -1 }), 'offset'],
      [
        'a cursor that is a number',
        a => a.listContacts(),
        page([], { nextCursor: 5 }),
        'nextCursor',
      ],
    ];
    for (const [what, call, body, path] of cases) {
      it(`rejects ${what} with invalid-response at '${path}'`, async () => {
        const stub = stubFetch(json(body, 200));
        const error = await contactsError(call(adapterFor(stub)));
        expect(error.code).to.equal('invalid-response');
        expect(error.details).to.include({ path, status: 200 });
        expect(error.retryable).to.be.true;
        expect(error.message).to.contain(path ? `at ${path}` : 'as a whole');
        // A broken answer is not worth repeating by itself.
        expect(stub.calls).to.have.length(1);
      });
    }

    it('reads an empty or non-JSON success body as invalid-response, never network', async () => {
      for (const reply of [text(null, 204), text('<html>ok</html>', 200), text('{"id":', 200)]) {
        const stub = stubFetch(reply);
        const error = await contactsError(adapterFor(stub).getContact('ct_1'));
        expect(error.code).to.equal('invalid-response');
        expect(error.details?.path).to.equal('');
        expect(error.cause).to.be.instanceOf(SyntaxError);
      }
    });

    it('rejects a record other than the one asked for', async () => {
      const stub = stubFetch(json(contact('ct_2')));
      const error = await contactsError(adapterFor(stub).getContact('ct_1'));
      expect(error).to.include({ code: 'invalid-response' });
      expect(error.details?.path).to.equal('id');
    });

    it('reads optional members sent as null as absent, and keeps members it does not know', async () => {
      const stub = stubFetch(
        json(contact('ct_1', { email: null, companyId: null, tags: ['vip'] })),
      );
      const record = await adapterFor(stub).getContact('ct_1');
      expect(record).not.to.have.property('email');
      expect(record).not.to.have.property('companyId');
      expect(record).to.have.deep.property('tags', ['vip']);
    });

    it('keeps the good records of a page and reports each bad one in skipped', async () => {
      const items = [
        contact('ct_0'),
        contact('ct_1', { version: null }),
        contact('ct_2'),
        { name: 'no id at all' },
        contact('ct_4'),
      ];
      const stub = stubFetch(json(page(items, { total: 120, offset: 50, nextCursor: 'c2' })));
      const result = await adapterFor(stub).listContacts();
      expect(result.items.map(c => c.id)).to.deep.equal(['ct_0', 'ct_2', 'ct_4']);
      // The server's count and position stay true: the records exist, they are just unreadable.
      expect(result).to.include({ total: 120, offset: 50, nextCursor: 'c2' });
      expect(result.skipped?.map(s => [s.index, s.id, s.error.details?.path])).to.deep.equal([
        [1, 'ct_1', 'items[1].version'],
        [3, undefined, 'items[3].id'],
      ]);
      expect(result.skipped?.[0]?.error).to.be.instanceOf(ContactsError);
      expect(result.skipped?.[0]?.error.code).to.equal('invalid-response');
    });

    it('adds no skipped member to a page that is all good', async () => {
      const stub = stubFetch(json(page([company('co_1'), company('co_2')])));
      const result = await adapterFor(stub).listCompanies();
      expect(result).not.to.have.property('skipped');
      expect(result.items).to.have.length(2);
    });
  });

  describe('time limits', () => {
    it('ends an attempt that never answers with a retryable network error', async () => {
      const stub = stubFetch('hang');
      const error = await contactsError(
        adapterFor(stub, { timeoutMs: 40, retries: 0 }).getContact('ct_1'),
      );
      expect(error.code).to.equal('network');
      expect(error.retryable).to.be.true;
      expect(error.details?.timeoutMs).to.equal(40);
      // The fetch was told too, so a well-behaved one stops the request.
      expect(stub.calls[0]!.init.signal?.aborted).to.be.true;
    });

    it('counts reading the body in the limit', async () => {
      const stalled = () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"id":'));
            },
          }),
          { status: 200 },
        );
      const stub = stubFetch(stalled);
      const error = await contactsError(
        adapterFor(stub, { timeoutMs: 40, retries: 0 }).getContact('ct_1'),
      );
      expect(error.details?.timeoutMs).to.equal(40);
    });

    it('has no limit with timeoutMs 0', async () => {
      const slow = async () => {
        await new Promise(resolve => setTimeout(resolve, 80));
        return json(contact());
      };
      const limited = stubFetch(slow);
      const error = await contactsError(
        adapterFor(limited, { timeoutMs: 20, retries: 0 }).getContact('ct_1'),
      );
      expect(error.code).to.equal('network');
      const unlimited = stubFetch(slow);
      expect((await adapterFor(unlimited, { timeoutMs: 0 }).getContact('ct_1')).id).to.equal(
        'ct_1',
      );
    });

    it("rejects with the caller's reason on abort, even when the fetch ignores its signal", async () => {
      const stub = stubFetch('hang');
      const controller = new AbortController();
      const reason = new Error('closed');
      const pending = adapterFor(stub).listContacts({}, { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 20);
      expect(await rejection(pending)).to.equal(reason);
      expect(stub.calls).to.have.length(1);
    });

    it('retries a read whose attempt timed out', async () => {
      const stub = stubFetch('hang', json(contact()));
      const record = await adapterFor(stub, { timeoutMs: 30 }).getContact('ct_1');
      expect(record.id).to.equal('ct_1');
      expect(stub.calls).to.have.length(2);
    });
  });

  describe('retries', () => {
    for (const status of [429, 502, 503, 504]) {
      it(`retries a read after ${status}`, async () => {
        const stub = stubFetch(text('busy', status), json(page([contact()])));
        const result = await adapterFor(stub).listContacts();
        expect(result.items).to.have.length(1);
        expect(stub.calls).to.have.length(2);
      });
    }

    it('retries a read after a failed connection', async () => {
      const stub = stubFetch(new TypeError('Failed to fetch'), json(company()));
      expect((await adapterFor(stub).getCompany('co_1')).id).to.equal('co_1');
      expect(stub.calls).to.have.length(2);
    });

    for (const status of [500, 400, 401, 404, 409, 501]) {
      it(`does not retry after ${status}`, async () => {
        const stub = stubFetch(text('no', status));
        await contactsError(adapterFor(stub).getContact('ct_1'));
        expect(stub.calls).to.have.length(1);
      });
    }

    it('makes 1 + retries attempts, then reports how many', async () => {
      const stub = stubFetch(text('down', 503));
      const error = await contactsError(adapterFor(stub, { retries: 3 }).getContact('ct_1'));
      expect(error.code).to.equal('unavailable');
      expect(error.details).to.include({ status: 503, attempts: 4 });
      expect(stub.calls).to.have.length(4);
      const none = stubFetch(text('down', 503));
      await contactsError(adapterFor(none, { retries: 0 }).getContact('ct_1'));
      expect(none.calls).to.have.length(1);
    });

    it('waits a random share of an exponentially growing backoff', async () => {
      const random = Math.random;
      Math.random = () => 0.5;
      try {
        const stub = stubFetch(text('down', 502));
        await contactsError(adapterFor(stub, { retryBaseMs: 60 }).getContact('ct_1'));
        const [first, second, third] = stub.calls.map(c => c.at);
        // 0.5 * 60 * 2^0 = 30 ms, then 0.5 * 60 * 2^1 = 60 ms.
        expect(second! - first!).to.be.within(28, 55);
        expect(third! - second!).to.be.within(58, 110);
      } finally {
        Math.random = random;
      }
    });

    it('calls the headers function again for each attempt', async () => {
      let token = 0;
      const stub = stubFetch(text('down', 503), json(contact()));
      await adapterFor(stub, {
        headers: () => ({ Authorization: `Bearer ${++token}` }),
      }).getContact('ct_1');
      expect(stub.calls.map(c => c.request.headers.get('Authorization'))).to.deep.equal([
        'Bearer 1',
        'Bearer 2',
      ]);
    });

    it('rejects with the error of a failing headers function, untouched and not retried', async () => {
      const stub = stubFetch(json(contact()));
      const failure = new Error('token refresh failed');
      const error = await rejection(
        adapterFor(stub, {
          headers: () => {
            throw failure;
          },
        }).getContact('ct_1'),
      );
      expect(error).to.equal(failure);
      expect(stub.calls).to.have.length(0);
    });

    it('retries creates under the same idempotency key and body', async () => {
      const stub = stubFetch(new TypeError('lost'), text('busy', 503), json(contact(), 201));
      await adapterFor(stub).createContact({ email: 'a@b.co' }, { idempotencyKey: 'k-42' });
      expect(stub.calls).to.have.length(3);
      const sent = await Promise.all(
        stub.calls.map(async c => [
          c.request.headers.get('Idempotency-Key'),
          await c.request.text(),
        ]),
      );
      expect(new Set(sent.map(s => JSON.stringify(s)))).to.have.property('size', 1);
      expect(sent[0]).to.deep.equal(['k-42', '{"email":"a@b.co"}']);

      const companies = stubFetch(text('busy', 503), json(company(), 201));
      await adapterFor(companies).createCompany({ name: 'Acme' }, { idempotencyKey: 'k-43' });
      expect(companies.calls).to.have.length(2);
    });

    it('never retries an update', async () => {
      const stub = stubFetch(text('busy', 503), json(contact()));
      const error = await contactsError(
        adapterFor(stub).updateContact('ct_1', { name: 'X' }, { expectedVersion: 1 }),
      );
      expect(error.code).to.equal('unavailable');
      expect(stub.calls).to.have.length(1);
      const timedOut = stubFetch('hang');
      await contactsError(
        adapterFor(timedOut, { timeoutMs: 20 }).updateCompany(
          'co_1',
          { name: 'X' },
          { expectedVersion: 1 },
        ),
      );
      expect(timedOut.calls).to.have.length(1);
    });

    it('retries starting a conversation only under an idempotency key', async () => {
      const unkeyed = stubFetch(new TypeError('lost'), json(conversation(), 201));
      await contactsError(adapterFor(unkeyed).startConversation('ct_1', 'email'));
      expect(unkeyed.calls).to.have.length(1);
      const keyed = stubFetch(new TypeError('lost'), json(conversation(), 201));
      await adapterFor(keyed).startConversation('ct_1', 'email', { idempotencyKey: 'k-7' });
      expect(keyed.calls.map(c => c.request.headers.get('Idempotency-Key'))).to.deep.equal([
        'k-7',
        'k-7',
      ]);
    });

    it('retries resolving an arriving conversation, which is idempotent by matching', async () => {
      const stub = stubFetch(text('busy', 502), json({ contact: contact(), outcome: 'matched' }));
      const result = await adapterFor(stub).resolveConversation({ channel: 'sms', address: '1' });
      expect(result.outcome).to.equal('matched');
      expect(stub.calls).to.have.length(2);
    });

    it('waits out a short Retry-After before retrying', async () => {
      const stub = stubFetch(text('slow down', 429, { 'Retry-After': '1' }), json(contact()));
      await adapterFor(stub, { maxRetryAfterMs: 2000 }).getContact('ct_1');
      expect(stub.calls).to.have.length(2);
      expect(stub.calls[1]!.at - stub.calls[0]!.at).to.be.at.least(950);
    });

    it('ends the call at once on a Retry-After beyond the cap, with retryAfterMs', async () => {
      const stub = stubFetch(text('maintenance', 503, { 'Retry-After': '30' }), json(contact()));
      const started = performance.now();
      const error = await contactsError(adapterFor(stub).getContact('ct_1'));
      expect(performance.now() - started).to.be.below(500);
      expect(error).to.include({ code: 'unavailable', retryAfterMs: 30_000 });
      expect(error.details?.status).to.equal(503);
      expect(stub.calls).to.have.length(1);
    });

    it('reports Retry-After on the final error even when the call is not retried', async () => {
      const stub = stubFetch(text('slow down', 429, { 'Retry-After': '2' }));
      const error = await contactsError(
        adapterFor(stub).updateContact('ct_1', { name: 'X' }, { expectedVersion: 1 }),
      );
      expect(error.retryAfterMs).to.equal(2000);
      // Retry-After means nothing on other statuses.
      const other = stubFetch(text('down', 500, { 'Retry-After': '2' }));
      expect((await contactsError(adapterFor(other).getContact('ct_1'))).retryAfterMs).to.equal(
        undefined,
      );
    });

    it("stops waiting when the caller aborts, with the caller's reason", async () => {
      const stub = stubFetch(text('slow down', 503, { 'Retry-After': '3' }), json(contact()));
      const controller = new AbortController();
      const reason = new Error('switched conversation');
      const pending = adapterFor(stub).getContact('ct_1', { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 50);
      const started = performance.now();
      expect(await rejection(pending)).to.equal(reason);
      expect(performance.now() - started).to.be.below(1000);
      expect(stub.calls).to.have.length(1);
    });

    it('reads Retry-After as seconds or as an HTTP date', () => {
      const now = Date.parse('2025-03-04T05:06:07Z');
      expect(parseRetryAfter('120', now)).to.equal(120_000);
      expect(parseRetryAfter(' 0 ', now)).to.equal(0);
      expect(parseRetryAfter('Tue, 04 Mar 2025 05:06:37 GMT', now)).to.equal(30_000);
      expect(parseRetryAfter('Tue, 04 Mar 2025 05:00:00 GMT', now)).to.equal(0);
      expect(parseRetryAfter('soon', now)).to.equal(undefined);
      expect(parseRetryAfter('-5', now)).to.equal(undefined);
      expect(parseRetryAfter(null, now)).to.equal(undefined);
    });
  });

  describe('redirects', () => {
    it('asks fetch to refuse redirects on every call', async () => {
      const stub = stubFetch(
        json(page([])),
        json(contact(), 201),
        json(contact()),
        json(conversation(), 201),
      );
      const adapter = adapterFor(stub);
      await adapter.listContacts();
      await adapter.createContact({ email: 'a@b.co' }, key);
      await adapter.updateContact('ct_1', { name: 'A' }, { expectedVersion: 1 });
      await adapter.startConversation('ct_1', 'email');
      expect(stub.calls.map(c => c.init.redirect)).to.deep.equal([
        'error',
        'error',
        'error',
        'error',
      ]);
    });

    it("reports a redirect the host's fetch followed or returned as network, without retrying", async () => {
      const followed = () => {
        const response = json(contact());
        Object.defineProperty(response, 'redirected', { value: true });
        return response;
      };
      for (const reply of [
        followed,
        () => text(null, 302, { Location: 'https://elsewhere.example/' }),
      ]) {
        const stub = stubFetch(reply);
        const error = await contactsError(adapterFor(stub).getContact('ct_1'));
        expect(error.code).to.equal('network');
        expect(error.details?.redirected).to.be.true;
        expect(stub.calls).to.have.length(1);
      }
    });
  });

  describe('every status says what to do', () => {
    const create = (a: RestContactsAdapter) => a.createContact({ email: 'a@b.co' }, key);
    const update = (a: RestContactsAdapter) =>
      a.updateContact('ct_1', { name: 'A' }, { expectedVersion: 3 });
    const failing = (reply: Response) => adapterFor(stubFetch(reply), { retries: 0 });
    const body = (error: Record<string, unknown>) => ({ error });

    const refused = (fields: unknown, message: string, status = 422) =>
      contactsError(create(failing(json(body({ code: 'validation', message, fields }), status))));

    it('400 and 422 keep the field codes this library knows', async () => {
      for (const status of [400, 422]) {
        const fields = { email: 'invalid-email', form: 'contact-info-required' };
        const error = await refused(fields, 'Bad email.', status);
        expect(error).to.include({ code: 'validation', message: 'Bad email.' });
        expect(error.fields).to.deep.equal(fields);
        expect(error.details).to.deep.equal({ status });
        expect(error.retryable).to.be.false;
      }
    });

    it('an empty field list is a form-level error that keeps the message', async () => {
      const error = await refused({}, 'Refused.');
      expect(error).to.include({ code: 'validation', message: 'Refused.' });
      expect(error.fields).to.equal(undefined);
    });

    it('an unknown field name or code is kept aside, and the rest still reaches its field', async () => {
      const message = 'Nickname too short; email domain blocked.';
      const error = await refused(
        { nickname: 'too-short', email: 'blocked-domain', phone: 'invalid-phone' },
        message,
      );
      expect(error.message).to.equal(message);
      expect(error.fields).to.deep.equal({ phone: 'invalid-phone' });
      expect(error.details?.unknownFields).to.deep.equal({
        nickname: 'too-short',
        email: 'blocked-domain',
      });
    });

    it('413 is validation: the record is too large', async () => {
      const error = await contactsError(create(failing(text('too big', 413))));
      expect(error).to.include({ code: 'validation' });
      expect(error.message).to.contain('too large');
    });

    it('409 with a duplicate body is duplicate, with the existing record', async () => {
      const coded = await contactsError(
        create(
          failing(
            json(
              body({ code: 'duplicate', message: 'Taken.', existingId: 'ct_9', field: 'email' }),
              409,
            ),
          ),
        ),
      );
      expect(coded).to.include({ code: 'duplicate', existingId: 'ct_9', field: 'email' });
      const uncoded = await contactsError(
        create(failing(json(body({ existingId: 'ct_9', field: 'phone' }), 409))),
      );
      expect(uncoded).to.include({ code: 'duplicate', existingId: 'ct_9', field: 'phone' });
    });

    it('409 without a duplicate body is still duplicate, as the contract says', async () => {
      for (const reply of [text('<html>Conflict</html>', 409), text('', 409), json({}, 409)]) {
        const error = await contactsError(create(failing(reply)));
        expect(error.code).to.equal('duplicate');
        expect(error.existingId).to.equal(undefined);
        expect(error.message).to.equal('Another record already holds this value.');
        expect(error.details?.status).to.equal(409);
      }
    });

    it('409 whose body says conflict is conflict, with the current version', async () => {
      const coded = await contactsError(
        update(failing(json(body({ code: 'conflict', message: 'Busy.', currentVersion: 4 }), 409))),
      );
      expect(coded).to.include({ code: 'conflict', currentVersion: 4, message: 'Busy.' });
      const uncoded = await contactsError(update(failing(json(body({ currentVersion: 6 }), 409))));
      expect(uncoded).to.include({ code: 'conflict', currentVersion: 6 });
    });

    it('412 is conflict, with the current version from the body or else the ETag', async () => {
      const fromBody = await contactsError(
        update(
          failing(json(body({ code: 'conflict', message: 'Changed.', currentVersion: 5 }), 412)),
        ),
      );
      expect(fromBody).to.include({ code: 'conflict', currentVersion: 5, message: 'Changed.' });
      const fromEtag = await contactsError(update(failing(text('', 412, { ETag: 'W/"7"' }))));
      expect(fromEtag).to.include({ code: 'conflict', currentVersion: 7 });
      const unknown = await contactsError(update(failing(text('', 412))));
      expect(unknown.code).to.equal('conflict');
      expect(unknown.currentVersion).to.equal(undefined);
    });

    it('428 is validation: the precondition did not arrive', async () => {
      const error = await contactsError(update(failing(text('', 428))));
      expect(error.code).to.equal('validation');
      expect(error.message).to.contain('If-Match');
      expect(error.details?.status).to.equal(428);
    });

    it('401 and 403 are unauthorized, not retryable', async () => {
      for (const status of [401, 403]) {
        const error = await contactsError(update(failing(text('', status))));
        expect(error.code).to.equal('unauthorized');
        expect(error.retryable).to.be.false;
        expect(error.details?.status).to.equal(status);
      }
    });

    it('404 and 410 are not-found', async () => {
      for (const status of [404, 410]) {
        const error = await contactsError(update(failing(text('', status))));
        expect(error.code).to.equal('not-found');
      }
    });

    it('429, 5xx and statuses the contract does not use are unavailable, with the status', async () => {
      for (const status of [429, 500, 501, 502, 503, 504, 405, 418]) {
        const error = await contactsError(failing(text('', status)).getContact('ct_1'));
        expect(error.code, String(status)).to.equal('unavailable');
        expect(error.retryable).to.be.true;
        expect(error.details?.status).to.equal(status);
        expect(error.message).to.contain(String(status === 429 ? 'too many' : status));
      }
    });

    it('ignores body members of the wrong type; the status still decides', async () => {
      const error = await contactsError(
        update(
          failing(
            json(
              body({ code: 7, message: 5, fields: 'email', currentVersion: '4', field: 'x' }),
              412,
            ),
          ),
        ),
      );
      expect(error.code).to.equal('conflict');
      expect(error.currentVersion).to.equal(undefined);
      expect(error.message).to.equal('The record was changed by someone else.');
      const weird = await contactsError(
        create(failing(json(body({ code: 'not-found', message: 'lie' }), 422))),
      );
      expect(weird.code).to.equal('validation');
    });
  });
});
