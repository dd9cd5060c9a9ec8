export {
  RestContactsAdapter,
  type HeadersSource,
  type RestAdapterOptions,
} from './rest-adapter.js';
