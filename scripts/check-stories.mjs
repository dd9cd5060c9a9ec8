// Runs every story of the built Storybook (storybook-static/) in headless Chromium: renders it,
// runs its play function, and lets the a11y addon run axe on the result. A story fails when its
// play function throws, it logs an uncaught error, or axe finds a violation. No test runner
// package: Storybook's own preview reports each outcome on its channel ("storyFinished").
//
//   node scripts/check-stories.mjs [--filter=<substring of the story id>]
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

import { serveStatic } from './static-server.mjs';

const ROOT = 'storybook-static';
const TIMEOUT = 20_000;
const CONCURRENCY = 4;
const filter = process.argv.find(arg => arg.startsWith('--filter='))?.slice('--filter='.length);

if (!existsSync(`${ROOT}/index.json`)) {
  console.error(`No ${ROOT}/index.json: run "npm run build-storybook" first.`);
  process.exit(1);
}
const index = JSON.parse(readFileSync(`${ROOT}/index.json`, 'utf8'));
const stories = Object.values(index.entries)
  .filter(entry => entry.type === 'story' && (!filter || entry.id.includes(filter)))
  .map(entry => entry.id);

const started = Date.now();
const server = await serveStatic(ROOT);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});

/** Records what the preview reports about the story it renders. */
function hookChannel() {
  let channel;
  const win = /** @type {any} */ (window);
  win.__storyReport = { done: false, errors: [] };
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set: value => {
      channel = value;
      value.on('storyFinished', result => Object.assign(win.__storyReport, { done: true, result }));
      for (const event of ['playFunctionThrewException', 'storyThrewException', 'storyErrored']) {
        value.on(event, error =>
          win.__storyReport.errors.push(`${event}: ${error?.message ?? JSON.stringify(error)}`),
        );
      }
      value.on('unhandledErrorsWhilePlaying', errors =>
        win.__storyReport.errors.push(...errors.map(e => `unhandled: ${e?.message ?? e}`)),
      );
    },
  });
}

/**
 * One page per worker: the first story loads the iframe, later ones switch stories through the
 * preview's channel, as the Storybook UI does, which skips reloading the preview bundle.
 */
async function worker(queue, results) {
  const page = await browser.newPage();
  const logged = [];
  page.on('pageerror', error => logged.push(`pageerror: ${error.message}`));
  await page.addInitScript(hookChannel);
  let loaded = false;
  for (let id = queue.shift(); id; id = queue.shift()) {
    const t0 = Date.now();
    logged.length = 0;
    const problems = [];
    try {
      if (!loaded) {
        await page.goto(`${server.url}/iframe.html?id=${id}&viewMode=story`);
        loaded = true;
      } else {
        await page.evaluate(storyId => {
          Object.assign(window.__storyReport, { done: false, errors: [], result: undefined });
          window.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', {
            storyId,
            viewMode: 'story',
          });
        }, id);
      }
      await page.waitForFunction(
        storyId => window.__storyReport?.done && window.__storyReport.result?.storyId === storyId,
        id,
        { timeout: TIMEOUT },
      );
      const report = await page.evaluate(() => window.__storyReport);
      problems.push(...report.errors, ...logged);
      for (const reporter of report.result.reporters ?? []) {
        if (reporter.status !== 'failed') continue;
        const violations = reporter.result?.violations ?? [];
        problems.push(
          ...violations.map(
            v =>
              `${reporter.type}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target?.join(' ') ?? ''}`,
          ),
        );
        if (!violations.length) problems.push(`${reporter.type} failed`);
      }
      if (report.result.status !== 'success' && !problems.length) problems.push('status: error');
    } catch (error) {
      problems.push(String(error.message ?? error).split('\n')[0], ...logged);
      // A stuck story may leave the preview unusable: the next one starts from a fresh load.
      loaded = false;
    }
    const result = { id, ms: Date.now() - t0, problems };
    results.push(result);
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${id} (${result.ms} ms)`);
    for (const problem of problems) console.log(`       ${problem}`);
  }
  await page.close();
}

const results = [];
const queue = [...stories];
await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(queue, results)));

await browser.close();
await server.close();
const failed = results.filter(result => result.problems.length);
console.log(
  `\n${results.length - failed.length}/${results.length} stories passed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failed.length ? 1 : 0);
