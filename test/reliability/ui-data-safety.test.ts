/**
 * Nothing typed is lost and nothing is written twice, through the elements: the panel's create
 * dialog and the details' edit dialog over the REST adapter and the msw mock API with faults
 * injected (lost responses, network errors, 500s, a hung server cut off by the host's timeout,
 * stale versions), and the sidebar's in-place editor over the in-memory adapter.
 */
import { expect, fixture, html } from '@open-wc/testing';

import '../../src/elements/contacts-panel/define.js';
import '../../src/elements/conversation-contact-sidebar/define.js';

import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { ContactsAdapter } from '../../src/adapter/types.js';
import type { ContactsPanel } from '../../src/elements/contacts-panel/contacts-panel.js';
import type { ContactsErrorEvent } from '../../src/events/contacts-error.js';
import type { ConversationContactSidebar } from '../../src/elements/conversation-contact-sidebar/conversation-contact-sidebar.js';
import { loadPhoneLibrary } from '../../src/model/phone.js';
import type { Contact } from '../../src/model/types.js';
import { contact, deepActiveElement, typeInto } from '../elements/contacts-fixtures.js';
import {
  deepElements,
  findByRole,
  getByRole,
  nameOf,
  queryAllByRole,
  waitFor,
} from '../helpers/queries.js';
import {
  type Fault,
  faultCount,
  fetchWithTimeout,
  serve,
  startWorker,
  stopWorker,
} from './mock-server.js';

const PEOPLE: Contact[] = [
  contact({ id: 'ct_ana', name: 'Ana Souza', email: 'ana@example.com', phone: '+5511987654321' }),
  contact({ id: 'ct_bruno', name: 'Bruno Lima', email: 'bruno@example.com' }),
  contact({ id: 'ct_carla', name: 'Carla Dias', phone: '+14155550123' }),
  contact({ id: 'ct_davi', name: 'Davi Rocha', email: 'davi@example.org' }),
];

/** The host's fetch gives up after this long; the hung server never answers. */
const TIMEOUT_MS = 1500;

function servePeople() {
  return serve({
    store: new InMemoryContactsAdapter({ data: { contacts: structuredClone(PEOPLE) } }),
    adapter: { fetch: fetchWithTimeout(TIMEOUT_MS) },
  });
}

async function mountPanel(adapter: ContactsAdapter) {
  const el = await fixture<ContactsPanel>(
    html`<contacts-panel .adapter=${adapter}></contacts-panel>`,
  );
  const errors: string[] = [];
  el.addEventListener('contacts-error', event => {
    const { operation, error } = (event as ContactsErrorEvent).detail;
    errors.push(`${operation}: ${String(error)}`);
  });
  try {
    const list = await findByRole(el, 'listbox', { name: 'Contacts' });
    await waitFor(() => queryAllByRole(list, 'option').length >= PEOPLE.length);
  } catch (error) {
    throw new Error(`The list did not load. Adapter errors: ${errors.join('; ') || 'none'}`, {
      cause: error,
    });
  }
  return el;
}

/**
 * The rows the panel shows, read from the DOM rather than the accessibility tree: behind a modal
 * dialog the list is inert and drops out of it, but what is on screen is what the agent sees.
 */
function rowsOf(el: Element): string[] {
  return deepElements(el)
    .filter(node => node.getAttribute('role') === 'option')
    .sort(
      (a, b) => Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset')),
    )
    .map(node => (node.textContent ?? '').replace(/\s+/g, ' ').trim());
}

function field(dialog: HTMLElement, name: 'Name' | 'Email' | 'Phone') {
  return getByRole(dialog, 'textbox', { name }) as HTMLInputElement;
}

function valuesOf(dialog: HTMLElement) {
  return {
    name: field(dialog, 'Name').value,
    email: field(dialog, 'Email').value,
    phone: field(dialog, 'Phone').value,
  };
}

/** Waits for the form's failure message and checks that it holds focus. */
async function failureShown(dialog: HTMLElement, text: string | RegExp) {
  const alert = await findByRole(dialog, 'alert', {}, 5000);
  await waitFor(() => deepActiveElement() === alert, 3000, 'focus on the error');
  expect(alert.textContent).to.match(typeof text === 'string' ? new RegExp(text) : text);
  return alert;
}

async function openCreate(el: ContactsPanel) {
  getByRole(el, 'button', { name: 'New contact' }).click();
  const dialog = await findByRole(el, 'dialog', { name: 'New contact' });
  await waitFor(() => deepActiveElement() === field(dialog, 'Name'));
  return dialog as HTMLDialogElement;
}

