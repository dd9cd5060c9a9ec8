/**
 * `contacts-elements/testing.js`: what a host needs to test with the elements. A deterministic
 * data generator, the adapter conformance suite for a host's own adapter, a spy that wraps any
 * adapter to record calls and inject failures, and a wrapper that caps its pages and reorders its
 * lists like another backend would, and the element conformance kit, which mounts the real
 * elements on a host's adapter. Nothing here registers a tag on import.
 */
export { generateDataset } from './adapter/seed/generate.js';
export type { GenerateOptions } from './adapter/seed/generate.js';
export type { Dataset } from './adapter/in-memory/in-memory-adapter.js';
export { runAdapterConformance } from './adapter/conformance/index.js';
export type { AdapterFactory, ConformanceOptions } from './adapter/conformance/index.js';
export { spyAdapter } from './adapter/spy/spy-adapter.js';
export type { SpiedMethod, SpyAdapter } from './adapter/spy/spy-adapter.js';
export { reshapeAdapter } from './adapter/reshape/reshape-adapter.js';
export type { ReshapeOptions } from './adapter/reshape/reshape-adapter.js';
export { ELEMENT_CHECKS, runElementConformance } from './testing/element-conformance/index.js';
export type { ElementConformanceOptions } from './testing/element-conformance/index.js';
