// @ts-check
/**
 * Refused requests: malformed JSON, wrong types, unknown fields, oversize bodies and missing
 * headers are answered 400, 413, 422 or 428 naming what is wrong, and nothing is written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { start } from './http-helpers.mjs';

const LIMIT = 2048;

/** @type {Awaited<ReturnType<typeof start>>} */
let server;
/** @type {ReturnType<Awaited<ReturnType<typeof start>>['as']>} */
let a;
/** @type {any} */
let contact;
/** @type {any} */
let company;

before(async () => {
  server = await start({ bodyLimit: LIMIT });
  a = server.as('token-a');
  company = (await a.post('/companies', { name: 'Acme', domain: 'acme.com' })).body;
  contact = (await a.post('/contacts', { name: 'Ana', email: 'ana@acme.com' })).body;
});

after(() => server.close());

/** What the account holds; compared before and after each refusal. */
async function snapshot() {
  return {
    contacts: (await a.get('/contacts?limit=500')).body,
    companies: (await a.get('/companies?limit=500')).body,
    conversations: (await a.get(`/contacts/${contact.id}/conversations`)).body,
  };
}

/**
 * Sends each request and checks its refusal and that nothing changed.
 * @param {[what: string, send: () => Promise<import('./http-helpers.mjs').Answer>, status: number, check?: (error: any) => void][]} cases
 */
