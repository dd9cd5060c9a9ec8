// Bundles what the server benchmark runs in Node from the TypeScript sources (the PostgreSQL
// store, its bulk import, the data generator and the reference results of a typing session) with esbuild, the way
// server/test/support/build.mjs does: `contacts-elements` resolves to ../src through
// server/tsconfig.json's paths; drivers stay external.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const server = join(root, 'server');
const at = path => JSON.stringify(join(root, path));

const ENTRY = `
export { createPgStore } from ${at('server/src/store/pg-store.ts')};
export { importDataset } from ${at('server/src/store/pg-import.ts')};
export { generateDataset } from ${at('src/adapter/seed/generate.ts')};
export { reference } from ${at('bench/reference.ts')};
export { InMemoryContactsAdapter } from ${at('src/adapter/in-memory/in-memory-adapter.ts')};
`;

/** Builds the bundle into server/dist/bench/ and imports it. */
export async function loadBenchBundle() {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: server, loader: 'ts', sourcefile: 'bench-entry.ts' },
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
  const dir = join(server, 'dist', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(file, result.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}
