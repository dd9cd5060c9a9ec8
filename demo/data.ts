/**
 * Chooses the demo's data from the URL:
 *   ?contacts=100000   how many generated contacts (default 300)
 *   ?persist           keep changes in IndexedDB across reloads
 *   ?api=rest          talk to the REST adapter over the msw mock API instead of in-process
 *   ?latency=400       simulated latency per call in ms
 */
import type { ContactsAdapter } from '../src/index.js';
import { InMemoryContactsAdapter } from '../src/in-memory.js';
import { createPersistentAdapter } from '../src/persist.js';
import { generateDataset } from '../src/testing.js';

export interface DemoData {
  adapter: ContactsAdapter;
  /** The store behind the adapter, for the conversation simulator. */
  store: InMemoryContactsAdapter;
  description: string;
}

export async function loadDemoData(url = new URL(location.href)): Promise<DemoData> {
  const params = url.searchParams;
  const contacts = Math.max(0, Math.min(1_000_000, Number(params.get('contacts') ?? 300) || 0));
  const latency = Number(params.get('latency') ?? 0) || 0;
  const seed = () => generateDataset({ contacts });
  let store: InMemoryContactsAdapter;
  if (params.has('persist')) {
    const persistent = await createPersistentAdapter({
      databaseName: `contacts-demo-${contacts}`,
      seed,
      latency,
    });
    store = persistent.adapter;
  } else {
    store = new InMemoryContactsAdapter({ data: seed(), latency });
  }
  const parts = [`${contacts.toLocaleString()} generated contacts`];
  if (params.has('persist')) parts.push('saved in IndexedDB');
  let adapter: ContactsAdapter = store;
  if (params.get('api') === 'rest') {
    const [{ RestContactsAdapter }, { createContactsHandlers }, { startMockApi }] =
      await Promise.all([
        import('../src/rest.js'),
        import('../src/mocks/handlers.js'),
        import('../src/mocks/browser.js'),
      ]);
    await startMockApi(createContactsHandlers(store, { baseUrl: '/api' }));
    adapter = new RestContactsAdapter({ baseUrl: '/api' });
    parts.push('REST adapter over a mock API');
  } else {
    parts.push('in-memory adapter');
  }
  if (latency) parts.push(`${latency} ms latency`);
  return { adapter, store, description: parts.join(' · ') };
}
