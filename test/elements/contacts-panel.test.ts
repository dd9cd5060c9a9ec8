import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/contacts-panel/define.js';

import { provideContactsAdapter } from '../../src/adapter/context.js';
import { ContactsError } from '../../src/adapter/errors.js';
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { InMemoryAdapterOptions } from '../../src/adapter/in-memory/in-memory-adapter.js';
import { generateDataset } from '../../src/adapter/seed/generate.js';
import type { ContactQuery, ContactsAdapter, RequestOptions } from '../../src/adapter/types.js';
import type { ContactsPanel } from '../../src/elements/contacts-panel/contacts-panel.js';
import type { ContactsErrorEvent } from '../../src/events/contacts-error.js';
import type { ContactsSelectEvent } from '../../src/events/contacts-select.js';
import { loadPhoneLibrary } from '../../src/model/phone.js';
import type { Contact } from '../../src/model/types.js';
import {
  deepElements,
  findByRole,
  getByRole,
  nameOf,
  queryAllByRole,
  queryByRole,
  waitFor,
} from '../helpers/queries.js';
import { AT, company, contact, deepActiveElement, spy, typeInto } from './contacts-fixtures.js';

// ---- Data -------------------------------------------------------------------------------------

const ACME = company({ id: 'co_acme', name: 'Acme Ltda', domain: 'acme.com.br' });
const GLOBEX = company({ id: 'co_globex', name: 'Globex', domain: 'globex.com' });

const ANA = contact({
  id: 'ct_ana',
  name: 'Ana Souza',
  email: 'ana@example.com',
  phone: '+5511987654321',
  companyId: ACME.id,
});
const BRUNO = contact({
  id: 'ct_bruno',
  name: 'Bruno Lima',
  email: 'bruno@example.com',
  companyId: GLOBEX.id,
});
const JOSE = contact({
  id: 'ct_jose',
  name: 'José Álvarez',
  email: 'jose@example.org',
  phone: '+34612345678',
});
const PENDING = contact({
  id: 'ct_pending',
  name: 'insta.fan',
  nameSource: 'channel',
  identities: [{ channel: 'instagram', address: 'insta.fan', lastSeenAt: AT }],
  pendingActions: [{ id: 'pa_1', type: 'add-contact-info', createdAt: AT }],
});
const ZOE = contact({ id: 'ct_zoe', name: 'Zoë Kim', phone: '+14155550123' });

/** In the adapters' order (by folded name). */
const ALL = [ANA, BRUNO, PENDING, JOSE, ZOE];

function makeAdapter(options: Omit<InMemoryAdapterOptions, 'data'> = {}) {
  return new InMemoryContactsAdapter({
    data: structuredClone({ companies: [ACME, GLOBEX], contacts: ALL, conversations: [] }),
    ...options,
  });
}

/**
 * A million contacts computed from their position (`Person 0000000` …), so the list can be driven
 * to its end without holding a million records in the test page.
 */
function millionAdapter(count = 1_000_000): ContactsAdapter {
  const pad = (i: number) => String(i).padStart(7, '0');
  const make = (i: number): Contact =>
    contact({ id: `p${pad(i)}`, name: `Person ${pad(i)}`, email: `p${pad(i)}@example.com` });
  const none = () => Promise.reject(new ContactsError('unavailable', 'Not part of this test.'));
  const empty = { items: [], total: 0, offset: 0, nextCursor: null };
  return {
    async listContacts(query: ContactQuery = {}) {
      if (query.search || query.pending) return empty;
      const limit = query.limit ?? 50;
      const start = query.cursor ? Number(query.cursor) + 1 : Math.min(count, query.offset ?? 0);
      const items: Contact[] = [];
      for (let i = start; i < Math.min(count, start + limit); i++) items.push(make(i));
      const end = start + items.length;
      return {
        items,
        total: count,
        offset: start,
        nextCursor: end < count ? String(end - 1) : null,
      };
    },
    getContact: async (id: string) => make(Number(id.slice(1))),
    listCompanies: async () => empty,
    listConversations: async () => [],
    getCompany: none,
    createContact: none,
    updateContact: none,
    createCompany: none,
    updateCompany: none,
    startConversation: none,
    resolveConversation: none,
  };
}

// ---- Helpers ----------------------------------------------------------------------------------

async function mount(adapter: ContactsAdapter | undefined) {
  return fixture<ContactsPanel>(html`<contacts-panel .adapter=${adapter}></contacts-panel>`);
}

/** Generous, for a loaded CI box; nothing here measures time. */
const WAIT = 6000;

function listOf(el: Element, name = 'Contacts') {
  return findByRole(el, 'listbox', { name }, WAIT);
}

function optionsOf(list: HTMLElement): HTMLElement[] {
  return queryAllByRole(list, 'option');
}

function optionNamed(list: HTMLElement, name: string): Promise<HTMLElement> {
  return waitFor(
    () => optionsOf(list).find(option => nameOf(option).startsWith(name)),
    WAIT,
    `option ${name}`,
  );
}

function namesOf(list: HTMLElement): string[] {
  return optionsOf(list).map(nameOf);
}

function activeOption(list: HTMLElement): HTMLElement | null {
  const id = list.getAttribute('aria-activedescendant');
  return id ? list.querySelector<HTMLElement>(`#${id}`) : null;
}

function statuses(el: Element): string[] {
  return queryAllByRole(el, 'status').map(status => status.textContent?.trim() ?? '');
}

function announced(el: Element, text: string) {
  return waitFor(() => statuses(el).includes(text), WAIT, `announcement "${text}"`);
}

/** Whether every pixel of `option` lies inside the list's viewport. */
function inView(list: HTMLElement, option: HTMLElement): boolean {
  const outer = list.getBoundingClientRect();
  const inner = option.getBoundingClientRect();
  return inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
}

