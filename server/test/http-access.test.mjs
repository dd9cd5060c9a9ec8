// @ts-check
/** CORS, the per-account rate limit, request logs, and the configuration the command reads. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { server as built, start } from './http-helpers.mjs';

describe('CORS', () => {
  it('answers a preflight from an allowed origin, and says nothing to another', async () => {
    const server = await start({ cors: ['https://app.example.com'] });
    try {
      /** @param {string} origin */
      const preflight = origin =>
        fetch(`${server.apiUrl}/contacts/some-id`, {
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'PATCH',
            'Access-Control-Request-Headers': 'authorization, if-match, content-type',
          },
        });
      const allowed = await preflight('https://app.example.com');
      assert.ok(allowed.status === 204 || allowed.status === 200, `status ${allowed.status}`);
      assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), 'https://app.example.com');
      assert.match(allowed.headers.get('Access-Control-Allow-Methods') ?? '', /PATCH/);
      const headers = (allowed.headers.get('Access-Control-Allow-Headers') ?? '').toLowerCase();
      for (const name of ['authorization', 'if-match', 'idempotency-key', 'content-type']) {
        assert.ok(headers.includes(name), `allows ${name}: ${headers}`);
      }
      const other = await preflight('https://evil.example.net');
      assert.equal(other.headers.get('Access-Control-Allow-Origin'), null);

      const read = await fetch(`${server.apiUrl}/contacts`, {
        headers: { Origin: 'https://app.example.com', Authorization: 'Bearer token-a' },
      });
      assert.equal(read.status, 200);
      assert.equal(read.headers.get('Access-Control-Allow-Origin'), 'https://app.example.com');
      const exposed = (read.headers.get('Access-Control-Expose-Headers') ?? '').toLowerCase();
      assert.ok(exposed.includes('etag') && exposed.includes('retry-after'), exposed);
      const refused = await fetch(`${server.apiUrl}/contacts`, {
        headers: { Origin: 'https://app.example.com' },
      });
      assert.equal(refused.status, 401);
      assert.equal(
        refused.headers.get('Access-Control-Allow-Origin'),
        'https://app.example.com',
        'a browser can read the 401',
      );
    } finally {
      await server.close();
    }
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once an account spent its burst, per account', async () => {
    const server = await start({ rateLimit: { perSecond: 0.01, burst: 3 } });
    try {
      const a = server.as('token-a');
      for (let i = 0; i < 3; i++) assert.equal((await a.get('/contacts')).status, 200);
      const limited = await a.post('/contacts', { name: 'Ana', email: 'ana@x.com' });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, 'unavailable');
      assert.ok(Number(limited.headers.get('Retry-After')) >= 1);
      assert.equal(
        (await server.as('token-b').get('/contacts')).status,
        200,
        'b has its own bucket',
      );
      const written = await server.store.forAccount('a').listContacts({ email: 'ana@x.com' });
      assert.equal(written.total, 0, 'the limited create wrote nothing');
    } finally {
      await server.close();
    }
  });
});

describe('request log', () => {
  it('writes one entry per request, without bodies, queries or tokens', async () => {
    /** @type {any[]} */
    const entries = [];
    const server = await start({ log: entry => entries.push(entry) });
    try {
      const a = server.as('token-a');
      await a.post('/contacts', { name: 'Secret Name', email: 'secret@x.com' });
      await a.get('/contacts?search=secret');
      await server.as(null).get('/contacts');
      await fetch(`${server.url}/healthz`);
      assert.equal(entries.length, 4);
      assert.deepEqual(
        entries.map(({ method, path, status, account }) => ({ method, path, status, account })),
        [
          { method: 'POST', path: '/api/contacts', status: 201, account: 'a' },
          { method: 'GET', path: '/api/contacts', status: 200, account: 'a' },
          { method: 'GET', path: '/api/contacts', status: 401, account: undefined },
          { method: 'GET', path: '/healthz', status: 200, account: undefined },
        ],
      );
      for (const entry of entries) {
        assert.equal(typeof entry.ms, 'number');
        assert.ok(!Number.isNaN(Date.parse(entry.time)));
        const text = JSON.stringify(entry);
        for (const secret of ['Secret', 'secret', 'token-a']) {
          assert.ok(!text.includes(secret), text);
        }
      }
    } finally {
      await server.close();
    }
  });
});

describe('configuration', () => {
  it('reads flags over environment variables', () => {
    const config = built.loadConfig(['--port', '9000', '--rate-limit=10:20'], {
      PORT: '8000',
      HOST: '0.0.0.0',
      CONTACTS_TOKENS: 'tok1:acme, tok2:globex',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      BODY_LIMIT: '16kb',
      DATABASE_URL: 'postgres://localhost/contacts',
    });
    assert.deepEqual(config, {
      port: 9000,
      host: '0.0.0.0',
      dataDir: './data',
      tokens: { tok1: 'acme', tok2: 'globex' },
      corsOrigins: ['https://a.example', 'https://b.example'],
      bodyLimit: 16 * 1024,
      rateLimit: { perSecond: 10, burst: 20 },
      databaseUrl: 'postgres://localhost/contacts',
      seed: 0,
      restoreDays: 30,
    });
    assert.equal(built.loadConfig(['--seed', '300'], {}).seed, 300);
    assert.equal(built.loadConfig([], { RESTORE_DAYS: '7' }).restoreDays, 7);
    assert.equal(built.loadConfig(['--restore-days', '0.5'], {}).restoreDays, 0.5);
    assert.equal(built.loadConfig([], { RATE_LIMIT: 'off' }).rateLimit, false);
  });

  it('refuses what it cannot read, naming the setting', () => {
    assert.throws(() => built.loadConfig(['--port', 'eighty'], {}), /--port/);
    assert.throws(() => built.loadConfig([], { CONTACTS_TOKENS: 'no-account' }), /CONTACTS_TOKENS/);
    assert.throws(() => built.loadConfig([], { BODY_LIMIT: 'big' }), /BODY_LIMIT/);
    assert.throws(() => built.loadConfig(['--colour', 'red'], {}), /--colour/);
    assert.throws(() => built.loadConfig([], { SEED_CONTACTS: 'many' }), /SEED_CONTACTS/);
    assert.throws(() => built.loadConfig([], { RESTORE_DAYS: '0' }), /RESTORE_DAYS/);
    assert.throws(() => built.loadConfig(['--restore-days', 'forever'], {}), /--restore-days/);
  });
});
