#!/usr/bin/env node
// `npm run bench:server`: the reference server on a throwaway PostgreSQL 15 (scripts/postgres.mjs),
// at each size, side by side in one run:
// - seeding: the generated data (generateDataset) bulk-imported with importDataset, then written
//   out (CHECKPOINT, sync) so that the import's writeback does not run beside the measurements;
// - search at the server: HTTP over loopback, p50/p95, for 1 to 4 letters, a surname and phone
//   digits, against a Chatwoot-style `ILIKE '%q%'` query (and its count) on the same table, run
//   directly with pg;
// - paging: first page, next page by cursor, a middle offset, and the jump to the last page;
// - keystroke to painted results through <contacts-panel> on the REST adapter (bench/app.ts,
//   impl `rest`) in headless Chromium, typing from a second after the first rows are painted,
//   and End to the last contact;
// - arrivals per second through two server processes on the same database, repeats of the same
//   people racing across both, then a check that no two contacts share an email, phone or identity;
// - merge and restore: pairs of seeded contacts with conversations merged, then the merge undone,
//   each call timed (p50/p95) at the server over HTTP when it has the routes, else through the
//   store in this process on the same database; every pair checked gone, then back.
//
//   npm run bench:server                                   100k and 1M; 3 runs
//   npm run bench:server -- --sizes 10000 --runs 1 --smoke CI: behaviour checked, timings never gated
//   more: --no-browser  --no-build  --out <file.json>
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { build } from 'vite';

