// @ts-check
/**
 * One reference server process for the cluster tests: the built server (`dist/index.js`) on the
 * PostgreSQL named by argv[2], token `token-a` for account `a`. It prints its API URL as one JSON
 * line on stdout once it listens. A short in-flight time for idempotency keys lets a test see a
 * key abandoned by a killed process taken over within seconds instead of 30.
 */
import { server } from '../http-helpers.mjs';

// `node --test server/test/` runs every file under test/, this one too: alone, it does nothing.
if (process.argv.length < 3) process.exit(0);

const store = await server.createPgStore({
  connectionString: process.argv[2],
  inFlightTimeoutMs: 2000,
});
const running = await server.startServer({
  port: 0,
  store,
  tokens: { 'token-a': 'a' },
  rateLimit: false,
});
process.stdout.write(`${JSON.stringify({ apiUrl: running.apiUrl })}\n`);
process.on('SIGTERM', async () => {
  await running.close();
  await store.close();
  process.exit(0);
});
