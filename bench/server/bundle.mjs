// What the server benchmark runs in Node, bundled from the TypeScript sources with esbuild: the
// PostgreSQL store, its bulk import, the data generator, the reference results of a typing session
// and the in-memory adapter. `contacts-elements` resolves to ../src through server/tsconfig.json's
// paths; every other package stays an import.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const at = path => JSON.stringify(join(root, path));

const ENTRY = `
export { createPgStore } from ${at('server/src/store/pg-store.ts')};
export { importDataset } from ${at('server/src/store/pg-import.ts')};
export { generateDataset } from ${at('src/adapter/seed/generate.ts')};
export { reference } from ${at('bench/reference.ts')};
export { InMemoryContactsAdapter } from ${at('src/adapter/in-memory/in-memory-adapter.ts')};
`;

/** Builds the bundle into server/dist/bench/ (a name per process), imports it, removes it. */
export async function loadBenchBundle() {
  const file = join(root, 'server', 'dist', 'bench', `bench-${process.pid}-${Date.now()}.mjs`);
  await build({
    stdin: { contents: ENTRY, resolveDir: join(root, 'server'), loader: 'ts' },
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: join(root, 'server', 'tsconfig.json'),
    packages: 'external',
    logLevel: 'warning',
  });
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}
