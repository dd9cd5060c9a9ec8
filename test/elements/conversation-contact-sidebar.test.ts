import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/contact-detail/define.js';
import '../../src/elements/conversation-contact-sidebar/define.js';

import { provideContactsAdapter } from '../../src/adapter/context.js';
import { ContactsError } from '../../src/adapter/errors.js';
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { ContactsAdapter } from '../../src/adapter/types.js';
import type { ContactDetail } from '../../src/elements/contact-detail/contact-detail.js';
import type { ConversationContactSidebar } from '../../src/elements/conversation-contact-sidebar/conversation-contact-sidebar.js';
import { ContactResolvedEvent } from '../../src/events/contact-resolved.js';
import type { ContactSaveEvent } from '../../src/events/contact-save.js';
import type { ContactsErrorEvent } from '../../src/events/contacts-error.js';
import { ConversationContactRelinkEvent } from '../../src/events/conversation-contact-relink.js';
import type { ArrivingConversation } from '../../src/model/types.js';
import {
  type RoleOptions,
  findByRole as baseFindByRole,
  getByRole,
  nameOf,
  queryAllByRole,
  queryByRole,
  waitFor as baseWaitFor,
} from '../helpers/queries.js';
import {
  ACME,
  ANA,
  BRUNO,
  PENDING,
  deepActiveElement,
  makeAdapter,
  spy,
  typeInto,
} from './contacts-fixtures.js';

// ---- Helpers ----------------------------------------------------------------------------------

/** Ana writes again on WhatsApp, from the number she is known by. */
const ANA_ON_WHATSAPP: ArrivingConversation = {
  channel: 'whatsapp',
  address: '+5511987654321',
  displayName: 'Ana Souza',
  conversationId: 'cv_wa',
  preview: 'Any news on my order?',
};

/** Someone new writes on Instagram, which gives neither email nor phone. */
const FAN_ON_INSTAGRAM: ArrivingConversation = {
  channel: 'instagram',
  address: '@new.fan',
  displayName: 'New Fan',
  conversationId: 'cv_ig',
  preview: 'Do you ship abroad?',
};

async function sidebar(
  adapter: ContactsAdapter | undefined,
  conversation?: ArrivingConversation,
  contactId?: string,
) {
  const el = await fixture<ConversationContactSidebar>(
    html`<conversation-contact-sidebar
      .adapter=${adapter}
      .conversation=${conversation}
      .contactId=${contactId}
    ></conversation-contact-sidebar>`,
  );
  return el;
}

function landmark(el: Element) {
  return getByRole(el, 'complementary', { name: 'Contact' });
}

/**
 * How long the waits below allow: generous, not a timing assertion. CI machines may be busy, and
 * the first contact shown loads libphonenumber.
 */
const WAIT = 8000;

function waitFor<T>(check: () => T | null | undefined | false, timeout = WAIT, what?: string) {
  return baseWaitFor(check, timeout, what);
}

function findByRole(root: ParentNode, role: string, options: RoleOptions = {}, timeout = WAIT) {
  return baseFindByRole(root, role, options, timeout);
}

function heading(el: Element, name: string | RegExp) {
  return findByRole(el, 'heading', { name });
}

function dialogNamed(el: ConversationContactSidebar, name: 'New contact' | 'All contacts') {
  const id = name === 'New contact' ? '#new-dialog' : '#all-dialog';
  return el.shadowRoot!.querySelector<HTMLDialogElement>(id)!;
}

function text(el: Element): string {
  return el.shadowRoot!.textContent ?? '';
}

function resolvedEvents(target: HTMLElement): ContactResolvedEvent[] {
  const events: ContactResolvedEvent[] = [];
  target.addEventListener('contact-resolved', event => events.push(event));
  return events;
}

function statusText(el: Element): string {
  return queryAllByRole(el, 'status')
    .map(status => status.textContent?.trim() ?? '')
    .join(' | ');
}

async function optionNamed(el: Element, name: string): Promise<HTMLElement> {
  const list = await findByRole(el, 'listbox', { name: 'Contacts' });
  return waitFor(
    () => queryAllByRole(list, 'option').find(option => nameOf(option).startsWith(name)),
    WAIT,
    `option ${name}`,
  );
}

async function openEditor(el: ConversationContactSidebar) {
  getByRole(el, 'button', { name: 'Edit contact' }).click();
  return findByRole(el, 'region', { name: 'Edit contact' });
}

