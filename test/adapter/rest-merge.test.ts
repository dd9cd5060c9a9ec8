/**
 * The REST adapter's merge, delete and restore against stub answers: what it sends, how it reads
 * (and refuses) what comes back, when it retries, and how `removed` / `restored` changes reach
 * subscribers once whichever way (the call's answer or `GET /changes`) they arrive first.
 */
import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';

import { RestContactsAdapter, type RestAdapterOptions } from '../../src/adapter/rest/index.js';
import type { ContactsChange, MergeResult } from '../../src/adapter/types.js';
import type { Contact, ConversationSummary } from '../../src/model/types.js';
import { mockApiPerTest } from './mock-api.js';
import { contactsError } from './rejections.js';

const { nextBaseUrl, serve, use } = mockApiPerTest('merge-t');

const AT = '2026-10-01T12:00:00.000Z';

function contactOf(id: string, version: number, extra: Partial<Contact> = {}): Contact {
  return {
    id,
    name: `Contact ${id}`,
    nameSource: 'agent',
    identities: [],
    pendingActions: [],
    createdAt: AT,
    updatedAt: AT,
    version,
    ...extra,
  };
}

const restorePoint = { token: 'rp_1', expiresAt: '2026-10-31T12:00:00.000Z' };

function mergeResult(primary = 'ct_p', secondary = 'ct_s', version = 4): MergeResult {
  return { contact: contactOf(primary, version), mergedId: secondary, restorePoint };
}

function adapterAt(baseUrl: string, options: Partial<RestAdapterOptions> = {}) {
  return new RestContactsAdapter({ baseUrl, liveChanges: false, retryBaseMs: 1, ...options });
}

const mergeOptions = {
  idempotencyKey: 'merge-1',
  expectedVersions: { primary: 3, secondary: 2 },
};

/** Waits for `condition`; the test's own time limit ends a wait that never succeeds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise(resolve => setTimeout(resolve, 5));
}

/** A `GET /changes` answer that sends `events` and stays open. */
function eventStream(events: { id: number; change: ContactsChange }[]): Response {
  const encoder = new TextEncoder();
  const text = events
    .map(({ id, change }) => `id: ${id}\nevent: change\ndata: ${JSON.stringify(change)}\n\n`)
    .join('');
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`retry: 60000\n\n${text}`));
    },
  });
  return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
}

const describeChange = (change: ContactsChange) =>
  change.type === 'removed'
    ? `removed ${change.id}${change.mergedInto ? ` into ${change.mergedInto}` : ''}`
    : change.type === 'contact'
      ? `contact ${change.action} ${change.contact.id} ${change.contact.version}`
      : change.type === 'company'
        ? `company ${change.action} ${change.company.id} ${change.company.version}`
        : `conversation ${change.action} ${change.conversation.id} ${change.conversation.contactId}`;

