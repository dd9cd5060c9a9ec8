// Runs every story of the built Storybook (storybook-static/) in headless Chromium under a strict
// Content-Security-Policy and counts securitypolicyviolation events: a story passes when it
// renders and its play function finishes with none.
//
// The policy is the one hosts are told the elements support (scripts/csp-server.mjs), plus the
// `default` Trusted Types policy name for what Storybook and the mock API cannot do otherwise:
// the service worker's URL and the renderer's constant wrapper (see defaultPolicySource). Storybook's iframe.html inlines its bootstrap scripts and styles; they
// are served as same-origin files instead, unchanged but for one feature flag (below), so what is
// measured is the stories and the elements, not Storybook's choice to inline.
//
//   node scripts/csp-storybook.mjs [--dir=storybook-static] [--filter=<id substring>] [--if-present]
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

import {
  CHROMIUM,
  STRICT_CSP_WITH_MOCK_API,
  defaultPolicySource,
  externalizeInline,
  prependScript,
  recordViolations,
  serveWithCsp,
} from './csp-server.mjs';

const args = process.argv.slice(2);
const ROOT =
  args.find(arg => arg.startsWith('--dir='))?.slice('--dir='.length) ?? 'storybook-static';
const TIMEOUT = 30_000;
const CONCURRENCY = 3;
const filter = args.find(arg => arg.startsWith('--filter='))?.slice('--filter='.length);

if (!existsSync(`${ROOT}/index.json`)) {
  const message = `No ${ROOT}/index.json: run "npm run build-storybook" first.`;
  if (args.includes('--if-present')) {
    console.log(`${message} Skipped.`);
    process.exit(0);
  }
  console.error(message);
  process.exit(1);
}

/**
 * Violations a story causes on purpose, by story id and directive, with the reason. They are
 * reported, not counted as failures. Keep this list short: each entry is host code in a story,
 * never the elements.
 */
const EXPECTED = {
  'elements-contacts-panel--custom-tokens': {
    'style-src-elem':
      'the story shows host CSS as an inline <style>; under this policy a host puts the rule in its stylesheet',
  },
};

const index = JSON.parse(readFileSync(`${ROOT}/index.json`, 'utf8'));
const stories = Object.values(index.entries)
  .filter(entry => entry.type === 'story' && (!filter || entry.id.includes(filter)))
  .map(entry => entry.id);

// Storybook's renderer mounts each story in a constant wrapper, and clears it, with innerHTML; its
// a11y addon adds its colour-vision filters the same way, hidden by an inline style attribute
// that style-src refuses: the same SVG hidden by its size instead.
const STORYBOOK_HTML = ['<div id="root-inner"></div>', ''];
const STORYBOOK_HTML_PREFIXES = [
  {
    prefix: '<svg id="storybook-a11y-vision-filters"',
    replace: [' style="display: none !important;"', ' width="0" height="0" aria-hidden="true"'],
  },
];
const files = {
  '/__csp__/policy.js': defaultPolicySource({
    html: STORYBOOK_HTML,
    htmlPrefixes: STORYBOOK_HTML_PREFIXES,
  }),
};
const server = await serveWithCsp(ROOT, {
  csp: STRICT_CSP_WITH_MOCK_API,
  files,
  html(source, path) {
    const { html, files: inline } = externalizeInline(
      source,
      `/__csp__${path.replace(/\W/g, '_')}`,
    );
    for (const [name, body] of Object.entries(inline)) {
      // Storybook's highlight feature injects a <style> element and clears it with innerHTML at
      // every render: Storybook's runtime, not the stories. It is off for this run (a host serving
      // Storybook under this policy sets `features: { highlight: false }`).
      files[name] = body.replace(/"highlight":\s*true/, '"highlight":false');
    }
    return prependScript(html, '/__csp__/policy.js');
  },
});
const browser = await chromium.launch(CHROMIUM);
const started = Date.now();

/** Records what the preview reports about the story it renders (as check-stories.mjs does). */
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
  page.on('pageerror', error => problems.push(`page error: ${error.message.split('\n')[0]}`));
  await page.addInitScript(recordViolations);
  await page.addInitScript(hookChannel);
  const t0 = Date.now();
  let violations = [];
  try {
    await page.goto(`${server.url}/iframe.html?id=${id}&viewMode=story`);
    await page.waitForFunction(() => window.__storyReport?.done, null, { timeout: TIMEOUT });
    // Late renders (live updates, deferred loads) after the play function are counted too.
    await page.waitForTimeout(300);
    const report = await page.evaluate(() => window.__storyReport);
    problems.push(...report.errors);
    violations = await page.evaluate(() => window.__cspViolations);
  } catch (error) {
    problems.push(String(error.message ?? error).split('\n')[0]);
    violations = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
  } finally {
    await page.close();
  }
  const expected = [];
  for (const v of violations) {
    const line = `${v.directive} ${v.blocked} at ${v.source} ${v.sample ?? ''}`.trim();
    const reason = EXPECTED[id]?.[v.directive];
    if (reason) expected.push(`expected: ${line} (${reason})`);
    else problems.push(`violation: ${line}`);
  }
  return {
    id,
    ms: Date.now() - t0,
    violations: violations.length - expected.length,
    expected,
    problems,
  };
}

const results = [];
const queue = [...stories];
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      const result = await check(id);
      results.push(result);
      console.log(`${result.problems.length ? 'FAIL' : 'ok  '} ${id} (${result.ms} ms)`);
      for (const line of [...new Set([...result.problems, ...result.expected])]) {
        console.log(`       ${line}`);
      }
    }
  }),
);

await browser.close();
await server.close();
const failed = results.filter(result => result.problems.length);
const total = results.reduce((sum, result) => sum + result.violations, 0);
const expected = results.reduce((sum, result) => sum + result.expected.length, 0);
console.log(
  `\nCSP (${STRICT_CSP_WITH_MOCK_API}): ${results.length} stories, ${total} violations ` +
    `(+${expected} expected, listed above), ${failed.length} failing, ` +
    `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failed.length ? 1 : 0);
