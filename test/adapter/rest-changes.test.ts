import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';

import { EventParser } from '../../src/adapter/rest/change-stream.js';
import { RestContactsAdapter } from '../../src/adapter/rest/index.js';
import type { ContactsChange } from '../../src/adapter/types.js';
import type { Contact } from '../../src/model/types.js';
import { mockApiPerTest } from './mock-api.js';

const { serve, use } = mockApiPerTest('changes-t');

const key = () => crypto.randomUUID();

/** Waits for `condition`; the test's own time limit ends a wait that never succeeds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise(resolve => setTimeout(resolve, 5));
}

/** The contact changes among `changes`, as `action id version`. */
const contactChanges = (changes: ContactsChange[]) =>
  changes.flatMap(c =>
    c.type === 'contact' ? [`${c.action} ${c.contact.id} ${c.contact.version}`] : [],
  );

/** A stream body that sends `parts` as they are (chunk boundaries included), then `end` decides. */
function eventStream(parts: string[], end?: Promise<void>): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      if (end) {
        await end;
        controller.close();
      }
    },
  });
  return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
}

function contactEvent(id: number, contact: Contact, action = 'created'): string {
  return `id: ${id}\nevent: change\ndata: ${JSON.stringify({ type: 'contact', action, contact })}\n\n`;
}

