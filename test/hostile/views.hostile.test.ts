/**
 * The read views (`<contact-detail>`, its company view, `<conversation-contact-sidebar>`) over the
 * REST adapter against the hostile node:http backend (`server.mjs`): hostile text in records,
 * records missing fields, a lost answer to "Start conversation", refused credentials, and a
 * server that asks to come back later. Queries go by role and accessible name.
 */
import { expect, fixture, html } from '@open-wc/testing';

import '../../src/elements/contact-detail/define.js';
import '../../src/elements/conversation-contact-sidebar/define.js';

import type { ContactsAdapter } from '../../src/adapter/types.js';
import type { ContactDetail } from '../../src/elements/contact-detail/contact-detail.js';
import type { ConversationContactSidebar } from '../../src/elements/conversation-contact-sidebar/conversation-contact-sidebar.js';
import type { ContactsErrorEvent } from '../../src/events/contacts-error.js';
import { en } from '../../src/i18n/en/index.js';
import type { Contact } from '../../src/model/types.js';
import { deepText } from '../elements/contacts-fixtures.js';
import { findByRole, getByRole, queryAllByRole, waitFor } from '../helpers/queries.js';
import { HOSTILE_TEXT, type HostileServer, hostileServer, restAdapter } from './client.js';

/** A contact that can be reached on WhatsApp. */
const ANA: Partial<Contact> = {
  id: 'ct_ana',
  name: 'Ana Souza',
  nameSource: 'agent',
  email: 'ana@example.com',
  identities: [{ channel: 'whatsapp', address: '+5511987654321' }],
};

/**
 * The adapter as another adapter would hand records over: `rewrite` changes what a method
 * resolves with. Everything else is the REST adapter's own.
 */
function rewriting(
  adapter: ContactsAdapter,
  rewrite: Partial<Record<keyof ContactsAdapter, (value: unknown) => unknown>>,
): ContactsAdapter {
  return new Proxy(adapter, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      const change = rewrite[property as keyof ContactsAdapter];
      return change ? async (...args: unknown[]) => change(await method(...args)) : method;
    },
  });
}

/** Every `contacts-error` an element fired, per element, from its first render on. */
const fired = new WeakMap<Element, ContactsErrorEvent['detail'][]>();

function record(event: Event): void {
  const el = event.currentTarget as Element;
  if (!fired.has(el)) fired.set(el, []);
  fired.get(el)!.push((event as ContactsErrorEvent).detail);
}

function errorsOf(el: Element): ContactsErrorEvent['detail'][] {
  if (!fired.has(el)) fired.set(el, []);
  return fired.get(el)!;
}

async function detail(adapter: ContactsAdapter, contactId: string) {
  return fixture<ContactDetail>(
    html`<contact-detail
      .adapter=${adapter}
      contact-id=${contactId}
      @contacts-error=${record}
    ></contact-detail>`,
  );
}

async function sidebar(adapter: ContactsAdapter, contactId?: string) {
  const el = await fixture<ConversationContactSidebar>(
    html`<conversation-contact-sidebar
      .adapter=${adapter}
      contact-id=${contactId ?? ''}
      @contacts-error=${record}
    ></conversation-contact-sidebar>`,
  );
  if (!contactId) el.contactId = undefined;
  return el;
}

/** Resolves once `check` resolves true; fails after `timeout` ms. */
async function eventually(check: () => Promise<boolean>, timeout = 3000): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > timeout) throw new Error('Timed out.');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

const codeOf = (error: unknown) => (error as { code?: string }).code;

/** Text a record's value must never turn into: internals of JavaScript objects. */
function expectNoInternals(el: Element): void {
  const text = deepText(el);
  expect(text).not.to.contain('native code');
  expect(text).not.to.contain('[object Object]');
  expect(text).not.to.contain('function ');
}

function avatarOf(el: Element): string {
  return el.shadowRoot!.querySelector('[part~="avatar"]')!.textContent!.trim();
}

