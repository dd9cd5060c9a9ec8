#!/usr/bin/env node
/**
 * A throwaway PostgreSQL 15 for tests and benchmarks, from the Debian binaries.
 *
 *   node scripts/postgres.mjs start [DIR]   starts one in DIR (a fresh temporary folder when absent)
 *                                           and prints `export DATABASE_URL=...` and `export PGTEST_DIR=...`
 *   node scripts/postgres.mjs stop DIR      stops it and removes DIR
 *
 * or, from a script: `const { url, stop } = await startPostgres()`.
 *
 * PostgreSQL refuses to run as root: as root, the data folder is given to the `postgres` user and
 * the server commands run as that user. The server listens on loopback only, on a free port.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chownSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** True when the PostgreSQL binaries are installed. */
export function postgresAvailable() {
  return existsSync(join(POSTGRES_BIN, 'initdb')) && existsSync(join(POSTGRES_BIN, 'pg_ctl'));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function quote(text) {
  return `'${String(text).replace(/'/g, `'\\''`)}'`;
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
function run(binary, args) {
  const command = join(POSTGRES_BIN, binary);
  if (!asRoot) {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    return;
  }
  const line = [command, ...args].map(quote).join(' ');
  execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', line], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Starts a PostgreSQL server in `dir` (a new temporary folder by default). Resolves to its
 * connection string and a `stop()` that stops it and removes the folder.
 */
export async function startPostgres({ dir } = {}) {
  if (!postgresAvailable()) {
    throw new Error(
      `PostgreSQL binaries not found in ${POSTGRES_BIN} (apt-get install postgresql, or set POSTGRES_BIN).`,
    );
  }
  const root = dir ?? mkdtempSync(join(tmpdir(), 'contacts-pg-'));
  const data = join(root, 'data');
  if (asRoot) chownSync(root, uid('postgres'), gid('postgres'));
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(root, 'log'), '-w', 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  writeFileSync(join(root, 'url'), url);
  return { url, dir: root, stop: () => stopPostgres(root) };
}

/** Stops the server started in `dir` and removes the folder. */
export function stopPostgres(dir) {
  const data = join(dir, 'data');
  if (existsSync(join(data, 'postmaster.pid'))) {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

function uid(user) {
  return Number(execFileSync('id', ['-u', user]).toString().trim());
}

function gid(user) {
  return Number(execFileSync('id', ['-g', user]).toString().trim());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'start') {
    const { url, dir: root } = await startPostgres({ dir });
    process.stdout.write(`export DATABASE_URL=${url}\nexport PGTEST_DIR=${root}\n`);
  } else if (command === 'stop' && dir) {
    stopPostgres(dir);
  } else if (command === 'url' && dir) {
    process.stdout.write(`${readFileSync(join(dir, 'url'), 'utf8')}\n`);
  } else {
    process.stderr.write('usage: node scripts/postgres.mjs start [DIR] | stop DIR | url DIR\n');
    process.exitCode = 2;
  }
}