import { commandLine, fmt, machineInfo, table } from './lib/report.mjs';
import { sessionKeys, sessionValues, typeSession } from './lib/session.mjs';
import { percentile } from './lib/stats.mjs';
import { loadBenchBundle } from './server/bundle.mjs';
import { launchOptions } from '../scripts/lib/chromium.mjs';
import { postgresAvailable, startPostgres } from '../scripts/postgres.mjs';
import { serveStatic } from '../scripts/static-server.mjs';
import { buildServer } from '../server/build.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    runs: { type: 'string', default: '3' },
    smoke: { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const sizes = args.sizes.split(',').map(Number);
const runs = Number(args.runs);
const out =
  args.out ?? join(here, 'results', args.smoke ? 'server-smoke.json' : 'server-latest.json');
if (sizes.some(n => !Number.isInteger(n) || n < 1) || !(runs >= 1)) {
  throw new Error('--sizes takes positive integers, --runs a number from 1');
}
if (!postgresAvailable()) {
  throw new Error('PostgreSQL 15 binaries not found (apt-get install postgresql-15).');
}

const ACCOUNT = 'bench';
const TOKEN = 'bench-token';
/** Timed requests per query and run at the server; the ILIKE baseline is slower, so fewer. */
const SAMPLES = args.smoke ? 3 : 20;
const BASE_SAMPLES = args.smoke ? 1 : 5;
/** Arrivals: people per run, each arriving once per variant, concurrently over both servers. */
const PEOPLE = args.smoke ? 40 : 500;
const CONCURRENCY = 32;
/** Merges (each then restored) per run. */
const MERGES = args.smoke ? 3 : 20;
const VIEWPORT = { width: 1280, height: 800 };
/** ms between the first rows painted and the first key typed. */
const START_PAUSE = 1000;
const SESSION = sessionKeys(args.smoke);

const log = (...parts) =>
  console.error(`[bench:server ${new Date().toISOString().slice(11, 19)}]`, ...parts);
const load = () => os.loadavg()[0];
const summary = samples => ({
  p50: percentile(samples, 50),
  p95: percentile(samples, 95),
  n: samples.length,
});

// ---- Server processes ---------------------------------------------------------------------------

/** Starts one built server process (dist/bin.js) on `databaseUrl`; resolves with its API URL. */
function startServerProcess(bin, databaseUrl, corsOrigin) {
  const child = spawn(process.execPath, [bin], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      CONTACTS_TOKENS: `${TOKEN}:${ACCOUNT}`,
      CORS_ORIGINS: corsOrigin,
      RATE_LIMIT: 'off',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = chunk => {
      text += chunk;
      const match = text.match(/the API is at (\S+)/);
      if (!match) return;
      // The request log goes on to stdout, one JSON line per request: read and dropped.
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({
        apiUrl: match[1],
        stop: () =>
          new Promise(done => {
            if (child.exitCode !== null) return done();
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('exit', code => reject(new Error(`server exited with ${code}: ${text}`)));
  });
}

const HEADERS = { Authorization: `Bearer ${TOKEN}` };

async function getJson(url) {
  const response = await fetch(url, { headers: HEADERS });
  const body = await response.json();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** ms of one GET at the server (request sent to body read), and its body. */
async function timedGet(url) {
  const started = performance.now();
  const body = await getJson(url);
  return { ms: performance.now() - started, body };
}

// ---- The measurements ---------------------------------------------------------------------------

/** The search queries: 1 to 4 letters, a surname, phone digits (from a contact in the middle). */
function searchQueries(data) {
  const phones = data.contacts.filter(c => c.phone?.startsWith('+55'));
  const phone = phones[phones.length >> 1]?.phone ?? '+5511987654321';
  return [
    { label: '1 letter', q: 'm', chars: 1 },
    { label: '2 letters', q: 'ma', chars: 2 },
    { label: '3 letters', q: 'mar', chars: 3 },
    { label: '4 letters', q: 'mari', chars: 4 },
    { label: 'surname', q: 'garcia', chars: 6 },
    { label: 'phone digits', q: phone.slice(-8, -2), chars: 6 },
  ];
}

/** The Chatwoot-style query: ILIKE on three columns, ordered by name, and its count. */
async function ilike(client, q) {
  const pattern = `%${q}%`;
  const where = `account_id = $1 AND (name ILIKE $2 OR email ILIKE $2 OR phone ILIKE $2)`;
  const started = performance.now();
  const page = await client.query(
    `SELECT id, name, email, phone FROM contacts WHERE ${where} ORDER BY name LIMIT 50`,
    [ACCOUNT, pattern],
  );
  const count = await client.query(`SELECT count(*)::int AS n FROM contacts WHERE ${where}`, [
    ACCOUNT,
    pattern,
  ]);
  return { ms: performance.now() - started, rows: page.rows.length, total: count.rows[0].n };
}

async function measureSearch(api, client, queries) {
  const ours = new Map(queries.map(({ q }) => [q, []]));
  const base = new Map(queries.map(({ q }) => [q, []]));
  const totals = new Map();
  // Interleaved, so that noise from other work on the machine spreads over every query.
  for (let i = 0; i < SAMPLES; i++) {
    for (const { q } of queries) {
      const { ms, body } = await timedGet(
        `${api}/contacts?search=${encodeURIComponent(q)}&limit=50`,
      );
      ours.get(q).push(ms);
      totals.set(q, { ours: body.total });
    }
  }
  for (let i = 0; i < BASE_SAMPLES; i++) {
    for (const { q } of queries) {
      const { ms, total } = await ilike(client, q);
      base.get(q).push(ms);
      totals.get(q).ilike = total;
    }
  }
  return queries.map(({ label, q, chars }) => ({
    label,
    q,
    chars,
    ours: ours.get(q),
    ilike: base.get(q),
    total: totals.get(q).ours,
    ilikeTotal: totals.get(q).ilike,
  }));
}

async function measurePaging(api, n) {
  const first = await getJson(`${api}/contacts?limit=50`);
  const cases = [
    { label: 'first page', url: `${api}/contacts?limit=50` },
    { label: 'next page (cursor)', url: `${api}/contacts?limit=50&cursor=${first.nextCursor}` },
    { label: 'middle (offset n/2)', url: `${api}/contacts?limit=50&offset=${n >> 1}` },
    { label: 'jump to end', url: `${api}/contacts?limit=50&offset=${Math.max(0, n - 50)}` },
  ];
  const samples = new Map(cases.map(c => [c.label, []]));
  const checks = new Map();
  for (let i = 0; i < SAMPLES; i++) {
    for (const { label, url } of cases) {
      const { ms, body } = await timedGet(url);
      samples.get(label).push(ms);
      checks.set(label, { offset: body.offset, items: body.items.length, total: body.total });
    }
  }
  return cases.map(({ label }) => ({ label, samples: samples.get(label), ...checks.get(label) }));
}

/**
 * A person who writes in on several channels: every variant carries the phone, some the email, so
 * that all of one person's arrivals meet on one contact whatever order they commit in.
 */
function arrivalsOf(person, run) {
  const phone = `+552197${String((person * 7919 + run * 1_000_003) % 1e7).padStart(7, '0')}`;
  const email = `p${run}x${person}@arrivals.example`;
  const name = `Arrival ${run}-${person}`;
  const id = k => `bench-${run}-${person}-${k}`;
  return [
    { channel: 'whatsapp', address: phone, displayName: name, phone, conversationId: id(0) },
    { channel: 'email', address: email, displayName: name, email, phone, conversationId: id(1) },
    { channel: 'sms', address: phone, phone, conversationId: id(2) },
    { channel: 'whatsapp', address: phone, phone, email, conversationId: id(3) },
  ];
}

async function measureArrivals(apis, db, run) {
  // People whose phone or email the seeded data already holds would match those contacts: skipped.
  let people = Array.from({ length: PEOPLE }, (_, i) => i);
  const taken = await db.query(
    `SELECT phone FROM contacts WHERE account_id = $1 AND phone = ANY($2::text[])`,
    [ACCOUNT, people.map(p => arrivalsOf(p, run)[0].phone)],
  );
  const takenPhones = new Set(taken.rows.map(r => r.phone));
  people = people.filter(p => !takenPhones.has(arrivalsOf(p, run)[0].phone));
  const before = await db.query(`SELECT contacts FROM account_counts WHERE account_id = $1`, [
    ACCOUNT,
  ]);
  // One person's arrivals are next to each other: they race, spread over both servers.
  const jobs = people.flatMap(p => arrivalsOf(p, run).map(body => ({ p, body })));
  const contactOf = new Map();
  const latencies = [];
  const errors = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const { p, body } = jobs[index];
      const api = apis[index % apis.length];
      const started = performance.now();
      try {
        const response = await fetch(`${api}/conversations/resolve`, {
          method: 'POST',
          headers: { ...HEADERS, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        const result = await response.json();
        latencies.push(performance.now() - started);
        if (!response.ok) {
          errors.push(`${response.status} ${JSON.stringify(result).slice(0, 200)}`);
          continue;
        }
        (contactOf.get(p) ?? contactOf.set(p, new Set()).get(p)).add(result.contact.id);
      } catch (error) {
        errors.push(String(error));
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const after = await db.query(`SELECT contacts FROM account_counts WHERE account_id = $1`, [
    ACCOUNT,
  ]);
  const duplicates = await duplicateCounts(db);
  const split = [...contactOf.values()].filter(ids => ids.size > 1).length;
  return {
    arrivals: jobs.length,
    people: people.length,
    seconds,
    perSecond: jobs.length / seconds,
    latency: summary(latencies),
    created: Number(after.rows[0].contacts) - Number(before.rows[0].contacts),
    peopleOnMoreThanOneContact: split,
    duplicates,
    errors: errors.slice(0, 5),
    errorCount: errors.length,
  };
}

/** Values held by more than one contact of the account: emails, phones, channel identities. */
async function duplicateCounts(db) {
  const count = async sql => Number((await db.query(sql, [ACCOUNT])).rows[0].n);
  return {
    email: await count(
      `SELECT count(*) AS n FROM (SELECT email FROM contacts WHERE account_id = $1
         AND email IS NOT NULL GROUP BY email HAVING count(*) > 1) AS d`,
    ),
    phone: await count(
      `SELECT count(*) AS n FROM (SELECT phone FROM contacts WHERE account_id = $1
         AND phone IS NOT NULL GROUP BY phone HAVING count(*) > 1) AS d`,
    ),
    // From the contacts' own identity lists, not the identities table (whose key forbids it).
    identity: await count(
      `SELECT count(*) AS n FROM (
         SELECT lower(i->>'channel'), lower(i->>'address') FROM contacts c,
           jsonb_array_elements(c.identities) AS i
         WHERE c.account_id = $1 GROUP BY 1, 2 HAVING count(DISTINCT c.id) > 1) AS d`,
    ),
  };
}

/** POSTs JSON to the server; resolves to the status and body. */
async function postJson(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...HEADERS, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Merge and restore, through HTTP when the server has the routes (a restore without a token is
 * refused there, not answered 404), else through the store's adapter in this process.
 */
async function mergeClient(api, adapter) {
  const probe = await postJson(`${api}/restore`, {});
  if (probe.status === 404) {
    return {
      via: 'store',
      get: id => adapter.getContact(id),
      merge: (primary, secondary, key) =>
        adapter.mergeContacts(
          primary.id,
          secondary.id,
          {},
          {
            idempotencyKey: key,
            expectedVersions: { primary: primary.version, secondary: secondary.version },
          },
        ),
      restore: token => adapter.restore(token),
    };
  }
  const ok = answer => {
    if (answer.status !== 200) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  return {
    via: 'HTTP',
    get: id => getJson(`${api}/contacts/${encodeURIComponent(id)}`),
    merge: async (primary, secondary, key) =>
      ok(
        await postJson(
          `${api}/contacts/${encodeURIComponent(primary.id)}/merge`,
          {
            secondaryId: secondary.id,
            choices: {},
            expectedVersions: { primary: primary.version, secondary: secondary.version },
          },
          { 'Idempotency-Key': key },
        ),
      ),
    restore: async token => ok(await postJson(`${api}/restore`, { token })),
  };
}

/**
 * Merges pairs of seeded contacts that have conversations, then restores each merge: each call
 * timed. A merged pair must leave one contact (the other answering with `mergedInto`), and the
 * restore must bring both back.
 */
async function measureMerge(client, data, run) {
  const talking = new Set(data.conversations.map(c => c.contactId));
  const pool = data.contacts.filter(c => talking.has(c.id));
  const merge = [];
  const restore = [];
  const problems = [];
  for (let i = 0; i < MERGES; i++) {
    const k = (((run - 1) * MERGES + i) * 2 * 37) % Math.max(1, pool.length - 1);
    const primary = await client.get(pool[k].id);
    const secondary = await client.get(pool[k + 1].id);
    let started = performance.now();
    const merged = await client.merge(primary, secondary, `bench-merge-${randomUUID()}`);
    merge.push(performance.now() - started);
    try {
      await client.get(secondary.id);
      problems.push(`${secondary.id} still answers after its merge`);
    } catch (error) {
      if (!String(error.message ?? '').includes('404') && error.mergedInto !== primary.id) {
        problems.push(`${secondary.id} after its merge: ${error.message}`);
      }
    }
    started = performance.now();
    const restored = await client.restore(merged.restorePoint.token);
    restore.push(performance.now() - started);
    const back = restored.contacts.map(contact => contact.id).sort();
    if (back.join() !== [primary.id, secondary.id].sort().join()) {
      problems.push(`restore of ${primary.id} + ${secondary.id} brought back ${back.join(', ')}`);
    }
  }
  return { via: client.via, merge, restore, problems };
}

/** Keystroke to painted results and End to the last contact, in Chromium, over the REST adapter. */
async function measureBrowser(pageUrl, api, n, expected) {
  const browser = await chromium.launch(launchOptions());
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = [];
    page.on('pageerror', error => errors.push(String(error)));
    await page.goto(`${pageUrl}/index.html`);
    await page.waitForSelector('html[data-ready]', { state: 'attached' });
    const bench = (fn, arg) => page.evaluate(fn, arg);
    const setup = await bench(options => window.bench.setup(options), {
      impl: 'rest',
      n,
      queries: sessionValues(SESSION),
      expected,
      rest: { baseUrl: api, token: TOKEN },
    });
    await bench(() => window.bench.settle());
    // The agent starts typing a moment after the list appears, not while the panel still loads
    // what it shows next (details, dialogs, the pending count, company names): that start-up
    // takes about 300 ms here, and the first rows measure it.
    await new Promise(resolve => setTimeout(resolve, START_PAUSE));
    const keys = await typeSession(page, SESSION);
    await bench(() => window.bench.settle());
    await bench(() => window.bench.focusList());
    await bench(() => window.bench.settle());
    await page.keyboard.press('End');
    const jump = await bench(() => window.bench.jump(20_000));
    return {
      firstRowsMs: setup.firstRowsMs,
      keys,
      keyMissed: keys.filter(ms => ms === null).length,
      jumpMs: jump.ms,
      jumpReached: jump.ms !== null,
      jumpPosition: jump.row?.position ?? null,
      errors,
    };
  } finally {
    await browser.close();
  }
}

/** Deletes the contacts the arrivals made (and their rows), keeping account_counts right. */
async function removeArrivals(client) {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query(
      `SELECT DISTINCT contact_id AS id FROM conversations WHERE account_id = $1
         AND id LIKE 'bench-%'`,
      [ACCOUNT],
    );
    const ids = rows.map(row => row.id);
    for (const table of ['identities', 'conversations']) {
      await client.query(
        `DELETE FROM ${table} WHERE account_id = $1 AND contact_id = ANY($2::text[])`,
        [ACCOUNT, ids],
      );
    }
    await client.query(`DELETE FROM contacts WHERE account_id = $1 AND id = ANY($2::text[])`, [
      ACCOUNT,
      ids,
    ]);
    await client.query(`UPDATE account_counts SET contacts = contacts - $2 WHERE account_id = $1`, [
      ACCOUNT,
      ids.length,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

// ---- One size -----------------------------------------------------------------------------------

async function measureSize(n, { bundle, bin, adminUrl, pageUrl }) {
  const name = `bench_${n}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);

  log(`${n.toLocaleString('en-US')}: generating and importing`);
  const store = await bundle.createPgStore({ connectionString: url, poolSize: 4 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const servers = [];
  try {
    let started = performance.now();
    const data = bundle.generateDataset({ contacts: n });
    const generateMs = performance.now() - started;
    started = performance.now();
    const imported = await bundle.importDataset(store, ACCOUNT, data);
    const seedMs = performance.now() - started;
    log(`  generated in ${fmt(generateMs / 1000)} s, imported in ${fmt(seedMs / 1000)} s`);
    // The import leaves gigabytes to write out (PostgreSQL's checkpoints, then the kernel's
    // writeback), which would otherwise run beside the first minutes of measurement. Written out
    // first, as long before agents type.
    started = performance.now();
    await client.query('CHECKPOINT');
    execFileSync('sync');
    log(`  written out in ${fmt((performance.now() - started) / 1000)} s`);
    const queries = searchQueries(data);
    const expected = args['no-browser']
      ? undefined
      : [...bundle.reference(data, sessionValues(SESSION))];

    servers.push(await startServerProcess(bin, url, new URL(pageUrl ?? 'http://127.0.0.1').origin));
    servers.push(await startServerProcess(bin, url, new URL(pageUrl ?? 'http://127.0.0.1').origin));
    const apis = servers.map(s => s.apiUrl);
    // Warm-up: connections, the planner's caches, the pages of the indexes the queries touch.
    for (const { q } of queries) await getJson(`${apis[0]}/contacts?search=${q}&limit=50`);
    await getJson(`${apis[0]}/contacts?limit=50&offset=${Math.max(0, n - 50)}`);

    const result = { generateMs, seedMs, imported, runs: [] };
    for (let run = 1; run <= runs; run++) {
      const loadAtStart = load();
      log(`  run ${run}/${runs} (load ${loadAtStart.toFixed(1)}): search`);
      const search = await measureSearch(apis[0], client, queries);
      log(`  run ${run}/${runs}: paging`);
      const paging = await measurePaging(apis[0], n);
      let browser;
      if (pageUrl) {
        log(`  run ${run}/${runs}: keystrokes in Chromium`);
        browser = await measureBrowser(pageUrl, apis[0], n, expected);
      }
      log(`  run ${run}/${runs}: merge and restore`);
      const merges = await measureMerge(
        await mergeClient(apis[0], store.forAccount(ACCOUNT)),
        data,
        run,
      );
      log(`  run ${run}/${runs}: arrivals through two servers`);
      const arrivals = await measureArrivals(apis, client, run);
      result.runs.push({ load: loadAtStart, search, paging, browser, merges, arrivals });
      // The next run (and its browser's expectations) starts from the seeded data again.
      await removeArrivals(client);
    }
    return result;
  } finally {
    for (const server of servers) await server.stop();
    await client.end();
    await store.close();
  }
}

// ---- The report ---------------------------------------------------------------------------------

const ms = value => fmt(value, 1);

/** Per size: the median over runs of each p50/p95, from the samples of all runs pooled. */
function pooled(result) {
  const search = result.runs[0].search.map((entry, i) => {
    const ours = result.runs.flatMap(run => run.search[i].ours);
    const base = result.runs.flatMap(run => run.search[i].ilike);
    return { ...entry, ours: summary(ours), ilike: summary(base) };
  });
  const paging = result.runs[0].paging.map((entry, i) => ({
    ...entry,
    samples: summary(result.runs.flatMap(run => run.paging[i].samples)),
  }));
  const browsers = result.runs.map(run => run.browser).filter(Boolean);
  const keys = browsers.flatMap(b => b.keys.filter(k => k !== null));
  const browser = browsers.length
    ? {
        firstRowsMs: percentile(
          browsers.map(b => b.firstRowsMs),
          50,
        ),
        key: summary(keys),
        keyMissed: browsers.reduce((sum, b) => sum + b.keyMissed, 0),
        jumpMs: percentile(
          browsers.map(b => b.jumpMs),
          50,
        ),
        jumpReached: browsers.every(b => b.jumpReached),
      }
    : undefined;
  const arrivals = result.runs.map(run => run.arrivals);
  const merges = {
    via: result.runs[0].merges.via,
    merge: summary(result.runs.flatMap(run => run.merges.merge)),
    restore: summary(result.runs.flatMap(run => run.merges.restore)),
  };
  return { search, paging, browser, merges, arrivals };
}

function sizeReport(n, result, p) {
  const lines = [
    `${n.toLocaleString('en-US')} contacts: generated in ${fmt(result.generateMs / 1000)} s, ` +
      `imported in ${fmt(result.seedMs / 1000)} s ` +
      `(${fmt(result.imported.contacts / (result.seedMs / 1000), 0)} contacts/s; ` +
      `${result.imported.companies} companies, ${result.imported.conversations} conversations)`,
    '',
    table(
      [
        'search',
        'q',
        'total',
        'ours p50',
        'ours p95',
        'ILIKE p50',
        'ILIKE p95',
        'ILIKE total',
        '×',
      ],
      p.search.map(s => [
        s.label,
        JSON.stringify(s.q),
        fmt(s.total, 0),
        ms(s.ours.p50),
        ms(s.ours.p95),
        ms(s.ilike.p50),
        ms(s.ilike.p95),
        fmt(s.ilikeTotal, 0),
        `${fmt(s.ilike.p95 / s.ours.p95, 1)}×`,
      ]),
    ),
    '',
    table(
      ['page', 'offset', 'rows', 'p50 ms', 'p95 ms'],
      p.paging.map(s => [s.label, fmt(s.offset, 0), s.items, ms(s.samples.p50), ms(s.samples.p95)]),
    ),
  ];
  if (p.browser) {
    lines.push(
      '',
      `<contacts-panel> over REST: first rows ${ms(p.browser.firstRowsMs)} ms, keystroke to ` +
        `painted p50 ${ms(p.browser.key.p50)} / p95 ${ms(p.browser.key.p95)} ms ` +
        `(${p.browser.key.n} keys, ${p.browser.keyMissed} never painted), End → last ` +
        `${p.browser.jumpReached ? '✓' : '✗'} ${ms(p.browser.jumpMs)} ms`,
    );
  }
  lines.push(
    '',
    table(
      [`merge (via ${p.merges.via})`, 'n', 'p50 ms', 'p95 ms'],
      ['merge', 'restore'].map(step => [
        step,
        p.merges[step].n,
        ms(p.merges[step].p50),
        ms(p.merges[step].p95),
      ]),
    ),
  );
  lines.push(
    '',
    table(
      [
        'arrivals',
        'people',
        'per s',
        'p50 ms',
        'p95 ms',
        'created',
        'split',
        'dup e/p/i',
        'errors',
      ],
      p.arrivals.map(a => [
        a.arrivals,
        a.people,
        fmt(a.perSecond, 0),
        ms(a.latency.p50),
        ms(a.latency.p95),
        a.created,
        a.peopleOnMoreThanOneContact,
        `${a.duplicates.email}/${a.duplicates.phone}/${a.duplicates.identity}`,
        a.errorCount,
      ]),
    ),
  );
  return lines.join('\n');
}

function targetsOf(results) {
  const list = [];
  const check = (label, value, limit, met = value !== null && value <= limit) =>
    list.push({ label, value, limit, met });
  for (const [size, p] of Object.entries(results).map(([n, r]) => [Number(n), r.pooled])) {
    const n = size.toLocaleString('en-US');
    if (size >= 1_000_000) {
      for (const s of p.search.filter(s => s.chars >= 3)) {
        check(`search p95 ≤ 20 ms @ ${n}: ${s.label} "${s.q}"`, s.ours.p95, 20);
        const ratio = s.ilike.p95 / s.ours.p95;
        list.push({
          label: `search ≥ 10× faster than ILIKE @ ${n}: ${s.label}`,
          value: `${fmt(ratio, 1)}×`,
          met: ratio >= 10,
        });
      }
      if (p.browser) check(`keystroke to painted p95 ≤ 50 ms @ ${n}`, p.browser.key.p95, 50);
    }
    check(`jump to end p95 ≤ 50 ms @ ${n}`, p.paging.at(-1).samples.p95, 50);
    if (size >= 100_000) {
      const via = p.merges.via;
      check(`merge p95 ≤ 100 ms @ ${n} (${via})`, p.merges.merge.p95, 100);
      check(`restore p95 ≤ 100 ms @ ${n} (${via})`, p.merges.restore.p95, 100);
    }
    const dup = p.arrivals.reduce(
      (sum, a) => sum + a.duplicates.email + a.duplicates.phone + a.duplicates.identity,
      0,
    );
    const split = p.arrivals.reduce((sum, a) => sum + a.peopleOnMoreThanOneContact, 0);
    list.push({
      label: `arrivals over two servers: zero duplicates @ ${n}`,
      value: `${dup} shared values, ${split} people split`,
      met: dup === 0 && split === 0,
    });
  }
  return list;
}

function targetsTable(list) {
  return table(
    ['target', 'value', 'met'],
    list.map(t => [
      t.label,
      typeof t.value === 'number' ? ms(t.value) : t.value,
      t.met ? 'yes' : 'NO',
    ]),
  );
}

/** What the smoke run checks: behaviour, never timings. */
function failures(results) {
  const found = [];
  for (const [n, result] of Object.entries(results)) {
    for (const run of result.runs) {
      for (const s of run.search) {
        if (!(s.total >= 0)) found.push(`@ ${n}: search ${s.q} answered no total`);
      }
      const end = run.paging.at(-1);
      if (end.offset + end.items !== end.total) found.push(`@ ${n}: the last page is not the end`);
      for (const problem of run.merges.problems) found.push(`@ ${n}: ${problem}`);
      const a = run.arrivals;
      if (a.errorCount) found.push(`@ ${n}: ${a.errorCount} arrivals failed: ${a.errors[0]}`);
      if (a.peopleOnMoreThanOneContact) {
        found.push(`@ ${n}: ${a.peopleOnMoreThanOneContact} people got more than one contact`);
      }
      if (a.created !== a.people) {
        found.push(`@ ${n}: ${a.created} contacts for ${a.people} people`);
      }
      const d = a.duplicates;
      if (d.email + d.phone + d.identity) found.push(`@ ${n}: duplicates ${JSON.stringify(d)}`);
      if (run.browser) {
        if (run.browser.errors.length) found.push(`@ ${n}: page errors ${run.browser.errors[0]}`);
        if (run.browser.keyMissed) {
          found.push(`@ ${n}: ${run.browser.keyMissed} keystrokes never painted`);
        }
        if (!run.browser.jumpReached) found.push(`@ ${n}: End missed the last contact`);
      }
    }
  }
  return found;
}

async function main() {
  const started = Date.now();
  const loadBefore = load();
  log('bundling the store and the generator; building the server');
  const bundle = await loadBenchBundle();
  const { outdir } = await buildServer({ outdir: join(root, 'server', 'dist', 'bench-server') });
  const bin = join(outdir, 'bin.js');
  let page;
  if (!args['no-browser']) {
    if (!args['no-build']) {
      log('building bench/dist/page (vite, production)');
      await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'warn' });
    }
    page = await serveStatic(join(here, 'dist/page'));
  }
  log('starting PostgreSQL 15');
  const postgres = await startPostgres();
  const results = {};
  let chromiumVersion;
  try {
    for (const n of sizes) {
      const result = await measureSize(n, {
        bundle,
        bin,
        adminUrl: postgres.url,
        pageUrl: page?.url,
      });
      result.pooled = pooled(result);
      results[n] = result;
      console.log(`\n${sizeReport(n, result, result.pooled)}`);
    }
    if (page) {
      const browser = await chromium.launch(launchOptions());
      chromiumVersion = browser.version();
      await browser.close();
    }
  } finally {
    postgres.stop();
    await page?.close();
  }
  const command = commandLine('bench:server');
  const list = targetsOf(results);
  const report = {
    command,
    date: new Date().toISOString(),
    machine: machineInfo(chromiumVersion ?? null, loadBefore),
    runs,
    sizes,
    samples: { server: SAMPLES, ilike: BASE_SAMPLES },
    arrivals: { people: PEOPLE, variants: 4, concurrency: CONCURRENCY, servers: 2 },
    merges: MERGES,
    session: SESSION,
    results,
    targets: list,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(report, null, 2) + '\n');
  console.log(
    [
      '',
      command,
      `${runs} run${runs > 1 ? 's' : ''}, samples pooled (${SAMPLES} per query and run at the ` +
        `server, ${BASE_SAMPLES} for ILIKE); ${report.machine.cpus} cores (${report.machine.cpu}), ` +
        `load average ${loadBefore.toFixed(1)} → ${report.machine.loadAfter.toFixed(1)}`,
      '',
      ...(args.smoke ? [] : [targetsTable(list), '']),
      `JSON: ${relative(process.cwd(), out)} (${report.seconds} s)`,
    ].join('\n'),
  );
  const found = failures(results);
  if (found.length) {
    console.error(`\nFAILED:\n- ${found.join('\n- ')}`);
    process.exitCode = 1;
  }
}

await main();
