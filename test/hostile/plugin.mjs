// @ts-check
/**
 * A Web Test Runner plugin that starts the hostile backend once for the whole run and tells the
 * test pages where it is: `executeServerCommand('hostile-server')` answers `{ url, otherUrl }`
 * (see `client.ts`, which wraps it).
 */
import { startHostileServer } from './server.mjs';

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function hostileServerPlugin() {
  /** @type {Awaited<ReturnType<typeof startHostileServer>> | undefined} */
  let server;
  return {
    name: 'hostile-server',
    async serverStart() {
      server = await startHostileServer();
    },
    async serverStop() {
      await server?.close();
    },
    executeCommand({ command }) {
      if (command !== 'hostile-server' || !server) return undefined;
      return { url: server.url, otherUrl: server.otherUrl };
    },
  };
}
