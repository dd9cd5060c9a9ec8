/**
 * `<contacts-panel>` over an adapter whose totals are lower bounds (`totalExact: false`), as a
 * server that stops counting a broad search answers: the in-memory adapter wrapped so that every
 * page's total counts only the records up to its end while more follow (the least a lower bound
 * may say). The list must still reach every record, by scrolling, by End and by type-ahead, and
 * say "50+ contacts" until the end settles the exact count.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/contacts-panel/define.js';

import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import { reshapeAdapter } from '../../src/adapter/reshape/reshape-adapter.js';
import type { ContactsAdapter } from '../../src/adapter/types.js';
import type { ContactsPanel } from '../../src/elements/contacts-panel/contacts-panel.js';
import { en } from '../../src/i18n/en/index.js';
import { es } from '../../src/i18n/es.js';
import { ptBR } from '../../src/i18n/pt-BR.js';
import type { Translation } from '../../src/i18n/translation.js';
import { findByRole, nameOf, queryAllByRole, waitFor } from '../helpers/queries.js';
import { contact } from './contacts-fixtures.js';

const COUNT = 260;
const pad = (i: number) => String(i).padStart(3, '0');
const NAMES = Array.from({ length: COUNT }, (_, i) => `Person ${pad(i)}`);

/** Lower-bound totals over COUNT contacts, served in name order, 50 to a page. */
function boundedAdapter(): ContactsAdapter {
  const contacts = NAMES.map((name, i) =>
    contact({ id: `ct_${pad(i)}`, name, email: `p${pad(i)}@example.com` }),
  );
  const inner = new InMemoryContactsAdapter({
    data: { companies: [], contacts, conversations: [] },
  });
  return reshapeAdapter(inner, { totalCap: 0 });
}

const WAIT = 6000;

async function mount(adapter: ContactsAdapter) {
  return fixture<ContactsPanel>(html`<contacts-panel .adapter=${adapter}></contacts-panel>`);
}

const optionsOf = (list: HTMLElement) => queryAllByRole(list, 'option');

function announced(el: Element, text: string | RegExp) {
  const matches = (said: string) => (typeof text === 'string' ? said === text : text.test(said));
  return waitFor(
    () =>
      queryAllByRole(el, 'status').some(status => matches(status.textContent?.trim() ?? '')) ||
      undefined,
    WAIT,
    `announcement "${text}"`,
  );
}

function activeOption(list: HTMLElement): HTMLElement | null {
  const id = list.getAttribute('aria-activedescendant');
  return id ? list.querySelector<HTMLElement>(`#${id}`) : null;
}

/** The active option once it is the contact named `name`. */
function activeNamed(list: HTMLElement, name: string): Promise<HTMLElement> {
  return waitFor(
    () => {
      const active = activeOption(list);
      return active && nameOf(active).startsWith(name) ? active : undefined;
    },
    WAIT,
    `${name} active`,
  );
}

/** A panel over lower-bound totals, its first answer in, its list focused. */
async function focusedList(): Promise<{ el: ContactsPanel; list: HTMLElement }> {
  const el = await mount(boundedAdapter());
  const list = await findByRole(el, 'listbox', { name: 'Contacts' }, WAIT);
  await announced(el, '50+ contacts');
  list.focus();
  return { el, list };
}

/**
 * The rendered options once none of them is still loading. By their role attribute: computing
 * roles and names of some seventy options on every poll would take seconds per step.
 */
function loadedOptions(list: HTMLElement): Promise<HTMLElement[]> {
  return waitFor(
    () => {
      const options = [...list.querySelectorAll<HTMLElement>('[role="option"]')];
      return options.length && options.every(o => !o.classList.contains('loading'))
        ? options
        : undefined;
    },
    WAIT,
    'loaded options',
  );
}

describe('contacts-panel over lower-bound totals', () => {
  it('says "50+ contacts", reaches every contact by scrolling, then says the exact count', async () => {
    // A tall panel, so each scroll step shows many rows: scroll events come once a frame.
    const el = await fixture<ContactsPanel>(
      html`<contacts-panel
        style="block-size: 3200px"
        .adapter=${boundedAdapter()}
      ></contacts-panel>`,
    );
    const list = await findByRole(el, 'listbox', { name: 'Contacts' }, WAIT);
    // The first rows fill more than the first page: the count known may have grown already.
    await announced(el, /^(50|100)\+ contacts$/);
    const first = (await loadedOptions(list))[0]!;
    expect(first.getAttribute('aria-setsize')).to.equal('-1');
    expect(nameOf(first)).to.match(/^Person 000/);

    const seen = new Set<string>();
    for (let step = 0; step < 40; step++) {
      for (const option of await loadedOptions(list)) {
        seen.add(option.textContent!.trim().slice(0, 10));
      }
      const bottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 1;
      if (bottom && optionsOf(list).at(-1)!.getAttribute('aria-setsize') === String(COUNT)) break;
      // A viewport at a time: the options rendered around it overlap the previous ones.
      list.scrollTop += Math.max(48, list.clientHeight);
      await new Promise(resolve => requestAnimationFrame(resolve));
    }
    expect([...seen].sort()).to.deep.equal(NAMES);
    await announced(el, '260 contacts');
    const last = optionsOf(list).at(-1)!;
    expect(nameOf(last)).to.match(/^Person 259/);
    expect(last.getAttribute('aria-posinset')).to.equal('260');
  });

  it('reaches the last contact with End, past the total first known', async () => {
    const { el, list } = await focusedList();
    await sendKeys({ press: 'End' });
    const option = await activeNamed(list, 'Person 259');
    expect(option.getAttribute('aria-posinset')).to.equal('260');
    expect(option.getAttribute('aria-setsize')).to.equal('260');
    await announced(el, '260 contacts');
    await sendKeys({ press: 'ArrowUp' });
    await waitFor(() => activeOption(list)?.getAttribute('aria-posinset') === '259', WAIT);
  });

  it('lands type-ahead on a contact past the total first known', async () => {
    const { list } = await focusedList();
    await sendKeys({ type: 'person 21' });
    const option = await activeNamed(list, 'Person 210');
    expect(option.getAttribute('aria-posinset')).to.equal('211');
  });

  it('words a lower bound in Portuguese and Spanish too', () => {
    const words = (t: Translation, count: (n: number, formatted: string) => string, n: string) =>
      count(1000, t.panel.atLeast(n));
    expect(words(ptBR, ptBR.panel.contactCount, '1.000')).to.equal('1.000+ contatos');
    expect(words(ptBR, ptBR.panel.companyCount, '1.000')).to.equal('1.000+ empresas');
    expect(words(es, es.panel.contactCount, '1000')).to.equal('1000+ contactos');
    expect(words(es, es.panel.pendingCount, '1000')).to.equal(
      '1000+ contactos con acciones pendientes',
    );
    expect(words(en, en.panel.companyCount, '1,000')).to.equal('1,000+ companies');
  });
});
