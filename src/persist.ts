/**
 * `contacts-elements/persist.js`: the in-memory adapter written through to IndexedDB, so data
 * survives a reload. The only entry that loads `idb`.
 */
export { createPersistentAdapter } from './adapter/persist/indexeddb.js';
export type { PersistentAdapter, PersistentAdapterOptions } from './adapter/persist/indexeddb.js';