describe('RestContactsAdapter live changes (GET /changes)', () => {
  it("two adapters on one server see each other's writes, and their own once", async () => {
    const { baseUrl } = serve();
    const ana = new RestContactsAdapter({ baseUrl });
    const bia = new RestContactsAdapter({ baseUrl });
    const seenByAna: ContactsChange[] = [];
    const seenByBia: ContactsChange[] = [];
    const stopAna = ana.subscribe(change => seenByAna.push(change));
    const stopBia = bia.subscribe(change => seenByBia.push(change));

    const own = await ana.createContact({ email: 'own@example.com' }, { idempotencyKey: key() });
    const theirs = await bia.createContact(
      { email: 'theirs@example.com' },
      { idempotencyKey: key() },
    );
    await bia.updateContact(own.id, { name: 'Renamed by Bia' }, { expectedVersion: 1 });
    // The stream delivers in order: once Bia's last write reached Ana, the echo of Ana's own
    // create (sent before it) has too.
    await until(() => contactChanges(seenByAna).includes(`updated ${own.id} 2`));
    await until(() => contactChanges(seenByBia).includes(`created ${own.id} 1`));

    expect(contactChanges(seenByAna)).to.deep.equal([
      `created ${own.id} 1`,
      `created ${theirs.id} 1`,
      `updated ${own.id} 2`,
    ]);
    expect(contactChanges(seenByBia)).to.include.members([
      `created ${own.id} 1`,
      `created ${theirs.id} 1`,
      `updated ${own.id} 2`,
    ]);
    expect(contactChanges(seenByBia)).to.have.length(3);
    const renamed = seenByAna[2] as Extract<ContactsChange, { type: 'contact' }>;
    expect(renamed.contact.name).to.equal('Renamed by Bia');
    stopAna();
    stopBia();
  });

  it('reconnects after a break and resumes with Last-Event-ID, missing nothing', async () => {
    const { baseUrl, store } = serve();
    const first = await store.createContact(
      { email: 'first@example.com' },
      { idempotencyKey: key() },
    );
    let releaseFirst!: () => void;
    const firstEnds = new Promise<void>(resolve => (releaseFirst = resolve));
    const resumedFrom: (string | null)[] = [];
    let connections = 0;
    use(
      http.get(`${baseUrl}/changes`, ({ request }) => {
        connections++;
        if (connections === 1) {
          // The first connection delivers change 1, then breaks once `firstEnds` resolves.
          return eventStream(['retry: 10\n\n', contactEvent(1, first)], firstEnds);
        }
        resumedFrom.push(request.headers.get('Last-Event-ID'));
        return undefined; // On to the mock's own stream, which resumes from the header.
      }),
    );
    const adapter = new RestContactsAdapter({ baseUrl });
    const changes: ContactsChange[] = [];
    const stop = adapter.subscribe(change => changes.push(change));
    await until(() => changes.length === 1);

    // Written while the first connection is still open, and logged before it breaks.
    const second = await store.createContact(
      { email: 'second@example.com' },
      { idempotencyKey: key() },
    );
    releaseFirst();
    await until(() => contactChanges(changes).length === 2);
    const third = await store.createContact(
      { email: 'third@example.com' },
      { idempotencyKey: key() },
    );
    await until(() => contactChanges(changes).length === 3);

    expect(resumedFrom[0]).to.equal('1');
    expect(contactChanges(changes)).to.deep.equal([
      `created ${first.id} 1`,
      `created ${second.id} 1`,
      `created ${third.id} 1`,
    ]);
    stop();
  });

  it('skips malformed events and keeps reading', async () => {
    const { baseUrl, store } = serve();
    const good = await store.createContact(
      { email: 'good@example.com' },
      { idempotencyKey: key() },
    );
    const versionless: Partial<Contact> = { ...good };
    delete versionless.version;
    use(
      http.get(`${baseUrl}/changes`, () =>
        eventStream(
          [
            ': a comment\n\n',
            'id: 1\nevent: change\ndata: {not json\n\n',
            `id: 2\ndata: ${JSON.stringify({ type: 'contact', action: 'created', contact: versionless })}\n\n`,
            `id: 3\ndata: ${JSON.stringify({ type: 'gossip', action: 'created' })}\n\n`,
            `id: 4\nevent: other\ndata: ${JSON.stringify({ type: 'contact', action: 'created', contact: good })}\n\n`,
            'id: 5\r\nevent: change\r\nda',
            `ta: ${JSON.stringify({ type: 'contact', action: 'updated', contact: { ...good, version: 2 } })}\r`,
            '\n\r\n',
          ],
          new Promise(() => {}),
        ),
      ),
    );
    const adapter = new RestContactsAdapter({ baseUrl });
    const changes: ContactsChange[] = [];
    const stop = adapter.subscribe(change => changes.push(change));
    await until(() => changes.length > 0);
    expect(contactChanges(changes)).to.deep.equal([`updated ${good.id} 2`]);
    stop();
  });

  it('closes the stream when the last listener unsubscribes, and opens one for the next', async () => {
    const { baseUrl } = serve();
    const signals: AbortSignal[] = [];
    const adapter = new RestContactsAdapter({
      baseUrl,
      fetch: (input, init) => {
        if (String(input).endsWith('/changes') && init?.signal) signals.push(init.signal);
        return fetch(input, init);
      },
    });
    const stopFirst = adapter.subscribe(() => {});
    const stopSecond = adapter.subscribe(() => {});
    await until(() => signals.length === 1);
    stopFirst();
    expect(signals[0]!.aborted).to.equal(false);
    stopSecond();
    expect(signals[0]!.aborted).to.equal(true);

    const changes: ContactsChange[] = [];
    const stopThird = adapter.subscribe(change => changes.push(change));
    await until(() => signals.length === 2);
    await new RestContactsAdapter({ baseUrl }).createCompany(
      { name: 'Acme' },
      { idempotencyKey: key() },
    );
    await until(() => changes.length === 1);
    stopThird();
    expect(signals.map(signal => signal.aborted)).to.deep.equal([true, true]);
  });

  it('after a 404 from /changes, reports its own writes and asks no more', async () => {
    const { baseUrl } = serve();
    use(
      http.get(`${baseUrl}/changes`, () =>
        HttpResponse.json({ error: { code: 'not-found', message: 'No' } }, { status: 404 }),
      ),
    );
    let asked = 0;
    let answered = 0;
    const adapter = new RestContactsAdapter({
      baseUrl,
      fetch: async (input, init) => {
        const isChanges = String(input).endsWith('/changes');
        if (isChanges) asked++;
        const response = await fetch(input, init);
        if (isChanges) answered++;
        return response;
      },
    });
    const changes: ContactsChange[] = [];
    const stop = adapter.subscribe(change => changes.push(change));
    await until(() => answered === 1);
    const acme = await adapter.createCompany({ name: 'Acme' }, { idempotencyKey: key() });
    expect(changes).to.deep.equal([{ type: 'company', action: 'created', company: acme }]);
    stop();
    const again = adapter.subscribe(() => {});
    // A stream would have sent its request by the next task (headers are ready at once).
    await new Promise(resolve => setTimeout(resolve));
    again();
    expect(asked).to.equal(1);
  });
});

describe('EventParser', () => {
  it('reads events split anywhere, with any line ending, as the standard says', () => {
    const text =
      '\uFEFFretry: 250\n: ignored\r\nid: 7\rdata: first\ndata:  second\n\nevent: change\nid\ndata\n\n';
    for (const size of [1, 2, 5, text.length]) {
      const events: unknown[] = [];
      const parser = new EventParser((event, id) => events.push({ event, id }));
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
      expect(events, `chunks of ${size}`).to.deep.equal([
        { event: { type: 'message', data: 'first\n second', retry: 250 }, id: '7' },
        { event: { type: 'change', data: '' }, id: '' },
      ]);
    }
  });
});
