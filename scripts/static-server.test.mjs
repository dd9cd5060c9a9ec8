// `node --test scripts/static-server.test.mjs`: the static server keeps every path inside its
// root. A sibling folder whose name starts with the root's (`site` and `site-secret`) is the case
// a plain prefix check lets through once `..%2f` is decoded to `../`.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serveStatic } from './static-server.mjs';

const SECRET = 'outside the root';
let dir;
let server;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'static-server-'));
  await mkdir(join(dir, 'site/sub'), { recursive: true });
  await mkdir(join(dir, 'site-secret'));
  await writeFile(join(dir, 'site/index.html'), '<h1>root</h1>');
  await writeFile(join(dir, 'site/sub/page.js'), 'export {};');
  await writeFile(join(dir, 'site-secret/secret.txt'), SECRET);
  await writeFile(join(dir, 'secret.txt'), SECRET);
  server = await serveStatic(join(dir, 'site'), {
    headers: path => (path.endsWith('.html') || path === '/' ? { 'X-Page': path } : {}),
    files: { '/virtual.js': 'console.log(1);' },
    html: source => source.replace('root', 'rewritten'),
  });
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw GET: the path goes out exactly as written, with no client-side normalising. */
function get(path) {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, response => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', chunk => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode, headers: response.headers, body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

for (const path of [
  '/..%2fsite-secret/secret.txt',
  '/..%2f..%2fsecret.txt',
  '/..%2Fsecret.txt',
  '/%2e%2e/site-secret/secret.txt',
  '/%2e%2e%2fsecret.txt',
  '/%2E%2E/%2E%2E/secret.txt',
  '/sub/..%2f..%2fsite-secret/secret.txt',
  '/sub/%2e%2e/%2e%2e/secret.txt',
  '/..%252fsecret.txt',
  '/../site-secret/secret.txt',
  '/..\\secret.txt',
  '/%2e%2e%5csecret.txt',
]) {
  test(`refuses ${path}`, async () => {
    const { status, body } = await get(path);
    assert.ok(status === 403 || status === 404, `status ${status}`);
    assert.ok(!body.includes(SECRET), 'a file outside the root was sent');
  });
}

test('serves files, directory indexes, headers, virtual files and rewritten HTML', async () => {
  const script = await get('/sub/page.js');
  assert.equal(script.status, 200);
  assert.equal(script.body, 'export {};');
  assert.match(script.headers['content-type'], /^text\/javascript/);
  assert.equal(script.headers['cache-control'], 'no-store');

  const index = await get('/');
  assert.equal(index.status, 200);
  assert.equal(index.body, '<h1>rewritten</h1>');
  assert.equal(index.headers['content-length'], String(index.body.length));
  assert.equal(index.headers['x-page'], '/');

  const virtual = await get('/virtual.js');
  assert.equal(virtual.body, 'console.log(1);');
  assert.equal(virtual.headers['x-page'], undefined);

  assert.equal((await get('/missing.js')).status, 404);
});
