import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/contact-detail/define.js';

import { provideContactsAdapter } from '../../src/adapter/context.js';
import { ContactsError } from '../../src/adapter/errors.js';
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { ContactDetail } from '../../src/elements/contact-detail/contact-detail.js';
import type { ContactsErrorEvent } from '../../src/events/contacts-error.js';
import { ConversationStartEvent } from '../../src/events/conversation-start.js';
import type { ConversationStartedEvent } from '../../src/events/conversation-started.js';
import { findByRole, getByRole, queryAllByRole, queryByRole, waitFor } from '../helpers/queries.js';
import {
  ACME,
  ANA,
  BRUNO,
  PENDING,
  contact,
  deepActiveElement,
  deepText,
  makeAdapter,
  spy,
  typeInto,
} from './contacts-fixtures.js';

async function detail(adapter: unknown, contactId?: string, companyId?: string) {
  const el = await fixture<ContactDetail>(
    html`<contact-detail
      .adapter=${adapter}
      contact-id=${contactId ?? ''}
      company-id=${companyId ?? ''}
    ></contact-detail>`,
  );
  if (!contactId) el.contactId = undefined;
  if (!companyId) el.companyId = undefined;
  return el;
}

function heading(el: Element, name: string | RegExp) {
  return findByRole(el, 'heading', { name });
}

function dialogOf(el: ContactDetail): HTMLDialogElement {
  return el.shadowRoot!.querySelector('dialog')!;
}

