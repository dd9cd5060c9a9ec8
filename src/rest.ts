/**
 * `contacts-elements/rest.js`: the adapter that speaks the package's REST API (openapi.yaml)
 * through `fetch`.
 */
export { RestContactsAdapter } from './adapter/rest/index.js';
export type { HeadersSource, RestAdapterOptions } from './adapter/rest/index.js';
