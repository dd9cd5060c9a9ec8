// @ts-check
/**
 * Two reference server processes on one PostgreSQL, over HTTP as clients see them: the rules the
 * database holds must hold whichever instance a request reaches. Skipped when PostgreSQL 15 is not
 * installed (CI installs it).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { postgresAvailable, startPostgres } from '../../scripts/postgres.mjs';

const skip = postgresAvailable() ? false : 'PostgreSQL 15 binaries not installed';
const script = fileURLToPath(new URL('./support/server-process.mjs', import.meta.url));

/** @typedef {{ child: import('node:child_process').ChildProcess, apiUrl: string }} Instance */

/** @returns {Promise<Instance>} */
async function startInstance(/** @type {string} */ databaseUrl) {
  const child = spawn(process.execPath, [script, databaseUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({
    input: /** @type {import('node:stream').Readable} */ (child.stdout),
  });
  const apiUrl = await new Promise((resolve, reject) => {
    child.once('exit', code => reject(new Error(`server process exited with ${code}`)));
    lines.on('line', line => {
      if (line.startsWith('{')) resolve(JSON.parse(line).apiUrl);
    });
  });
  return { child, apiUrl };
}

/**
 * One JSON request as account `a`; resolves to the status and body.
 * @param {string} apiUrl
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {Record<string, string>} [headers]
 */
async function call(apiUrl, method, path, body, headers = {}) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { Authorization: 'Bearer token-a', 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
  };
}

/** Every contact of account `a` that `query` finds, following the cursor. */
async function findAll(/** @type {string} */ apiUrl, /** @type {string} */ query) {
  const found = [];
  let cursor = '';
  do {
    const page = await call(apiUrl, 'GET', `/contacts?${query}&limit=100${cursor}`);
    assert.equal(page.status, 200);
    found.push(...page.body.items);
    cursor = page.body.nextCursor ? `&cursor=${encodeURIComponent(page.body.nextCursor)}` : '';
  } while (cursor);
  return found;
}

/**
 * Reads `GET /changes` from `apiUrl`, collecting each event's id and change until `stop()`.
 * @param {string} apiUrl
 * @param {string} [lastEventId]
 */
function listen(apiUrl, lastEventId) {
  const controller = new AbortController();
  /** @type {{ id: string, change: any }[]} */
  const events = [];
  /** @type {string | undefined} */
  let lastId;
  const opened = fetch(`${apiUrl}/changes`, {
    headers: {
      Authorization: 'Bearer token-a',
      ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
    },
    signal: controller.signal,
  });
  const reading = opened.then(async response => {
    assert.equal(response.status, 200);
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (response.body)) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (id !== undefined) lastId = id;
          if (id !== undefined && data !== undefined) events.push({ id, change: JSON.parse(data) });
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  });
  return {
    events,
    get lastId() {
      return lastId;
    },
    /** Resolves once the stream has said where it starts (its first `id:`). */
    async ready() {
      await opened;
      while (lastId === undefined) await new Promise(resolve => setTimeout(resolve, 10));
    },
    async stop() {
      controller.abort();
      await reading;
    },
  };
}

/** Waits until `condition` holds; the test's own timeout bounds it. */
async function until(/** @type {() => boolean} */ condition) {
  while (!condition()) await new Promise(resolve => setTimeout(resolve, 20));
}