describe('<contact-detail>', () => {
  describe('accessibility', () => {
    it('passes axe with no adapter', async () => {
      const el = await detail(undefined, ANA.id);
      expect(el.shadowRoot!.textContent).to.contain('No data adapter connected');
      await expect(el).to.be.accessible();
    });

    it('passes axe while loading, then when populated', async () => {
      const el = await detail(makeAdapter({ latency: 200 }), ANA.id);
      const status = await findByRole(el, 'status', { name: '' }).catch(() => null);
      expect(status).to.exist;
      expect(el.shadowRoot!.textContent).to.contain('Loading contact…');
      expect(el.shadowRoot!.querySelector('[part~="skeleton"]')).to.exist;
      await expect(el).to.be.accessible();
      await heading(el, 'Ana Souza');
      await findByRole(el, 'list', { name: 'Recent conversations' }, 2000);
      await expect(el).to.be.accessible();
    });

    it('passes axe with a pending action', async () => {
      const el = await detail(makeAdapter(), PENDING.id);
      await findByRole(el, 'button', { name: 'Add contact information' });
      await expect(el).to.be.accessible();
    });

    it('passes axe with the edit dialog open, and with form errors', async () => {
      const el = await detail(makeAdapter(), ANA.id);
      await heading(el, 'Ana Souza');
      await el.edit();
      await findByRole(el, 'dialog', { name: 'Edit contact' });
      await expect(el).to.be.accessible();
      typeInto(getByRole(el, 'textbox', { name: 'Email' }), 'broken@');
      getByRole(el, 'button', { name: 'Save' }).click();
      const email = getByRole(el, 'textbox', { name: 'Email' });
      await waitFor(() => email.getAttribute('aria-invalid') === 'true');
      await expect(el).to.be.accessible();
    });

    it('passes axe in the error state', async () => {
      const adapter = spy(makeAdapter());
      adapter.failNext('getContact');
      const el = await detail(adapter, ANA.id);
      await findByRole(el, 'button', { name: 'Retry' });
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it('asks for a selection when given no id', async () => {
      const el = await detail(makeAdapter());
      expect(el.shadowRoot!.textContent).to.contain('No contact selected');
    });

    it('shows the contact: heading, initials, links, company, channels and dates', async () => {
      const el = await detail(makeAdapter(), ANA.id);
      await heading(el, 'Ana Souza');
      const root = el.shadowRoot!;
      expect(root.querySelector('[part~="avatar"]')!.textContent).to.equal('AS');
      const email = getByRole(el, 'link', { name: 'ana@example.com' });
      expect(email.getAttribute('href')).to.equal('mailto:ana@example.com');
      const phone = getByRole(el, 'link', { name: /98765/ });
      expect(phone.getAttribute('href')).to.equal('tel:+5511987654321');
      // Not Brazil in English: international format, not the raw E.164 string.
      expect(phone.textContent!.trim()).to.equal('+55 11 98765 4321');
      await findByRole(el, 'button', { name: ACME.name });
      expect(root.textContent).to.contain('WhatsApp');
      expect(root.textContent).to.contain('Name from the channel');
      const times = [...root.querySelectorAll('dd time')].map(t => t.getAttribute('datetime'));
      expect(times).to.deep.equal([ANA.createdAt, ANA.lastActivityAt]);
      expect(root.querySelector('dd time')!.textContent).to.match(/2026/);
    });

    it('lists recent conversations with channel, status, preview and time', async () => {
      const el = await detail(makeAdapter(), ANA.id);
      const list = await findByRole(el, 'list', { name: 'Recent conversations' });
      const items = queryAllByRole(list, 'listitem');
      expect(items).to.have.length(2);
      expect(items[0]!.textContent).to.contain('WhatsApp');
      expect(items[0]!.textContent).to.contain('Open');
      expect(items[0]!.textContent).to.contain('Is my order on its way?');
      expect(items[1]!.textContent).to.contain('Resolved');
      expect(items[0]!.querySelector('time')!.getAttribute('datetime')).to.equal(
        '2026-09-30T10:00:00.000Z',
      );
    });

    it('formats the phone nationally in the contact\u2019s own region', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang="pt-BR">
          <contact-detail .adapter=${makeAdapter()} contact-id=${ANA.id}></contact-detail>
        </div>`,
      );
      const el = wrapper.querySelector('contact-detail')!;
      const phone = await findByRole(el, 'link', { name: /98765/ });
      expect(phone.textContent!.trim()).to.equal('(11) 98765-4321');
    });

    it('renders record data as text, never as markup', async () => {
      const adapter = new InMemoryContactsAdapter({
        data: {
          contacts: [
            contact({
              id: 'ct_x',
              name: '<img src=x onerror=alert(1)>',
              email: 'javascript:alert(1)',
              phone: 'javascript:alert(1)',
            }),
          ],
        },
      });
      const el = await detail(adapter, 'ct_x');
      await heading(el, '<img src=x onerror=alert(1)>');
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
      expect(el.shadowRoot!.querySelector('a[href^="javascript"]')).to.equal(null);
      expect(queryByRole(el, 'link', { name: /alert/ })).to.equal(null);
    });
  });

  describe('adapter resolution', () => {
    it('uses the adapter from context, and an explicit one wins', async () => {
      const fromContext = new InMemoryContactsAdapter({
        data: { contacts: [contact({ id: 'ct_1', name: 'From context', email: 'c@x.io' })] },
      });
      const explicit = new InMemoryContactsAdapter({
        data: { contacts: [contact({ id: 'ct_1', name: 'Explicit', email: 'e@x.io' })] },
      });
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      provideContactsAdapter(wrapper, fromContext);
      const el = document.createElement('contact-detail');
      el.contactId = 'ct_1';
      wrapper.append(el);
      await heading(el, 'From context');
      el.adapter = explicit;
      await heading(el, 'Explicit');
      el.adapter = undefined;
      await heading(el, 'From context');
    });
  });

  describe('states', () => {
    it('shows an error with Retry, fires contacts-error, and recovers', async () => {
      const adapter = spy(makeAdapter());
      adapter.failNext('getContact');
      const errors: ContactsErrorEvent[] = [];
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.addEventListener('contacts-error', event => errors.push(event));
      const el = document.createElement('contact-detail');
      el.adapter = adapter;
      el.contactId = ANA.id;
      wrapper.append(el);
      const alert = await findByRole(el, 'alert');
      expect(alert.textContent).to.contain('Could not load this contact');
      expect(alert.textContent).to.contain('Could not reach the server');
      expect(errors).to.have.length(1);
      expect(errors[0]!.detail.operation).to.equal('get-contact');
      getByRole(el, 'button', { name: 'Retry' }).click();
      await heading(el, 'Ana Souza');
    });

    it('says when the contact does not exist', async () => {
      const el = await detail(makeAdapter(), 'ct_missing');
      await heading(el, 'Contact not found');
      await expect(el).to.be.accessible();
    });

    it('follows contact-id', async () => {
      const el = await detail(makeAdapter(), ANA.id);
      await heading(el, 'Ana Souza');
      el.contactId = BRUNO.id;
      await heading(el, 'Bruno Lima');
    });

    it('updates live when the adapter pushes a change', async () => {
      const adapter = makeAdapter();
      const el = await detail(adapter, ANA.id);
      await heading(el, 'Ana Souza');
      await adapter.updateContact(ANA.id, { name: 'Ana from elsewhere' }, { expectedVersion: 1 });
      await heading(el, 'Ana from elsewhere');
      await adapter.resolveConversation({
        channel: 'whatsapp',
        address: '+5511987654321',
        conversationId: 'cv_new',
        preview: 'A brand new message',
      });
      const list = await findByRole(el, 'list', { name: 'Recent conversations' });
      await waitFor(() => list.textContent!.includes('A brand new message'));
    });
  });

  describe('pending action', () => {
    it('shows the missing information and opens the form on Email', async () => {
      const adapter = makeAdapter();
      const el = await detail(adapter, PENDING.id);
      await heading(el, 'insta.fan');
      expect(el.shadowRoot!.textContent).to.contain('Missing contact information');
      getByRole(el, 'button', { name: 'Add contact information' }).click();
      await findByRole(el, 'dialog', { name: 'Edit contact' });
      const email = getByRole(el, 'textbox', { name: 'Email' });
      await waitFor(() => deepActiveElement() === email);
      typeInto(email, 'fan@example.com');
      getByRole(el, 'button', { name: 'Save' }).click();
      await waitFor(() => !dialogOf(el).open);
      await findByRole(el, 'link', { name: 'fan@example.com' });
      expect(el.shadowRoot!.textContent).not.to.contain('Missing contact information');
      // The button that opened the dialog is gone; focus lands on Edit.
      await waitFor(() => deepActiveElement() === getByRole(el, 'button', { name: 'Edit' }));
    });
  });

  describe('edit', () => {
    it('opens a modal dialog on Name, saves, and returns focus to Edit', async () => {
      const adapter = spy(makeAdapter());
      const el = await detail(adapter, ANA.id);
      await heading(el, 'Ana Souza');
      const edit = getByRole(el, 'button', { name: 'Edit' });
      edit.focus();
      edit.click();
      const dialog = await findByRole(el, 'dialog', { name: 'Edit contact' });
      expect(dialogOf(el).matches(':modal')).to.equal(true);
      expect(dialog).to.equal(dialogOf(el));
      const name = getByRole(el, 'textbox', { name: 'Name' });
      await waitFor(() => deepActiveElement() === name);
      typeInto(name, 'Ana Paula');
      const save = oneEvent(el, 'contact-save');
      const saved = oneEvent(el, 'contact-saved');
      getByRole(el, 'button', { name: 'Save' }).click();
      expect((await save).detail).to.include({ mode: 'update', expectedVersion: 1 });
      await saved;
      await heading(el, 'Ana Paula');
      expect(dialogOf(el).open).to.equal(false);
      expect(el.shadowRoot!.textContent).to.contain('Name set by an agent');
      await waitFor(() => deepActiveElement() === edit);
      await waitFor(() => el.shadowRoot!.textContent!.includes('Contact saved.'));
    });

    it('closes on Escape and on Cancel, returning focus to Edit', async () => {
      const el = await detail(makeAdapter(), ANA.id);
      await heading(el, 'Ana Souza');
      const edit = getByRole(el, 'button', { name: 'Edit' });
      edit.click();
      await findByRole(el, 'dialog', { name: 'Edit contact' });
      await waitFor(() => deepActiveElement()?.id === 'name');
      await sendKeys({ press: 'Escape' });
      await waitFor(() => !dialogOf(el).open);
      await waitFor(() => deepActiveElement() === edit);
      await el.edit('phone');
      await waitFor(() => deepActiveElement()?.id === 'phone');
      getByRole(el, 'button', { name: 'Cancel' }).click();
      await waitFor(() => !dialogOf(el).open);
      await waitFor(() => deepActiveElement() === edit);
    });

    it('keeps the dialog open when Escape only closes the company list', async () => {
      const el = await detail(makeAdapter(), ANA.id);
      await heading(el, 'Ana Souza');
      await el.edit('company');
      const combo = getByRole(el, 'combobox', { name: 'Company' });
      await waitFor(() => deepActiveElement() === combo);
      await sendKeys({ press: 'ArrowDown' });
      await findByRole(el, 'option', { name: /^Globex/ });
      await sendKeys({ press: 'Escape' });
      expect(combo.getAttribute('aria-expanded')).to.equal('false');
      expect(dialogOf(el).open).to.equal(true);
    });

    it('keeps the agent\u2019s edits when the contact changes meanwhile, and shows the conflict', async () => {
      const adapter = makeAdapter();
      const el = await detail(adapter, ANA.id);
      await heading(el, 'Ana Souza');
      await el.edit();
      const name = getByRole(el, 'textbox', { name: 'Name' }) as HTMLInputElement;
      typeInto(name, 'Agent typed this');
      await adapter.updateContact(ANA.id, { name: 'Synced elsewhere' }, { expectedVersion: 1 });
      // Behind the modal dialog the page is inert, so read the heading's text directly.
      const shown = el.shadowRoot!.querySelector('[part~="heading"]')!;
      await waitFor(() => shown.textContent === 'Synced elsewhere');
      expect(name.value).to.equal('Agent typed this');
      getByRole(el, 'button', { name: 'Save' }).click();
      await findByRole(el, 'button', { name: 'Overwrite' });
      expect(getByRole(el, 'alert').textContent).to.contain(
        'This contact was changed by someone else.',
      );
      expect(name.value).to.equal('Agent typed this');
      await expect(el).to.be.accessible();
      getByRole(el, 'button', { name: 'Overwrite' }).click();
      await heading(el, 'Agent typed this');
      expect(dialogOf(el).open).to.equal(false);
    });

    it('shows the existing contact when the agent opens a duplicate', async () => {
      const el = await detail(makeAdapter(), ANA.id);
      await heading(el, 'Ana Souza');
      await el.edit('email');
      typeInto(getByRole(el, 'textbox', { name: 'Email' }), 'bruno@example.com');
      const event = oneEvent(el, 'contacts-open-existing');
      (await findByRole(el, 'button', { name: 'Open existing contact' })).click();
      expect((await event).detail.contactId).to.equal(BRUNO.id);
      const shown = await heading(el, 'Bruno Lima');
      expect(dialogOf(el).open).to.equal(false);
      await waitFor(() => deepActiveElement() === shown, 1000, 'focus on the new heading');
    });
  });

  describe('start conversation', () => {
    it('starts on the registered channel and reports the outcome', async () => {
      const adapter = spy(makeAdapter());
      const el = await detail(adapter, ANA.id);
      await heading(el, 'Ana Souza');
      const select = getByRole(el, 'combobox', { name: 'Channel' }) as HTMLSelectElement;
      expect([...select.options].map(o => o.value)).to.deep.equal(['whatsapp', 'email', 'sms']);
      const intent = oneEvent(el, 'contact-conversation-start');
      const started = oneEvent(el, 'contact-conversation-started');
      getByRole(el, 'button', { name: 'Start conversation' }).click();
      const start = (await intent) as ConversationStartEvent;
      expect(start).to.be.instanceOf(ConversationStartEvent);
      expect(start.cancelable && start.bubbles && start.composed).to.equal(true);
      expect(start.detail.channel).to.equal('whatsapp');
      const { conversation } = ((await started) as ConversationStartedEvent).detail;
      expect(conversation.channel).to.equal('whatsapp');
      await waitFor(() =>
        el.shadowRoot!.textContent!.includes('Conversation started on WhatsApp.'),
      );
      const list = getByRole(el, 'list', { name: 'Recent conversations' });
      await waitFor(() => queryAllByRole(list, 'listitem').length === 3);
    });

    it('offers a choice when the contact is reachable on several channels', async () => {
      const adapter = spy(makeAdapter());
      const el = await detail(adapter, ANA.id);
      await heading(el, 'Ana Souza');
      const select = getByRole(el, 'combobox', { name: 'Channel' }) as HTMLSelectElement;
      select.value = 'email';
      select.dispatchEvent(new Event('change'));
      const started = oneEvent(el, 'contact-conversation-started');
      getByRole(el, 'button', { name: 'Start conversation' }).click();
      expect(((await started) as ConversationStartedEvent).detail.conversation.channel).to.equal(
        'email',
      );
      const [id, channel, options] = adapter.calls.startConversation![0]!;
      expect([id, channel]).to.deep.equal([ANA.id, 'email']);
      // One idempotency key per intent, so a retry after a lost answer opens one conversation.
      expect((options as { idempotencyKey?: string }).idempotencyKey).to.be.a('string');
    });

    it('leaves the conversation to the host when it prevents the intent', async () => {
      const adapter = spy(makeAdapter());
      const el = await detail(adapter, PENDING.id);
      await heading(el, 'insta.fan');
      expect(queryByRole(el, 'combobox', { name: 'Channel' }), 'one channel, no choice').to.equal(
        null,
      );
      el.addEventListener('contact-conversation-start', event => event.preventDefault());
      const intent = oneEvent(el, 'contact-conversation-start');
      getByRole(el, 'button', { name: 'Start conversation' }).click();
      expect((await intent).detail.channel).to.equal('instagram');
      await el.updateComplete;
      expect(adapter.calls.startConversation).to.equal(undefined);
    });

    it('shows a failure with Retry and fires contacts-error', async () => {
      const adapter = spy(makeAdapter());
      adapter.failNext('startConversation');
      const el = await detail(adapter, ANA.id);
      await heading(el, 'Ana Souza');
      const error = oneEvent(el, 'contacts-error');
      getByRole(el, 'button', { name: 'Start conversation' }).click();
      expect(((await error) as ContactsErrorEvent).detail.operation).to.equal('start-conversation');
      const alert = await findByRole(el, 'alert');
      expect(alert.textContent).to.contain('Could not start a conversation on WhatsApp.');
      await waitFor(() => deepActiveElement() === alert);
      const started = oneEvent(el, 'contact-conversation-started');
      getByRole(alert, 'button', { name: 'Retry' }).click();
      await started;
    });

    it('is disabled, with a reason, when no channel can reach the contact', async () => {
      const adapter = new InMemoryContactsAdapter({
        data: { contacts: [contact({ id: 'ct_none', name: 'Nobody' })] },
      });
      const el = await detail(adapter, 'ct_none');
      await heading(el, 'Nobody');
      const button = getByRole(el, 'button', { name: 'Start conversation' }) as HTMLButtonElement;
      expect(button.disabled).to.equal(true);
      expect(el.shadowRoot!.textContent).to.contain('There is no channel');
    });
  });

  describe('company', () => {
    it('shows the company with its contacts, and opens one', async () => {
      const el = await detail(makeAdapter(), undefined, ACME.id);
      await heading(el, ACME.name);
      // The company view is an element of its own, with its own shadow root.
      expect(deepText(el)).to.contain('acme.com.br');
      const list = await findByRole(el, 'list', { name: 'Contacts' });
      expect(queryAllByRole(list, 'listitem')).to.have.length(2);
      await expect(el).to.be.accessible();
      const select = oneEvent(el, 'contacts-select');
      getByRole(list, 'button', { name: 'Bruno Lima' }).click();
      expect((await select).detail).to.deep.equal({ kind: 'contact', id: BRUNO.id });
      const shown = await heading(el, 'Bruno Lima');
      await waitFor(() => deepActiveElement() === shown, 1000, 'focus on the new heading');
    });

    it('opens the contact\u2019s company unless the host takes over', async () => {
      const el = await detail(makeAdapter(), ANA.id);
      const link = await findByRole(el, 'button', { name: ACME.name });
      el.addEventListener('contacts-select', event => event.preventDefault(), { once: true });
      link.click();
      await el.updateComplete;
      expect(el.companyId).to.equal(undefined);
      link.click();
      await heading(el, ACME.name);
    });

    it('lists a contact newly linked to the company', async () => {
      const adapter = makeAdapter();
      const el = await detail(adapter, undefined, ACME.id);
      const list = await findByRole(el, 'list', { name: 'Contacts' });
      await adapter.updateContact(PENDING.id, { companyId: ACME.id }, { expectedVersion: 1 });
      await waitFor(() => list.isConnected && list.textContent!.includes('insta.fan'));
    });

    it('edits the company in a dialog', async () => {
      const el = await detail(makeAdapter(), undefined, ACME.id);
      await heading(el, ACME.name);
      getByRole(el, 'button', { name: 'Edit' }).click();
      await findByRole(el, 'dialog', { name: 'Edit company' });
      typeInto(getByRole(el, 'textbox', { name: 'Name' }), 'Acme Brasil');
      const saved = oneEvent(el, 'company-saved');
      getByRole(el, 'button', { name: 'Save' }).click();
      await saved;
      await heading(el, 'Acme Brasil');
    });
  });

  describe('errors in parts', () => {
    it('shows a failed conversations list with its own Retry', async () => {
      const adapter = spy(makeAdapter());
      adapter.failNext('listConversations');
      const el = await detail(adapter, ANA.id);
      await heading(el, 'Ana Souza');
      const alert = await findByRole(el, 'alert');
      expect(alert.textContent).to.contain('Could not load the recent conversations.');
      getByRole(alert, 'button', { name: 'Retry' }).click();
      await findByRole(el, 'list', { name: 'Recent conversations' });
    });

    it('reports an adapter failure to load the company detail', async () => {
      const adapter = spy(makeAdapter());
      adapter.failNext('getCompany', 1, new ContactsError('unavailable', 'down'));
      const el = await detail(adapter, undefined, ACME.id);
      const alert = await findByRole(el, 'alert');
      expect(alert.textContent).to.contain('Could not load this company');
      getByRole(el, 'button', { name: 'Retry' }).click();
      await heading(el, ACME.name);
    });
  });
});
