/**
 * The adapter conformance suite against the PostgreSQL store, one fresh account per test: on
 * PGlite (in memory), and on a real PostgreSQL 15 when scripts/postgres.mjs can start one.
 */
import { randomUUID } from 'node:crypto';
import { after, describe } from 'node:test';
import { postgresAvailable, startPostgres } from '../../scripts/postgres.mjs';
import { loadStoreBundle } from './support/build.mjs';
import { installRunnerGlobals } from './support/runner.mjs';

const { createPgStore, runAdapterConformance } = await loadStoreBundle();
installRunnerGlobals();

const pglite = await createPgStore();
after(() => pglite.close());
runAdapterConformance('PgStore on PGlite', () => pglite.forAccount(`account-${randomUUID()}`));

if (postgresAvailable()) {
  const server = await startPostgres();
  const postgres = await createPgStore({ connectionString: server.url });
  after(async () => {
    await postgres.close();
    server.stop();
  });
  runAdapterConformance('PgStore on PostgreSQL 15', () =>
    postgres.forAccount(`account-${randomUUID()}`),
  );
} else {
  describe('PgStore on PostgreSQL 15', { skip: 'PostgreSQL 15 binaries not installed' }, () => {});
}