/** The option at the top edge of the viewport. */
function topOption(list: HTMLElement): HTMLElement | undefined {
  const edge = list.getBoundingClientRect().top + 1;
  return optionsOf(list).find(option => {
    const rect = option.getBoundingClientRect();
    return rect.top <= edge && rect.bottom > edge;
  });
}

/** Every node (elements, text, comments) in the element's tree, shadow roots included. */
function countNodes(root: Node): number {
  let count = 0;
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      count++;
      walk(child);
    }
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
  };
  walk(root);
  return count;
}

/**
 * Waits for focus to reach `element`. Compares by identity and names the culprit in the failure:
 * chai's diff of two custom elements walks their whole object graphs and can stall the browser.
 */
function focused(element: Element) {
  return waitFor(
    () => deepActiveElement() === element,
    WAIT,
    `focus on <${element.localName}> "${nameOf(element)}" (focus was on "${deepActiveElement()?.localName}")`,
  );
}

async function press(...keys: string[]) {
  for (const key of keys) await sendKeys({ press: key });
}

/** The in-memory adapter whose contact searches wait for the test to release them. */
function gatedAdapter() {
  const base = makeAdapter();
  const gates = new Map<string, Promise<void>>();
  const signals = new Map<string, AbortSignal[]>();
  const adapter = new Proxy(base, {
    get(target, prop) {
      if (prop !== 'listContacts') return Reflect.get(target, prop);
      return async (query: ContactQuery = {}, options: RequestOptions = {}) => {
        const key = query.search ?? '';
        if (options.signal && !query.pending) {
          signals.set(key, [...(signals.get(key) ?? []), options.signal]);
        }
        await gates.get(key);
        // Deliberately ignores the abort: a late answer must still never win.
        return target.listContacts(query);
      };
    },
  });
  return {
    adapter,
    signals,
    hold(search: string) {
      let release!: () => void;
      gates.set(search, new Promise<void>(resolve => (release = resolve)));
      return () => release();
    },
  };
}

/** `adapter`, noting the search of every pending count asked of it (in `counted`). */
function countingPending(adapter: ContactsAdapter) {
  const counted: string[] = [];
  const spied = new Proxy(adapter, {
    get(target, prop) {
      if (prop !== 'listContacts') return Reflect.get(target, prop);
      return (query: ContactQuery = {}, options?: RequestOptions) => {
        if (query.pending) counted.push(query.search ?? '');
        return target.listContacts(query, options);
      };
    },
  });
  return { spied, counted };
}

// ---- Tests ------------------------------------------------------------------------------------

