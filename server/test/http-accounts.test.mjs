// @ts-check
/**
 * Accounts: no request can read, change or even detect another account's records. Every route
 * of openapi.yaml that names a record answers another account's id exactly as a missing one, and
 * lists, searches, filters, uniqueness and arrivals behave as if the other account were empty.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { parse } from 'yaml';

import { openEvents, start } from './http-helpers.mjs';

const spec = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));

/** @type {Awaited<ReturnType<typeof start>>} */
let server;
/** @type {any} */
let company;
/** @type {any} */
let contact;
/** @type {any} */
let conversation;

before(async () => {
  server = await start();
  const a = server.as('token-a');
  company = (await a.post('/companies', { name: 'Acme', domain: 'acme.com' })).body;
  contact = (
    await a.post('/contacts', {
      name: 'Ana Souza',
      email: 'ana@acme.com',
      phone: '+5511987654321',
      companyId: company.id,
    })
  ).body;
  conversation = (await a.post(`/contacts/${contact.id}/conversations`, { channel: 'email' })).body;
  // Starting the conversation moved the contact's activity on.
  contact = (await a.get(`/contacts/${contact.id}`)).body;
  assert.ok(contact.id && company.id && conversation.id, 'account a has its records');
});

after(() => server.close());

describe('another account', () => {
  /**
   * Each route of openapi.yaml with an id, asked by account b with a's id and with an id nobody
   * has: [method, path template, the id to use, body].
   * @type {[string, string, () => string, unknown][]}
   */
  const byId = [
    ['get', '/contacts/{id}', () => contact.id, undefined],
    ['patch', '/contacts/{id}', () => contact.id, { name: 'Taken over' }],
    ['delete', '/contacts/{id}', () => contact.id, undefined],
    [
      'post',
      '/contacts/{id}/merge',
      () => contact.id,
      {
        secondaryId: 'no-such-secondary',
        choices: {},
        expectedVersions: { primary: 1, secondary: 1 },
      },
    ],
    ['get', '/contacts/{id}/conversations', () => contact.id, undefined],
    ['post', '/contacts/{id}/conversations', () => contact.id, { channel: 'email' }],
    ['get', '/companies/{id}', () => company.id, undefined],
    ['patch', '/companies/{id}', () => company.id, { name: 'Taken over' }],
    ['delete', '/companies/{id}', () => company.id, undefined],
  ];

  it('covers every operation of openapi.yaml that takes an id', () => {
    const inSpec = Object.entries(spec.paths)
      .filter(([path]) => path.includes('{id}'))
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter(method => ['get', 'post', 'patch', 'put', 'delete'].includes(method))
          .map(method => `${method} ${path}`),
      )
      .sort();
    assert.deepEqual(byId.map(([method, path]) => `${method} ${path}`).sort(), inSpec);
  });

  for (const [method, template, id, body] of byId) {
    it(`${method.toUpperCase()} ${template} answers another account's id as a missing one`, async () => {
      const b = server.as('token-b');
      const ask = (/** @type {string} */ target) =>
        b.call(method.toUpperCase(), template.replace('{id}', target), body, {
          headers: { 'If-Match': '"1"', 'Idempotency-Key': `probe-${method}-${target}` },
        });
      const theirs = await ask(id());
      const missing = await ask('no-such-id');
      assert.equal(theirs.status, 404);
      assert.equal(missing.status, 404);
      assert.deepEqual(
        JSON.parse(JSON.stringify(theirs.body).replaceAll(id(), 'no-such-id')),
        missing.body,
        'the same answer as for an id nobody has',
      );
      assert.equal(theirs.headers.get('ETag'), null);
    });
  }

  it('changed nothing of the owner through those requests', async () => {
    const a = server.as('token-a');
    assert.deepEqual((await a.get(`/contacts/${contact.id}`)).body, contact);
    assert.deepEqual((await a.get(`/companies/${company.id}`)).body, company);
    assert.deepEqual((await a.get(`/contacts/${contact.id}/conversations`)).body, [conversation]);
  });

  it('lists, searches and filters none of the owner records', async () => {
    const b = server.as('token-b');
    const queries = [
      '/contacts',
      '/contacts?search=ana',
      '/contacts?search=98765',
      '/contacts?email=ana%40acme.com',
      '/contacts?phone=%2B5511987654321',
      `/contacts?companyId=${encodeURIComponent(company.id)}`,
      '/contacts?pending=false',
      '/companies',
      '/companies?search=acme',
      '/companies?domain=acme.com',
      `/companies?id=${encodeURIComponent(company.id)}&id=co-none`,
    ];
    for (const query of queries) {
      const answer = await b.get(query);
      assert.equal(answer.status, 200, query);
      assert.deepEqual(answer.body, { items: [], total: 0, offset: 0, nextCursor: null }, query);
    }
  });

  it("refuses the owner's company id as unknown, and takes the owner's email, phone and domain as free", async () => {
    const b = server.as('token-b');
    const linked = await b.post('/contacts', {
      name: 'Bia',
      email: 'bia@x.com',
      companyId: company.id,
    });
    assert.equal(linked.status, 422);
    assert.deepEqual(linked.body.error.fields, { companyId: 'unknown-company' });

    const same = await b.post('/contacts', {
      name: 'Ana',
      email: 'ana@acme.com',
      phone: '+5511987654321',
    });
    assert.equal(same.status, 201, 'no duplicate across accounts');
    assert.notEqual(same.body.id, contact.id);
    const domain = await b.post('/companies', { name: 'Acme B', domain: 'acme.com' });
    assert.equal(domain.status, 201);
  });

  it("never matches an arrival to the owner's contact", async () => {
    const arrival = {
      channel: 'whatsapp',
      address: '+55 11 95555-4444',
      email: 'arrival@acme.com',
      displayName: 'Caio',
    };
    const owner = await server.as('token-a').post('/conversations/resolve', arrival);
    assert.equal(owner.body.outcome, 'created');
    const resolved = await server.as('token-b').post('/conversations/resolve', arrival);
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.outcome, 'created', 'by identity, email and phone alike');
    assert.notEqual(resolved.body.contact.id, owner.body.contact.id);
  });

  // The timeout bounds a stream that never brings b's own change; it is no timing assertion.
  it("streams none of the owner's changes", { timeout: 10_000 }, async () => {
    const events = await openEvents(`${server.apiUrl}/changes`, {
      Authorization: 'Bearer token-b',
    });
    try {
      await server.as('token-a').post('/contacts', { name: 'Owner only', email: 'owner@acme.com' });
      const mine = await server
        .as('token-b')
        .post('/contacts', { name: 'Mine', email: 'mine@b.com' });
      // b's stream replays b's own earlier changes; none of it may be a's.
      for (;;) {
        const { change } = await events.next();
        const record = change.contact ?? change.company ?? change.conversation;
        assert.notEqual(record.name, 'Owner only');
        assert.notEqual(record.id, contact.id);
        assert.notEqual(record.id, company.id);
        if (record.id === mine.body.id) break;
      }
    } finally {
      events.close();
    }
  });
});

