/**
 * The REST adapter against the hostile backend with no faults: the whole conformance suite, so a
 * real node:http server written from `openapi.yaml` alone is shown to be a faithful backend.
 * That server has no merge, delete or restore (it answers 404 there), so its adapter is made
 * without them (`mergeAndDelete: false`), and the suite's checks of those optional methods skip,
 * as they do for any adapter that lacks them.
 */
import { runAdapterConformance } from '../../src/adapter/conformance/index.js';
import { hostileServer, restAdapter } from './client.js';

runAdapterConformance('RestContactsAdapter over the hostile node:http server', async () =>
  restAdapter(await hostileServer(), { mergeAndDelete: false }),
);
