/**
 * The REST adapter against the hostile backend with no faults: the whole conformance suite, so a
 * real node:http server written from `openapi.yaml` alone is shown to be a faithful backend.
 */
import { runAdapterConformance } from '../../src/adapter/conformance/index.js';
import { hostileServer, restAdapter } from './client.js';

runAdapterConformance('RestContactsAdapter over the hostile node:http server', async () =>
  restAdapter(await hostileServer()),
);
