// What the server benchmark runs in Node, bundled from the TypeScript sources with esbuild by the
// server tests' bundler (server/test/support/build.mjs): the PostgreSQL store, its bulk import,
// the data generator, the reference results of a typing session, and the in-memory adapter.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadBundle } from '../../server/test/support/build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const at = path => JSON.stringify(join(root, path));

const ENTRY = `
export { createPgStore } from ${at('server/src/store/pg-store.ts')};
export { importDataset } from ${at('server/src/store/pg-import.ts')};
export { generateDataset } from ${at('src/adapter/seed/generate.ts')};
export { reference } from ${at('bench/reference.ts')};
export { InMemoryContactsAdapter } from ${at('src/adapter/in-memory/in-memory-adapter.ts')};
`;

/** Builds the bundle and imports it. */
export function loadBenchBundle() {
  return loadBundle(ENTRY, 'bench');
}