describe('without credentials', () => {
  it('every route of openapi.yaml answers 401 with WWW-Authenticate, and writes nothing', async () => {
    const routes = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter(method => ['get', 'post', 'patch'].includes(method))
        .map(method => [method.toUpperCase(), path.replace('{id}', contact.id)]),
    );
    assert.ok(routes.length >= 9);
    for (const token of [null, 'token-unknown']) {
      const anyone = server.as(token);
      for (const [method, path] of routes) {
        const answer = await anyone.call(
          method,
          path,
          method === 'GET' ? undefined : { name: 'X', email: 'x@x.com', channel: 'email' },
          {
            headers: { 'Idempotency-Key': 'k', 'If-Match': '"1"' },
          },
        );
        assert.equal(answer.status, 401, `${method} ${path} with ${token}`);
        assert.equal(answer.body.error.code, 'unauthorized');
        assert.match(answer.headers.get('WWW-Authenticate') ?? '', /^Bearer /);
      }
      const changes = await anyone.get('/changes');
      assert.equal(changes.status, 401);
    }
    const a = server.as('token-a');
    assert.equal((await a.get('/contacts?search=x%40x.com')).body.total, 0);
    assert.deepEqual((await a.get(`/contacts/${contact.id}`)).body, contact);
  });

  it('/healthz answers without credentials', async () => {
    const response = await fetch(`${server.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });
});
