/**
 * Saving against the hostile backend (`server.mjs`), through the real forms and hosts over the
 * REST adapter: one test per case of issue 11 where a save lost a correction or an update, hung,
 * or failed without saying what to do.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';

import '../../src/elements/company-form/define.js';
import '../../src/elements/contact-form/define.js';
import '../../src/elements/contacts-panel/define.js';
import '../../src/elements/conversation-contact-sidebar/define.js';

import type { RestContactsAdapter } from '../../src/adapter/rest/index.js';
import type { CompanyForm } from '../../src/elements/company-form/company-form.js';
import type { ContactForm } from '../../src/elements/contact-form/contact-form.js';
import type { ContactsPanel } from '../../src/elements/contacts-panel/contacts-panel.js';
import type { ConversationContactSidebar } from '../../src/elements/conversation-contact-sidebar/conversation-contact-sidebar.js';
import type { Contact } from '../../src/model/types.js';
import { typeInto } from '../elements/contacts-fixtures.js';
import { findByRole, getByRole, queryAllByRole, queryByRole, waitFor } from '../helpers/queries.js';
import { type HostileServer, hostileServer, restAdapter } from './client.js';

const ANA = { name: 'Ana', email: 'ana@example.com' };
const ANA_CORRECTED = { name: 'Ana Souza', email: 'ana.souza@example.com' };

function field(root: Element, name: string): HTMLInputElement {
  return getByRole(root, 'textbox', { name }) as HTMLInputElement;
}

function fill(root: Element, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) typeInto(field(root, name), value);
}

function save(root: Element): void {
  getByRole(root, 'button', { name: 'Save' }).click();
}

/** The alert (alerts take no name from their content) whose text matches `text`. */
function alertSaying(root: Element, text: RegExp, timeout = 3000): Promise<HTMLElement> {
  return waitFor(
    () => queryAllByRole(root, 'alert').find(alert => text.test(alert.textContent ?? '')),
    timeout,
    `an alert saying ${String(text)}`,
  );
}

async function contactForm(adapter: RestContactsAdapter, contact?: Contact) {
  const el = await fixture<ContactForm>(
    html`<contacts-contact-form .adapter=${adapter} .contact=${contact}></contacts-contact-form>`,
  );
  await el.updateComplete;
  return el;
}

/**
 * Every answer to POST /contacts (or /companies) lost after the write committed. (Limited to one
 * request, the browser would retry it by itself on a fresh connection and get the replay.)
 */
const LOSE_CREATE = (path: string) =>
  ({ method: 'POST', path: `^/${path}$`, kind: 'drop', when: 'after' }) as const;

