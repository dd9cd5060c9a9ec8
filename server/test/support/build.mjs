/**
 * Bundles the store (and, for tests, the adapter conformance suite) from the TypeScript sources
 * with esbuild, so node's test runner can import them with no build step. `contacts-elements`
 * resolves to ../src through server/tsconfig.json's paths; drivers stay external.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const server = join(here, '..', '..');
const root = join(server, '..');

const ENTRY = `
export { createPgStore } from ${JSON.stringify(join(server, 'src/store/pg-store.ts'))};
export { migrate, MIGRATIONS } from ${JSON.stringify(join(server, 'src/db/migrations.ts'))};
export { InMemoryContactsAdapter } from ${JSON.stringify(join(root, 'src/adapter/in-memory/in-memory-adapter.ts'))};
export { fold } from ${JSON.stringify(join(root, 'src/model/search.ts'))};
export { runAdapterConformance } from ${JSON.stringify(join(root, 'src/adapter/conformance/index.ts'))};
`;

/** Builds the bundle into server/dist/test/ and imports it. */
export async function loadStoreBundle() {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: server, loader: 'ts', sourcefile: 'store-entry.ts' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: join(server, 'tsconfig.json'),
    external: [
      'pg',
      '@electric-sql/pglite',
      '@electric-sql/pglite/*',
      'libphonenumber-js',
      'libphonenumber-js/*',
    ],
    logLevel: 'silent',
  });
  const dir = join(server, 'dist', 'test');
  mkdirSync(dir, { recursive: true });
  // One file per process: test files build in parallel.
  const file = join(dir, `store-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(file, result.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}
