/**
 * `contacts-elements/in-memory.js`: the adapter that keeps records in memory, for demos, tests
 * and hosts that load their data up front (seed it with the `data` option).
 */
export { InMemoryContactsAdapter } from './adapter/in-memory/in-memory-adapter.js';
export type { Dataset, InMemoryAdapterOptions } from './adapter/in-memory/in-memory-adapter.js';
