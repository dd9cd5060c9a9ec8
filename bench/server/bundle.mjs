// What the server benchmark runs in Node, bundled from the TypeScript sources with esbuild: the
// PostgreSQL store, its bulk import, the data generator, the reference results of a typing session
// and the in-memory adapter. `contacts-elements` resolves to ../src through server/tsconfig.json's
// paths; every other package stays an import.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { importBundle } from '../../server/build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const at = path => JSON.stringify(join(root, path));

const ENTRY = `
export { createPgStore } from ${at('server/src/store/pg-store.ts')};
export { importDataset } from ${at('server/src/store/pg-import.ts')};
export { generateDataset } from ${at('src/adapter/seed/generate.ts')};
export { reference } from ${at('bench/reference.ts')};
export { InMemoryContactsAdapter } from ${at('src/adapter/in-memory/in-memory-adapter.ts')};
`;

/** The benchmark's bundle, imported. */
export function loadBenchBundle() {
  return importBundle('bench', ENTRY);
}
