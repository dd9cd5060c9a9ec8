// `node --test scripts/lib/demo-server.test.mjs`: the demo's `/api` proxy (proxyTo) in front of
// the static server, against a stand-in upstream: requests pass with their method, headers and
// body; a streamed answer (as `/api/changes` sends) reaches the client while the upstream is
// still writing; every other path stays the static server's.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serveStatic } from '../static-server.mjs';
import { proxyTo } from './demo-server.mjs';

let dir;
let upstream;
let server;
/** Resolved by the test once the client has read the first event; the upstream then ends. */
let firstEventRead;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-proxy-'));
  await writeFile(join(dir, 'index.html'), '<h1>static</h1>');
  upstream = createServer(async (request, response) => {
    if (request.url === '/api/changes') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write('id: 1\ndata: {}\n\n');
      await firstEventRead;
      response.end('id: 2\ndata: {}\n\n');
      return;
    }
    let body = '';
    for await (const chunk of request) body += chunk;
    response.writeHead(201, { 'Content-Type': 'application/json', 'X-Upstream': 'yes' });
    response.end(
      JSON.stringify({
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        body,
      }),
    );
  });
  await new Promise(done => upstream.listen(0, '127.0.0.1', done));
  server = await serveStatic(dir, {
    handle: proxyTo(`http://127.0.0.1:${upstream.address().port}`),
  });
});

after(async () => {
  await server.close();
  upstream.closeAllConnections();
  await new Promise(done => upstream.close(done));
  await rm(dir, { recursive: true, force: true });
});

test('forwards /api requests with their method, query, headers and body', async () => {
  const response = await fetch(`${server.url}/api/contacts?limit=2`, {
    method: 'POST',
    headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
    body: '{"name":"Ana"}',
  });
  assert.equal(response.status, 201);
  assert.equal(response.headers.get('X-Upstream'), 'yes');
  assert.deepEqual(await response.json(), {
    method: 'POST',
    url: '/api/contacts?limit=2',
    authorization: 'Bearer t',
    body: '{"name":"Ana"}',
  });
});

test('streams an event stream through as it is written', { timeout: 10_000 }, async () => {
  let release;
  firstEventRead = new Promise(done => (release = done));
  const response = await fetch(`${server.url}/api/changes`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  // The upstream holds the stream open until this event is read: buffering would hang here.
  while (!text.includes('id: 1')) text += (await reader.read()).value;
  assert.ok(!text.includes('id: 2'));
  release();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    text += chunk.value;
  }
  assert.match(text, /id: 1[\s\S]*id: 2/);
});

test('leaves every other path to the static server', async () => {
  const page = await fetch(`${server.url}/index.html`);
  assert.equal(await page.text(), '<h1>static</h1>');
  assert.equal((await fetch(`${server.url}/apiary`)).status, 404);
});