async function refuses(cases) {
  const before = await snapshot();
  for (const [what, send, status, check] of cases) {
    const answer = await send();
    assert.equal(answer.status, status, `${what}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.error.code, 'validation', what);
    assert.equal(typeof answer.body.error.message, 'string', what);
    check?.(answer.body.error);
  }
  assert.deepEqual(await snapshot(), before, 'nothing was written');
}

/** @param {string} pointer */
const names = pointer => (/** @type {any} */ error) => {
  assert.equal(error.path, pointer);
  assert.ok(error.message.includes(pointer), `the message names ${pointer}: ${error.message}`);
};

describe('request bodies', () => {
  it('malformed JSON, and JSON that is not an object, answer 400', async () => {
    /** @param {string} method @param {string} path @param {string} raw @param {Record<string, string>} [headers] */
    const raw =
      (method, path, raw, headers = {}) =>
      () =>
        a.call(method, path, undefined, {
          raw,
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-raw', ...headers },
        });
    const cases = /** @type {const} */ ([
      ['POST', '/contacts'],
      ['POST', '/companies'],
      ['POST', '/conversations/resolve'],
      ['POST', `/contacts/{id}/conversations`],
      ['PATCH', '/contacts/{id}'],
      ['PATCH', '/companies/{id}'],
    ]);
    /** @type {Parameters<typeof refuses>[0]} */
    const all = [];
    for (const [method, template] of cases) {
      const path = template.replace(
        '{id}',
        template.startsWith('/companies') ? company.id : contact.id,
      );
      for (const body of ['{"name": "Ana",', 'not json', '', '[1, 2]', '"text"', 'null']) {
        all.push([
          `${method} ${path} with ${JSON.stringify(body)}`,
          raw(method, path, body, { 'If-Match': '"1"' }),
          400,
        ]);
      }
    }
    await refuses(all);
  });

  it('unknown fields answer 422 naming the field', async () => {
    await refuses([
      [
        'createContact',
        () => a.post('/contacts', { name: 'Bo', email: 'bo@x.com', nickname: 'B' }),
        422,
        names('/nickname'),
      ],
      [
        'createCompany',
        () => a.post('/companies', { name: 'Bo', website: 'x' }),
        422,
        names('/website'),
      ],
      [
        'updateContact',
        () => a.patch(`/contacts/${contact.id}`, 1, { name: 'Bo', version: 7 }),
        422,
        names('/version'),
      ],
      [
        'updateCompany',
        () => a.patch(`/companies/${company.id}`, 1, { id: 'other' }),
        422,
        names('/id'),
      ],
      [
        'resolveConversation',
        () =>
          a.post('/conversations/resolve', {
            channel: 'sms',
            address: '+5511911112222',
            accountId: 'b',
          }),
        422,
        names('/accountId'),
      ],
      [
        'startConversation',
        () => a.post(`/contacts/${contact.id}/conversations`, { channel: 'email', contactId: 'x' }),
        422,
        names('/contactId'),
      ],
    ]);
  });

  it('wrong types answer 422 naming the field, with the contract code where it has one', async () => {
    await refuses([
      [
        'name as a number',
        () => a.post('/contacts', { name: 42, email: 'bo@x.com' }),
        422,
        names('/name'),
      ],
      [
        'email as an object',
        () => a.post('/contacts', { name: 'Bo', email: { at: 'x' } }),
        422,
        error => {
          names('/email')(error);
          assert.deepEqual(error.fields, { email: 'invalid-email' });
        },
      ],
      [
        'phone as an array',
        () => a.patch(`/contacts/${contact.id}`, 1, { phone: ['1'] }),
        422,
        names('/phone'),
      ],
      [
        'nameSource outside its values',
        () => a.post('/contacts', { name: 'Bo', email: 'b@x.com', nameSource: 'robot' }),
        422,
        names('/nameSource'),
      ],
      [
        'domain as a boolean',
        () => a.post('/companies', { name: 'Bo', domain: true }),
        422,
        names('/domain'),
      ],
      [
        'channel as a number',
        () => a.post(`/contacts/${contact.id}/conversations`, { channel: 7 }),
        422,
        names('/channel'),
      ],
      [
        'arrival without an address',
        () => a.post('/conversations/resolve', { channel: 'sms' }),
        422,
        names('/address'),
      ],
      [
        'arrival time not a date',
        () => a.post('/conversations/resolve', { channel: 'sms', address: 'x', at: 'yesterday' }),
        422,
        names('/at'),
      ],
      [
        'a name over 500 characters',
        () => a.post('/companies', { name: 'x'.repeat(501) }),
        422,
        error => {
          names('/name')(error);
          assert.deepEqual(error.fields, { name: 'name-too-long' });
        },
      ],
      [
        'a company without a name',
        () => a.post('/companies', { domain: 'bo.com' }),
        422,
        error => assert.deepEqual(error.fields, { name: 'name-required' }),
      ],
    ]);
  });

  it('bodies over the limit answer 413, declared or streamed', async () => {
    const big = { name: 'Bo', email: 'bo@x.com', phone: `+55 11 ${'9'.repeat(LIMIT)}` };
    const chunks = () =>
      new ReadableStream({
        start(controller) {
          const text = new TextEncoder().encode(JSON.stringify(big));
          for (let i = 0; i < text.length; i += 256) controller.enqueue(text.slice(i, i + 256));
          controller.close();
        },
      });
    await refuses([
      ['with Content-Length', () => a.post('/contacts', big), 413],
      [
        'streamed without Content-Length',
        () =>
          a.call('POST', '/contacts', undefined, {
            raw: chunks(),
            duplex: 'half',
            headers: { 'Idempotency-Key': 'k-stream' },
          }),
        413,
      ],
      ['an update', () => a.patch(`/contacts/${contact.id}`, 1, { name: 'x'.repeat(LIMIT) }), 413],
    ]);
  });
});

describe('headers', () => {
  it('a create without Idempotency-Key answers 400, an update without If-Match 428', async () => {
    await refuses([
      [
        'createContact',
        () => a.call('POST', '/contacts', { name: 'Bo', email: 'bo@x.com' }),
        400,
        names('Idempotency-Key'),
      ],
      [
        'createCompany',
        () => a.call('POST', '/companies', { name: 'Bo' }),
        400,
        names('Idempotency-Key'),
      ],
      [
        'updateContact',
        () => a.call('PATCH', `/contacts/${contact.id}`, { name: 'Bo' }),
        428,
        names('If-Match'),
      ],
      [
        'updateCompany with a malformed If-Match',
        () =>
          a.call(
            'PATCH',
            `/companies/${company.id}`,
            { name: 'Bo' },
            { headers: { 'If-Match': 'soon' } },
          ),
        428,
      ],
      ['a bad pending filter', () => a.get('/contacts?pending=maybe'), 400, names('pending')],
      [
        'more than 100 company ids',
        () => a.get(`/companies?${Array.from({ length: 101 }, (_, i) => `id=co-${i}`).join('&')}`),
        400,
        names('id'),
      ],
    ]);
  });

  it('a stale If-Match answers 412 with the current version, and a match updates', async () => {
    const stale = await a.patch(`/contacts/${contact.id}`, contact.version + 1, { name: 'Bo' });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.error.code, 'conflict');
    assert.equal(stale.body.error.currentVersion, contact.version);
    const updated = await a.patch(`/contacts/${contact.id}`, contact.version, {
      name: 'Ana Maria',
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.version, contact.version + 1);
    assert.equal(updated.headers.get('ETag'), `"${contact.version + 1}"`);
    contact = updated.body;
  });
});
