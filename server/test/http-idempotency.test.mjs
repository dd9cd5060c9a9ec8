// @ts-check
/**
 * Idempotency keys over HTTP: the same key and body give the first answer again (one record),
 * the same key with another body is refused, a key whose request is still running answers 409
 * with Retry-After, and a request that failed frees its key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { gate, server as built, start } from './http-helpers.mjs';

/**
 * A memory store whose creates wait at `hold` while `held.on` is true, so a request can be kept
 * in flight for as long as a test needs.
 */
function holdingStore() {
  const store = built.createMemoryStore();
  const held = { on: false, entered: gate(), release: gate() };
  return {
    held,
    store: {
      ...store,
      idempotency: store.idempotency,
      /** @param {string} account */
      forAccount(account) {
        const adapter = store.forAccount(account);
        return new Proxy(adapter, {
          get(target, name, receiver) {
            const value = Reflect.get(target, name, receiver);
            if (name !== 'createContact' || typeof value !== 'function') return value;
            return async (/** @type {unknown[]} */ ...args) => {
              if (held.on) {
                held.entered.open();
                await held.release.opened;
              }
              return value.apply(target, args);
            };
          },
        });
      },
    },
  };
}

const { held, store } = holdingStore();
/** @type {Awaited<ReturnType<typeof start>>} */
let server;
/** @type {ReturnType<Awaited<ReturnType<typeof start>>['as']>} */
let a;

before(async () => {
  server = await start({ store: /** @type {any} */ (store) });
  a = server.as('token-a');
});
after(() => server.close());

/** @param {string} email */
const count = async email =>
  (await a.get(`/contacts?email=${encodeURIComponent(email)}`)).body.total;

describe('Idempotency-Key', () => {
  it('the same key and body replay the first answer, and make one record', async () => {
    const headers = { 'Idempotency-Key': 'create-ana' };
    const first = await a.post('/contacts', { name: 'Ana', email: 'ana@x.com' }, { headers });
    // The same body with its members in another order is the same request.
    const again = await a.post('/contacts', { email: 'ana@x.com', name: 'Ana' }, { headers });
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.deepEqual(again.body, first.body);
    assert.equal(again.headers.get('ETag'), first.headers.get('ETag'));
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.equal(await count('ana@x.com'), 1);
  });

  it('the same key with another body answers 422 naming the key, and writes nothing', async () => {
    const headers = { 'Idempotency-Key': 'create-bia' };
    const first = await a.post('/contacts', { name: 'Bia', email: 'bia@x.com' }, { headers });
    assert.equal(first.status, 201);
    const other = await a.post('/contacts', { name: 'Bia', email: 'bia2@x.com' }, { headers });
    assert.equal(other.status, 422);
    assert.equal(other.body.error.code, 'validation');
    assert.match(other.body.error.message, /Idempotency-Key/);
    assert.equal(await count('bia2@x.com'), 0);
    const company = await a.post('/companies', { name: 'Bia Ltd' }, { headers });
    assert.equal(company.status, 201, 'a key is scoped to its route');
  });

  it('a key whose request is still running answers 409 with Retry-After', async () => {
    held.on = true;
    const headers = { 'Idempotency-Key': 'create-caio' };
    const draft = { name: 'Caio', email: 'caio@x.com' };
    const first = a.post('/contacts', draft, { headers });
    await held.entered.opened;
    const meanwhile = await a.post('/contacts', draft, { headers });
    assert.equal(meanwhile.status, 409);
    assert.equal(meanwhile.body.error.code, 'unavailable');
    assert.match(meanwhile.headers.get('Retry-After') ?? '', /^\d+$/);
    held.on = false;
    held.release.open();
    const done = await first;
    assert.equal(done.status, 201);
    const replay = await a.post('/contacts', draft, { headers });
    assert.deepEqual(replay.body, done.body);
    assert.equal(await count('caio@x.com'), 1);
  });

  it('a request the store refused frees its key for the corrected request', async () => {
    const headers = { 'Idempotency-Key': 'create-davi' };
    const refused = await a.post('/contacts', { name: 'Davi' }, { headers });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.body.error.fields, { form: 'contact-info-required' });
    const corrected = await a.post('/contacts', { name: 'Davi', email: 'davi@x.com' }, { headers });
    assert.equal(corrected.status, 201);
    assert.equal(await count('davi@x.com'), 1);
  });

  it('keys are per account', async () => {
    const headers = { 'Idempotency-Key': 'shared-key' };
    const mine = await a.post('/contacts', { name: 'Eva', email: 'eva@x.com' }, { headers });
    const theirs = await server
      .as('token-b')
      .post('/contacts', { name: 'Eva', email: 'eva@y.com' }, { headers });
    assert.equal(mine.status, 201);
    assert.equal(theirs.status, 201, 'another account may use the same key for its own request');
    assert.notEqual(theirs.body.id, mine.body.id);
  });

  it('starting a conversation and resolving an arrival replay under their key', async () => {
    const contact = (await a.post('/contacts', { name: 'Fia', email: 'fia@x.com' })).body;
    const headers = { 'Idempotency-Key': 'start-fia' };
    const path = `/contacts/${contact.id}/conversations`;
    const first = await a.post(path, { channel: 'email' }, { headers });
    const again = await a.post(path, { channel: 'email' }, { headers });
    assert.equal(first.status, 201);
    assert.deepEqual(again.body, first.body);
    assert.equal((await a.get(path)).body.length, 1);

    const arrival = {
      channel: 'webchat',
      address: 'visitor-1',
      displayName: 'Gil',
      conversationId: 'c-1',
    };
    const resolveHeaders = { 'Idempotency-Key': 'resolve-gil' };
    const resolved = await a.post('/conversations/resolve', arrival, { headers: resolveHeaders });
    const replayed = await a.post('/conversations/resolve', arrival, { headers: resolveHeaders });
    assert.equal(resolved.body.outcome, 'created');
    assert.deepEqual(replayed.body, resolved.body, 'the stored answer, not a second match');
    const changed = await a.post(
      '/conversations/resolve',
      { ...arrival, displayName: 'Gil S' },
      { headers: resolveHeaders },
    );
    assert.equal(changed.status, 422);
  });

  it('an Idempotency-Key over 255 characters answers 400', async () => {
    const answer = await a.post(
      '/contacts',
      { name: 'Hal', email: 'hal@x.com' },
      { headers: { 'Idempotency-Key': 'k'.repeat(256) } },
    );
    assert.equal(answer.status, 400);
    assert.equal(await count('hal@x.com'), 0);
  });
});
