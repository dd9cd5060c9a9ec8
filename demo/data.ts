/**
 * Chooses the demo's data from the URL. By default the demo takes the path a host takes: the
 * REST adapter on `/api`, where `npm start` runs the reference server (server/) on PGlite in
 * `.data/demo/`, seeded with 300 generated contacts on its first start
 * (scripts/lib/demo-server.mjs). The server keeps its own data: `?contacts=` cannot change it
 * (remove the folder to start over). The other ways:
 *   ?api=memory        the in-browser store (the elements' InMemoryContactsAdapter), with
 *     ?contacts=100000 how many generated contacts (default 300)
 *     ?persist         keep changes in IndexedDB across reloads
 *   ?api=rest          the REST adapter over the msw mock API, which wraps an in-browser store
 *   ?latency=400       simulated latency per call in ms (the in-browser stores only)
 */
import type { ContactsAdapter } from '../src/index.js';
import { InMemoryContactsAdapter } from '../src/in-memory.js';
import { createPersistentAdapter } from '../src/persist.js';
import { generateDataset } from '../src/testing.js';
import demoServer from './demo-server.json';

export interface DemoData {
  /** What the elements talk to; the conversation simulator goes through it too. */
  adapter: ContactsAdapter;
  description: string;
}

/**
 * The reference server behind `/api`. The token is fixed and NOT a secret: the demo's server
 * listens on 127.0.0.1 only and holds generated data (see demo-server.json).
 */
async function referenceServer(params: URLSearchParams): Promise<DemoData> {
  const { RestContactsAdapter } = await import('../src/rest.js');
  const adapter = new RestContactsAdapter({
    baseUrl: demoServer.apiBase,
    headers: { Authorization: `Bearer ${demoServer.token}` },
  });
  const parts = ['reference server (PGlite) · REST adapter'];
  if (params.has('contacts') || params.has('persist') || params.has('latency')) {
    parts.push('?contacts, ?persist and ?latency apply with ?api=memory');
  }
  return { adapter, description: parts.join(' · ') };
}

export async function loadDemoData(url = new URL(location.href)): Promise<DemoData> {
  const params = url.searchParams;
  const api = params.get('api');
  if (api !== 'memory' && api !== 'rest') return referenceServer(params);

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
  if (api === 'rest') {
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
  return { adapter, description: parts.join(' · ') };
}
