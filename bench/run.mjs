#!/usr/bin/env node
// `npm run bench`: builds the benchmark page for production, serves it on 127.0.0.1, and drives
// the system Chromium (headless, through playwright-core) over ours and the baselines at each
// size, each measurement in a fresh browser. Prints the tables and writes JSON with every sample.
//
//   npm run bench                                    10k, 100k and 1M; median of 3 runs
//   npm run bench -- --sizes 10000 --runs 1 --smoke  CI: behaviour checked, timings never gated
//   more: --impls ours,naive,vaadin-items,vaadin-provider  --no-build  --out <file.json>
//         --writes <n>: merges and restores timed per size and run in the in-memory adapter
//         (default 50; 0 skips them)
//         --idle: before each measurement, wait (up to a minute) until other work leaves the
//         CPU mostly idle, for steadier numbers on a shared machine
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { build } from 'vite';

import { measureBundles } from './lib/bundle.mjs';
import {
  bundleTable,
  commandLine,
  writesTable,
  machineInfo,
  resultsTable,
  targets,
  targetsTable,
} from './lib/report.mjs';
import { KEY_INTERVAL, sessionKeys, sessionValues, typeSession } from './lib/session.mjs';
import { launchOptions } from '../scripts/lib/chromium.mjs';
import { serveStatic } from '../scripts/static-server.mjs';
import { medianOf, percentile } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const IMPLS = ['ours', 'naive', 'vaadin-items', 'vaadin-provider'];

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    runs: { type: 'string', default: '3' },
    impls: { type: 'string', default: IMPLS.join(',') },
    smoke: { type: 'boolean', default: false },
    idle: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string' },
    writes: { type: 'string' },
  },
});
const sizes = args.sizes.split(',').map(Number);
const runs = Number(args.runs);
const impls = args.impls.split(',');
const out = args.out ?? join(here, 'results', args.smoke ? 'smoke.json' : 'latest.json');
if (sizes.some(n => !Number.isInteger(n) || n < 1) || !(runs >= 1)) {
  throw new Error('--sizes takes positive integers, --runs a number from 1');
}
if (impls.some(impl => !IMPLS.includes(impl))) throw new Error(`--impls: ${IMPLS.join(', ')}`);

/** Merges (and restores) timed per size and run. */
const WRITES = Number(args.writes ?? (args.smoke ? 10 : 50));

/** The naive list renders every row; above this one render takes tens of seconds. */
const NAIVE_MAX = 10_000;
const VIEWPORT = { width: 1280, height: 800 };
const CHROME = launchOptions(['--js-flags=--expose-gc']);

const SESSION = sessionKeys(args.smoke);
/** Wheel notches of 100 px, about one per frame. */
const WHEEL_EVENTS = args.smoke ? 30 : 120;

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const log = (...parts) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
const load = () => os.loadavg()[0];

/** Share of CPU time the whole machine spent idle over `ms` (Linux; null elsewhere). */
async function idleShare(ms) {
  const sample = async () => {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0].trim().split(/\s+/);
    const ticks = line.slice(1).map(Number);
    return { idle: ticks[3] + (ticks[4] ?? 0), total: ticks.reduce((a, b) => a + b, 0) };
  };
  try {
    const before = await sample();
    await sleep(ms);
    const after = await sample();
    return (after.idle - before.idle) / Math.max(1, after.total - before.total);
  } catch {
    return null;
  }
}

/**
 * With --idle, waits (up to a minute) until other work on the machine leaves at least 80% of the
 * CPU idle over a second: the load average would also count this benchmark's own last run.
 */
async function calm() {
  if (!args.idle) return;
  const until = Date.now() + 60_000;
  for (;;) {
    const idle = await idleShare(1_000);
    if (idle === null || idle >= 0.8 || Date.now() > until) return;
  }
}

/** JS heap after two full collections, and Chromium's live DOM node count. */
async function heap(page, cdp) {
  await page.evaluate(() => {
    window.gc?.();
    window.gc?.();
  });
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = name => metrics.find(m => m.name === name)?.value ?? null;
  return { heapMB: get('JSHeapUsedSize') / 1e6, cdpNodes: get('Nodes') };
}

/** What the session's queries show, per size: worked out by the first page of each size. */
const expectedBySize = new Map();