function field(el: Element, name: 'Name' | 'Email' | 'Phone'): HTMLInputElement {
  return getByRole(el, 'textbox', { name }) as HTMLInputElement;
}

// ---- Tests ------------------------------------------------------------------------------------

describe('<conversation-contact-sidebar>', () => {
  describe('accessibility', () => {
    it('passes axe with no adapter', async () => {
      const el = await sidebar(undefined, ANA_ON_WHATSAPP);
      expect(landmark(el)).to.exist;
      expect(text(el)).to.contain('No data adapter connected');
      await expect(el).to.be.accessible();
    });

    it('passes axe with no conversation', async () => {
      const el = await sidebar(makeAdapter());
      expect(text(el)).to.contain('No conversation open');
      await expect(el).to.be.accessible();
    });

    it('passes axe while resolving, then with the matched contact', async () => {
      const el = await sidebar(makeAdapter({ latency: 300 }), ANA_ON_WHATSAPP);
      await waitFor(() => text(el).includes('Finding the contact of this conversation…'));
      expect(el.shadowRoot!.querySelector('[part~="skeleton"]')).to.exist;
      await expect(el).to.be.accessible();
      await heading(el, 'Ana Souza');
      await findByRole(el, 'list', { name: 'Recent conversations' });
      await expect(el).to.be.accessible();
    });

    it('passes axe with a contact created with a pending action', async () => {
      const el = await sidebar(makeAdapter(), FAN_ON_INSTAGRAM);
      await findByRole(el, 'button', { name: 'Add contact information' });
      await expect(el).to.be.accessible();
    });

    it('passes axe editing in place, with errors', async () => {
      const el = await sidebar(makeAdapter(), ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      await openEditor(el);
      await expect(el).to.be.accessible();
      typeInto(field(el, 'Email'), 'broken@');
      getByRole(el, 'button', { name: 'Save' }).click();
      await waitFor(() => field(el, 'Email').getAttribute('aria-invalid') === 'true');
      await expect(el).to.be.accessible();
    });

    it('passes axe with the New contact dialog open', async () => {
      const el = await sidebar(makeAdapter(), ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      getByRole(el, 'button', { name: 'New contact' }).click();
      await findByRole(el, 'dialog', { name: 'New contact' });
      await expect(el).to.be.accessible();
    });

    it('passes axe with All contacts open', async () => {
      const el = await sidebar(makeAdapter(), ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      getByRole(el, 'button', { name: 'All contacts' }).click();
      const dialog = await findByRole(el, 'dialog', { name: 'All contacts' });
      await optionNamed(dialog, 'Bruno Lima');
      await expect(el).to.be.accessible();
    });

    it('passes axe in the error state', async () => {
      const adapter = spy(makeAdapter());
      adapter.failNext('resolveConversation');
      const el = await sidebar(adapter, ANA_ON_WHATSAPP);
      await findByRole(el, 'button', { name: 'Retry' });
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it('is a complementary landmark with Edit contact, New contact and All contacts', async () => {
      const el = await sidebar(makeAdapter(), ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      const aside = landmark(el);
      for (const name of ['Edit contact', 'New contact', 'All contacts']) {
        expect(getByRole(aside, 'button', { name }), name).to.exist;
      }
    });

    it('shows name, email, phone, company, channels and recent conversations', async () => {
      const el = await sidebar(makeAdapter(), ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      const email = getByRole(el, 'link', { name: 'ana@example.com' });
      expect(email.getAttribute('href')).to.equal('mailto:ana@example.com');
      const phone = getByRole(el, 'link', { name: /98765/ });
      expect(phone.getAttribute('href')).to.equal('tel:+5511987654321');
      await waitFor(() => text(el).includes(ACME.name));
      expect(text(el)).to.contain('WhatsApp');
      expect(text(el)).to.contain('Known contact on this channel');
      const list = await findByRole(el, 'list', { name: 'Recent conversations' });
      await waitFor(() => queryAllByRole(list, 'listitem').length === 3);
      const [first] = queryAllByRole(list, 'listitem');
      expect(first!.textContent).to.contain('Any news on my order?');
      expect(first!.textContent).to.contain('This conversation');
    });

    it('shows an existing contact by contact-id without resolving', async () => {
      const adapter = spy(makeAdapter());
      const el = await sidebar(adapter, ANA_ON_WHATSAPP, BRUNO.id);
      await heading(el, 'Bruno Lima');
      expect(adapter.calls.resolveConversation).to.equal(undefined);
      el.contactId = undefined;
      await heading(el, 'Ana Souza');
      expect(adapter.calls.resolveConversation).to.have.length(1);
    });

    it('shows the contact that a host-set contact-id was merged into', async () => {
      const adapter = makeAdapter();
      await adapter.mergeContacts(
        ANA.id,
        BRUNO.id,
        {},
        { idempotencyKey: 'merged-before', expectedVersions: { primary: 1, secondary: 1 } },
      );
      const el = await sidebar(adapter, undefined, BRUNO.id);
      await heading(el, 'Ana Souza');
      expect(queryAllByRole(el, 'button', { name: 'Retry' })).to.have.length(0);
    });

    it('follows a remembered contact merged into another, without resolving again', async () => {
      const base = makeAdapter();
      const adapter = spy(base);
      const first = await sidebar(adapter, FAN_ON_INSTAGRAM);
      await heading(first, 'New Fan');
      // Gone before the merge: it would follow the merge live, and remember that.
      first.remove();
      const [fan] = (await base.listContacts({ search: 'New Fan' })).items;
      await base.mergeContacts(
        ANA.id,
        fan!.id,
        {},
        {
          idempotencyKey: 'fan-into-ana',
          expectedVersions: { primary: 1, secondary: fan!.version },
        },
      );
      await heading(await sidebar(adapter, FAN_ON_INSTAGRAM), 'Ana Souza');
      expect(adapter.calls.resolveConversation).to.have.length(1);
    });

    it('renders record data as text, never as markup', async () => {
      const el = await sidebar(makeAdapter(), {
        channel: 'webchat',
        address: 'visitor-x',
        displayName: '<img src=x onerror=alert(1)>',
      });
      await heading(el, '<img src=x onerror=alert(1)>');
      expect(el.shadowRoot!.querySelector('img') === null).to.equal(true);
    });
  });

  describe('resolving the conversation', () => {
    it('reuses a contact matched by phone and reports it', async () => {
      const adapter = makeAdapter();
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const events = resolvedEvents(wrapper);
      const el = document.createElement('conversation-contact-sidebar');
      el.adapter = adapter;
      el.conversation = { channel: 'sms', address: '+55 11 98765-4321', conversationId: 'cv_sms' };
      wrapper.append(el);
      await heading(el, 'Ana Souza');
      expect(events).to.have.length(1);
      const [event] = events;
      expect(event).to.be.instanceOf(ContactResolvedEvent);
      expect(event!.bubbles && event!.composed).to.equal(true);
      expect(event!.detail).to.include({
        outcome: 'matched',
        matchedBy: 'phone',
        conversationId: 'cv_sms',
      });
      expect(event!.detail.contact.id).to.equal(ANA.id);
      expect(event!.detail.conversation?.id).to.equal('cv_sms');
      expect(text(el)).to.contain('Existing contact, matched by phone');
      expect((await adapter.listContacts()).total).to.equal(3);
    });

    it('reuses a contact matched by email', async () => {
      const el = await sidebar(makeAdapter(), {
        channel: 'webchat',
        address: 'visitor-7',
        email: ' ANA@Example.com ',
        conversationId: 'cv_web',
      });
      const event = (await oneEvent(el, 'contact-resolved')) as ContactResolvedEvent;
      expect(event.detail).to.include({ outcome: 'matched', matchedBy: 'email' });
      await heading(el, 'Ana Souza');
    });

    it('creates a contact named from the display name, with a pending action', async () => {
      const adapter = makeAdapter();
      const el = await sidebar(adapter, FAN_ON_INSTAGRAM);
      const event = (await oneEvent(el, 'contact-resolved')) as ContactResolvedEvent;
      expect(event.detail.outcome).to.equal('created');
      expect(event.detail.matchedBy).to.equal(undefined);
      await heading(el, 'New Fan');
      expect(text(el)).to.contain('New contact, created from this conversation');
      expect(text(el)).to.contain('Missing contact information');
      expect(text(el)).to.contain('Instagram');
      const pending = await adapter.listContacts({ pending: true });
      expect(pending.items.map(c => c.name)).to.include('New Fan');
    });

    it('resolves once per conversation, again for another, and not when switching back', async () => {
      const adapter = spy(makeAdapter());
      const el = await sidebar(adapter, FAN_ON_INSTAGRAM);
      await heading(el, 'New Fan');
      el.conversation = { ...FAN_ON_INSTAGRAM };
      el.requestUpdate();
      await el.updateComplete;
      el.requestUpdate();
      await el.updateComplete;
      expect(adapter.calls.resolveConversation).to.have.length(1);
      el.conversation = ANA_ON_WHATSAPP;
      await heading(el, 'Ana Souza');
      expect(adapter.calls.resolveConversation).to.have.length(2);
      el.conversation = FAN_ON_INSTAGRAM;
      await heading(el, 'New Fan');
      expect(adapter.calls.resolveConversation).to.have.length(2);
    });

    it('aborts the resolve of a conversation the agent already left', async () => {
      const adapter = spy(makeAdapter({ latency: 200 }));
      const events: ContactResolvedEvent[] = [];
      const el = await sidebar(adapter, FAN_ON_INSTAGRAM);
      el.addEventListener('contact-resolved', event => events.push(event));
      await el.updateComplete;
      el.conversation = ANA_ON_WHATSAPP;
      await heading(el, 'Ana Souza');
      const [first] = adapter.calls.resolveConversation!;
      expect((first![1] as { signal: AbortSignal }).signal.aborted).to.equal(true);
      expect(events.map(e => e.detail.conversationId)).to.deep.equal(['cv_wa']);
      const fans = await adapter.listContacts({ search: 'New Fan' });
      expect(fans.total).to.equal(0);
    });

    it('leaves one contact when the same conversation arrives twice', async () => {
      const adapter = new InMemoryContactsAdapter();
      const arrival: ArrivingConversation = {
        channel: 'whatsapp',
        address: '+5521999990000',
        displayName: 'Twice',
        conversationId: 'cv_twice',
      };
      const wrapper = await fixture<HTMLDivElement>(
        html`<div>
          <conversation-contact-sidebar
            .adapter=${adapter}
            .conversation=${arrival}
          ></conversation-contact-sidebar>
          <conversation-contact-sidebar
            .adapter=${adapter}
            .conversation=${{ ...arrival }}
          ></conversation-contact-sidebar>
        </div>`,
      );
      const bars = [...wrapper.querySelectorAll('conversation-contact-sidebar')];
      await Promise.all(bars.map(bar => heading(bar, 'Twice')));
      const page = await adapter.listContacts();
      expect(page.total).to.equal(1);
    });

    it('leaves one contact when 20 conversations with one phone arrive at once', async () => {
      const adapter = new InMemoryContactsAdapter({ latency: 5 });
      const arrivals = Array.from({ length: 20 }, (_, i) => ({
        channel: i % 2 ? 'whatsapp' : 'sms',
        address: i % 2 ? '+55 21 98888-7777' : '(21) 98888-7777',
        displayName: 'Rush',
        conversationId: `cv_rush_${i}`,
      }));
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const events = resolvedEvents(wrapper);
      for (const arrival of arrivals) {
        const el = document.createElement('conversation-contact-sidebar');
        el.adapter = adapter;
        el.conversation = arrival;
        wrapper.append(el);
      }
      await waitFor(() => events.length === 20, WAIT, '20 resolutions');
      const page = await adapter.listContacts();
      expect(page.total).to.equal(1);
      expect(events.filter(e => e.detail.outcome === 'created')).to.have.length(1);
      expect(new Set(events.map(e => e.detail.contact.id)).size).to.equal(1);
      // Every sidebar shows the one contact (read directly: role queries over 20 sidebars are slow).
      const bars = [...wrapper.querySelectorAll('conversation-contact-sidebar')];
      await waitFor(() =>
        bars.every(
          bar => bar.shadowRoot!.querySelector('[part~="heading"]')?.textContent === 'Rush',
        ),
      );
      await heading(bars[19]!, 'Rush');
      const conversations = await adapter.listConversations(page.items[0]!.id, { limit: 50 });
      expect(conversations).to.have.length(20);
    });

    it('refreshes a channel name from a later arrival, but never an agent\u2019s name', async () => {
      const adapter = makeAdapter();
      const first: ArrivingConversation = {
        channel: 'telegram',
        address: 'tg:4242',
        displayName: 'Carla',
        conversationId: 'cv_tg_1',
      };
      const el = await sidebar(adapter, first);
      await heading(el, 'Carla');
      el.conversation = { ...first, displayName: 'Carla D.', conversationId: 'cv_tg_2' };
      await heading(el, 'Carla D.');
      await openEditor(el);
      typeInto(field(el, 'Name'), 'Carla Dias');
      const saved = oneEvent(el, 'contact-saved');
      getByRole(el, 'button', { name: 'Save' }).click();
      await saved;
      await heading(el, 'Carla Dias');
      expect(text(el)).to.contain('Name set by an agent');
      const resolved = oneEvent(el, 'contact-resolved');
      el.conversation = { ...first, displayName: 'Carlinha', conversationId: 'cv_tg_3' };
      const event = (await resolved) as ContactResolvedEvent;
      expect(event.detail).to.include({ outcome: 'matched', matchedBy: 'identity' });
      expect(event.detail.contact.name).to.equal('Carla Dias');
      await heading(el, 'Carla Dias');
    });
  });

  describe('adapter resolution', () => {
    it('uses the adapter from context, and an explicit one wins', async () => {
      const fromContext = makeAdapter();
      const explicit = new InMemoryContactsAdapter();
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      provideContactsAdapter(wrapper, fromContext);
      const el = document.createElement('conversation-contact-sidebar');
      el.conversation = ANA_ON_WHATSAPP;
      wrapper.append(el);
      await heading(el, 'Ana Souza');
      const resolved = oneEvent(el, 'contact-resolved');
      el.adapter = explicit;
      // The other store does not know Ana: it creates her from the channel's display name.
      expect(((await resolved) as ContactResolvedEvent).detail.outcome).to.equal('created');
      await heading(el, 'Ana Souza');
      expect((await explicit.listContacts()).total).to.equal(1);
    });
  });

  describe('editing in place', () => {
    it('replaces the read view with the form, saves, and returns focus to Edit contact', async () => {
      const adapter = makeAdapter();
      const el = await sidebar(adapter, ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      const editor = await openEditor(el);
      expect(el.shadowRoot!.querySelector('dialog[open]') === null, 'not a modal').to.equal(true);
      expect(queryByRole(el, 'heading', { name: 'Ana Souza' }) === null).to.equal(true);
      expect(landmark(el).contains(editor)).to.equal(true);
      const name = field(el, 'Name');
      await waitFor(() => deepActiveElement() === name);
      typeInto(name, 'Ana Paula');
      const save = oneEvent(el, 'contact-save');
      const saved = oneEvent(el, 'contact-saved');
      getByRole(el, 'button', { name: 'Save' }).click();
      expect(((await save) as ContactSaveEvent).detail).to.include({
        mode: 'update',
        expectedVersion: 2,
      });
      await saved;
      await heading(el, 'Ana Paula');
      await waitFor(
        () => deepActiveElement() === getByRole(el, 'button', { name: 'Edit contact' }),
      );
      await waitFor(() => statusText(el).includes('Contact saved.'));
      expect((await adapter.getContact(ANA.id)).name).to.equal('Ana Paula');
    });

    it('closes on Escape and on Cancel without writing', async () => {
      const adapter = spy(makeAdapter());
      const el = await sidebar(adapter, ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      await openEditor(el);
      typeInto(field(el, 'Name'), 'Not kept');
      await waitFor(() => deepActiveElement()?.id === 'name');
      await sendKeys({ press: 'Escape' });
      await heading(el, 'Ana Souza');
      const edit = getByRole(el, 'button', { name: 'Edit contact' });
      await waitFor(() => deepActiveElement() === edit);
      await el.edit('phone');
      await waitFor(() => deepActiveElement()?.id === 'phone');
      getByRole(el, 'button', { name: 'Cancel' }).click();
      await heading(el, 'Ana Souza');
      await waitFor(
        () => deepActiveElement() === getByRole(el, 'button', { name: 'Edit contact' }),
      );
      expect(adapter.calls.updateContact).to.equal(undefined);
    });

    it('leaves the editor when the host opens another conversation', async () => {
      const el = await sidebar(makeAdapter(), ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      await openEditor(el);
      el.conversation = FAN_ON_INSTAGRAM;
      await heading(el, 'New Fan');
      expect(queryByRole(el, 'region', { name: 'Edit contact' }) === null).to.equal(true);
    });

    it('keeps everything typed when the save fails, and writes nothing', async () => {
      const adapter = spy(makeAdapter());
      const el = await sidebar(adapter, ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      await openEditor(el);
      typeInto(field(el, 'Name'), 'Ana Typed');
      typeInto(field(el, 'Email'), 'typed@example.com');
      adapter.failNext('updateContact');
      const error = oneEvent(el, 'contacts-error');
      getByRole(el, 'button', { name: 'Save' }).click();
      expect(((await error) as ContactsErrorEvent).detail.operation).to.equal('update-contact');
      const alert = await findByRole(el, 'alert');
      expect(alert.textContent).to.contain('The contact was not saved.');
      expect(field(el, 'Name').value).to.equal('Ana Typed');
      expect(field(el, 'Email').value).to.equal('typed@example.com');
      expect((await adapter.getContact(ANA.id)).name).to.equal('Ana Souza');
    });

    it('shows a concurrent edit as a conflict, keeping the agent\u2019s edits', async () => {
      const adapter = makeAdapter();
      const el = await sidebar(adapter, ANA_ON_WHATSAPP);
      const shown = await heading(el, 'Ana Souza');
      expect(shown).to.exist;
      await openEditor(el);
      const name = field(el, 'Name');
      typeInto(name, 'Agent typed this');
      const current = await adapter.getContact(ANA.id);
      await adapter.updateContact(
        ANA.id,
        { name: 'Synced elsewhere' },
        { expectedVersion: current.version },
      );
      getByRole(el, 'button', { name: 'Save' }).click();
      await findByRole(el, 'button', { name: 'Overwrite' });
      expect(getByRole(el, 'alert').textContent).to.contain(
        'This contact was changed by someone else.',
      );
      expect(name.value).to.equal('Agent typed this');
      await expect(el).to.be.accessible();
      getByRole(el, 'button', { name: 'Overwrite' }).click();
      await heading(el, 'Agent typed this');
    });

    it('offers the contact that already has the typed email as the conversation\u2019s', async () => {
      const el = await sidebar(makeAdapter(), FAN_ON_INSTAGRAM);
      await heading(el, 'New Fan');
      await el.edit('email');
      typeInto(field(el, 'Email'), 'bruno@example.com');
      const relink = oneEvent(el, 'conversation-contact-relink');
      (await findByRole(el, 'button', { name: 'Open existing contact' })).click();
      const event = (await relink) as ConversationContactRelinkEvent;
      expect(event.detail.toContactId).to.equal(BRUNO.id);
      const shown = await heading(el, 'Bruno Lima');
      await waitFor(() => deepActiveElement() === shown, WAIT, 'focus on the new heading');
    });
  });

  describe('pending action', () => {
    it('adds the missing information in place and resolves the action everywhere', async () => {
      const adapter = makeAdapter();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div>
          <conversation-contact-sidebar
            .adapter=${adapter}
            .conversation=${{
              channel: 'instagram',
              address: 'insta.fan',
              conversationId: 'cv_pending',
            }}
          ></conversation-contact-sidebar>
          <contact-detail .adapter=${adapter} contact-id=${PENDING.id}></contact-detail>
          <contacts-panel .adapter=${adapter}></contacts-panel>
        </div>`,
      );
      const panel = wrapper.querySelector('contacts-panel')!;
      const row = await optionNamed(panel, 'insta.fan');
      expect(nameOf(row)).to.contain('Pending action');
      const el = wrapper.querySelector('conversation-contact-sidebar')!;
      const detail = wrapper.querySelector<ContactDetail>('contact-detail')!;
      await heading(el, 'insta.fan');
      await heading(detail, 'insta.fan');
      expect(text(el)).to.contain('Missing contact information');
      expect(text(detail)).to.contain('Missing contact information');
      getByRole(el, 'button', { name: 'Add contact information' }).click();
      await findByRole(el, 'region', { name: 'Edit contact' });
      const email = field(el, 'Email');
      await waitFor(() => deepActiveElement() === email);
      typeInto(email, 'fan@example.com');
      getByRole(el, 'button', { name: 'Save' }).click();
      await findByRole(el, 'link', { name: 'fan@example.com' });
      expect(text(el)).not.to.contain('Missing contact information');
      await findByRole(detail, 'link', { name: 'fan@example.com' });
      expect(text(detail)).not.to.contain('Missing contact information');
      await waitFor(() => {
        const fan = queryAllByRole(panel, 'option').find(o => nameOf(o).startsWith('insta.fan'));
        return fan && !nameOf(fan).includes('Pending action') && nameOf(fan).includes('fan@');
      });
      expect((await adapter.listContacts({ pending: true })).total).to.equal(0);
      await waitFor(
        () => deepActiveElement() === getByRole(el, 'button', { name: 'Edit contact' }),
      );
    });
  });

  describe('New contact', () => {
    it('creates a contact in a modal dialog without leaving the page', async () => {
      const adapter = makeAdapter();
      const el = await sidebar(adapter, ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      const button = getByRole(el, 'button', { name: 'New contact' });
      button.focus();
      button.click();
      const dialog = await findByRole(el, 'dialog', { name: 'New contact' });
      expect(dialogNamed(el, 'New contact').matches(':modal')).to.equal(true);
      await waitFor(() => deepActiveElement() === field(dialog, 'Name'));
      typeInto(field(dialog, 'Name'), 'Zed');
      getByRole(dialog, 'button', { name: 'Save' }).click();
      const alert = await findByRole(dialog, 'alert');
      expect(alert.textContent).to.contain('A contact needs an email address or a phone number.');
      expect(field(dialog, 'Name').value).to.equal('Zed');
      await expect(el).to.be.accessible();
      typeInto(field(dialog, 'Phone'), '+1 415 555 0100');
      const saved = oneEvent(el, 'contact-saved');
      getByRole(dialog, 'button', { name: 'Save' }).click();
      expect((await saved).detail.mode).to.equal('create');
      await waitFor(() => !dialogNamed(el, 'New contact').open);
      await waitFor(() => deepActiveElement() === button);
      await waitFor(() => statusText(el).includes('Contact Zed created.'));
      expect((await adapter.listContacts({ search: 'Zed' })).total).to.equal(1);
      // The conversation's contact stays as it was.
      await heading(el, 'Ana Souza');
    });

    it('opens from the host with a prefill, and gives focus back to the host', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div>
          <button type="button">Host new contact</button>
          <conversation-contact-sidebar
            .adapter=${makeAdapter()}
            .conversation=${ANA_ON_WHATSAPP}
          ></conversation-contact-sidebar>
        </div>`,
      );
      const el = wrapper.querySelector('conversation-contact-sidebar')!;
      const hostButton = wrapper.querySelector('button')!;
      hostButton.focus();
      await el.openNewContact({ email: 'prefill@example.com' });
      const dialog = await findByRole(el, 'dialog', { name: 'New contact' });
      expect(field(dialog, 'Email').value).to.equal('prefill@example.com');
      getByRole(dialog, 'button', { name: 'Cancel' }).click();
      await waitFor(() => !dialogNamed(el, 'New contact').open);
      await waitFor(() => document.activeElement === hostButton);
    });

    it('shows an existing duplicate in All contacts', async () => {
      const el = await sidebar(makeAdapter(), ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      await el.openNewContact();
      const dialog = await findByRole(el, 'dialog', { name: 'New contact' });
      typeInto(field(dialog, 'Email'), 'bruno@example.com');
      (await findByRole(dialog, 'button', { name: 'Open existing contact' })).click();
      const all = await findByRole(el, 'dialog', { name: 'All contacts' });
      expect(dialogNamed(el, 'New contact').open).to.equal(false);
      await findByRole(all, 'heading', { name: 'Bruno Lima' });
      const option = await optionNamed(all, 'Bruno Lima');
      await waitFor(() => option.getAttribute('aria-selected') === 'true');
    });
  });

  describe('All contacts', () => {
    it('opens the contacts panel in a modal dialog with the same adapter', async () => {
      const el = await sidebar(makeAdapter(), ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      const button = getByRole(el, 'button', { name: 'All contacts' });
      button.focus();
      button.click();
      const dialog = await findByRole(el, 'dialog', { name: 'All contacts' });
      expect(dialogNamed(el, 'All contacts').matches(':modal')).to.equal(true);
      await optionNamed(dialog, 'Bruno Lima');
      await optionNamed(dialog, 'insta.fan');
      await waitFor(
        () => deepActiveElement() === getByRole(dialog, 'searchbox', { name: 'Search contacts' }),
      );
      const panel = el.shadowRoot!.querySelector('contacts-panel')!;
      expect(panel.adapter === el.adapter, 'the same adapter').to.equal(true);
      getByRole(dialog, 'button', { name: 'Close' }).click();
      await waitFor(() => !dialogNamed(el, 'All contacts').open);
      await waitFor(() => deepActiveElement() === button);
      // The list is not kept (nor kept loading) behind a closed dialog.
      await waitFor(() => el.shadowRoot!.querySelector('contacts-panel') === null);
    });

    it('re-links the conversation to a chosen contact', async () => {
      const el = await sidebar(makeAdapter(), ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      await el.openAllContacts();
      const dialog = await findByRole(el, 'dialog', { name: 'All contacts' });
      const link = getByRole(dialog, 'button', { name: 'Link to this conversation' });
      expect((link as HTMLButtonElement).disabled).to.equal(true);
      (await optionNamed(dialog, 'Bruno Lima')).click();
      await waitFor(() => !(link as HTMLButtonElement).disabled);
      const relink = oneEvent(el, 'conversation-contact-relink');
      link.click();
      const event = (await relink) as ConversationContactRelinkEvent;
      expect(event).to.be.instanceOf(ConversationContactRelinkEvent);
      expect(event.cancelable && event.bubbles && event.composed).to.equal(true);
      expect(event.detail).to.deep.equal({
        conversationId: 'cv_wa',
        fromContactId: ANA.id,
        toContactId: BRUNO.id,
      });
      await waitFor(() => !dialogNamed(el, 'All contacts').open);
      const shown = await heading(el, 'Bruno Lima');
      await waitFor(() => deepActiveElement() === shown, WAIT, 'focus on the linked contact');
      await waitFor(() => statusText(el).includes('now linked to Bruno Lima'));
      // Switching away and back keeps the link instead of resolving again.
      el.conversation = FAN_ON_INSTAGRAM;
      await heading(el, 'New Fan');
      el.conversation = ANA_ON_WHATSAPP;
      await heading(el, 'Bruno Lima');
    });

    it('changes nothing when the host prevents the re-link', async () => {
      const el = await sidebar(makeAdapter(), ANA_ON_WHATSAPP);
      await heading(el, 'Ana Souza');
      el.addEventListener('conversation-contact-relink', event => event.preventDefault());
      await el.openAllContacts();
      const dialog = await findByRole(el, 'dialog', { name: 'All contacts' });
      (await optionNamed(dialog, 'Bruno Lima')).click();
      const link = getByRole(dialog, 'button', { name: 'Link to this conversation' });
      await waitFor(() => !(link as HTMLButtonElement).disabled);
      const relink = oneEvent(el, 'conversation-contact-relink');
      link.click();
      await relink;
      await el.updateComplete;
      expect(dialogNamed(el, 'All contacts').open).to.equal(true);
      getByRole(dialog, 'button', { name: 'Close' }).click();
      await waitFor(() => !dialogNamed(el, 'All contacts').open);
      await heading(el, 'Ana Souza');
    });
  });

  describe('states', () => {
    it('shows a resolve failure with Retry, fires contacts-error, and recovers', async () => {
      const adapter = spy(makeAdapter());
      adapter.failNext('resolveConversation', 1, new ContactsError('network', 'offline'));
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const errors: ContactsErrorEvent[] = [];
      wrapper.addEventListener('contacts-error', event => errors.push(event));
      const el = document.createElement('conversation-contact-sidebar');
      el.adapter = adapter;
      el.conversation = ANA_ON_WHATSAPP;
      wrapper.append(el);
      const alert = await findByRole(el, 'alert');
      expect(alert.textContent).to.contain('Could not find the contact of this conversation');
      expect(alert.textContent).to.contain('Could not reach the server');
      expect(errors.map(e => e.detail.operation)).to.deep.equal(['resolve-conversation']);
      const resolved = oneEvent(el, 'contact-resolved');
      getByRole(el, 'button', { name: 'Retry' }).click();
      await resolved;
      await heading(el, 'Ana Souza');
      expect(adapter.calls.resolveConversation).to.have.length(2);
    });

    it('says when the linked contact does not exist', async () => {
      const el = await sidebar(makeAdapter(), undefined, 'ct_missing');
      await waitFor(() => text(el).includes('Contact not found'));
      await expect(el).to.be.accessible();
    });
  });
});
