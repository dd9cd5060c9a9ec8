// Runs every story of the built Storybook (storybook-static/) in headless Chromium under a strict
// Content-Security-Policy and counts securitypolicyviolation events: a story passes when it
// renders and its play function finishes with none.
//
// The policy is the one hosts are told the elements support (scripts/lib/csp.mjs), plus the
// `default` Trusted Types policy name for what Storybook and the mock API cannot do otherwise:
// the service worker's URL and the renderer's constant wrapper (see defaultPolicySource).
// Storybook's iframe.html inlines its bootstrap scripts and styles; they are served as
// same-origin files instead, unchanged but for one feature flag (below), so what is measured is
// the stories and the elements, not Storybook's choice to inline.
//
//   node scripts/csp-storybook.mjs [--dir=storybook-static] [--filter=<id substring>] [--if-present]
import {
  STRICT_CSP_WITH_MOCK_API,
  defaultPolicySource,
  externalizeInline,
  prependScript,
  recordViolations,
} from './lib/csp.mjs';
import { exitWith, runStories } from './lib/story-runner.mjs';

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
const { results, seconds } = await runStories({
  viewport: { width: 1280, height: 900 },
  serve: {
    headers: { 'Content-Security-Policy': STRICT_CSP_WITH_MOCK_API },
    files,
    html(source, path) {
      const { html, files: inline } = externalizeInline(
        source,
        `/__csp__${path.replace(/\W/g, '_')}`,
      );
      for (const [name, body] of Object.entries(inline)) {
        // Storybook's highlight feature injects a <style> element and clears it with innerHTML at
        // every render: Storybook's runtime, not the stories. It is off for this run (a host
        // serving Storybook under this policy sets `features: { highlight: false }`).
        files[name] = body.replace(/"highlight":\s*true/, '"highlight":false');
      }
      return prependScript(html, '/__csp__/policy.js');
    },
  },
  initScripts: [recordViolations],
  async inspect({ page, id, report }) {
    // Late renders (live updates, deferred loads) after the play function are counted too.
    if (report) await page.waitForTimeout(300);
    const violations = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
    const problems = [];
    const notes = [];
    for (const v of violations) {
      const line = `${v.directive} ${v.blocked} at ${v.source} ${v.sample ?? ''}`.trim();
      const reason = EXPECTED[id]?.[v.directive];
      if (reason) notes.push(`expected: ${line} (${reason})`);
      else problems.push(`violation: ${line}`);
    }
    return { problems, notes, violations: problems.length };
  },
});

const failed = results.filter(result => result.problems.length);
const total = results.reduce((sum, result) => sum + (result.violations ?? 0), 0);
const expected = results.reduce((sum, result) => sum + result.notes.length, 0);
console.log(
  `\nCSP (${STRICT_CSP_WITH_MOCK_API}): ${results.length} stories, ${total} violations ` +
    `(+${expected} expected, listed above), ${failed.length} failing, in ${seconds} s`,
);
exitWith(results);