describe('Saving against a hostile node:http backend', () => {
  let server: HostileServer;
  let adapter: RestContactsAdapter;

  beforeEach(async () => {
    server = await hostileServer();
    // No automatic retries: each test shows what the form does after one failed attempt.
    adapter = restAdapter(server, { retries: 0 });
  });

  describe('a correction after a lost answer', () => {
    /** Answers again, keeping what the server does with a reused key. */
    async function heal(mode: 'replay' | 'refuse-mismatch') {
      await server.clearFaults();
      await server.fault({ method: 'POST', kind: 'idempotency', mode });
    }

    for (const mode of ['replay', 'refuse-mismatch'] as const) {
      it(`leaves one contact with the corrected values (server that does ${mode})`, async () => {
        await server.fault({ method: 'POST', kind: 'idempotency', mode });
        await server.fault(LOSE_CREATE('contacts'));
        const el = await contactForm(adapter);
        fill(el, { Name: ANA.name, Email: ANA.email });
        save(el);
        await alertSaying(el, /not saved/);
        expect(field(el, 'Name').value).to.equal(ANA.name);
        await heal(mode);

        fill(el, { Name: ANA_CORRECTED.name, Email: ANA_CORRECTED.email });
        const saved = oneEvent(el, 'contact-saved');
        save(el);
        expect((await saved).detail.contact).to.include(ANA_CORRECTED);
        const page = await adapter.listContacts();
        expect(page.total).to.equal(1);
        expect(page.items[0]).to.include(ANA_CORRECTED);
        const creates = (await server.requests()).filter(r => r.method === 'POST');
        const keys = creates.map(r => r.headers['idempotency-key']);
        expect(new Set(keys).size, 'one key per body').to.equal(1);
        expect(creates.every(r => JSON.stringify(r.body).includes(ANA.email))).to.equal(true);
      });

      it(`leaves one company with the corrected values (server that does ${mode})`, async () => {
        await server.fault({ method: 'POST', kind: 'idempotency', mode });
        await server.fault(LOSE_CREATE('companies'));
        const el = await fixture<CompanyForm>(
          html`<contacts-company-form .adapter=${adapter}></contacts-company-form>`,
        );
        fill(el, { Name: 'Acme', Domain: 'acme.example' });
        save(el);
        await alertSaying(el, /not saved/);
        await heal(mode);
        fill(el, { Name: 'Acme Brasil' });
        const saved = oneEvent(el, 'company-saved');
        save(el);
        expect((await saved).detail.company.name).to.equal('Acme Brasil');
        const page = await adapter.listCompanies();
        expect(page.items.map(c => c.name)).to.deep.equal(['Acme Brasil']);
      });
    }

    it('an unchanged retry reuses the key and gives one record', async () => {
      await server.fault({ method: 'POST', kind: 'idempotency', mode: 'refuse-mismatch' });
      await server.fault(LOSE_CREATE('contacts'));
      const el = await contactForm(adapter);
      fill(el, { Name: ANA.name, Email: ANA.email });
      save(el);
      await alertSaying(el, /not saved/);
      await heal('refuse-mismatch');
      const saved = oneEvent(el, 'contact-saved');
      save(el);
      await saved;
      expect((await adapter.listContacts()).total).to.equal(1);
    });
  });

  describe('conflicts merge, never revert', () => {
    let ana: Contact;

    beforeEach(async () => {
      await server.seed({ contacts: [{ id: 'ct_ana', ...ANA }] });
      ana = await adapter.getContact('ct_ana');
    });

    it('an edit whose answer was lost, saved again, is done: no conflict to resolve', async () => {
      const el = await contactForm(adapter, ana);
      await server.fault({ method: 'PATCH', kind: 'drop', when: 'after' });
      fill(el, { Name: 'Ana Agent' });
      save(el);
      await alertSaying(el, /not saved/);
      await server.clearFaults();
      const saved = oneEvent(el, 'contact-saved');
      save(el);
      await saved;
      expect(queryAllByRole(el, 'alert').map(alert => alert.textContent ?? '')).not.to.satisfy(
        (texts: string[]) => texts.some(text => /changed by someone else/.test(text)),
      );
      expect(await adapter.getContact(ana.id)).to.include({ name: 'Ana Agent', version: 2 });
    });

    it('Overwrite keeps a field only the other agent changed', async () => {
      const el = await contactForm(adapter, ana);
      await adapter.updateContact(ana.id, { email: 'ana@work.example' }, { expectedVersion: 1 });
      fill(el, { Name: 'Ana Agent' });
      save(el);
      await alertSaying(el, /changed by someone else/);
      const saved = oneEvent(el, 'contact-saved');
      getByRole(el, 'button', { name: 'Overwrite' }).click();
      await saved;
      expect(await adapter.getContact(ana.id)).to.include({
        name: 'Ana Agent',
        email: 'ana@work.example',
      });
      const patches = (await server.requests()).filter(r => r.method === 'PATCH');
      expect(patches.at(-1)!.body, 'only the agent’s field').to.deep.equal({ name: 'Ana Agent' });
    });

    it('a field both changed shows both values, and the agent’s choice is applied', async () => {
      const el = await contactForm(adapter, ana);
      await adapter.updateContact(ana.id, { name: 'Ana (CRM)' }, { expectedVersion: 1 });
      fill(el, { Name: 'Ana Agent', Email: 'ana@agent.example' });
      save(el);
      const group = await findByRole(el, 'radiogroup', { name: 'Name' });
      const mine = getByRole(group, 'radio', { name: 'Mine: Ana Agent' }) as HTMLInputElement;
      const theirs = getByRole(group, 'radio', { name: 'Theirs: Ana (CRM)' });
      expect(mine.checked).to.equal(true);
      expect(queryByRole(el, 'radiogroup', { name: 'Email' }), 'only both-changed').to.equal(null);
      await expect(el).to.be.accessible();
      theirs.click();
      const saved = oneEvent(el, 'contact-saved');
      getByRole(el, 'button', { name: 'Overwrite' }).click();
      await saved;
      expect(await adapter.getContact(ana.id)).to.include({
        name: 'Ana (CRM)',
        email: 'ana@agent.example',
      });
    });

    it('Reload keeps what the agent typed in fields the other agent did not change', async () => {
      const el = await contactForm(adapter, ana);
      await adapter.updateContact(ana.id, { name: 'Ana (CRM)' }, { expectedVersion: 1 });
      fill(el, { Email: 'ana@agent.example' });
      save(el);
      await alertSaying(el, /changed by someone else/);
      getByRole(el, 'button', { name: 'Reload' }).click();
      await waitFor(() => field(el, 'Name').value === 'Ana (CRM)', 3000, 'the latest name');
      expect(field(el, 'Email').value).to.equal('ana@agent.example');
      const saved = oneEvent(el, 'contact-saved');
      save(el);
      await saved;
      expect(await adapter.getContact(ana.id)).to.include({
        name: 'Ana (CRM)',
        email: 'ana@agent.example',
      });
    });
  });

  it('a save that fails after its dialog closed says "Save failed", and Reopen restores the values', async () => {
    await server.fault({
      method: 'POST',
      path: '^/contacts$',
      kind: 'respond',
      status: 500,
      delay: 400,
    });
    const panel = await fixture<ContactsPanel>(
      html`<contacts-panel .adapter=${adapter}></contacts-panel>`,
    );
    (await findByRole(panel, 'button', { name: 'New contact' })).click();
    const dialog = await findByRole(panel, 'dialog', { name: 'New contact' });
    await waitFor(() => field(dialog, 'Name'), 3000, 'the form');
    fill(dialog, { Name: ANA.name, Email: ANA.email });
    save(dialog);
    const saveButton = getByRole(dialog, 'button', { name: 'Save' });
    await waitFor(() => saveButton.getAttribute('aria-disabled') === 'true', 3000, 'Saving…');
    getByRole(dialog, 'button', { name: 'Cancel' }).click();
    await waitFor(() => !(dialog as HTMLDialogElement).open, 3000, 'the dialog to close');

    const alert = await alertSaying(panel, /Save failed/, 5000);
    expect(alert.textContent).to.contain('Save failed');
    getByRole(alert, 'button', { name: 'Reopen' }).click();
    const reopened = await findByRole(panel, 'dialog', { name: 'New contact' });
    await waitFor(() => field(reopened, 'Name').value === ANA.name, 3000, 'the typed name');
    expect(field(reopened, 'Email').value).to.equal(ANA.email);
    expect(queryByRole(panel, 'button', { name: 'Reopen' })).to.equal(null);

    await server.clearFaults();
    save(reopened);
    await waitFor(() => !(reopened as HTMLDialogElement).open, 5000, 'the dialog to close');
    expect((await adapter.listContacts()).items.map(c => c.email)).to.deep.equal([ANA.email]);
  });

  it('an edit whose save fails after the host switched conversation says "Save failed"; Reopen edits that contact again', async () => {
    const ana = await adapter.createContact(
      { name: 'Ana', phone: '+5511987654321' },
      { idempotencyKey: crypto.randomUUID() },
    );
    const bruno = await adapter.createContact(
      { name: 'Bruno', phone: '+5511912345678' },
      { idempotencyKey: crypto.randomUUID() },
    );
    const arrival = (id: string, phone: string, displayName: string) => ({
      conversationId: id,
      channel: 'whatsapp',
      address: phone,
      displayName,
      phone,
    });
    const el = await fixture<ConversationContactSidebar>(
      html`<conversation-contact-sidebar
        .adapter=${adapter}
        .conversation=${arrival('c-ana', ana.phone!, 'Ana')}
      ></conversation-contact-sidebar>`,
    );
    await findByRole(el, 'heading', { name: 'Ana' }, 5000);
    (await findByRole(el, 'button', { name: 'Edit contact' })).click();
    const editor = await findByRole(el, 'region', { name: 'Edit contact' });
    await waitFor(() => field(editor, 'Name'), 3000, 'the form');
    await server.fault({ method: 'PATCH', kind: 'respond', status: 500, delay: 600 });
    fill(editor, { Name: 'Ana Agent' });
    save(editor);
    el.conversation = arrival('c-bruno', bruno.phone!, 'Bruno');
    await findByRole(el, 'heading', { name: 'Bruno' }, 5000);

    const alert = await alertSaying(el, /Save failed/, 5000);
    getByRole(alert, 'button', { name: 'Reopen' }).click();
    const reopened = await findByRole(el, 'region', { name: 'Edit contact' });
    await waitFor(() => field(reopened, 'Name').value === 'Ana Agent', 3000, 'the typed name');
    expect(queryByRole(el, 'button', { name: 'Reopen' })).to.equal(null);

    await server.clearFaults();
    save(reopened);
    await waitFor(() => !queryByRole(el, 'region', { name: 'Edit contact' }), 5000, 'saved');
    expect((await adapter.getContact(ana.id)).name).to.equal('Ana Agent');
    expect((await adapter.getContact(bruno.id)).name).to.equal('Bruno');
    await findByRole(el, 'heading', { name: 'Bruno' });
  });

  it('a save that is never answered unlocks the form with the values kept, and Save again writes once', async () => {
    const patient = restAdapter(server, { retries: 0, timeoutMs: 60_000 });
    await server.fault({ method: 'POST', path: '^/contacts$', kind: 'hang', times: 1 });
    const el = await contactForm(patient);
    el.saveTimeout = 400;
    fill(el, { Name: ANA.name, Email: ANA.email });
    save(el);
    const alert = await alertSaying(el, /did not answer in time/, 5000);
    expect(alert.textContent).to.contain('not saved');
    expect(getByRole(el, 'button', { name: 'Save' }).getAttribute('aria-disabled')).to.equal(
      'false',
    );
    expect(field(el, 'Name').value).to.equal(ANA.name);
    expect(field(el, 'Email').value).to.equal(ANA.email);
    const saved = oneEvent(el, 'contact-saved');
    save(el);
    await saved;
    expect((await patient.listContacts()).total).to.equal(1);
  });

  it('422 naming a field the form does not show gives a form-level message naming it', async () => {
    await server.fault({
      method: 'POST',
      kind: 'respond',
      status: 422,
      body: { error: { code: 'validation', message: 'No.', fields: { nickname: 'too-silly' } } },
    });
    const el = await contactForm(adapter);
    fill(el, { Name: ANA.name, Email: ANA.email });
    save(el);
    const alert = await alertSaying(el, /./);
    expect(alert.textContent).to.contain('nickname');
    expect(field(el, 'Email').value).to.equal(ANA.email);
  });

  for (const [status, headers, text] of [
    [401, {}, /Sign in again/],
    [503, { 'Retry-After': '30' }, /Wait 30 s/],
  ] as const) {
    it(`${status} on a save says what to do at the form`, async () => {
      await server.fault({ method: 'POST', kind: 'respond', status, headers });
      const el = await contactForm(restAdapter(server, { retries: 0, maxRetryAfterMs: 0 }));
      fill(el, { Name: ANA.name, Email: ANA.email });
      save(el);
      const alert = await alertSaying(el, /./);
      expect(alert.textContent).to.match(text);
    });
  }
});