/** One implementation at one size, in a fresh browser. */
async function measure(url, impl, n) {
  const browser = await chromium.launch(CHROME);
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = [];
    page.on('pageerror', error => errors.push(String(error)));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${url}/index.html`);
    await page.waitForSelector('html[data-ready]', { state: 'attached' });
    const bench = (fn, arg) => page.evaluate(fn, arg);

    // Data ready, then first rows painted; DOM and heap once settled.
    const setup = await bench(options => window.bench.setup(options), {
      impl,
      n,
      queries: sessionValues(SESSION),
      expected: expectedBySize.get(n),
    });
    expectedBySize.set(n, setup.expected);
    await bench(() => window.bench.settle());
    const domNodes = await bench(() => window.bench.domNodes());
    const memory = await heap(page, cdp);

    // Typing, each key measured on its own (bench/lib/session.mjs).
    const keys = await typeSession(page, SESSION);
    await bench(() => window.bench.settle());

    // Scroll: real wheel events over the list, frames timed by requestAnimationFrame.
    const centre = await bench(() => window.bench.scrollerCentre());
    await page.mouse.move(centre.x, centre.y);
    await bench(() => window.bench.startFrames());
    for (let i = 0; i < WHEEL_EVENTS; i++) {
      await page.mouse.wheel(0, 100);
      await sleep(8);
    }
    await bench(() => window.bench.settle());
    const frames = await bench(() => window.bench.stopFrames());
    const scrolledPx = await bench(() => window.bench.scrollTop());

    // Jump: focus the list, press End (Ctrl+End in the grid); the last record must be focused.
    await bench(() => window.bench.focusList());
    await bench(() => window.bench.settle());
    await page.keyboard.press(await bench(() => window.bench.jumpKey()));
    const jump = await bench(() => window.bench.jump(20_000));
    const after = await heap(page, cdp);

    const answered = keys.filter(ms => ms !== null);
    return {
      generateMs: setup.generateMs,
      seedMs: setup.seedMs,
      firstRowsMs: setup.firstRowsMs,
      keyP50: percentile(answered, 50),
      keyP95: percentile(answered, 95),
      keyMax: percentile(answered, 100),
      keyMissed: keys.length - answered.length,
      scrollP95: percentile(frames, 95),
      longFrames: frames.filter(ms => ms > 33).length,
      frames: frames.length,
      scrolledPx,
      jump: jump.row?.position ?? null,
      jumpReached: jump.ms !== null,
      jumpMs: jump.ms,
      domNodes,
      cdpNodes: memory.cdpNodes,
      heapMB: memory.heapMB,
      heapAfterSessionMB: after.heapMB,
      // Raw samples, kept in the JSON only.
      keys,
      frameTimes: frames,
      errors,
    };
  } finally {
    await browser.close();
  }
}

/**
 * Merge and restore latency in the in-memory adapter at one size (bench/writes.ts), in a fresh
 * browser: each call timed from the call to its answer.
 */
async function measureWrites(url, n) {
  const browser = await chromium.launch(CHROME);
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${url}/index.html`);
    await page.waitForSelector('html[data-ready]', { state: 'attached' });
    return await page.evaluate(options => window.bench.writes(options), { n, samples: WRITES });
  } finally {
    await browser.close();
  }
}

/** Per size, every run's merge and restore samples pooled: p50 and p95 of each. */
async function measureAllWrites(url) {
  const writes = {};
  if (!(WRITES > 0)) return writes;
  const pooled = {};
  for (let run = 1; run <= runs; run++) {
    for (const n of sizes) {
      await calm();
      log(`run ${run}/${runs}  merge and restore @ ${n.toLocaleString('en-US')}  (${WRITES} each)`);
      const m = await measureWrites(url, n);
      const entry = (pooled[n] ??= { mergeMs: [], restoreMs: [], moved: 0 });
      entry.mergeMs.push(...m.mergeMs);
      entry.restoreMs.push(...m.restoreMs);
      entry.moved += m.moved;
      log(
        `  merge p95 ${percentile(m.mergeMs, 95).toFixed(2)} ms, ` +
          `restore p95 ${percentile(m.restoreMs, 95).toFixed(2)} ms`,
      );
    }
  }
  for (const [n, entry] of Object.entries(pooled)) {
    writes[n] = {
      samples: entry.mergeMs.length,
      conversationsMoved: entry.moved,
      mergeP50: percentile(entry.mergeMs, 50),
      mergeP95: percentile(entry.mergeMs, 95),
      mergeMax: percentile(entry.mergeMs, 100),
      restoreP50: percentile(entry.restoreMs, 50),
      restoreP95: percentile(entry.restoreMs, 95),
      restoreMax: percentile(entry.restoreMs, 100),
      mergeMs: entry.mergeMs,
      restoreMs: entry.restoreMs,
    };
  }
  return writes;
}

