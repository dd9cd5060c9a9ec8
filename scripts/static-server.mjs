// The one static file server of the checks that load built pages in Chromium (the host examples,
// the built demo and Storybook, the benchmark page): sirv, with no transforms, so what loads is
// what a host's server would send. sirv resolves every path and keeps it inside the root (an
// encoded `..%2f` or `%2e%2e` answers 404; scripts/static-server.test.mjs proves it). On top of
// it: headers per path (the CSP checks send a policy), virtual files, a hook that rewrites
// HTML documents (the CSP checks move inline scripts into files), and one that may answer a
// request first (the demo's check proxies `/api` to the reference server).
import { createServer } from 'node:http';
import { extname, resolve } from 'node:path';
import sirv from 'sirv';

const VIRTUAL_TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Serves `root` on 127.0.0.1 (a free port unless given); resolves to `{ url, close }`, the URL
 * without a trailing slash.
 * - `headers`: sent with every response; an object, or a function of the decoded path.
 * - `files`: virtual files, path -> source, answered before anything under `root`; read at each
 *   request, so a caller may add to it while serving.
 * - `html(source, path)`: returns the HTML to send in place of a document found under `root`.
 * - `handle(request, response)`: called first; returns true when it answers the request itself.
 */
export async function serveStatic(root, { port = 0, headers = {}, files = {}, html, handle } = {}) {
  const headersFor = typeof headers === 'function' ? headers : () => headers;
  // `dev`: files are looked up at each request (no start-up walk of the tree, nothing cached),
  // and sent with Cache-Control: no-store.
  const assets = sirv(resolve(root), { dev: true, etag: false });
  const server = createServer((request, response) => {
    if (handle?.(request, response)) return;
    const path = decodedPath(request.url);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    for (const [name, value] of Object.entries(headersFor(path) ?? {})) {
      response.setHeader(name, value);
    }
    if (Object.hasOwn(files, path)) {
      response.writeHead(200, {
        'Content-Type': VIRTUAL_TYPES[extname(path)] ?? 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      response.end(files[path]);
      return;
    }
    if (html) rewriteHtml(response, source => html(source, path));
    assets(request, response);
  });
  await new Promise(done => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise(done => {
        server.closeAllConnections();
        server.close(done);
      }),
  };
}

function decodedPath(url = '/') {
  const { pathname } = new URL(url, 'http://x');
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

/** Buffers the response if it is an HTML document and sends `rewrite(source)` in its place. */
function rewriteHtml(response, rewrite) {
  const { writeHead, write, end } = response;
  response.writeHead = (status, headers = {}) => {
    response.writeHead = writeHead;
    const type = String(headers['Content-Type'] ?? response.getHeader('Content-Type') ?? '');
    if (!type.startsWith('text/html')) return response.writeHead(status, headers);
    const chunks = [];
    response.write = chunk => {
      chunks.push(Buffer.from(chunk));
      return true;
    };
    response.end = chunk => {
      if (chunk) chunks.push(Buffer.from(chunk));
      Object.assign(response, { write, end });
      const body = rewrite(Buffer.concat(chunks).toString('utf8'));
      const sent = { ...headers, 'Content-Length': Buffer.byteLength(body) };
      response.writeHead(status, sent);
      return response.end(body);
    };
    return response;
  };
}

// `node scripts/static-server.mjs [root] [port]` serves a folder by hand, e.g. the demos.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await serveStatic(process.argv[2] ?? '.', {
    port: Number(process.argv[3] ?? 8080),
  });
  console.log(`Serving ${resolve(process.argv[2] ?? '.')} on ${url}`);
}
