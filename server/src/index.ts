/**
 * `contacts-elements-server`: the reference server of the contacts-elements HTTP contract, as a
 * library (the `contacts-server` command runs it with its configuration).
 */
export { createApp } from './app.js';
export type { AppEnv, AppOptions, RequestLog } from './app.js';
export { startServer } from './server.js';
export type { RunningServer, ServerOptions } from './server.js';
export { ConfigError, loadConfig } from './config.js';
export { seedDemoData } from './seed.js';
export type { SeedResult } from './seed.js';
export type { ServerConfig } from './config.js';
export { bearerToken, bearerTokens, developmentToken } from './http/auth.js';
export type { Authenticate } from './http/auth.js';
export type { RateLimit } from './http/rate-limit.js';
export { createPgStore } from './store/pg-store.js';
export type { PgStore, PgStoreOptions } from './store/pg-store.js';
export { createMemoryStore } from './store/memory-store.js';
export type { MemoryStoreOptions } from './store/memory-store.js';
export type {
  IdempotencyClaim,
  IdempotencyStore,
  LoggedChange,
  Store,
  StoredResponse,
} from './store/types.js';
