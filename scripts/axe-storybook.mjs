// Runs axe-core (injected from node_modules/axe-core/axe.min.js, not through Storybook's addon)
// over every story of the built Storybook (storybook-static/) once its play function has
// finished, with the WCAG 2.0, 2.1 and 2.2 A and AA rules. A story passes with zero violations.
//
//   node scripts/axe-storybook.mjs [--dir=storybook-static] [--filter=<id substring>] [--if-present]
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

import { CHROMIUM, serveWithCsp } from './csp-server.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const args = process.argv.slice(2);
const ROOT =
  args.find(arg => arg.startsWith('--dir='))?.slice('--dir='.length) ?? 'storybook-static';
const filter = args.find(arg => arg.startsWith('--filter='))?.slice('--filter='.length);
const TIMEOUT = 30_000;
const CONCURRENCY = 3;

if (!existsSync(`${ROOT}/index.json`)) {
  const message = `No ${ROOT}/index.json: run "npm run build-storybook" first.`;
  if (args.includes('--if-present')) {
    console.log(`${message} Skipped.`);
    process.exit(0);
  }
  console.error(message);
  process.exit(1);
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const axeVersion = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('axe-core/package.json'), 'utf8'),
).version;
const index = JSON.parse(readFileSync(`${ROOT}/index.json`, 'utf8'));
const stories = Object.values(index.entries)
  .filter(entry => entry.type === 'story' && (!filter || entry.id.includes(filter)))
  .map(entry => entry.id);

// No CSP here: axe is injected as a page script.
const server = await serveWithCsp(ROOT, { csp: null });
const browser = await chromium.launch(CHROMIUM);
const started = Date.now();

/** Waits for Storybook's preview to report the story finished (render and play). */
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
    },
  });
}

async function check(id) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  let violations = [];
  const t0 = Date.now();
  await page.addInitScript(hookChannel);
  try {
    await page.goto(`${server.url}/iframe.html?id=${id}&viewMode=story`);
    await page.waitForFunction(() => window.__storyReport?.done, null, { timeout: TIMEOUT });
    problems.push(...(await page.evaluate(() => window.__storyReport.errors)));
    await page.addScriptTag({ path: axePath });
    violations = await page.evaluate(async tags => {
      const axe = /** @type {any} */ (window).axe;
      // The story's root only: Storybook's own chrome is not under test.
      const root = document.querySelector('#storybook-root') ?? document;
      const results = await axe.run(root, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return results.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map(n =>
          n.target.map(t => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
        ),
      }));
    }, TAGS);
  } catch (error) {
    problems.push(String(error.message ?? error).split('\n')[0]);
  } finally {
    await page.close();
  }
  for (const v of violations) {
    problems.push(`${v.id} (${v.impact}, ${v.nodes.length}): ${v.help} at ${v.nodes[0] ?? '?'}`);
  }
  return { id, ms: Date.now() - t0, violations: violations.length, problems };
}

const results = [];
const queue = [...stories];
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      const result = await check(id);
      results.push(result);
      console.log(`${result.problems.length ? 'FAIL' : 'ok  '} ${id} (${result.ms} ms)`);
      for (const problem of result.problems) console.log(`       ${problem}`);
    }
  }),
);

await browser.close();
await server.close();
const failed = results.filter(result => result.problems.length);
const total = results.reduce((sum, result) => sum + result.violations, 0);
console.log(
  `\naxe-core ${axeVersion} (${TAGS.join(', ')}): ${results.length} stories, ${total} violations, ` +
    `${failed.length} failing, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failed.length ? 1 : 0);
