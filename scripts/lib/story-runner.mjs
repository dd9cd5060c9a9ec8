// The loop the story checks share (render and play, axe, CSP): reads the built Storybook's
// index.json, serves it, and opens every story in headless Chromium, a few at a time. A story is
// done when Storybook's preview reports it finished on its channel ("storyFinished", after render
// and play); then the check's own `inspect` looks at the page. Prints a line per story and
// returns the results; the check prints its summary.
//
// Every check takes: [--dir=storybook-static] [--filter=<substring of the story id>] [--if-present]
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

import { serveStatic } from '../static-server.mjs';
import { launchOptions } from './chromium.mjs';

const args = process.argv.slice(2);
const option = name => args.find(arg => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

/** Runs in the page before Storybook: keeps what the preview reports about the current story. */
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

const firstLine = error => String(error?.message ?? error).split('\n')[0];

/**
 * Runs every story (or those the --filter matches).
 * - `serve`: options for serveStatic (headers, files, html).
 * - `reusePage`: one page per worker; after the first story it switches stories through the
 *   preview's channel, as the Storybook UI does, instead of reloading the preview bundle.
 * - `initScripts`: functions added to every page before its own scripts.
 * - `inspect({ page, id, report })`: after the story finished (`report` is undefined when it did
 *   not); returns `{ problems?, notes?, ...more }`, and `more` lands in the story's result.
 * Resolves to `{ results: [{ id, ms, problems, notes, ...more }], seconds }`.
 */
export async function runStories({
  serve = {},
  concurrency = 3,
  timeout = 30_000,
  viewport,
  reusePage = false,
  initScripts = [],
  inspect = () => ({}),
}) {
  const root = option('dir') ?? 'storybook-static';
  const filter = option('filter');
  if (!existsSync(`${root}/index.json`)) {
    const message = `No ${root}/index.json: run "npm run build-storybook" first.`;
    if (args.includes('--if-present')) {
      console.log(`${message} Skipped.`);
      process.exit(0);
    }
    console.error(message);
    process.exit(1);
  }
  const index = JSON.parse(readFileSync(`${root}/index.json`, 'utf8'));
  const queue = Object.values(index.entries)
    .filter(entry => entry.type === 'story' && (!filter || entry.id.includes(filter)))
    .map(entry => entry.id);

  const started = Date.now();
  const server = await serveStatic(root, serve);
  const browser = await chromium.launch(launchOptions());
  const results = [];

  async function newPage(logged) {
    const page = await browser.newPage(viewport ? { viewport } : {});
    page.on('pageerror', error => logged.push(`page error: ${firstLine(error)}`));
    for (const script of [...initScripts, hookChannel]) await page.addInitScript(script);
    return page;
  }

  async function open(page, id, loaded) {
    if (loaded) {
      await page.evaluate(storyId => {
        Object.assign(window.__storyReport, { done: false, errors: [], result: undefined });
        window.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId, viewMode: 'story' });
      }, id);
    } else {
      await page.goto(`${server.url}/iframe.html?id=${id}&viewMode=story`);
    }
    await page.waitForFunction(
      storyId => window.__storyReport?.done && window.__storyReport.result?.storyId === storyId,
      id,
      { timeout },
    );
    return page.evaluate(() => window.__storyReport);
  }

  async function worker() {
    const logged = [];
    let page;
    let loaded = false;
    for (let id = queue.shift(); id; id = queue.shift()) {
      const t0 = Date.now();
      logged.length = 0;
      page ??= await newPage(logged);
      const problems = [];
      let report;
      try {
        report = await open(page, id, loaded);
        loaded = reusePage;
        problems.push(...report.errors);
      } catch (error) {
        problems.push(firstLine(error));
        // A stuck story may leave the preview unusable: the next one starts from a fresh load.
        loaded = false;
      }
      let found = {};
      try {
        found = (await inspect({ page, id, report })) ?? {};
      } catch (error) {
        problems.push(firstLine(error));
      }
      const { problems: more = [], notes = [], ...rest } = found;
      problems.push(...more, ...logged);
      if (!reusePage) {
        await page.close();
        page = undefined;
      }
      const result = { id, ms: Date.now() - t0, ...rest, problems, notes };
      results.push(result);
      console.log(`${problems.length ? 'FAIL' : 'ok  '} ${id} (${result.ms} ms)`);
      for (const line of new Set([...problems, ...notes])) console.log(`       ${line}`);
    }
    await page?.close();
  }

  await Promise.all(Array.from({ length: concurrency }, worker));
  await browser.close();
  await server.close();
  return { results, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

/** Exits 1 when any story has a problem. */
export function exitWith(results) {
  process.exit(results.some(result => result.problems.length) ? 1 : 0);
}
