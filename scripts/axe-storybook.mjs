// Runs axe-core (injected from node_modules/axe-core/axe.min.js, not through Storybook's addon)
// over every story of the built Storybook (storybook-static/) once its play function has
// finished, with the WCAG 2.0, 2.1 and 2.2 A and AA rules. A story passes with zero violations.
//
//   node scripts/axe-storybook.mjs [--dir=storybook-static] [--filter=<id substring>] [--if-present]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { exitWith, runStories } from './lib/story-runner.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const axeVersion = JSON.parse(
  readFileSync(require.resolve('axe-core/package.json'), 'utf8'),
).version;

// No CSP here: axe is injected as a page script.
const { results, seconds } = await runStories({
  viewport: { width: 1280, height: 900 },
  async inspect({ page, report }) {
    if (!report) return { violations: 0 };
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async tags => {
      const axe = /** @type {any} */ (window).axe;
      // The story's root only: Storybook's own chrome is not under test.
      const root = document.querySelector('#storybook-root') ?? document;
      const found = await axe.run(root, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return found.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map(n =>
          n.target.map(t => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
        ),
      }));
    }, TAGS);
    return {
      violations: violations.length,
      problems: violations.map(
        v => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.help} at ${v.nodes[0] ?? '?'}`,
      ),
    };
  },
});

const failed = results.filter(result => result.problems.length);
const total = results.reduce((sum, result) => sum + (result.violations ?? 0), 0);
console.log(
  `\naxe-core ${axeVersion} (${TAGS.join(', ')}): ${results.length} stories, ${total} violations, ` +
    `${failed.length} failing, in ${seconds} s`,
);
exitWith(results);
