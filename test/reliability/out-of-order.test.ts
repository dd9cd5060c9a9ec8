/**
 * Search answers that arrive out of order never leave older results on screen: fast typing in
 * the panel's search against servers that answer after random delays. Two servers: the REST
 * adapter over msw (aborted requests really are cancelled) and an in-memory adapter wrapper that
 * ignores aborts, so every stale answer does arrive, late, and must be dropped.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/contacts-panel/define.js';

import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import { generateDataset } from '../../src/adapter/seed/generate.js';
import type { ContactQuery, ContactsAdapter } from '../../src/adapter/types.js';
import type { ContactsPanel } from '../../src/elements/contacts-panel/contacts-panel.js';
import { loadPhoneLibrary } from '../../src/model/phone.js';
import { deepElements, getByRole, waitFor } from '../helpers/queries.js';
import { seededRandom, serve, startWorker, stopWorker } from './mock-server.js';

const MAX_DELAY = 200;
const SEED = Number(new URLSearchParams(location.search).get('seed')) || 20261125;

/** Keystroke scripts: letters typed, Backspace (\b) and whole-field replacement (\u0018). */
const SCRIPTS = [
  'maria',
  'mar\b\b\bjos\be',
  'silva\b\b\b\b\bgon',
  'an\ba\u0018lu',
  '55 11\b\b\b\b\b+1',
  'zz\b\bxq',
];

interface Shown {
  total: number;
  names: string[];
}

/** What the panel shows: the result count and the names of the rendered rows, in order. */
function shown(el: ContactsPanel): Shown | undefined {
  const list = el.shadowRoot!.querySelector('[role="listbox"]');
  if (!list) {
    const empty = el.shadowRoot!.querySelector('[part~="empty"]');
    return empty ? { total: 0, names: [] } : undefined;
  }
  if (list.getAttribute('aria-busy') === 'true') return undefined;
  const rows = deepElements(list)
    .filter(node => node.getAttribute('role') === 'option')
    .sort(
      (a, b) => Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset')),
    );
  if (rows.some(row => row.matches('[part~="row-loading"]'))) return undefined;
  return {
    total: Number(rows[0]?.getAttribute('aria-setsize') ?? 0),
    names: rows.map(row => row.querySelector('.name')?.textContent ?? ''),
  };
}

async function expected(store: InMemoryContactsAdapter, search: string, count: number) {
  const page = await store.listContacts({ search: search.trim() || undefined, limit: 500 });
  return { total: page.total, names: page.items.slice(0, count).map(c => c.name) };
}

/** Types with random pauses, some shorter and some longer than the server takes to answer. */
async function typeScript(script: string, random: () => number) {
  for (const char of script) {
    await new Promise(resolve => setTimeout(resolve, Math.floor(random() * MAX_DELAY * 1.5)));
    if (char === '\b') await sendKeys({ press: 'Backspace' });
    else if (char === '\u0018') {
      await sendKeys({ down: 'Control' });
      await sendKeys({ press: 'a' });
      await sendKeys({ up: 'Control' });
      await sendKeys({ press: 'Backspace' });
    } else await sendKeys({ type: char });
  }
}

/** Waits until the panel shows the results of the final query and nothing is left on its way. */
async function settlesOnLastQuery(
  el: ContactsPanel,
  store: InMemoryContactsAdapter,
  busy: () => boolean,
) {
  const search = getByRole(el, 'searchbox', { name: 'Search contacts' }) as HTMLInputElement;
  const query = search.value;
  let last: Shown | undefined;
  let want: Shown | undefined;
  const deadline = performance.now() + 8000;
  for (;;) {
    last = shown(el);
    want = last ? await expected(store, query, last.names.length) : undefined;
    if (last && want && !busy() && JSON.stringify(last) === JSON.stringify(want)) break;
    if (performance.now() > deadline) {
      throw new Error(
        `After typing, "${query}" shows ${JSON.stringify(last)}; expected ${JSON.stringify(want)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 25));
  }
  // Answers to earlier queries still on their way must not replace it.
  await new Promise(resolve => setTimeout(resolve, MAX_DELAY * 2));
  expect(shown(el), `"${query}" after late answers`).to.deep.equal(want);
  return { query, total: want.total };
}

async function mount(adapter: ContactsAdapter) {
  const el = await fixture<ContactsPanel>(
    html`<contacts-panel .adapter=${adapter}></contacts-panel>`,
  );
  await waitFor(() => shown(el)?.total, 5000, 'the first page');
  return el;
}

/** The in-memory adapter behind random delays; it answers every search, even aborted ones. */
function lateAnswers(store: InMemoryContactsAdapter, random: () => number) {
  let pending = 0;
  let answered = 0;
  const adapter = new Proxy(store, {
    get(target, prop) {
      if (prop !== 'listContacts') return Reflect.get(target, prop);
      return async (query: ContactQuery = {}) => {
        pending++;
        try {
          await new Promise(resolve => setTimeout(resolve, Math.floor(random() * MAX_DELAY)));
          return await target.listContacts(query);
        } finally {
          pending--;
          answered++;
        }
      };
    },
  }) as ContactsAdapter;
  return {
    adapter,
    get pending() {
      return pending;
    },
    get answered() {
      return answered;
    },
  };
}

describe('out-of-order search answers', () => {
  before(async function () {
    this.timeout(30_000);
    await Promise.all([startWorker(), loadPhoneLibrary()]);
    console.log(`[reliability] out-of-order search: seed ${SEED} (?seed= to replay)`);
  });
  after(() => stopWorker());

  it('REST over msw with random delays: the list ends on the last query', async function () {
    this.timeout(60_000);
    const server = serve({
      store: new InMemoryContactsAdapter({ data: generateDataset({ contacts: 300 }) }),
    });
    server.jitter(MAX_DELAY, seededRandom(SEED));
    const el = await mount(server.adapter);
    const search = getByRole(el, 'searchbox', { name: 'Search contacts' });
    search.focus();
    const before = server.log.length;
    const pauses = seededRandom(SEED + 2);
    for (const script of SCRIPTS) {
      await typeScript(script, pauses);
      await settlesOnLastQuery(el, server.store, () => server.inFlight > 0);
    }
    console.log(
      `[reliability] out-of-order (REST): ${SCRIPTS.length} scripts, ${server.log.length - before} requests`,
    );
  });

  it('an adapter that answers even aborted searches, late: stale answers are dropped', async function () {
    this.timeout(60_000);
    const store = new InMemoryContactsAdapter({ data: generateDataset({ contacts: 300 }) });
    const late = lateAnswers(store, seededRandom(SEED + 1));
    const el = await mount(late.adapter);
    getByRole(el, 'searchbox', { name: 'Search contacts' }).focus();
    const pauses = seededRandom(SEED + 3);
    for (const script of SCRIPTS) {
      await typeScript(script, pauses);
      await settlesOnLastQuery(el, store, () => late.pending > 0);
    }
    console.log(`[reliability] out-of-order (late in-memory): ${late.answered} answers`);
  });
});