describe('two reference server processes on one PostgreSQL', { skip, timeout: 120_000 }, () => {
  /** @type {{ url: string, stop(): Promise<void> }} */
  let postgres;
  /** @type {Instance[]} */
  let instances = [];

  before(async () => {
    postgres = await startPostgres();
    // Both start on a fresh database at once: the migrations must run exactly once.
    instances = await Promise.all([startInstance(postgres.url), startInstance(postgres.url)]);
  });

  after(async () => {
    await Promise.all(
      instances.map(({ child }) =>
        child.exitCode !== null || child.signalCode !== null
          ? undefined
          : new Promise(resolve => {
              child.once('exit', resolve);
              child.kill('SIGTERM');
            }),
      ),
    );
    await postgres?.stop();
  });

  it('20 concurrent arrivals of one phone, spread over both, make one contact', async () => {
    const formats = ['+55 11 98888-1234', '(11) 98888-1234', '+5511988881234', '11 988881234'];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(instances[i % 2].apiUrl, 'POST', '/conversations/resolve', {
          conversationId: `cluster-arrival-${i}`,
          channel: 'whatsapp',
          address: formats[i % formats.length],
          displayName: 'Ana Cluster',
        }),
      ),
    );
    for (const answer of answers) assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const ids = new Set(answers.map(answer => answer.body.contact.id));
    assert.equal(ids.size, 1, `one contact, got ${[...ids].join(', ')}`);
    const found = await findAll(instances[0].apiUrl, 'phone=%2B5511988881234');
    assert.deepEqual(
      found.map(contact => contact.id),
      [...ids],
    );
  });

  it('20 concurrent creates of one email: 1 created, 19 duplicates naming it', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(
          instances[i % 2].apiUrl,
          'POST',
          '/contacts',
          { name: `Bea Race ${i}`, email: 'bea.race@example.com' },
          { 'Idempotency-Key': `race-${i}-${randomUUID()}` },
        ),
      ),
    );
    const created = answers.filter(answer => answer.status === 201);
    const refused = answers.filter(answer => answer.status === 409);
    assert.equal(created.length, 1, answers.map(answer => answer.status).join(' '));
    assert.equal(refused.length, 19);
    for (const answer of refused) {
      assert.equal(answer.body.error.code, 'duplicate');
      assert.equal(answer.body.error.existingId, created[0].body.id);
    }
    assert.equal((await findAll(instances[1].apiUrl, 'email=bea.race%40example.com')).length, 1);
  });

  it('a create whose server is killed right after its commit, retried on the other, makes one contact', async () => {
    const victim = await startInstance(postgres.url);
    instances.push(victim);
    const key = `killed-${randomUUID()}`;
    const draft = { name: 'Cid Crash', email: 'cid.crash@example.com' };
    // The answer may or may not leave before the kill: the client treats it as lost either way.
    const lost = call(victim.apiUrl, 'POST', '/contacts', draft, { 'Idempotency-Key': key }).catch(
      () => null,
    );
    // Killed as soon as the contact is visible, that is, committed.
    while ((await findAll(instances[0].apiUrl, 'email=cid.crash%40example.com')).length === 0) {
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    victim.child.kill('SIGKILL');
    await lost;
    // The retry may first hear that the key's request is still running (the killed process held
    // it); it waits as told and asks again, as the REST adapter does.
    let retry;
    for (;;) {
      retry = await call(instances[1].apiUrl, 'POST', '/contacts', draft, {
        'Idempotency-Key': key,
      });
      if (retry.status !== 409 || retry.body.error.code !== 'unavailable') break;
      const wait = Number(retry.headers.get('Retry-After') ?? 1);
      await new Promise(resolve => setTimeout(resolve, wait * 1000));
    }
    assert.ok(retry.status === 200 || retry.status === 201, JSON.stringify(retry.body));
    const found = await findAll(instances[0].apiUrl, 'email=cid.crash%40example.com');
    assert.equal(found.length, 1);
    assert.equal(retry.body.id, found[0].id);
  });

  it('a change written through one instance reaches a change stream of the other, and a resumed stream misses no id', async () => {
    const [writer, reader] = instances;
    const stream = listen(reader.apiUrl);
    await stream.ready();
    const created = await call(
      writer.apiUrl,
      'POST',
      '/contacts',
      { name: 'Dan Live', email: 'dan.live@example.com' },
      { 'Idempotency-Key': randomUUID() },
    );
    assert.equal(created.status, 201);
    await until(() => stream.events.some(event => event.change.contact?.id === created.body.id));
    const resumeFrom = stream.lastId;
    await stream.stop();

    // Written while nobody listens, through both instances.
    const names = ['Eva Gap', 'Fay Gap', 'Gil Gap', 'Hal Gap'];
    const writes = [];
    for (const [i, name] of names.entries()) {
      const answer = await call(
        instances[i % 2].apiUrl,
        'POST',
        '/contacts',
        { name, email: `${name.split(' ')[0].toLowerCase()}.gap@example.com` },
        { 'Idempotency-Key': randomUUID() },
      );
      assert.equal(answer.status, 201);
      writes.push(answer.body.id);
    }

    const resumed = listen(reader.apiUrl, resumeFrom);
    await until(() => writes.every(id => resumed.events.some(e => e.change.contact?.id === id)));
    await resumed.stop();
    const ids = resumed.events.map(event => Number(event.id));
    assert.ok(
      ids.every(id => id > Number(resumeFrom)),
      'nothing before the resume point repeats',
    );
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'in id order',
    );
    assert.equal(new Set(ids).size, ids.length, 'no id twice');
    assert.deepEqual(
      resumed.events.map(event => event.change.contact?.id).filter(id => writes.includes(id)),
      writes,
      'every change made during the gap, in the order it was made',
    );
  });
});