/** Every (run, size, implementation), sizes and implementations interleaved within a run. */
async function measureAll(url) {
  const results = {};
  for (let run = 1; run <= runs; run++) {
    for (const n of sizes) {
      for (const impl of impls) {
        const entry = ((results[n] ??= {})[impl] ??= { runs: [] });
        if (impl === 'naive' && n > NAIVE_MAX) {
          entry.skipped =
            `it renders every row: one render of 100,000 takes tens of seconds and 1.6 million ` +
            `DOM nodes, so it cannot meet any target there`;
          continue;
        }
        await calm();
        const loadAtStart = load();
        log(
          `run ${run}/${runs}  ${impl} @ ${n.toLocaleString('en-US')}  (load ${loadAtStart.toFixed(1)})`,
        );
        const m = { ...(await measure(url, impl, n)), load: loadAtStart };
        entry.runs.push(m);
        log(
          `  first rows ${m.firstRowsMs.toFixed(1)} ms, keys p95 ${m.keyP95?.toFixed(1)} ms, ` +
            `frames p95 ${m.scrollP95?.toFixed(1)} ms (${m.longFrames} > 33 ms), ` +
            `End → ${m.jump}, ${m.domNodes} nodes, ${m.heapMB.toFixed(1)} MB`,
        );
      }
    }
  }
  for (const bySize of Object.values(results)) {
    for (const entry of Object.values(bySize)) {
      if (entry.skipped) {
        entry.median = { skipped: true };
        continue;
      }
      entry.median = medianOf(
        entry.runs.map(
          ({ keys: _k, frameTimes: _f, errors: _e, jumpReached: _j, ...rest }) => rest,
        ),
      );
      entry.median.jumpReached = entry.runs.every(run => run.jumpReached);
    }
  }
  return results;
}

/** What the smoke run checks: behaviour, never timings. */
function failures(results, bundle) {
  const found = [];
  for (const [n, bySize] of Object.entries(results)) {
    for (const [impl, entry] of Object.entries(bySize)) {
      for (const run of entry.runs) {
        const at = `${impl} @ ${n}`;
        if (run.errors.length) found.push(`${at}: page errors: ${run.errors.join('; ')}`);
        if (run.keyMissed) found.push(`${at}: ${run.keyMissed} keystrokes never painted`);
        if (impl === 'ours' && !run.jumpReached) found.push(`${at}: End missed the last contact`);
        if (impl === 'ours' && !run.scrolledPx) found.push(`${at}: the wheel did not scroll`);
      }
    }
  }
  if (bundle.withLit.phoneMetadataEager) {
    found.push('libphonenumber-js metadata is in the first-paint chunks');
  }
  return found;
}

async function main() {
  const started = Date.now();
  const loadBefore = load();
  if (!args['no-build']) {
    log('building bench/dist/page (vite, production)');
    await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'warn' });
  }
  log('measuring bundle sizes');
  const bundle = await measureBundles(dirname(here));
  const server = await serveStatic(join(here, 'dist/page'));
  let results;
  let writes;
  try {
    results = await measureAll(server.url);
    writes = await measureAllWrites(server.url);
  } finally {
    await server.close();
  }
  const browser = await chromium.launch(CHROME);
  const chromiumVersion = browser.version();
  await browser.close();

  const command = commandLine('bench');
  const report = {
    command,
    date: new Date().toISOString(),
    machine: machineInfo(chromiumVersion, loadBefore),
    runs,
    sizes,
    viewport: VIEWPORT,
    session: SESSION,
    keyInterval: KEY_INTERVAL,
    wheelEvents: WHEEL_EVENTS,
    results,
    writes,
    bundle,
    targets: targets(results, bundle, sizes, writes),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(report, null, 2) + '\n');

  const { machine } = report;
  console.log(
    [
      '',
      `${command}`,
      `median of ${runs} run${runs > 1 ? 's' : ''}; ${machine.cpus} cores (${machine.cpu}), ` +
        `Chromium ${chromiumVersion} headless, ${VIEWPORT.width}×${VIEWPORT.height}, ` +
        `load average ${machine.loadBefore.toFixed(1)} → ${machine.loadAfter.toFixed(1)}`,
      '',
      resultsTable(results, sizes, impls),
      '',
      'Baselines: (ratio to ours). End → last: the position of the focused row after End ' +
        '(Ctrl+End in the grid), ✓ when it is the last record, rendered, visible and focused.',
      ...Object.entries(results)
        .filter(([, bySize]) => bySize.naive?.skipped)
        .map(
          ([n, bySize]) =>
            `naive @ ${Number(n).toLocaleString('en-US')}: skipped; ${bySize.naive.skipped}.`,
        ),
      '',
      ...(Object.keys(writes).length ? [writesTable(writes), ''] : []),
      bundleTable(bundle),
      ...(args.smoke ? [] : ['', targetsTable(report.targets)]),
      '',
      `JSON: ${relative(process.cwd(), out)} (${report.seconds} s)`,
    ].join('\n'),
  );

  const found = failures(results, bundle);
  if (found.length) {
    console.error(`\nFAILED:\n- ${found.join('\n- ')}`);
    process.exitCode = 1;
  }
}

await main();
