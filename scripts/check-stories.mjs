// Runs every story of the built Storybook (storybook-static/) in headless Chromium: renders it,
// runs its play function, and lets the a11y addon run axe on the result. A story fails when its
// play function throws, it logs an uncaught error, or axe finds a violation. No test runner
// package: Storybook's own preview reports each outcome on its channel ("storyFinished").
//
//   node scripts/check-stories.mjs [--dir=storybook-static] [--filter=<id substring>] [--if-present]
import { exitWith, runStories } from './lib/story-runner.mjs';

const { results, seconds } = await runStories({
  concurrency: 4,
  timeout: 20_000,
  reusePage: true,
  /** What the addons (the a11y addon's axe run) reported for the story. */
  inspect({ report }) {
    if (!report) return {};
    const problems = [];
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
    if (report.result.status !== 'success' && !problems.length && !report.errors.length) {
      problems.push('status: error');
    }
    return { problems };
  },
});

const failed = results.filter(result => result.problems.length);
console.log(`\n${results.length - failed.length}/${results.length} stories passed in ${seconds} s`);
exitWith(results);
