/** `contacts-server`: runs the reference server with the configuration of `config.ts`. */
import { ConfigError, loadConfig, SETTINGS } from './config.js';
import { startServer } from './server.js';

function usage(): string {
  const lines = Object.values(SETTINGS).map(
    ([flag, variable, text]) => `  ${`${flag} / ${variable}`.padEnd(34)} ${text}`,
  );
  return `Usage: contacts-server [options]\n\n${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(usage());
    return;
  }
  const config = loadConfig();
  const server = await startServer({
    port: config.port,
    host: config.host,
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
    tokens: config.tokens,
    cors: config.corsOrigins,
    bodyLimit: config.bodyLimit,
    rateLimit: config.rateLimit,
    seedContacts: config.seed,
    restoreDays: config.restoreDays,
    log: entry => process.stdout.write(`${JSON.stringify(entry)}\n`),
  });
  process.stdout.write(`contacts-server: the API is at ${server.apiUrl}\n`);
  if (server.devToken !== undefined) {
    process.stdout.write(
      `contacts-server: no CONTACTS_TOKENS configured; development token (account "dev"):\n` +
        `  Authorization: Bearer ${server.devToken}\n`,
    );
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`contacts-server: ${signal}, closing\n`);
    server.close().then(
      () => process.exit(0),
      error => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  if (error instanceof ConfigError) {
    process.stderr.write(`contacts-server: ${error.message}\n\n${usage()}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
