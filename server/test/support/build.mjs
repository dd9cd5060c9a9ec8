/**
 * The store (and, for tests, the adapter conformance suite) bundled from the TypeScript sources,
 * so node's test runner can import them with no build step.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { importBundle } from '../../build.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const server = join(here, '..', '..');
const root = join(server, '..');
const at = (/** @type {string} */ path) => JSON.stringify(join(root, path));

const ENTRY = `
export { createPgStore } from ${at('server/src/store/pg-store.ts')};
export { importDataset } from ${at('server/src/store/pg-import.ts')};
export { migrate, MIGRATIONS } from ${at('server/src/db/migrations.ts')};
export { connectPg, connectPglite } from ${at('server/src/db/db.ts')};
export { InMemoryContactsAdapter } from ${at('src/adapter/in-memory/in-memory-adapter.ts')};
export { fold } from ${at('src/model/search.ts')};
export { runAdapterConformance } from ${at('src/adapter/conformance/index.ts')};
`;

/** The store's bundle, imported. */
export function loadStoreBundle() {
  return importBundle('test', ENTRY);
}
