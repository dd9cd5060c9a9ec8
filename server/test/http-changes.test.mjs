// @ts-check
/**
 * `GET /changes`: the account's changes as server-sent events with change log ids, resumed with
 * `Last-Event-ID` (or `lastEventId`) without a gap; and the `contacts-server` command.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { openEvents, start } from './http-helpers.mjs';

/** @type {Awaited<ReturnType<typeof start>>} */
let server;
const auth = { Authorization: 'Bearer token-a' };

before(async () => {
  server = await start({ heartbeatMs: 50 });
});
after(() => server.close());

/** @param {any} change */
const recordOf = change => change.contact ?? change.company ?? change.conversation;

describe('GET /changes', () => {
  // Timeouts bound streams that never bring an expected event; they are no timing assertions.
  it(
    'streams each change with its id, and resumes after Last-Event-ID without a gap',
    { timeout: 10_000 },
    async () => {
      const a = server.as('token-a');
      const first = await openEvents(`${server.apiUrl}/changes`, auth);
      assert.equal(first.response.status, 200);
      assert.match(first.response.headers.get('Content-Type') ?? '', /^text\/event-stream/);

      const ana = (await a.post('/contacts', { name: 'Ana', email: 'ana@x.com' })).body;
      const created = await first.next();
      assert.deepEqual(created.change, { type: 'contact', action: 'created', contact: ana });
      const acme = (await a.post('/companies', { name: 'Acme' })).body;
      const second = await first.next();
      assert.equal(recordOf(second.change).id, acme.id);
      assert.ok(Number(second.id) > Number(created.id), 'ids grow');
      first.close();

      // Written while no client listens.
      const missed = [];
      let current = ana;
      for (const name of ['Ana B', 'Ana C', 'Ana D']) {
        current = (await a.patch(`/contacts/${ana.id}`, current.version, { name })).body;
        missed.push(current);
      }

      const resumes = [
        () =>
          openEvents(`${server.apiUrl}/changes`, { ...auth, 'Last-Event-ID': String(second.id) }),
        () => openEvents(`${server.apiUrl}/changes?lastEventId=${second.id}`, auth),
      ];
      for (const [round, resume] of resumes.entries()) {
        const again = await resume();
        const seen = [];
        for (const expected of missed) {
          const { id, change } = await again.next();
          assert.deepEqual(recordOf(change), expected, 'every missed change, in order');
          seen.push(Number(id));
        }
        assert.ok(seen[0] > Number(second.id), 'nothing at or before Last-Event-ID again');
        const later = (await a.post('/contacts', { name: 'Bia', email: `bia${round}@x.com` })).body;
        const live = await again.next();
        assert.deepEqual(recordOf(live.change), later, 'then live changes');
        missed.push(later);
        again.close();
      }
    },
  );

  it('refuses a Last-Event-ID that is not an id of the stream', async () => {
    const answer = await server.as('token-a').call('GET', '/changes', undefined, {
      headers: { 'Last-Event-ID': 'yesterday' },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'validation');
  });

  it('keeps an idle stream open with comment lines', { timeout: 10_000 }, async () => {
    const response = await fetch(`${server.apiUrl}/changes`, { headers: auth });
    const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    let text = '';
    while (!text.includes(': heartbeat')) {
      const { value, done } = await reader.read();
      assert.ok(!done, 'the stream stays open');
      text += value;
    }
    await reader.cancel();
  });
});

describe('contacts-server', () => {
  it(
    'starts with a development token, serves the API, and exits cleanly on SIGTERM',
    { timeout: 20_000 },
    async () => {
      const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
      // Its embedded database in a folder of its own, removed afterwards.
      const dataDir = mkdtempSync(join(tmpdir(), 'contacts-server-'));
      after(() => rmSync(dataDir, { recursive: true, force: true }));
      const child = spawn(process.execPath, [bin], {
        env: { ...process.env, PORT: '0', CONTACTS_TOKENS: '', DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        let out = '';
        child.stdout.setEncoding('utf8');
        while (!/Bearer \S+/.test(out)) {
          const [chunk] = await once(child.stdout, 'data');
          out += chunk;
        }
        const apiUrl = /the API is at (\S+)/.exec(out)?.[1];
        const token = /Bearer (\S+)/.exec(out)?.[1];
        assert.ok(apiUrl && token, out);
        const ok = await fetch(`${apiUrl}/contacts`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        assert.equal(ok.status, 200);
        assert.equal((await fetch(`${apiUrl}/contacts`)).status, 401);
        // An open stream must not keep the server from closing.
        const events = await openEvents(`${apiUrl}/changes`, { Authorization: `Bearer ${token}` });
        child.kill('SIGTERM');
        const [code] = await once(child, 'exit');
        assert.equal(code, 0);
        events.close();
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  );
});
