/**
 * The real `<contacts-panel>` over the REST adapter against the hostile node:http backend
 * (`server.mjs`): one test per fault of issue 11 that the list shows. Queried by role and
 * accessible name, as an agent meets it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/contacts-panel/define.js';
// The panel loads the details on first use; loaded here, a slow first load cannot time a test out.
import '../../src/elements/contact-detail/define.js';

import type { ContactsError } from '../../src/adapter/errors.js';
import type { RestContactsAdapter } from '../../src/adapter/rest/index.js';
import type { ContactQuery, ContactsAdapter, RecordKind } from '../../src/adapter/types.js';
import type { ContactsPanel } from '../../src/elements/contacts-panel/contacts-panel.js';
import type { ContactsErrorEvent } from '../../src/events/contacts-error.js';
import { loadPhoneLibrary } from '../../src/model/phone.js';
import type { Contact } from '../../src/model/types.js';
import { findByRole, nameOf, queryAllByRole, waitFor } from '../helpers/queries.js';
import { type HostileServer, hostileServer, restAdapter } from './client.js';

/** Generous, for a loaded CI box; nothing here measures time. */
const WAIT = 8000;

interface Mounted {
  el: ContactsPanel;
  errors: ContactsErrorEvent['detail'][];
}

async function mount(adapter: ContactsAdapter): Promise<Mounted> {
  const errors: ContactsErrorEvent['detail'][] = [];
  const el = await fixture<ContactsPanel>(
    html`<contacts-panel
      .adapter=${adapter}
      @contacts-error=${(event: ContactsErrorEvent) => errors.push(event.detail)}
    ></contacts-panel>`,
  );
  return { el, errors };
}

const listOf = (el: Element) => findByRole(el, 'listbox', { name: 'Contacts' }, WAIT);
const optionsOf = (list: HTMLElement) => queryAllByRole(list, 'option');
const namesOf = (list: HTMLElement) => optionsOf(list).map(nameOf);

function activeOption(list: HTMLElement): HTMLElement | null {
  const id = list.getAttribute('aria-activedescendant');
  return id ? list.querySelector<HTMLElement>(`#${id}`) : null;
}

function activeNamed(list: HTMLElement, name: string) {
  return waitFor(
    () => {
      const active = activeOption(list);
      return active && nameOf(active).startsWith(name) ? active : undefined;
    },
    WAIT,
    `active option ${name} (was "${activeOption(list) ? nameOf(activeOption(list)!) : ''}")`,
  );
}

function alertOf(el: Element) {
  return findByRole(el, 'alert', {}, WAIT);
}

function statuses(el: Element): string[] {
  return queryAllByRole(el, 'status').map(status => status.textContent?.trim() ?? '');
}

const codeOf = (detail: ContactsErrorEvent['detail']) => (detail.error as ContactsError).code;

/** `Person 0001` … as the server generates them. */
const person = (n: number) => `Person ${String(n).padStart(4, '0')}`;

/** Every contact in the server's order, following cursors. */
async function everyContact(adapter: RestContactsAdapter): Promise<Contact[]> {
  const all: Contact[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page: Awaited<ReturnType<typeof adapter.listContacts>> = await adapter.listContacts({
      cursor,
      limit: 50,
    });
    all.push(...page.items);
    cursor = page.nextCursor;
    if (cursor === null) return all;
  }
  throw new Error('The cursors never ended.');
}