describe('<contacts-panel>', () => {
  before(async function () {
    // The details format phone numbers with a library loaded on first use; the first load through
    // the test server can outlast a query's timeout.
    this.timeout(30_000);
    await loadPhoneLibrary();
  });

  describe('accessibility in every state', () => {
    it('passes axe with no adapter, and says so', async () => {
      const el = await mount(undefined);
      expect(el.shadowRoot!.textContent).to.contain('No data adapter connected');
      expect(queryByRole(el, 'listbox')).to.be.null;
      await expect(el).to.be.accessible();
    });

    it('passes axe while loading (skeleton rows), then when populated', async () => {
      const el = await mount(makeAdapter({ latency: 300 }));
      await announced(el, 'Loading contacts…');
      expect(el.shadowRoot!.querySelector('[part~="skeleton"]')).to.exist;
      expect(queryByRole(el, 'listbox')).to.be.null;
      await expect(el).to.be.accessible();
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      await expect(el).to.be.accessible();
    });

    it('passes axe when there are no records at all, offering New contact', async () => {
      const el = await mount(new InMemoryContactsAdapter());
      await waitFor(() => el.shadowRoot!.textContent!.includes('No contacts yet'));
      const buttons = queryAllByRole(el, 'button', { name: 'New contact' });
      expect(buttons.length).to.equal(2);
      await announced(el, 'No contacts yet');
      await expect(el).to.be.accessible();
      buttons[1]!.click();
      await findByRole(el, 'dialog', { name: 'New contact' });
    });

    it('passes axe with an error, fires contacts-error, and recovers with Retry', async () => {
      const adapter = spy(makeAdapter());
      adapter.failNext('listContacts', 1, new ContactsError('network', 'offline'));
      const errors: ContactsErrorEvent[] = [];
      const wrapper = await fixture<HTMLDivElement>(
        html`<div @contacts-error=${(event: ContactsErrorEvent) => errors.push(event)}>
          <contacts-panel .adapter=${adapter}></contacts-panel>
        </div>`,
      );
      const el = wrapper.querySelector('contacts-panel')!;
      const alert = await findByRole(el, 'alert');
      expect(alert.textContent).to.contain('Could not load contacts');
      expect(alert.textContent).to.contain('Could not reach the server');
      expect(errors).to.have.length(1);
      expect(errors[0]!.detail.operation).to.equal('list-contacts');
      expect(errors[0]!.bubbles && errors[0]!.composed).to.be.true;
      await expect(el).to.be.accessible();
      getByRole(el, 'button', { name: 'Retry' }).click();
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      expect(queryByRole(el, 'alert')).to.be.null;
    });

    it('passes axe with the create dialog open', async () => {
      const el = await mount(makeAdapter());
      await optionNamed(await listOf(el), 'Ana Souza');
      getByRole(el, 'button', { name: 'New contact' }).click();
      await findByRole(el, 'dialog', { name: 'New contact' });
      await expect(el).to.be.accessible();
    });

    it('passes axe with a selection, in companies, and in RTL', async () => {
      const el = await mount(makeAdapter());
      el.selectedId = ANA.id;
      await findByRole(el, 'heading', { name: 'Ana Souza' });
      await optionNamed(await listOf(el), 'Ana Souza');
      await expect(el).to.be.accessible();
      el.tab = 'companies';
      await optionNamed(await listOf(el, 'Companies'), 'Acme Ltda');
      await expect(el).to.be.accessible();
      el.setAttribute('dir', 'rtl');
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults and adapter resolution', () => {
    it('shows tabs, search, plus button and the list of contacts', async () => {
      const el = await mount(makeAdapter());
      expect(el.tab).to.equal('contacts');
      expect(el.getAttribute('tab')).to.equal('contacts');
      getByRole(el, 'tablist');
      getByRole(el, 'searchbox', { name: 'Search contacts' });
      getByRole(el, 'button', { name: 'New contact' });
      const list = await listOf(el);
      await optionNamed(list, 'Zoë Kim');
      expect(namesOf(list).map(name => name.split(' ')[0])).to.deep.equal([
        'Ana',
        'Bruno',
        'insta.fan',
        'José',
        'Zoë',
      ]);
      const ana = await optionNamed(list, 'Ana Souza');
      // Name first, then how to reach the contact, then the company.
      await waitFor(() => nameOf(ana).includes('Acme Ltda'));
      expect(nameOf(ana)).to.match(/^Ana Souza.*ana@example\.com.*Acme Ltda/);
      expect(ana.getAttribute('aria-posinset')).to.equal('1');
      expect(ana.getAttribute('aria-setsize')).to.equal('5');
      expect(ana.getAttribute('aria-selected')).to.equal('false');
      expect(nameOf(await optionNamed(list, 'insta.fan'))).to.contain('Pending action');
      await announced(el, '5 contacts');
    });

    it('takes the adapter from context, and an explicit adapter wins', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div><contacts-panel></contacts-panel></div>`,
      );
      provideContactsAdapter(wrapper, makeAdapter());
      const el = wrapper.querySelector('contacts-panel')!;
      await optionNamed(await listOf(el), 'Ana Souza');
      el.adapter = new InMemoryContactsAdapter({
        data: { contacts: [contact({ id: 'ct_x', name: 'Xavier Explicit', email: 'x@x.io' })] },
      });
      await el.updateComplete;
      const list = await listOf(el);
      await optionNamed(list, 'Xavier Explicit');
      expect(namesOf(list)).to.have.length(1);
    });
  });

  describe('tabs', () => {
    it('follows the tabs pattern: arrows, Home and End move and activate', async () => {
      const el = await mount(makeAdapter());
      const contacts = await findByRole(el, 'tab', { name: 'Contacts' });
      const companies = getByRole(el, 'tab', { name: 'Companies' });
      expect(contacts.getAttribute('aria-selected')).to.equal('true');
      expect(companies.getAttribute('aria-selected')).to.equal('false');
      expect(contacts.tabIndex).to.equal(0);
      expect(companies.tabIndex).to.equal(-1);
      getByRole(el, 'tabpanel', { name: 'Contacts' });

      contacts.focus();
      await press('ArrowRight');
      await waitFor(() => companies.getAttribute('aria-selected') === 'true');
      await focused(companies);
      expect(el.tab).to.equal('companies');
      await waitFor(() => el.getAttribute('tab') === 'companies');
      getByRole(el, 'tabpanel', { name: 'Companies' });
      getByRole(el, 'searchbox', { name: 'Search companies' });
      getByRole(el, 'button', { name: 'New company' });
      const list = await listOf(el, 'Companies');
      await optionNamed(list, 'Globex');
      expect(queryByRole(el, 'button', { name: /^Pending actions/ })).to.be.null;

      await press('ArrowRight');
      await waitFor(() => el.tab === 'contacts');
      await focused(contacts);
      await press('End');
      await waitFor(() => el.tab === 'companies');
      await focused(companies);
      await press('Home');
      await waitFor(() => el.tab === 'contacts');
      await press('ArrowLeft');
      await waitFor(() => el.tab === 'companies');
    });

    it('remembers each tab search, selection and scroll position', async () => {
      const el = await mount(makeAdapter());
      await optionNamed(await listOf(el), 'Ana Souza');
      typeInto(getByRole(el, 'searchbox', { name: 'Search contacts' }), 'bru');
      await waitFor(async () => namesOf(await listOf(el)).length === 1);
      el.selectedId = BRUNO.id;
      await el.updateComplete;
      el.tab = 'companies';
      await optionNamed(await listOf(el, 'Companies'), 'Acme Ltda');
      expect(el.selectedId).to.be.null;
      expect(
        (getByRole(el, 'searchbox', { name: 'Search companies' }) as HTMLInputElement).value,
      ).to.equal('');
      el.tab = 'contacts';
      await el.updateComplete;
      expect(el.selectedId).to.equal(BRUNO.id);
      expect(
        (getByRole(el, 'searchbox', { name: 'Search contacts' }) as HTMLInputElement).value,
      ).to.equal('bru');
    });
  });

  describe('search', () => {
    it('finds contacts by name, ignoring case and accents, and announces the count', async () => {
      const el = await mount(makeAdapter());
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      const search = getByRole(el, 'searchbox', { name: 'Search contacts' });
      typeInto(search, 'jose');
      await waitFor(() => namesOf(list).length === 1);
      expect(namesOf(list)[0]).to.match(/^José Álvarez/);
      await announced(el, '1 contact');
      typeInto(search, 'ÁLVAREZ');
      await announced(el, '1 contact');
      expect(namesOf(list)[0]).to.match(/^José Álvarez/);
      typeInto(search, 'zoe');
      await waitFor(() => namesOf(list)[0]?.startsWith('Zoë Kim'));
      typeInto(search, 'a');
      await waitFor(() => namesOf(list).length > 1);
      await announced(el, `${namesOf(list).length} contacts`);
    });

    it('finds contacts by email and by phone digits however they are typed', async () => {
      const el = await mount(makeAdapter());
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      const search = getByRole(el, 'searchbox', { name: 'Search contacts' });
      typeInto(search, 'bruno@example');
      await waitFor(() => namesOf(list).length === 1 && namesOf(list)[0]!.startsWith('Bruno'));
      typeInto(search, '98765-4321');
      await waitFor(() => namesOf(list).length === 1 && namesOf(list)[0]!.startsWith('Ana'));
      typeInto(search, '(11) 98765');
      await waitFor(() => namesOf(list).length === 1 && namesOf(list)[0]!.startsWith('Ana'));
    });

    it('finds companies by name or domain', async () => {
      const el = await mount(makeAdapter());
      el.tab = 'companies';
      const list = await listOf(el, 'Companies');
      await optionNamed(list, 'Acme Ltda');
      const search = getByRole(el, 'searchbox', { name: 'Search companies' });
      typeInto(search, 'globex.com');
      await waitFor(() => namesOf(list).length === 1 && namesOf(list)[0]!.startsWith('Globex'));
      await announced(el, '1 company');
      typeInto(search, 'ACME');
      await waitFor(() => namesOf(list)[0]?.startsWith('Acme Ltda'));
    });

    it('says what was searched when nothing matches', async () => {
      const el = await mount(makeAdapter());
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      typeInto(getByRole(el, 'searchbox', { name: 'Search contacts' }), 'xyz');
      await waitFor(() => el.shadowRoot!.textContent!.includes('No contacts match "xyz"'));
      expect(queryByRole(el, 'listbox')).to.be.null;
      await announced(el, 'No contacts match "xyz"');
      await expect(el).to.be.accessible();
      getByRole(el, 'button', { name: 'Clear search' }).click();
      const search = getByRole(el, 'searchbox', { name: 'Search contacts' }) as HTMLInputElement;
      await focused(search);
      expect(search.value).to.equal('');
      await waitFor(async () => namesOf(await listOf(el)).length === 5);
    });

    it('never lets a stale answer replace a newer one, and aborts the old request', async () => {
      const { adapter, signals, hold } = gatedAdapter();
      const el = await mount(adapter);
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      const release = hold('a');
      const search = getByRole(el, 'searchbox', { name: 'Search contacts' });
      typeInto(search, 'a');
      await waitFor(() => signals.get('a')?.length);
      typeInto(search, 'bru');
      await waitFor(() => namesOf(list).length === 1 && namesOf(list)[0]!.startsWith('Bruno'));
      expect(signals.get('a')![0]!.aborted).to.be.true;
      release();
      // Give the late answer every chance to land.
      await new Promise(resolve => setTimeout(resolve, 50));
      await el.updateComplete;
      expect(namesOf(list)).to.have.length(1);
      expect(namesOf(list)[0]).to.match(/^Bruno/);
      await announced(el, '1 contact');
    });

    /** A panel whose adapter took 120 ms to answer the first list: slow enough for a pause in typing. */
    async function slowPanel() {
      const { adapter, hold, signals } = gatedAdapter();
      setTimeout(hold(''), 120);
      const el = await mount(adapter);
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      const search = getByRole(el, 'searchbox', { name: 'Search contacts' });
      return { el, list, search, hold, signals };
    }

    it('asks a slow adapter at once after a pause, and after a pause while the agent types on', async () => {
      const { el, list, search, hold, signals } = await slowPanel();
      const release = hold('z');
      typeInto(search, 'z');
      await el.updateComplete;
      expect(signals.has('z'), 'the first keystroke after a pause is asked at once').to.be.true;
      typeInto(search, 'zo');
      await el.updateComplete;
      expect(signals.get('z')![0]!.aborted, 'the search overtaken is abandoned').to.be.true;
      expect(signals.has('zo'), 'a keystroke while a search is on its way waits').to.be.false;
      expect(list.getAttribute('aria-busy'), 'the list while the search waits').to.equal('true');
      release();
      await waitFor(() => namesOf(list).length === 1);
      expect(signals.get('zo')).to.have.length(1);
    });

    it('drops a search waiting for a pause when the panel is removed, and asks it once back', async () => {
      const { el, search, hold, signals } = await slowPanel();
      hold('z');
      typeInto(search, 'z');
      typeInto(search, 'zo');
      await el.updateComplete;
      expect(signals.has('zo'), 'a keystroke while a search is on its way waits').to.be.false;
      const parent = el.parentNode!;
      el.remove();
      // Past the longest pause in typing (300 ms): a search sent now would be read by nobody.
      await new Promise(resolve => setTimeout(resolve, 500));
      expect(signals.has('zo'), 'the waiting search after the panel was removed').to.be.false;
      parent.appendChild(el);
      const back = await listOf(el);
      await waitFor(() => namesOf(back).length === 1, WAIT, 'the results of "zo"');
      expect(namesOf(back)[0]).to.match(/^Zoë Kim/);
      expect(back.getAttribute('aria-busy')).to.equal('false');
      expect(signals.get('zo')).to.have.length(1);
    });

    it('counts the pending contacts of a search once its rows are in, not beside it', async () => {
      const { adapter, hold } = gatedAdapter();
      const { spied, counted } = countingPending(adapter);
      const el = await mount(spied);
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      const release = hold('zo');
      typeInto(getByRole(el, 'searchbox', { name: 'Search contacts' }), 'zo');
      // Frames go by while the search is on its way: the count waits for its rows.
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(counted).not.to.include('zo');
      release();
      await waitFor(() => namesOf(list).length === 1);
      await waitFor(() => counted.includes('zo'), WAIT, 'the count asked after the rows');
    });

    it('abandons the pending count of the search before when the agent types on', async () => {
      const { adapter, hold } = gatedAdapter();
      const counts = new Map<string, AbortSignal>();
      const spied = new Proxy(adapter, {
        get(target, prop) {
          if (prop !== 'listContacts') return Reflect.get(target, prop);
          return (query: ContactQuery = {}, options: RequestOptions = {}) => {
            if (!query.pending) return target.listContacts(query, options);
            // A count that answers only by failing once abandoned.
            const signal = options.signal!;
            counts.set(query.search ?? '', signal);
            return new Promise((_, reject) =>
              signal.addEventListener('abort', () => reject(signal.reason)),
            );
          };
        },
      });
      const el = await mount(spied);
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      const search = getByRole(el, 'searchbox', { name: 'Search contacts' });
      typeInto(search, 'zo');
      await waitFor(() => counts.has('zo'), WAIT, 'the count of "zo"');
      hold('zoe');
      typeInto(search, 'zoe');
      await el.updateComplete;
      expect(counts.get('zo')!.aborted, 'the count of "zo" once "zoe" is on its way').to.be.true;
    });

    it('asks the pending count once typing pauses, not for each key answered', async () => {
      const { adapter } = gatedAdapter();
      const { spied, counted } = countingPending(adapter);
      const el = await mount(spied);
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      await waitFor(() => counted.includes(''), WAIT, 'the count of the whole list');
      const search = getByRole(el, 'searchbox', { name: 'Search contacts' });
      // A fast typist: each key's rows are painted before the next key, 80 ms apart.
      for (const text of ['z', 'zo', 'zoe']) {
        typeInto(search, text);
        await el.updateComplete;
        await waitFor(() => list.getAttribute('aria-busy') === 'false');
        await new Promise(resolve => setTimeout(resolve, 80));
      }
      await waitFor(() => counted.includes('zoe'), WAIT, 'the count once typing paused');
      expect(counted).to.deep.equal(['', 'zoe']);
    });

    it('keeps the shown results while the next search loads', async () => {
      const { adapter, hold } = gatedAdapter();
      const el = await mount(adapter);
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      const release = hold('zo');
      typeInto(getByRole(el, 'searchbox', { name: 'Search contacts' }), 'zo');
      await waitFor(() => list.getAttribute('aria-busy') === 'true');
      expect(namesOf(list)).to.have.length(5);
      release();
      await waitFor(() => namesOf(list).length === 1);
      expect(list.getAttribute('aria-busy')).to.equal('false');
    });
  });

  describe('list keyboard', () => {
    it('moves with Up, Down, Home, End and type-ahead; Enter selects', async () => {
      const el = await mount(makeAdapter());
      const list = await listOf(el);
      await optionNamed(list, 'Zoë Kim');
      list.focus();
      await waitFor(() => activeOption(list)?.getAttribute('aria-posinset') === '1');
      await press('ArrowDown');
      await waitFor(() => nameOf(activeOption(list)!).startsWith('Bruno Lima'));
      await press('End');
      await waitFor(() => nameOf(activeOption(list)!).startsWith('Zoë Kim'));
      await press('ArrowDown');
      expect(activeOption(list)!.getAttribute('aria-posinset')).to.equal('5');
      await press('Home');
      await waitFor(() => nameOf(activeOption(list)!).startsWith('Ana Souza'));
      await press('ArrowUp');
      expect(activeOption(list)!.getAttribute('aria-posinset')).to.equal('1');
      await sendKeys({ type: 'jo' });
      await waitFor(() => nameOf(activeOption(list)!).startsWith('José Álvarez'));
      expect(el.selectedId).to.be.null;
      await press('Enter');
      await waitFor(() => el.selectedId === JOSE.id);
      expect(activeOption(list)!.getAttribute('aria-selected')).to.equal('true');
      await findByRole(el, 'heading', { name: 'José Álvarez' });
      await focused(list);
    });

    it('moves from the search field into the list with Down', async () => {
      const el = await mount(makeAdapter());
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      await el.focusSearch();
      await focused(getByRole(el, 'searchbox', { name: 'Search contacts' }));
      await press('ArrowDown');
      await focused(list);
    });

    describe('with 100,000 contacts', () => {
      let adapter: InMemoryContactsAdapter;

      before(function () {
        this.timeout(60_000);
        adapter = new InMemoryContactsAdapter({ data: generateDataset({ contacts: 100_000 }) });
      });

      it('reaches the last contact with End, with correct posinset and setsize', async () => {
        const el = await mount(adapter);
        const list = await listOf(el);
        await waitFor(() => optionsOf(list).length > 5);
        expect(optionsOf(list)[0]!.getAttribute('aria-setsize')).to.equal('100000');
        const [last] = (await adapter.listContacts({ offset: 99_999, limit: 1 })).items;
        list.focus();
        await press('End');
        const option = await waitFor(() => {
          const active = activeOption(list);
          return active && nameOf(active).startsWith(last!.name) ? active : undefined;
        });
        expect(option.getAttribute('aria-posinset')).to.equal('100000');
        expect(option.getAttribute('aria-setsize')).to.equal('100000');
        expect(inView(list, option)).to.be.true;
        await press('ArrowUp');
        await waitFor(() => activeOption(list)?.getAttribute('aria-posinset') === '99999');
        await press('Home');
        await waitFor(() => activeOption(list)?.getAttribute('aria-posinset') === '1');
        expect(inView(list, activeOption(list)!)).to.be.true;
        await press('PageDown');
        const paged = Number(activeOption(list)!.getAttribute('aria-posinset'));
        expect(paged).to.be.above(5);
        expect(inView(list, activeOption(list)!)).to.be.true;
        await press('PageUp');
        expect(activeOption(list)!.getAttribute('aria-posinset')).to.equal('1');
      });

      it('keeps the DOM small and loads rows as they scroll into view', async () => {
        const el = await mount(adapter);
        const list = await listOf(el);
        await waitFor(() => optionsOf(list).length > 5);
        const [middle] = (await adapter.listContacts({ offset: 50_000, limit: 1 })).items;
        list.scrollTop = 50_000 * 48;
        const option = await waitFor(() =>
          optionsOf(list).find(o => o.getAttribute('aria-posinset') === '50001'),
        );
        await waitFor(() => nameOf(option).startsWith(middle!.name));
        expect(inView(list, option)).to.be.true;
        expect(countNodes(el)).to.be.below(1500);
        expect(optionsOf(list).length).to.be.below(40);
      });

      it('keeps the active option in the DOM while the list scrolls away from it', async () => {
        const el = await mount(adapter);
        const list = await listOf(el);
        await waitFor(() => optionsOf(list).length > 5);
        list.focus();
        await press('ArrowDown', 'ArrowDown');
        const active = await waitFor(() => activeOption(list));
        const id = active.id;
        list.scrollTop = 30_000 * 48;
        await waitFor(() => optionsOf(list).some(o => o.getAttribute('aria-posinset') === '30001'));
        expect(list.getAttribute('aria-activedescendant')).to.equal(id);
        expect(list.querySelector(`#${id}`) === active).to.be.true;
        await press('ArrowDown');
        await waitFor(() => activeOption(list)?.getAttribute('aria-posinset') === '4');
        expect(inView(list, activeOption(list)!)).to.be.true;
      });

      it('selects a record far down the list with select(), scrolling to it', async () => {
        const el = await mount(adapter);
        const list = await listOf(el);
        await waitFor(() => optionsOf(list).length > 5);
        const [target] = (await adapter.listContacts({ offset: 77_777, limit: 1 })).items;
        await el.select(target!.id);
        const option = await waitFor(() => {
          const active = activeOption(list);
          return active?.getAttribute('aria-selected') === 'true' ? active : undefined;
        });
        expect(nameOf(option)).to.match(new RegExp(`^${target!.name}`));
        expect(Number(option.getAttribute('aria-posinset'))).to.be.within(77_770, 77_790);
        expect(inView(list, option)).to.be.true;
      });
    });

    describe('with 1,000,000 contacts (beyond the browser height limit)', () => {
      it('reaches and shows the very last contact with End', async () => {
        const el = await mount(millionAdapter());
        const list = await listOf(el);
        await waitFor(() => optionsOf(list).length > 5);
        const sizer = list.firstElementChild as HTMLElement;
        expect(sizer.getBoundingClientRect().height).to.be.at.most(8_200_000);
        list.focus();
        await press('End');
        const option = await waitFor(() => {
          const active = activeOption(list);
          return active && nameOf(active).startsWith('Person 0999999') ? active : undefined;
        });
        expect(option.getAttribute('aria-posinset')).to.equal('1000000');
        expect(option.getAttribute('aria-setsize')).to.equal('1000000');
        expect(inView(list, option)).to.be.true;
        expect(list.scrollTop + list.clientHeight).to.be.closeTo(list.scrollHeight, 2);
        await press('ArrowUp', 'ArrowUp');
        await waitFor(() => activeOption(list)?.getAttribute('aria-posinset') === '999998');
        expect(inView(list, activeOption(list)!)).to.be.true;
        expect(countNodes(el)).to.be.below(1500);
      });

      it('maps a scroll position proportionally, and type-ahead jumps by binary search', async () => {
        const el = await mount(millionAdapter());
        const list = await listOf(el);
        await waitFor(() => optionsOf(list).length > 5);
        list.scrollTop = (list.scrollHeight - list.clientHeight) / 2;
        await waitFor(() => {
          const top = topOption(list);
          const at = Number(top?.getAttribute('aria-posinset'));
          return at > 499_000 && at < 501_000 && nameOf(top!).startsWith('Person 0');
        });
        list.focus();
        await sendKeys({ type: 'person 0777' });
        const option = await waitFor(() => {
          const active = activeOption(list);
          return active && nameOf(active).startsWith('Person 0777000') ? active : undefined;
        });
        expect(option.getAttribute('aria-posinset')).to.equal('777001');
        expect(inView(list, option)).to.be.true;
      });
    });
  });

  describe('selection and contacts-select', () => {
    it('selects a clicked row, fires contacts-select and shows its details', async () => {
      const el = await mount(makeAdapter());
      const list = await listOf(el);
      const bruno = await optionNamed(list, 'Bruno Lima');
      setTimeout(() => bruno.click());
      const event = (await oneEvent(el, 'contacts-select')) as ContactsSelectEvent;
      expect(event.detail).to.deep.equal({ kind: 'contact', id: BRUNO.id });
      expect(event.cancelable && event.bubbles && event.composed).to.be.true;
      await waitFor(() => bruno.getAttribute('aria-selected') === 'true');
      expect(el.selectedId).to.equal(BRUNO.id);
      await findByRole(el, 'heading', { name: 'Bruno Lima' });
    });

    it('keeps the selection when contacts-select is prevented', async () => {
      const el = await mount(makeAdapter());
      el.selectedId = ANA.id;
      const list = await listOf(el);
      const ana = await optionNamed(list, 'Ana Souza');
      await waitFor(() => ana.getAttribute('aria-selected') === 'true');
      el.addEventListener('contacts-select', event => event.preventDefault());
      (await optionNamed(list, 'Bruno Lima')).click();
      await el.updateComplete;
      expect(el.selectedId).to.equal(ANA.id);
      expect(ana.getAttribute('aria-selected')).to.equal('true');
      await findByRole(el, 'heading', { name: 'Ana Souza' });
    });

    it('selects companies and shows the company', async () => {
      const el = await mount(makeAdapter());
      el.tab = 'companies';
      const list = await listOf(el, 'Companies');
      const globex = await optionNamed(list, 'Globex');
      setTimeout(() => globex.click());
      const event = (await oneEvent(el, 'contacts-select')) as ContactsSelectEvent;
      expect(event.detail).to.deep.equal({ kind: 'company', id: GLOBEX.id });
      await findByRole(el, 'heading', { name: 'Globex' });
    });

    it('follows the details to a related record', async () => {
      const el = await mount(makeAdapter());
      el.selectedId = ANA.id;
      await findByRole(el, 'heading', { name: 'Ana Souza' });
      (await findByRole(el, 'button', { name: 'Acme Ltda' })).click();
      await findByRole(el, 'heading', { name: 'Acme Ltda' });
      await waitFor(() => el.tab === 'companies' && el.selectedId === ACME.id);
      const list = await listOf(el, 'Companies');
      await waitFor(async () => (await optionNamed(list, 'Acme Ltda')).ariaSelected === 'true');
    });
  });

  describe('create dialog', () => {
    it('creates a contact, closes, and selects and shows it', async () => {
      const adapter = makeAdapter();
      const el = await mount(adapter);
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      getByRole(el, 'button', { name: 'New contact' }).click();
      const dialog = await findByRole(el, 'dialog', { name: 'New contact' });
      const name = getByRole(dialog, 'textbox', { name: 'Name' });
      await focused(name);
      typeInto(name, 'Carla Dias');
      typeInto(getByRole(dialog, 'textbox', { name: 'Email' }), 'carla@example.com');
      const selected = oneEvent(el, 'contacts-select');
      getByRole(dialog, 'button', { name: 'Save' }).click();
      const event = (await selected) as ContactsSelectEvent;
      await waitFor(() => !(dialog as HTMLDialogElement).open);
      const created = (await adapter.listContacts({ search: 'carla' })).items[0]!;
      expect(event.detail).to.deep.equal({ kind: 'contact', id: created.id });
      expect(el.selectedId).to.equal(created.id);
      await findByRole(el, 'heading', { name: 'Carla Dias' });
      const option = await optionNamed(list, 'Carla Dias');
      await waitFor(() => option.getAttribute('aria-selected') === 'true');
      await focused(list);
    });

    it('returns focus to the plus button on Cancel and on Escape, writing nothing', async () => {
      const adapter = spy(makeAdapter());
      const el = await mount(adapter);
      await optionNamed(await listOf(el), 'Ana Souza');
      const plus = getByRole(el, 'button', { name: 'New contact' });
      plus.click();
      let dialog = (await findByRole(el, 'dialog', { name: 'New contact' })) as HTMLDialogElement;
      getByRole(dialog, 'button', { name: 'Cancel' }).click();
      await waitFor(() => !dialog.open);
      await focused(plus);
      plus.click();
      dialog = (await findByRole(el, 'dialog', { name: 'New contact' })) as HTMLDialogElement;
      await focused(getByRole(dialog, 'textbox', { name: 'Name' }));
      await press('Escape');
      await waitFor(() => !dialog.open);
      await focused(plus);
      expect(adapter.calls.createContact).to.be.undefined;
    });

    it('creates a company from the companies tab', async () => {
      const el = await mount(makeAdapter());
      el.tab = 'companies';
      await optionNamed(await listOf(el, 'Companies'), 'Acme Ltda');
      getByRole(el, 'button', { name: 'New company' }).click();
      const dialog = await findByRole(el, 'dialog', { name: 'New company' });
      typeInto(getByRole(dialog, 'textbox', { name: 'Name' }), 'Initech');
      typeInto(getByRole(dialog, 'textbox', { name: 'Domain' }), 'initech.com');
      getByRole(dialog, 'button', { name: 'Save' }).click();
      await waitFor(() => !(dialog as HTMLDialogElement).open);
      await findByRole(el, 'heading', { name: 'Initech' });
      const option = await optionNamed(await listOf(el, 'Companies'), 'Initech');
      await waitFor(() => option.getAttribute('aria-selected') === 'true');
    });

    it('openCreate() opens the other kind on its own tab', async () => {
      const el = await mount(makeAdapter());
      await optionNamed(await listOf(el), 'Ana Souza');
      await el.openCreate('company');
      expect(el.tab).to.equal('companies');
      const dialog = getByRole(el, 'dialog', { name: 'New company' });
      await focused(getByRole(dialog, 'textbox', { name: 'Name' }));
    });

    it('closes and selects the existing contact on "Open existing contact"', async () => {
      const el = await mount(makeAdapter());
      await optionNamed(await listOf(el), 'Ana Souza');
      getByRole(el, 'button', { name: 'New contact' }).click();
      const dialog = (await findByRole(el, 'dialog', { name: 'New contact' })) as HTMLDialogElement;
      typeInto(getByRole(dialog, 'textbox', { name: 'Email' }), 'ana@example.com');
      (await findByRole(dialog, 'button', { name: 'Open existing contact' })).click();
      await waitFor(() => !dialog.open);
      expect(el.selectedId).to.equal(ANA.id);
      await findByRole(el, 'heading', { name: 'Ana Souza' });
    });
  });

  describe('pending filter', () => {
    it('shows only contacts with pending actions, with their count in the toggle', async () => {
      const el = await mount(makeAdapter());
      const list = await listOf(el);
      await optionNamed(list, 'Ana Souza');
      const toggle = await findByRole(el, 'button', { name: 'Pending actions 1' });
      expect(toggle.getAttribute('aria-pressed')).to.equal('false');
      toggle.click();
      await waitFor(() => namesOf(list).length === 1);
      expect(namesOf(list)[0]).to.match(/^insta\.fan.*Pending action/);
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      await announced(el, '1 contact with pending actions');
      await expect(el).to.be.accessible();
      typeInto(getByRole(el, 'searchbox', { name: 'Search contacts' }), 'ana');
      await waitFor(() =>
        el.shadowRoot!.textContent!.includes('No contacts with pending actions match "ana"'),
      );
      await findByRole(el, 'button', { name: 'Pending actions 0' });
      typeInto(getByRole(el, 'searchbox', { name: 'Search contacts' }), '');
      toggle.click();
      await waitFor(async () => namesOf(await listOf(el)).length === 5);
    });

    it('shows no count of an earlier search once a search fails, and the right one after Retry', async () => {
      const adapter = spy(makeAdapter());
      const el = await mount(adapter);
      await optionNamed(await listOf(el), 'Ana Souza');
      await findByRole(el, 'button', { name: 'Pending actions 1' });
      adapter.failNext('listContacts', 1, new ContactsError('network', 'offline'));
      typeInto(getByRole(el, 'searchbox', { name: 'Search contacts' }), 'ana');
      await findByRole(el, 'alert');
      await el.updateComplete;
      const toggle = getByRole(el, 'button', { name: /^Pending actions/ });
      expect(nameOf(toggle), 'the count of "" beside the failed search "ana"').to.equal(
        'Pending actions',
      );
      getByRole(el, 'button', { name: 'Retry' }).click();
      await optionNamed(await listOf(el), 'Ana Souza');
      await findByRole(el, 'button', { name: 'Pending actions 0' });
    });

    it('updates the count when a pending action resolves elsewhere', async () => {
      const adapter = makeAdapter();
      const el = await mount(adapter);
      await findByRole(el, 'button', { name: 'Pending actions 1' });
      await adapter.updateContact(
        PENDING.id,
        { email: 'fan@example.com' },
        { expectedVersion: PENDING.version },
      );
      await findByRole(el, 'button', { name: 'Pending actions 0' });
    });
  });

  describe('live updates', () => {
    let adapter: InMemoryContactsAdapter;

    beforeEach(() => {
      adapter = new InMemoryContactsAdapter({ data: generateDataset({ contacts: 3000 }) });
    });

    it('shows a contact created by an arriving conversation at the top', async () => {
      const el = await mount(adapter);
      const list = await listOf(el);
      await waitFor(() => optionsOf(list).length > 5);
      await adapter.resolveConversation({
        channel: 'webchat',
        address: 'visitor-1',
        displayName: 'Aaaa Newcomer',
      });
      await waitFor(() => namesOf(list)[0]?.startsWith('Aaaa Newcomer'));
      expect(optionsOf(list)[0]!.getAttribute('aria-setsize')).to.equal('3001');
    });

    it('keeps the selection and the records in view when records arrive above', async () => {
      const el = await mount(adapter);
      const list = await listOf(el);
      await waitFor(() => optionsOf(list).length > 5);
      list.scrollTop = 1000 * 48;
      await waitFor(() => optionsOf(list).some(o => o.getAttribute('aria-posinset') === '1003'));
      const picked = await waitFor(() =>
        optionsOf(list).find(o => o.getAttribute('aria-posinset') === '1003'),
      );
      const pickedName = nameOf(picked);
      picked.click();
      await waitFor(() => picked.getAttribute('aria-selected') === 'true');
      const selected = el.selectedId;
      const top = nameOf(topOption(list)!);
      await adapter.resolveConversation({
        channel: 'webchat',
        address: 'visitor-2',
        displayName: 'Aaaa Newcomer',
      });
      await waitFor(() => optionsOf(list)[0]?.getAttribute('aria-setsize') === '3001');
      await waitFor(() => nameOf(topOption(list)!) === top);
      expect(el.selectedId).to.equal(selected);
      const stillSelected = optionsOf(list).find(o => o.getAttribute('aria-selected') === 'true')!;
      expect(nameOf(stillSelected)).to.equal(pickedName);
      expect(stillSelected.getAttribute('aria-posinset')).to.equal('1004');
    });

    it('shows an edit made elsewhere without a reload', async () => {
      const el = await mount(adapter);
      const list = await listOf(el);
      await waitFor(() => optionsOf(list).length > 5);
      const [first] = (await adapter.listContacts({ limit: 1 })).items;
      await adapter.updateContact(
        first!.id,
        { name: 'Aaa Renamed Elsewhere' },
        { expectedVersion: first!.version },
      );
      await optionNamed(list, 'Aaa Renamed Elsewhere');
    });
  });

  describe('narrow container', () => {
    it('stacks list and details, with Back to list', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="inline-size: 360px">
          <contacts-panel .adapter=${makeAdapter()}></contacts-panel>
        </div>`,
      );
      const el = wrapper.querySelector('contacts-panel')!;
      const list = await listOf(el);
      const back = el.shadowRoot!.querySelector<HTMLElement>('[part~="back-button"]')!;
      expect(back.checkVisibility({ visibilityProperty: true })).to.be.false;
      (await optionNamed(list, 'Bruno Lima')).click();
      await findByRole(el, 'heading', { name: 'Bruno Lima' });
      await focused(back);
      expect(nameOf(back)).to.equal('Back to list');
      expect(list.checkVisibility({ visibilityProperty: true })).to.be.false;
      await expect(el).to.be.accessible();
      back.click();
      await focused(list);
      expect(list.checkVisibility({ visibilityProperty: true })).to.be.true;
      expect(back.checkVisibility({ visibilityProperty: true })).to.be.false;
      expect(activeOption(list)!.getAttribute('aria-selected')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('hides Back to list beside the details in a wide container', async () => {
      const el = await mount(makeAdapter());
      el.selectedId = ANA.id;
      await findByRole(el, 'heading', { name: 'Ana Souza' });
      expect(queryByRole(el, 'button', { name: 'Back to list' })).to.be.null;
      expect((await listOf(el)).checkVisibility({ visibilityProperty: true })).to.be.true;
    });
  });

  describe('public methods', () => {
    it('focusSearch() focuses the search of the shown tab', async () => {
      const el = await mount(makeAdapter());
      el.tab = 'companies';
      await el.focusSearch();
      await focused(getByRole(el, 'searchbox', { name: 'Search companies' }));
    });

    it('select() selects without firing contacts-select', async () => {
      const el = await mount(makeAdapter());
      let fired = 0;
      el.addEventListener('contacts-select', () => fired++);
      await el.select(JOSE.id);
      expect(el.selectedId).to.equal(JOSE.id);
      await findByRole(el, 'heading', { name: 'José Álvarez' });
      await el.select(null);
      expect(el.selectedId).to.be.null;
      expect(fired).to.equal(0);
    });

    it('renders record data as text only', async () => {
      const adapter = new InMemoryContactsAdapter({
        data: {
          contacts: [
            contact({ id: 'ct_xss', name: '<img src=x onerror=alert(1)>', email: 'x@example.com' }),
          ],
        },
      });
      const el = await mount(adapter);
      const option = await optionNamed(await listOf(el), '<img src=x onerror=alert(1)>');
      expect(option.querySelector('img')).to.be.null;
      expect(deepElements(el).some(node => node.tagName === 'IMG')).to.be.false;
    });
  });
});