describe('RestContactsAdapter merge, delete and restore', () => {
  describe('mergeContacts', () => {
    it('posts the merge with its key, and reports the primary updated and the secondary removed', async () => {
      const baseUrl = nextBaseUrl();
      const requests: { url: string; key: string | null; body: unknown }[] = [];
      use(
        http.post(`${baseUrl}/contacts/:id/merge`, async ({ request }) => {
          requests.push({
            url: new URL(request.url).pathname,
            key: request.headers.get('Idempotency-Key'),
            body: await request.json(),
          });
          return HttpResponse.json(mergeResult());
        }),
      );
      const adapter = adapterAt(baseUrl);
      const changes: string[] = [];
      adapter.subscribe(change => changes.push(describeChange(change)));
      const result = await adapter.mergeContacts(
        'ct_p',
        'ct_s',
        { name: 'secondary' },
        mergeOptions,
      );
      expect(result).to.deep.equal(mergeResult());
      expect(requests).to.deep.equal([
        {
          url: `${baseUrl}/contacts/ct_p/merge`,
          key: 'merge-1',
          body: {
            secondaryId: 'ct_s',
            choices: { name: 'secondary' },
            expectedVersions: { primary: 3, secondary: 2 },
          },
        },
      ]);
      expect(changes).to.deep.equal(['contact updated ct_p 4', 'removed ct_s into ct_p']);
    });

    it('retries a merge that got no usable answer, with the same key', async () => {
      const baseUrl = nextBaseUrl();
      const keys: (string | null)[] = [];
      use(
        http.post(`${baseUrl}/contacts/:id/merge`, ({ request }) => {
          keys.push(request.headers.get('Idempotency-Key'));
          return keys.length === 1
            ? HttpResponse.json(
                { error: { code: 'unavailable', message: 'busy' } },
                { status: 503 },
              )
            : HttpResponse.json(mergeResult());
        }),
      );
      const result = await adapterAt(baseUrl).mergeContacts('ct_p', 'ct_s', {}, mergeOptions);
      expect(result.mergedId).to.equal('ct_s');
      expect(keys).to.deep.equal(['merge-1', 'merge-1']);
    });

    it('reads a 409 conflict with the version that moved, and does not retry it', async () => {
      const baseUrl = nextBaseUrl();
      let calls = 0;
      use(
        http.post(`${baseUrl}/contacts/:id/merge`, () => {
          calls++;
          return HttpResponse.json(
            { error: { code: 'conflict', message: 'changed', currentVersion: 5 } },
            { status: 409 },
          );
        }),
      );
      const error = await contactsError(
        adapterAt(baseUrl).mergeContacts('ct_p', 'ct_s', {}, mergeOptions),
      );
      expect(error.code).to.equal('conflict');
      expect(error.currentVersion).to.equal(5);
      expect(calls).to.equal(1);
    });

    it('refuses an answer that breaks the contract or is about other contacts', async () => {
      const answers: [object, string][] = [
        [{ ...mergeResult(), restorePoint: { token: '' } }, 'restorePoint.token'],
        [
          { ...mergeResult(), restorePoint: { token: 't', expiresAt: 'soon' } },
          'restorePoint.expiresAt',
        ],
        [{ contact: contactOf('ct_p', 4), restorePoint }, 'mergedId'],
        [mergeResult('ct_other'), 'contact.id'],
        [mergeResult('ct_p', 'ct_other'), 'mergedId'],
      ];
      for (const [answer, path] of answers) {
        const baseUrl = nextBaseUrl();
        use(http.post(`${baseUrl}/contacts/:id/merge`, () => HttpResponse.json(answer)));
        const adapter = adapterAt(baseUrl);
        const changes: ContactsChange[] = [];
        adapter.subscribe(change => changes.push(change));
        const error = await contactsError(adapter.mergeContacts('ct_p', 'ct_s', {}, mergeOptions));
        expect(error.code, path).to.equal('invalid-response');
        expect(error.details?.path, path).to.equal(path);
        expect(changes, 'nothing reported').to.deep.equal([]);
      }
    });

    it('reads mergedInto from the 404 of a merged-away contact', async () => {
      const baseUrl = nextBaseUrl();
      use(
        http.get(`${baseUrl}/contacts/:id`, ({ params }) =>
          HttpResponse.json(
            {
              error: {
                code: 'not-found',
                message: 'merged',
                ...(params.id === 'ct_s' ? { mergedInto: 'ct_p' } : {}),
              },
            },
            { status: 404 },
          ),
        ),
      );
      const adapter = adapterAt(baseUrl);
      const merged = await contactsError(adapter.getContact('ct_s'));
      expect(merged.code).to.equal('not-found');
      expect(merged.mergedInto).to.equal('ct_p');
      const missing = await contactsError(adapter.getContact('ct_x'));
      expect(missing.code).to.equal('not-found');
      expect(missing.mergedInto).to.equal(undefined);
    });
  });

  describe('deleteContact and deleteCompany', () => {
    it('sends If-Match, and the key when given; reports the record removed', async () => {
      const baseUrl = nextBaseUrl();
      const seen: string[] = [];
      const answer = ({
        request,
        params,
      }: {
        request: Request;
        params: Record<string, unknown>;
      }) => {
        seen.push(
          `${request.method} ${new URL(request.url).pathname} ${request.headers.get('If-Match')} ${request.headers.get('Idempotency-Key')}`,
        );
        return HttpResponse.json({ id: params.id, restorePoint });
      };
      use(
        http.delete(`${baseUrl}/contacts/:id`, answer),
        http.delete(`${baseUrl}/companies/:id`, answer),
      );
      const adapter = adapterAt(baseUrl);
      const changes: string[] = [];
      adapter.subscribe(change => changes.push(describeChange(change)));
      expect(await adapter.deleteContact('ct_1', { expectedVersion: 3 })).to.deep.equal({
        id: 'ct_1',
        restorePoint,
      });
      await adapter.deleteCompany('co_1', { expectedVersion: 2, idempotencyKey: 'del-1' });
      expect(seen).to.deep.equal([
        `DELETE ${baseUrl}/contacts/ct_1 "3" null`,
        `DELETE ${baseUrl}/companies/co_1 "2" del-1`,
      ]);
      expect(changes).to.deep.equal(['removed ct_1', 'removed co_1']);
    });

    it('retries a delete only when it carries a key', async () => {
      for (const idempotencyKey of [undefined, 'del-2']) {
        const baseUrl = nextBaseUrl();
        let calls = 0;
        use(
          http.delete(`${baseUrl}/contacts/:id`, () => {
            calls++;
            return calls === 1
              ? HttpResponse.json({ error: { code: 'unavailable', message: 'x' } }, { status: 503 })
              : HttpResponse.json({ id: 'ct_1', restorePoint });
          }),
        );
        const call = adapterAt(baseUrl).deleteContact('ct_1', {
          expectedVersion: 1,
          ...(idempotencyKey ? { idempotencyKey } : {}),
        });
        if (idempotencyKey) {
          expect((await call).id).to.equal('ct_1');
          expect(calls).to.equal(2);
        } else {
          expect((await contactsError(call)).code).to.equal('unavailable');
          expect(calls).to.equal(1);
        }
      }
    });

    it('refuses an answer about another record', async () => {
      const baseUrl = nextBaseUrl();
      use(
        http.delete(`${baseUrl}/contacts/:id`, () =>
          HttpResponse.json({ id: 'ct_other', restorePoint }),
        ),
      );
      const error = await contactsError(
        adapterAt(baseUrl).deleteContact('ct_1', { expectedVersion: 1 }),
      );
      expect(error.code).to.equal('invalid-response');
      expect(error.details?.path).to.equal('id');
    });
  });

  describe('restore', () => {
    it('posts the token, retries it, and reports what came back', async () => {
      const baseUrl = nextBaseUrl();
      const bodies: unknown[] = [];
      use(
        http.delete(`${baseUrl}/contacts/:id`, () =>
          HttpResponse.json({ id: 'ct_s', restorePoint }),
        ),
        http.post(`${baseUrl}/restore`, async ({ request }) => {
          bodies.push(await request.json());
          return bodies.length === 1
            ? HttpResponse.json({ error: { code: 'unavailable', message: 'x' } }, { status: 502 })
            : HttpResponse.json({
                contacts: [contactOf('ct_s', 3), contactOf('ct_p', 5)],
                companies: [],
              });
        }),
      );
      const adapter = adapterAt(baseUrl);
      const changes: string[] = [];
      adapter.subscribe(change => changes.push(describeChange(change)));
      await adapter.deleteContact('ct_s', { expectedVersion: 2 });
      const result = await adapter.restore('rp_1');
      expect(result.contacts.map(c => c.id)).to.deep.equal(['ct_s', 'ct_p']);
      expect(bodies).to.deep.equal([{ token: 'rp_1' }, { token: 'rp_1' }]);
      expect(changes).to.deep.equal([
        'removed ct_s',
        'contact restored ct_s 3',
        'contact updated ct_p 5',
      ]);
    });

    it('refuses a malformed answer', async () => {
      const baseUrl = nextBaseUrl();
      use(
        http.post(`${baseUrl}/restore`, () =>
          HttpResponse.json({ contacts: [contactOf('ct_s', 0)], companies: [] }),
        ),
      );
      const error = await contactsError(adapterAt(baseUrl).restore('rp_1'));
      expect(error.code).to.equal('invalid-response');
      expect(error.details?.path).to.equal('contacts[0].version');
    });
  });

  it('leaves the four methods out for a server without them (mergeAndDelete: false)', () => {
    const without = adapterAt(nextBaseUrl(), { mergeAndDelete: false });
    expect(without.mergeContacts).to.equal(undefined);
    expect(without.deleteContact).to.equal(undefined);
    expect(without.deleteCompany).to.equal(undefined);
    expect(without.restore).to.equal(undefined);
    expect(typeof adapterAt(nextBaseUrl()).mergeContacts).to.equal('function');
  });

  describe('changes', () => {
    it('delivers a removal once when both the answer and the stream report it, and a later one again', async () => {
      const baseUrl = nextBaseUrl();
      const conversation = (contactId: string): ConversationSummary => ({
        id: 'cv_1',
        contactId,
        channel: 'webchat',
        status: 'open',
        lastActivityAt: AT,
      });
      let stream: { id: number; change: ContactsChange }[] = [];
      let release!: () => void;
      const released = new Promise<void>(resolve => (release = resolve));
      use(
        http.post(`${baseUrl}/contacts/:id/merge`, () => HttpResponse.json(mergeResult())),
        http.get(`${baseUrl}/changes`, async () => {
          await released;
          return eventStream(stream);
        }),
      );
      const adapter = adapterAt(baseUrl, { liveChanges: true });
      const changes: string[] = [];
      adapter.subscribe(change => changes.push(describeChange(change)));
      await adapter.mergeContacts('ct_p', 'ct_s', {}, mergeOptions);
      // The stream echoes the merge (a stale update of the secondary first), then the secondary
      // is restored, and merged again.
      stream = [
        { id: 1, change: { type: 'contact', action: 'updated', contact: contactOf('ct_s', 2) } },
        { id: 2, change: { type: 'contact', action: 'updated', contact: contactOf('ct_p', 4) } },
        {
          id: 3,
          change: { type: 'conversation', action: 'updated', conversation: conversation('ct_p') },
        },
        { id: 4, change: { type: 'removed', kind: 'contact', id: 'ct_s', mergedInto: 'ct_p' } },
        { id: 5, change: { type: 'contact', action: 'restored', contact: contactOf('ct_s', 3) } },
        {
          id: 6,
          change: { type: 'conversation', action: 'restored', conversation: conversation('ct_s') },
        },
        { id: 7, change: { type: 'removed', kind: 'contact', id: 'ct_s', mergedInto: 'ct_p' } },
        {
          id: 8,
          change: { type: 'conversation', action: 'updated', conversation: conversation('ct_p') },
        },
      ];
      release();
      await until(() => changes.length >= 7);
      expect(changes).to.deep.equal([
        'contact updated ct_p 4',
        'removed ct_s into ct_p',
        'conversation updated cv_1 ct_p',
        'contact restored ct_s 3',
        'conversation restored cv_1 ct_s',
        'removed ct_s into ct_p',
        'conversation updated cv_1 ct_p',
      ]);
    });

    it('a merge waits for a stream still connecting, so the moves it makes are streamed', async () => {
      const baseUrl = nextBaseUrl();
      let streamAsked = false;
      let streamAnswered = false;
      const answeredBeforeMerge: boolean[] = [];
      let open!: () => void;
      const opened = new Promise<void>(resolve => (open = resolve));
      use(
        http.post(`${baseUrl}/contacts/:id/merge`, () => {
          answeredBeforeMerge.push(streamAnswered);
          return HttpResponse.json(mergeResult());
        }),
        http.get(`${baseUrl}/changes`, async () => {
          streamAsked = true;
          await opened;
          streamAnswered = true;
          return eventStream([]);
        }),
      );
      const adapter = adapterAt(baseUrl, { liveChanges: true });
      const stop = adapter.subscribe(() => {});
      const merged = adapter.mergeContacts('ct_p', 'ct_s', {}, mergeOptions);
      await until(() => streamAsked);
      // Long enough for a merge that does not wait to reach the server first.
      await new Promise(resolve => setTimeout(resolve, 100));
      open();
      await merged;
      expect(answeredBeforeMerge).to.deep.equal([true]);
      stop();
    });

    it('a late echo of a removal does not hide a record restored meanwhile', async () => {
      const baseUrl = nextBaseUrl();
      let release!: () => void;
      const released = new Promise<void>(resolve => (release = resolve));
      use(
        http.delete(`${baseUrl}/contacts/:id`, () =>
          HttpResponse.json({ id: 'ct_s', restorePoint }),
        ),
        http.post(`${baseUrl}/restore`, () =>
          HttpResponse.json({ contacts: [contactOf('ct_s', 3)], companies: [] }),
        ),
        http.get(`${baseUrl}/changes`, async () => {
          await released;
          return eventStream([
            { id: 1, change: { type: 'removed', kind: 'contact', id: 'ct_s' } },
            {
              id: 2,
              change: { type: 'contact', action: 'restored', contact: contactOf('ct_s', 3) },
            },
            {
              id: 3,
              change: { type: 'contact', action: 'updated', contact: contactOf('ct_s', 4) },
            },
          ]);
        }),
      );
      const adapter = adapterAt(baseUrl, { liveChanges: true });
      const changes: string[] = [];
      adapter.subscribe(change => changes.push(describeChange(change)));
      await adapter.deleteContact('ct_s', { expectedVersion: 2 });
      await adapter.restore('rp_1');
      release();
      await until(() => changes.length >= 3);
      expect(changes).to.deep.equal([
        'removed ct_s',
        'contact restored ct_s 3',
        'contact updated ct_s 4',
      ]);
    });
  });

  describe('the msw handlers', () => {
    it('refuse malformed merge and restore bodies and a delete without If-Match, writing nothing', async () => {
      const { baseUrl, store } = serve();
      const ana = await store.createContact({ email: 'ana@example.com' }, { idempotencyKey: 'a' });
      const bia = await store.createContact({ email: 'bia@example.com' }, { idempotencyKey: 'b' });
      const changes: ContactsChange[] = [];
      store.subscribe(change => changes.push(change));
      const call = async (method: string, path: string, body?: unknown, headers = {}) => {
        const response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: { 'Content-Type': 'application/json', ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const answer = (await response.json()) as { error: { code: string; path?: string } };
        return [response.status, answer.error.code, answer.error.path];
      };
      const good = {
        secondaryId: bia.id,
        choices: {},
        expectedVersions: { primary: ana.version, secondary: bia.version },
      };
      const merge = (body: unknown, headers: Record<string, string> = { 'Idempotency-Key': 'k' }) =>
        call('POST', `/contacts/${ana.id}/merge`, body, headers);
      expect(await merge(good, {})).to.deep.equal([400, 'validation', undefined]);
      expect(await merge([good])).to.deep.equal([400, 'validation', undefined]);
      expect(await merge({ ...good, extra: 1 })).to.deep.equal([422, 'validation', '/extra']);
      expect(await merge({ ...good, choices: { name: 'both' } })).to.deep.equal([
        422,
        'validation',
        '/choices/name',
      ]);
      expect(await merge({ ...good, expectedVersions: { primary: 1 } })).to.deep.equal([
        422,
        'validation',
        '/expectedVersions/secondary',
      ]);
      expect(await call('POST', '/restore', { token: '' })).to.deep.equal([
        422,
        'validation',
        '/token',
      ]);
      expect(await call('DELETE', `/contacts/${ana.id}`)).to.deep.equal([
        428,
        'validation',
        'If-Match',
      ]);
      expect(await call('DELETE', `/companies/co_x`)).to.deep.equal([
        428,
        'validation',
        'If-Match',
      ]);
      expect(changes).to.deep.equal([]);
      expect((await store.listContacts()).total).to.equal(2);
    });
  });
});