describe('the read views against a hostile backend', () => {
  let server: HostileServer;

  beforeEach(async () => {
    server = await hostileServer();
  });

  it('mailto and tel links do exactly what their label says', async () => {
    // WHATWG-valid: `?`, `&`, `=` and `%` may stand in the local part of an address.
    const tricky = 'a?cc=evil%40x.org&body=hi@example.com';
    await server.seed({
      contacts: [
        { id: 'ct_tricky', name: 'Tricky', email: tricky, phone: '+5511987654321' },
        {
          id: 'ct_hostile',
          name: 'Hostile',
          email: HOSTILE_TEXT.mailtoInjection,
          phone: HOSTILE_TEXT.telInjection,
        },
      ],
    });
    const adapter = restAdapter(server);
    for (const el of [await detail(adapter, 'ct_tricky'), await sidebar(adapter, 'ct_tricky')]) {
      const link = (await findByRole(el, 'link', { name: tricky })) as HTMLAnchorElement;
      const href = link.getAttribute('href')!;
      expect(href).to.equal(
        `mailto:${encodeURIComponent('a?cc=evil%40x.org&body=hi')}@example.com`,
      );
      const url = new URL(href);
      expect(url.search, 'no header fields').to.equal('');
      expect(decodeURIComponent(url.pathname)).to.equal(tricky);
      expect(link.textContent!.trim()).to.equal(tricky);
      const tel = el.shadowRoot!.querySelector<HTMLAnchorElement>('a[href^="tel:"]')!;
      expect(tel.getAttribute('href')).to.equal('tel:+5511987654321');
    }
    // What is no well-formed address or number shows as text, and links nowhere.
    for (const el of [await detail(adapter, 'ct_hostile'), await sidebar(adapter, 'ct_hostile')]) {
      await findByRole(el, 'heading', { name: 'Hostile' });
      expect(queryAllByRole(el, 'link')).to.have.length(0);
      expect(deepText(el)).to.contain(HOSTILE_TEXT.mailtoInjection);
    }
  });

  it('__proto__, constructor and toString as channel, status and name source show as themselves', async () => {
    const members = [HOSTILE_TEXT.protoKey, HOSTILE_TEXT.objectMember, HOSTILE_TEXT.toStringMember];
    await server.seed({
      contacts: [
        {
          ...ANA,
          identities: members.map(channel => ({ channel, address: `${channel}-address` })),
        },
      ],
      conversations: members.map((channel, i) => ({
        id: `cv_${i}`,
        contactId: 'ct_ana',
        channel,
        lastMessagePreview: `Preview ${i}`,
      })),
    });
    // Status and name source are closed lists in openapi.yaml; another adapter may send anything.
    const adapter = rewriting(restAdapter(server), {
      getContact: contact => ({ ...(contact as Contact), nameSource: HOSTILE_TEXT.toStringMember }),
      listConversations: list =>
        (list as { status: string }[]).map((item, i) => ({ ...item, status: members[i] })),
    });
    for (const el of [await detail(adapter, 'ct_ana'), await sidebar(adapter, 'ct_ana')]) {
      await findByRole(el, 'list', { name: 'Recent conversations' });
      await waitFor(() => deepText(el).includes('Preview 2'));
      const text = deepText(el);
      for (const member of members) {
        expect(text.split(member).length - 1, member).to.be.at.least(2);
      }
      expect(el.shadowRoot!.querySelector('.subtitle')!.textContent!.trim()).to.equal('toString');
      expectNoInternals(el);
    }
  });

  it('initials and headings skip invisible and direction-control characters', async () => {
    await server.seed({
      contacts: [
        { id: 'ct_bidi', name: HOSTILE_TEXT.bidi, email: 'bidi@example.com' },
        { id: 'ct_blank', name: HOSTILE_TEXT.invisible, email: 'zoe@example.com' },
        { id: 'ct_marks', name: '\u0301\u200B Bruno \u2067Lima\u2069' },
      ],
    });
    const adapter = restAdapter(server);
    const cases = [
      ['ct_bidi', 'gnp.exe', 'G'],
      ['ct_blank', 'zoe@example.com', 'Z'],
      ['ct_marks', 'Bruno Lima', 'BL'],
    ] as const;
    for (const [id, heading, initials] of cases) {
      for (const el of [await detail(adapter, id), await sidebar(adapter, id)]) {
        const found = await findByRole(el, 'heading', { name: new RegExp(heading.slice(1, 4)) });
        expect(found.textContent!.trim(), id).to.equal(heading);
        expect(avatarOf(el), id).to.equal(initials);
      }
    }
  });

  it('a record missing fields renders; one that cannot be shown is an error with Retry and contacts-error', async () => {
    await server.seed({
      contacts: [ANA],
      conversations: [{ id: 'cv_1', contactId: 'ct_ana', lastMessagePreview: 'Hello' }],
    });
    // Another adapter, lax about the contract: no identities, no pending actions, a null name,
    // no version; a conversation list with a record that has no id.
    const lax = rewriting(restAdapter(server), {
      getContact: contact => {
        const loose = { ...(contact as Contact), name: null } as Record<string, unknown>;
        delete loose.identities;
        delete loose.pendingActions;
        delete loose.version;
        return loose;
      },
      listConversations: list => [null, { channel: 'sms' }, ...(list as unknown[])],
    });
    for (const el of [await detail(lax, 'ct_ana'), await sidebar(lax, 'ct_ana')]) {
      const errors = errorsOf(el);
      await findByRole(el, 'heading', { name: 'ana@example.com' });
      await waitFor(() => deepText(el).includes('Hello'));
      await waitFor(() => errors.length);
      expect(errors.map(e => [e.operation, codeOf(e.error)])).to.deep.equal([
        ['list-conversations', 'invalid-response'],
      ]);
    }

    // Over REST, a record that breaks the contract is an error the view explains, with Retry.
    await server.fault({
      method: 'GET',
      path: '^/contacts/ct_ana$',
      kind: 'shape',
      change: 'drop-field',
      field: 'identities',
      times: 1,
    });
    const el = await detail(restAdapter(server), 'ct_ana');
    const errors = errorsOf(el);
    const alert = await findByRole(el, 'alert');
    expect(alert.textContent).to.contain(en.detail.loadContactFailed);
    expect(alert.textContent).to.contain(en.common.errorInvalidResponse);
    expect(errors.map(e => [e.operation, codeOf(e.error)])).to.deep.equal([
      ['get-contact', 'invalid-response'],
    ]);
    getByRole(el, 'button', { name: 'Retry' }).click();
    await findByRole(el, 'heading', { name: 'Ana Souza' });
  });

  it('a retried "Start conversation" after a lost answer opens exactly one conversation', async () => {
    await server.seed({ contacts: [ANA] });
    // Every attempt is written, then its answer lost, until the agent has seen the failure: the
    // browser itself may send a POST again when a reused connection drops, and those are lost too.
    await server.fault({
      method: 'POST',
      path: '^/contacts/ct_ana/conversations$',
      kind: 'drop',
      when: 'after',
    });
    // No automatic retries in the adapter: the agent's Retry is what is tested.
    const adapter = restAdapter(server, { retries: 0 });
    const el = await detail(adapter, 'ct_ana');
    (await findByRole(el, 'button', { name: 'Start conversation' })).click();
    const failed = await waitFor(
      () => queryAllByRole(el, 'alert').find(a => a.textContent!.includes('Could not')),
      10_000,
    );
    await server.clearFaults();
    getByRole(failed, 'button', { name: 'Retry' }).click();
    await waitFor(() => deepText(el).includes('Conversation started on WhatsApp.'), 10_000);
    expect(await adapter.listConversations('ct_ana')).to.have.length(1);

    // Another intent after a success opens another conversation, under a new key.
    getByRole(el, 'button', { name: 'Start conversation' }).click();
    await eventually(async () => (await adapter.listConversations('ct_ana')).length === 2);
    const posts = (await server.requests()).filter(
      r => r.method === 'POST' && r.path === '/contacts/ct_ana/conversations',
    );
    const keys = posts.map(r => r.headers['idempotency-key']);
    const last = keys.pop();
    expect(keys.length).to.be.at.least(2);
    expect(keys[0]).to.be.a('string').and.not.equal('');
    expect(new Set(keys).size, 'one key for the first intent').to.equal(1);
    expect(last).to.be.a('string').and.not.equal(keys[0]);
  });

  it('refused credentials say to sign in again, in the detail and the sidebar', async () => {
    await server.seed({ contacts: [ANA] });
    await server.fault({ method: 'GET', path: '^/contacts/ct_ana$', kind: 'respond', status: 401 });
    await server.fault({
      method: 'POST',
      path: '^/conversations/resolve$',
      kind: 'respond',
      status: 403,
    });
    const adapter = restAdapter(server);
    const el = await detail(adapter, 'ct_ana');
    expect((await findByRole(el, 'alert')).textContent).to.contain(en.common.errorUnauthorized);
    const side = await sidebar(adapter);
    side.conversation = { channel: 'whatsapp', address: '+5511911112222', displayName: 'Zé' };
    const alert = await findByRole(side, 'alert');
    expect(alert.textContent).to.contain(en.sidebar.resolveFailed);
    expect(alert.textContent).to.contain(en.common.errorUnauthorized);
  });

  it('Retry-After counts down and retries by itself, in the detail and the sidebar', async () => {
    await server.seed({ contacts: [ANA] });
    await server.fault({
      method: 'GET',
      path: '^/contacts/ct_ana$',
      kind: 'respond',
      status: 503,
      headers: { 'Retry-After': '2' },
      times: 1,
    });
    await server.fault({
      method: 'POST',
      path: '^/conversations/resolve$',
      kind: 'respond',
      status: 429,
      headers: { 'Retry-After': '1' },
      times: 1,
    });
    const adapter = restAdapter(server, { retries: 0 });
    const el = await detail(adapter, 'ct_ana');
    const alert = await findByRole(el, 'alert');
    expect(alert.textContent).to.match(/Retrying in [12] s/);
    getByRole(alert, 'button', { name: 'Retry' });
    await findByRole(el, 'heading', { name: 'Ana Souza' }, 4000);

    const side = await sidebar(adapter);
    side.conversation = { channel: 'whatsapp', address: '+5511987654321', displayName: 'Ana' };
    expect((await findByRole(side, 'alert')).textContent).to.match(/Retrying in 1 s/);
    await findByRole(side, 'heading', { name: 'Ana Souza' }, 4000);
    const resolves = (await server.requests()).filter(r => r.path === '/conversations/resolve');
    expect(resolves).to.have.length(2);
  });
});
