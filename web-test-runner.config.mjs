// @ts-check
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

import { launchOptions } from './scripts/lib/chromium.mjs';
import { hostileServerPlugin } from './test/hostile/plugin.mjs';
import { referenceServerPlugin } from './test/server/plugin.mjs';

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'development'] },
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
    // A real node:http backend with programmable faults, for test/hostile/.
    hostileServerPlugin(),
    // The reference server (server/), built and started once, for test/server/.
    referenceServerPlugin(),
  ],
  middleware: [
    // msw's worker must be served from the origin root so its scope covers the test pages.
    function mswWorker(ctx, next) {
      if (ctx.path === '/mockServiceWorker.js') {
        ctx.path = '/public/mockServiceWorker.js';
        ctx.set('Service-Worker-Allowed', '/');
      }
      return next();
    },
  ],
  browsers: [
    chromeLauncher({
      // Exposes Element.computedRole and computedName, so tests query by role and accessible name.
      launchOptions: launchOptions(['--enable-blink-features=ComputedAccessibilityInfo']),
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 600000,
};