const FAULTS: { fault: Fault; what: string; message: RegExp }[] = [
  { fault: 'server-error', what: 'a 500', message: /not saved[\s\S]*unavailable/ },
  { fault: 'network', what: 'a network error', message: /not saved[\s\S]*Could not reach/ },
  { fault: 'hang', what: 'a timeout (hung server)', message: /not saved[\s\S]*Could not reach/ },
];

after(() => {
  console.log(`[reliability] UI data safety: ${faultCount.total} faults injected`);
});

describe('data safety through the elements', () => {
  before(async function () {
    this.timeout(30_000);
    await Promise.all([startWorker(), loadPhoneLibrary()]);
  });
  after(() => stopWorker());

  describe('creating a contact in the panel (REST over msw)', () => {
    it('a Save whose response is lost fails; Save again succeeds with exactly one contact', async () => {
      const server = servePeople();
      const el = await mountPanel(server.adapter);
      const before = rowsOf(el);
      const dialog = await openCreate(el);
      typeInto(field(dialog, 'Name'), 'Elisa Mota');
      typeInto(field(dialog, 'Email'), 'elisa@example.com');
      typeInto(field(dialog, 'Phone'), '(11) 91234-0000');
      const typed = valuesOf(dialog);

      server.inject('POST', /^\/contacts$/, 'lose-response');
      getByRole(dialog, 'button', { name: 'Save' }).click();
      await failureShown(dialog, /not saved[\s\S]*Could not reach/);
      expect(valuesOf(dialog)).to.deep.equal(typed);
      expect(dialog.open).to.be.true;
      // The server has it; the dialog says the save failed. The list may already show it, pushed
      // by the server's change stream, but never twice, and nothing else in it changed.
      expect((await server.store.listContacts({ email: 'elisa@example.com' })).total).to.equal(1);
      const elisa = (row: string) => row.startsWith('Elisa Mota');
      expect(rowsOf(el).filter(elisa)).to.have.length.at.most(1);
      expect(rowsOf(el).filter(row => !elisa(row))).to.deep.equal(before);

      getByRole(dialog, 'button', { name: 'Save' }).click();
      await waitFor(() => !dialog.open, 5000, 'the dialog to close');
      const all = (await server.store.listContacts({ limit: 100 })).items;
      expect(all.filter(c => c.email === 'elisa@example.com')).to.have.length(1);
      expect(all).to.have.length(PEOPLE.length + 1);
      await findByRole(el, 'heading', { name: 'Elisa Mota' });
      await waitFor(() => rowsOf(el).length === PEOPLE.length + 1);
      expect(rowsOf(el).filter(row => row.startsWith('Elisa Mota'))).to.have.length(1);
      // Both attempts carried the same key.
      expect(server.log.filter(l => l === 'POST /contacts')).to.have.length(2);
    });

    for (const { fault, what, message } of FAULTS) {
      it(`after ${what}: rows unchanged, values kept, focus on the error; Save again succeeds`, async function () {
        this.timeout(15_000);
        const server = servePeople();
        const el = await mountPanel(server.adapter);
        const before = rowsOf(el);
        const dialog = await openCreate(el);
        typeInto(field(dialog, 'Name'), 'Fernanda Reis');
        typeInto(field(dialog, 'Email'), 'FERNANDA@example.com ');
        typeInto(field(dialog, 'Phone'), '+55 21 99876-5432');
        const typed = valuesOf(dialog);

        server.inject('POST', /^\/contacts$/, fault);
        getByRole(dialog, 'button', { name: 'Save' }).click();
        await failureShown(dialog, message);
        expect(valuesOf(dialog)).to.deep.equal(typed);
        expect(rowsOf(el)).to.deep.equal(before);
        expect((await server.store.listContacts({ limit: 100 })).total).to.equal(PEOPLE.length);

        // Retry without retyping anything.
        getByRole(dialog, 'button', { name: 'Save' }).click();
        await waitFor(() => !dialog.open, 5000, 'the dialog to close');
        const created = (await server.store.listContacts({ search: 'Fernanda' })).items;
        expect(created).to.have.length(1);
        expect(created[0]).to.include({
          name: 'Fernanda Reis',
          email: 'fernanda@example.com',
          phone: '+5521998765432',
        });
        await waitFor(() => rowsOf(el).length === PEOPLE.length + 1);
        expect(rowsOf(el).filter(row => !before.includes(row))).to.have.length(1);
      });
    }
  });

  describe('editing a contact in the panel details (REST over msw)', () => {
    async function openEdit(el: ContactsPanel, name: string) {
      const list = getByRole(el, 'listbox', { name: 'Contacts' });
      const option = await waitFor(() =>
        queryAllByRole(list, 'option').find(o => nameOf(o).startsWith(name)),
      );
      option.click();
      await findByRole(el, 'heading', { name });
      (await findByRole(el, 'button', { name: 'Edit' })).click();
      const dialog = (await findByRole(el, 'dialog', {
        name: 'Edit contact',
      })) as HTMLDialogElement;
      return dialog;
    }

    for (const { fault, what, message } of FAULTS.filter(f => f.fault !== 'network')) {
      it(`after ${what}: rows unchanged, edits kept, focus on the error; Save again succeeds`, async function () {
        this.timeout(15_000);
        const server = servePeople();
        const el = await mountPanel(server.adapter);
        const dialog = await openEdit(el, 'Bruno Lima');
        const before = rowsOf(el);
        typeInto(field(dialog, 'Name'), 'Bruno Lima Neto');
        typeInto(field(dialog, 'Phone'), '(11) 95555-0101');
        const typed = valuesOf(dialog);

        server.inject('PATCH', /^\/contacts\/ct_bruno$/, fault);
        getByRole(dialog, 'button', { name: 'Save' }).click();
        await failureShown(dialog, message);
        expect(valuesOf(dialog)).to.deep.equal(typed);
        expect(rowsOf(el)).to.deep.equal(before);
        expect(await server.store.getContact('ct_bruno')).to.include({
          name: 'Bruno Lima',
          version: 1,
        });

        getByRole(dialog, 'button', { name: 'Save' }).click();
        await waitFor(() => !dialog.open, 5000, 'the dialog to close');
        expect(await server.store.getContact('ct_bruno')).to.include({
          name: 'Bruno Lima Neto',
          phone: '+5511955550101',
          version: 2,
        });
        await waitFor(() => rowsOf(el).some(row => row.startsWith('Bruno Lima Neto')));
        expect(rowsOf(el)).to.have.length(PEOPLE.length);
      });
    }

    it('a stale version (412 from the server) shows the conflict and keeps the edits', async () => {
      const server = servePeople();
      const el = await mountPanel(server.adapter);
      const dialog = await openEdit(el, 'Carla Dias');
      typeInto(field(dialog, 'Name'), 'Carla Dias (VIP)');
      // Another agent saves first, through the server: this page is not told.
      await server.store.updateContact('ct_carla', { name: 'Carla D.' }, { expectedVersion: 1 });
      const typed = valuesOf(dialog);
      getByRole(dialog, 'button', { name: 'Save' }).click();
      await failureShown(dialog, /changed by someone else/);
      expect(valuesOf(dialog)).to.deep.equal(typed);
      getByRole(dialog, 'button', { name: 'Overwrite' });
      getByRole(dialog, 'button', { name: 'Reload' });
      expect(server.log).to.include('PATCH /contacts/ct_carla');
      expect((await server.store.getContact('ct_carla')).name).to.equal('Carla D.');

      // The agent keeps their version on purpose.
      getByRole(dialog, 'button', { name: 'Overwrite' }).click();
      await waitFor(() => !dialog.open, 5000, 'the dialog to close');
      expect(await server.store.getContact('ct_carla')).to.include({
        name: 'Carla Dias (VIP)',
        version: 3,
      });
    });
  });

  describe('editing in place in the sidebar (in-memory adapter)', () => {
    it('a version mismatch shows the conflict, keeps the edits, and Reload discards them only on request', async () => {
      const adapter = new InMemoryContactsAdapter({ data: { contacts: structuredClone(PEOPLE) } });
      const el = await fixture<ConversationContactSidebar>(
        html`<conversation-contact-sidebar
          .adapter=${adapter}
          contact-id="ct_davi"
        ></conversation-contact-sidebar>`,
      );
      await findByRole(el, 'heading', { name: 'Davi Rocha' });
      getByRole(el, 'button', { name: 'Edit contact' }).click();
      const editor = await findByRole(el, 'region', { name: 'Edit contact' });
      typeInto(field(editor, 'Name'), 'Davi R.');
      typeInto(field(editor, 'Email'), 'davi.r@example.org');
      const typed = valuesOf(editor);
      await adapter.updateContact('ct_davi', { name: 'Davi Synced' }, { expectedVersion: 1 });
      // The pushed change must not overwrite what the agent typed.
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(valuesOf(editor)).to.deep.equal(typed);
      getByRole(editor, 'button', { name: 'Save' }).click();
      await failureShown(editor, /changed by someone else/);
      expect(valuesOf(editor)).to.deep.equal(typed);
      expect((await adapter.getContact('ct_davi')).name).to.equal('Davi Synced');
      getByRole(editor, 'button', { name: 'Reload' }).click();
      await waitFor(() => field(editor, 'Name').value === 'Davi Synced');
    });
  });
});