describe('<contacts-panel> against a hostile node:http backend', () => {
  let server: HostileServer;

  before(async function () {
    // The details format phone numbers with a library loaded on first use.
    this.timeout(30_000);
    await loadPhoneLibrary();
  });

  beforeEach(async () => {
    server = await hostileServer();
  });

  it('pages capped at 20 for a limit of 50: rows 21-50 load, End reaches the last record, type-ahead works', async () => {
    await server.seed({ generate: 130 });
    await server.fault({ method: 'GET', path: '^/contacts$', kind: 'page-cap', max: 20 });
    const { el, errors } = await mount(restAdapter(server));
    const list = await listOf(el);
    await waitFor(() => namesOf(list).some(name => name.startsWith(person(1))), WAIT);
    list.focus();
    await sendKeys({ type: 'person 0045' });
    const found = await activeNamed(list, person(45));
    expect(found.getAttribute('aria-posinset')).to.equal('45');
    await waitFor(() => !namesOf(list).includes('Loading…'), WAIT, 'rows around 45 to load');
    await sendKeys({ press: 'End' });
    const last = await activeNamed(list, person(130));
    expect(last.getAttribute('aria-posinset')).to.equal('130');
    await waitFor(() => !namesOf(list).includes('Loading…'), WAIT, 'the last rows to load');
    expect(errors).to.deep.equal([]);
  });

  it('activity order: type-ahead finds loaded rows, selected-id reveals through positionOf, and without it shows the details only', async () => {
    await server.seed({ generate: 130 });
    await server.fault({ method: 'GET', path: '^/contacts$', kind: 'order', by: 'activity' });
    const plain = restAdapter(server, { order: 'activity' });
    const order = await everyContact(plain);
    expect(order.map(c => c.name)).not.to.deep.equal([...order.map(c => c.name)].sort());

    // Type-ahead over the loaded rows (the first page), which are not in name order.
    const { el, errors } = await mount(plain);
    const list = await listOf(el);
    await waitFor(() => optionsOf(list).length > 5, WAIT);
    const target = order[30]!;
    list.focus();
    await sendKeys({ type: target.name.toLowerCase() });
    const typed = await activeNamed(list, target.name);
    expect(typed.getAttribute('aria-posinset')).to.equal('31');

    // Without positionOf, a record far down shows in the details; the list does not move.
    const far = order[120]!;
    el.selectedId = far.id;
    await findByRole(el, 'heading', { name: far.name }, WAIT);
    expect(nameOf(activeOption(list)!)).to.contain(target.name);
    expect(errors).to.deep.equal([]);

    // With positionOf, the same record is revealed at its position.
    const withPosition = restAdapter(server, { order: 'activity' }) as RestContactsAdapter &
      Pick<ContactsAdapter, 'positionOf'>;
    withPosition.positionOf = async (_kind: RecordKind, id: string, _query?: ContactQuery) => {
      const index = (await everyContact(plain)).findIndex(c => c.id === id);
      return index < 0 ? null : index;
    };
    const second = await mount(withPosition);
    const list2 = await listOf(second.el);
    await waitFor(() => optionsOf(list2).length > 5, WAIT);
    second.el.selectedId = far.id;
    const revealed = await activeNamed(list2, far.name);
    expect(revealed.getAttribute('aria-posinset')).to.equal('121');
    expect(revealed.getAttribute('aria-selected')).to.equal('true');
  });

  it('a page with null items becomes an error that says what to do, with Retry that recovers', async () => {
    await server.seed({ generate: 5 });
    await server.fault({
      method: 'GET',
      path: '^/contacts$',
      kind: 'shape',
      change: 'items-null',
      times: 1,
    });
    const { el, errors } = await mount(restAdapter(server, { retries: 0 }));
    const alert = await alertOf(el);
    expect(alert.textContent).to.contain('The server answered something unexpected');
    expect(errors.map(codeOf)).to.include('invalid-response');
    (await findByRole(alert, 'button', { name: 'Retry' })).click();
    const list = await listOf(el);
    await waitFor(() => namesOf(list).length === 5, WAIT, 'five rows');
  });

  it('one record missing its name: the others render, its row is unavailable, contacts-error says so once', async () => {
    await server.seed({ generate: 5 });
    await server.fault({
      method: 'GET',
      path: '^/contacts$',
      kind: 'shape',
      change: 'drop-field',
      field: 'name',
      index: 1,
    });
    const { el, errors } = await mount(restAdapter(server));
    const list = await listOf(el);
    await waitFor(() => namesOf(list).length === 5 && !namesOf(list).includes('Loading…'), WAIT);
    const names = namesOf(list);
    expect(names[0]).to.contain(person(1));
    expect(names[1]).to.contain('Unavailable record');
    expect(names.slice(2).map(name => name.slice(0, 11))).to.deep.equal([3, 4, 5].map(person));
    expect(optionsOf(list)[4]!.getAttribute('aria-setsize')).to.equal('5');
    expect(errors.map(codeOf)).to.deep.equal(['invalid-response']);
  });

  it('a page repeating an id shows each record once, at its position', async () => {
    await server.seed({ generate: 5 });
    await server.fault({ method: 'GET', path: '^/contacts$', kind: 'repeat-ids' });
    const { el } = await mount(restAdapter(server));
    const list = await listOf(el);
    await waitFor(() => namesOf(list).length === 5, WAIT);
    await waitFor(
      () =>
        namesOf(list)
          .map(name => name.slice(0, 11))
          .join() === [1, 2, 3, 4, 5].map(person).join(),
      WAIT,
      `each record once (saw ${namesOf(list).join(' | ')})`,
    );
  });

  it('503 with Retry-After counts down, keeps Retry, and recovers by itself', async () => {
    await server.seed({ generate: 3 });
    await server.fault({
      method: 'GET',
      path: '^/contacts$',
      kind: 'respond',
      status: 503,
      headers: { 'Retry-After': '2' },
      times: 1,
    });
    const { el, errors } = await mount(restAdapter(server, { retries: 0 }));
    const alert = await alertOf(el);
    await waitFor(() => /Retrying in [12] s/.test(alert.textContent ?? ''), WAIT, 'a countdown');
    await findByRole(alert, 'button', { name: 'Retry' });
    expect(errors.map(codeOf)).to.deep.equal(['unavailable']);
    const list = await listOf(el);
    await waitFor(() => namesOf(list).length === 3, WAIT, 'three rows after the retry');
  });

  it('unauthorized says to sign in again', async () => {
    await server.seed({ generate: 3 });
    await server.fault({ method: 'GET', path: '^/contacts$', kind: 'respond', status: 401 });
    const { el, errors } = await mount(restAdapter(server));
    const alert = await alertOf(el);
    expect(alert.textContent).to.contain('Sign in again');
    await findByRole(alert, 'button', { name: 'Retry' });
    expect(errors.map(codeOf)).to.include('unauthorized');
  });

  it('after a create, the announced count is the new total', async () => {
    await server.seed({ generate: 3 });
    const adapter = restAdapter(server);
    const { el } = await mount(adapter);
    await waitFor(() => statuses(el).includes('3 contacts'), WAIT, 'announcement 3 contacts');
    await adapter.createContact(
      { name: 'Ana', email: 'ana@example.com' },
      { idempotencyKey: crypto.randomUUID() },
    );
    await waitFor(() => statuses(el).includes('4 contacts'), WAIT, 'announcement 4 contacts');
  });
});
