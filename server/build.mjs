// @ts-check
/**
 * Bundles the server into `dist/`: `index.js` (the library) and `bin.js` (the `contacts-server`
 * command). Every package stays an import except `contacts-elements`, whose model and in-memory
 * adapter are bundled from `../src` through the tsconfig `paths`, so the server runs with no build
 * of the elements. `openapi.yaml` is bundled as text for the request schemas.
 *
 * `node server/build.mjs`, or `buildServer()` from a script or test runner plugin.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { build } from 'esbuild';

const here = (/** @type {string} */ path) => fileURLToPath(new URL(path, import.meta.url));

/** @type {import('esbuild').Plugin} */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, args =>
      args.path === 'contacts-elements' || args.path.startsWith('contacts-elements/')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

/**
 * How every server bundle is made (the tests' bundles too): for Node 20, packages left as imports,
 * `contacts-elements` bundled from its sources.
 * @type {import('esbuild').BuildOptions}
 */
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: here('./tsconfig.json'),
  plugins: [externalPackages],
  loader: { '.yaml': 'text' },
};

/**
 * Bundles `exports` (module source: `export { x } from '/absolute/path.ts'` lines) and imports
 * it, for the tests and the benchmark, which run the TypeScript sources in Node with no build. The
 * bundle is written under `dist/<name>/`, one file per call (test files build in parallel), and
 * removed once imported.
 * @param {string} name
 * @param {string} exports
 */
export async function importBundle(name, exports) {
  const file = join(here('./dist'), name, `${name}-${process.pid}-${Date.now()}.mjs`);
  await build({
    ...bundleOptions,
    stdin: { contents: exports, resolveDir: here('.'), loader: 'ts', sourcefile: `${name}.ts` },
    outfile: file,
    logLevel: 'warning',
  });
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * Builds `dist/index.js` and `dist/bin.js`.
 * @param {{ outdir?: string }} [options]
 */
export async function buildServer({ outdir = here('./dist') } = {}) {
  /** @type {import('esbuild').BuildOptions} */
  const common = { ...bundleOptions, outdir, sourcemap: true, logLevel: 'warning' };
  await Promise.all([
    build({ ...common, entryPoints: { index: here('./src/index.ts') } }),
    build({
      ...common,
      entryPoints: { bin: here('./src/bin.ts') },
      banner: { js: '#!/usr/bin/env node' },
    }),
  ]);
  return { outdir };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outdir } = await buildServer();
  process.stdout.write(`contacts-elements-server built into ${outdir}\n`);
}
