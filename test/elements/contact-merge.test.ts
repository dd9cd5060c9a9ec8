import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/contact-detail/define.js';
import '../../src/elements/conversation-contact-sidebar/define.js';

import { ContactsError } from '../../src/adapter/errors.js';
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { ContactsAdapter } from '../../src/adapter/types.js';
import type { ContactDetail } from '../../src/elements/contact-detail/contact-detail.js';
import type { ConversationContactSidebar } from '../../src/elements/conversation-contact-sidebar/conversation-contact-sidebar.js';
import type { ContactsMergeEvent } from '../../src/events/contacts-merge.js';
import type { ContactsMergedEvent } from '../../src/events/contacts-merged.js';
import {
  type RoleOptions,
  findByRole as baseFindByRole,
  getByRole,
  nameOf,
  queryAllByRole,
  queryByRole,
  waitFor as baseWaitFor,
} from '../helpers/queries.js';
import { without } from '../helpers/capabilities.js';
import {
  ANA_AGAIN,
  MERGE_DATA,
  MergingAdapter,
  VISITOR,
  VISITOR_ON_WEBCHAT,
} from '../helpers/merging-adapter.js';
import { ANA, BRUNO, GLOBEX, deepActiveElement, typeInto } from './contacts-fixtures.js';

// ---- Helpers ----------------------------------------------------------------------------------

const WAIT = 8000;

function waitFor<T>(check: () => T | null | undefined | false, what?: string) {
  return baseWaitFor(check, WAIT, what);
}

function findByRole(root: ParentNode, role: string, options: RoleOptions = {}) {
  return baseFindByRole(root, role, options, WAIT);
}

async function detail(adapter: ContactsAdapter, contactId: string) {
  const el = await fixture<ContactDetail>(
    html`<contact-detail .adapter=${adapter} contact-id=${contactId}></contact-detail>`,
  );
  return el;
}

async function mergeDialog(root: Element): Promise<HTMLElement> {
  return findByRole(root, 'dialog', { name: 'Merge contacts' });
}

function radio(group: HTMLElement, name: string): HTMLInputElement {
  return getByRole(group, 'radio', { name }) as HTMLInputElement;
}

/** Opens "Merge with…" on `el`, searches `query` and picks the result starting with `name`. */
async function pickToMerge(el: ContactDetail, query: string, name: string) {
  const open = await findByRole(el, 'button', { name: 'Merge with…' });
  open.focus();
  open.click();
  const picker = await findByRole(el, 'dialog', { name: /^Merge .* with…$/ });
  const search = getByRole(picker, 'searchbox', { name: 'Search contacts' });
  await waitFor(() => deepActiveElement() === search, 'the search focused');
  typeInto(search, query);
  const choice = await waitFor(() =>
    queryAllByRole(picker, 'button').find(button => nameOf(button).startsWith(name)),
  );
  choice.click();
  return mergeDialog(el);
}

// ---- Tests ------------------------------------------------------------------------------------

describe('merging contacts', () => {
  it('isPossibleDuplicate feeds "Possible duplicates", whose Compare and merge opens the dialog', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await detail(store.asAdapter(), ANA.id);
    const region = await findByRole(el, 'region', { name: 'Possible duplicates' });
    const compare = getByRole(region, 'button', { name: 'Compare and merge' });
    expect(region.textContent).to.contain('ana souza');
    expect(region.textContent).not.to.contain('Bruno');
    compare.click();
    const dialog = await mergeDialog(el);
    expect(getByRole(dialog, 'radiogroup', { name: 'Name' })).to.exist;
    await expect(el).to.be.accessible();
  });

  it('shows no "Possible duplicates" when there are none', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await detail(store.asAdapter(), BRUNO.id);
    await findByRole(el, 'button', { name: 'Merge with…' });
    // The lookup runs after the contact painted; its answer renders nothing for Bruno.
    await el.updateComplete;
    expect(queryByRole(el, 'region', { name: 'Possible duplicates' }) === null).to.equal(true);
  });

  it('offers no merge without mergeContacts', async () => {
    const el = await detail(
      without(new InMemoryContactsAdapter({ data: structuredClone(MERGE_DATA) }), 'mergeContacts'),
      ANA.id,
    );
    await findByRole(el, 'heading', { name: 'Ana Souza' });
    expect(queryByRole(el, 'button', { name: 'Merge with…' }) === null).to.equal(true);
  });

  it('the picker excludes the contact itself', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await detail(store.asAdapter(), ANA.id);
    (await findByRole(el, 'button', { name: 'Merge with…' })).click();
    const picker = await findByRole(el, 'dialog', { name: 'Merge Ana Souza with…' });
    typeInto(getByRole(picker, 'searchbox', { name: 'Search contacts' }), 'souza');
    await waitFor(() =>
      queryAllByRole(picker, 'button').find(button => nameOf(button).startsWith('ana souza')),
    );
    const names = queryAllByRole(picker, 'button').map(nameOf);
    expect(names.some(name => name.startsWith('Ana Souza'))).to.be.false;
  });

  it('merges the chosen values, keeps both channels and moves the conversations', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await detail(store.asAdapter(), ANA.id);
    const merged: ContactsMergedEvent[] = [];
    el.addEventListener('contacts-merged', event => merged.push(event));
    const dialog = await pickToMerge(el, 'globex', 'ana souza');

    // Primary values are the defaults; a side without a value would read "None".
    const name = getByRole(dialog, 'radiogroup', { name: 'Name' });
    expect(radio(name, 'Ana Souza').checked).to.be.true;
    const email = getByRole(dialog, 'radiogroup', { name: 'Email' });
    const company = getByRole(dialog, 'radiogroup', { name: 'Company' });
    await waitFor(() => queryByRole(company, 'radio', { name: 'Globex' }));
    radio(email, 'ana.souza@globex.com').click();
    radio(company, 'Globex').click();

    const preview = getByRole(dialog, 'region', { name: 'Result' });
    await waitFor(() => preview.textContent?.includes('0 conversations move'));
    expect(preview.textContent).to.contain('ana.souza@globex.com');
    expect(preview.textContent).to.contain('Globex');
    expect(preview.textContent).to.contain('WhatsApp, Email');
    await expect(el).to.be.accessible();

    getByRole(dialog, 'button', { name: 'Merge' }).click();
    await waitFor(() => merged.length === 1, 'contacts-merged');
    expect(store.calls[0]!.choices).to.deep.equal({
      name: 'primary',
      email: 'secondary',
      phone: 'primary',
      companyId: 'secondary',
    });
    expect(store.calls[0]!.options.expectedVersions).to.deep.equal({ primary: 1, secondary: 1 });
    const result = await store.getContact(ANA.id);
    expect(result.email).to.equal('ana.souza@globex.com');
    expect(result.companyId).to.equal(GLOBEX.id);
    expect(result.identities.map(i => i.channel)).to.deep.equal(['whatsapp', 'email']);
    const gone = await store.getContact(ANA_AGAIN.id).catch((error: ContactsError) => error);
    expect((gone as ContactsError).mergedInto).to.equal(ANA.id);
    await waitFor(() => !(dialog as HTMLDialogElement).open, 'the dialog closed');
    await findByRole(el, 'link', { name: 'ana.souza@globex.com' });
    // Focus is back on what opened the picker.
    expect(nameOf(deepActiveElement() as HTMLElement)).to.equal('Merge with…');
  });

  it('is keyboard-complete: Merge with…, search, choose, pick a value, Merge', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await detail(store.asAdapter(), ANA.id);
    const focused = () => nameOf(deepActiveElement() as HTMLElement);
    (await findByRole(el, 'button', { name: 'Merge with…' })).focus();
    await sendKeys({ press: 'Enter' });
    const picker = await findByRole(el, 'dialog', { name: 'Merge Ana Souza with…' });
    await waitFor(() => focused() === 'Search contacts', 'the search focused');
    await sendKeys({ type: 'globex' });
    await waitFor(() =>
      queryAllByRole(picker, 'button').some(button => nameOf(button).startsWith('ana souza')),
    );
    await sendKeys({ press: 'Tab' });
    expect(focused()).to.match(/^ana souza/);
    await sendKeys({ press: 'Enter' });
    const dialog = await mergeDialog(el);
    await waitFor(() => focused() === 'Ana Souza', 'the first choice focused');
    await sendKeys({ press: 'ArrowDown' });
    expect(radio(getByRole(dialog, 'radiogroup', { name: 'Name' }), 'ana souza').checked).to.be
      .true;
    for (let i = 0; i < 10 && focused() !== 'Merge'; i++) await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal('Merge');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => !(dialog as HTMLDialogElement).open, 'the dialog closed');
    expect(store.calls[0]!.choices.name).to.equal('secondary');
    await waitFor(() => focused() === 'Merge with…', 'focus back on Merge with…');
  });

  it('shows the merged values at once with an adapter that pushes no changes', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await detail(without(store.asAdapter(), 'subscribe'), ANA.id);
    const dialog = await pickToMerge(el, 'globex', 'ana souza');
    radio(getByRole(dialog, 'radiogroup', { name: 'Email' }), 'ana.souza@globex.com').click();
    getByRole(dialog, 'button', { name: 'Merge' }).click();
    await findByRole(el, 'link', { name: 'ana.souza@globex.com' });
  });

  it('Cancel writes nothing and returns focus', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await detail(store.asAdapter(), ANA.id);
    const dialog = await pickToMerge(el, 'globex', 'ana souza');
    getByRole(dialog, 'button', { name: 'Cancel' }).click();
    await waitFor(() => !(dialog as HTMLDialogElement).open, 'the dialog closed');
    expect(store.calls).to.have.length(0);
    expect(nameOf(deepActiveElement() as HTMLElement)).to.equal('Merge with…');
  });

  it('Escape closes the dialog without writing', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await detail(store.asAdapter(), ANA.id);
    const dialog = await pickToMerge(el, 'globex', 'ana souza');
    await waitFor(() => (deepActiveElement() as HTMLInputElement | null)?.type === 'radio');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !(dialog as HTMLDialogElement).open, 'the dialog closed');
    expect(store.calls).to.have.length(0);
  });

  it('a prevented contacts-merge writes nothing and keeps the dialog open', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await detail(store.asAdapter(), ANA.id);
    const intents: ContactsMergeEvent[] = [];
    el.addEventListener('contacts-merge', event => {
      intents.push(event);
      event.preventDefault();
    });
    const dialog = await pickToMerge(el, 'globex', 'ana souza');
    getByRole(dialog, 'button', { name: 'Merge' }).click();
    await waitFor(() => intents.length === 1);
    expect(intents[0]!.detail).to.include({ primaryId: ANA.id, secondaryId: ANA_AGAIN.id });
    await el.updateComplete;
    expect(store.calls).to.have.length(0);
    expect((dialog as HTMLDialogElement).open).to.be.true;
  });

  it('a conflict reloads both contacts and keeps the choices that still apply', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await detail(store.asAdapter(), ANA.id);
    const dialog = await pickToMerge(el, 'globex', 'ana souza');
    radio(getByRole(dialog, 'radiogroup', { name: 'Email' }), 'ana.souza@globex.com').click();
    radio(getByRole(dialog, 'radiogroup', { name: 'Name' }), 'ana souza').click();
    // Someone renames the other contact meanwhile, to the same name: Name no longer differs.
    await store.inner.updateContact(ANA_AGAIN.id, { name: 'Ana Souza' }, { expectedVersion: 1 });

    getByRole(dialog, 'button', { name: 'Merge' }).click();
    const alert = await findByRole(dialog, 'alert');
    expect(alert.textContent).to.contain('One of these contacts changed');
    expect(queryByRole(dialog, 'radiogroup', { name: 'Name' }) === null).to.equal(true);
    const email = getByRole(dialog, 'radiogroup', { name: 'Email' });
    expect(radio(email, 'ana.souza@globex.com').checked).to.be.true;

    getByRole(dialog, 'button', { name: 'Merge' }).click();
    await waitFor(() => !(dialog as HTMLDialogElement).open, 'the dialog closed');
    expect(store.calls).to.have.length(2);
    expect(store.calls[1]!.options.expectedVersions).to.deep.equal({ primary: 1, secondary: 2 });
    expect(store.calls[1]!.choices).to.deep.equal({
      email: 'secondary',
      phone: 'primary',
      companyId: 'primary',
    });
    expect((await store.getContact(ANA.id)).email).to.equal('ana.souza@globex.com');
  });

  it('a network failure keeps the choices; Retry reuses the idempotency key', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    store.failures.push(new ContactsError('network', 'Offline.'));
    const el = await detail(store.asAdapter(), ANA.id);
    const dialog = await pickToMerge(el, 'globex', 'ana souza');
    radio(getByRole(dialog, 'radiogroup', { name: 'Phone' }), '+351 912 654 321').click();
    getByRole(dialog, 'button', { name: 'Merge' }).click();
    const alert = await findByRole(dialog, 'alert');
    expect(alert.textContent).to.contain('The contacts were not merged.');
    await waitFor(() => deepActiveElement() === alert, 'the alert focused');
    await expect(el).to.be.accessible();
    expect(radio(getByRole(dialog, 'radiogroup', { name: 'Phone' }), '+351 912 654 321').checked).to
      .be.true;

    getByRole(alert, 'button', { name: 'Retry' }).click();
    await waitFor(() => !(dialog as HTMLDialogElement).open, 'the dialog closed');
    expect(store.calls).to.have.length(2);
    expect(store.calls[1]!.options.idempotencyKey).to.equal(store.calls[0]!.options.idempotencyKey);
    expect((await store.getContact(ANA.id)).phone).to.equal('+351912654321');
  });

  it('not-found says the contact is gone and offers no Merge', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    store.failures.push(new ContactsError('not-found', 'Gone.'));
    const el = await detail(store.asAdapter(), ANA.id);
    const dialog = await pickToMerge(el, 'globex', 'ana souza');
    getByRole(dialog, 'button', { name: 'Merge' }).click();
    const alert = await findByRole(dialog, 'alert');
    expect(alert.textContent).to.contain('no longer exists');
    expect(getByRole(dialog, 'button', { name: 'Merge' }).getAttribute('aria-disabled')).to.equal(
      'true',
    );
  });

  it('"Merge into" from the edit form merges the edited contact into the existing one', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await detail(store.asAdapter(), VISITOR.id);
    (await findByRole(el, 'button', { name: 'Add contact information' })).click();
    const form = await findByRole(el, 'dialog', { name: 'Edit contact' });
    typeInto(await findByRole(form, 'textbox', { name: 'Email' }), 'ana@example.com');
    (await findByRole(form, 'button', { name: 'Merge into Ana Souza' })).click();
    expect(getByRole(form, 'button', { name: 'Open existing contact' })).to.exist;

    const dialog = await mergeDialog(el);
    // The existing contact stays: its values are the defaults, the typed email among them.
    expect(radio(getByRole(dialog, 'radiogroup', { name: 'Email' }), 'ana@example.com').checked).to
      .be.true;
    expect(radio(getByRole(dialog, 'radiogroup', { name: 'Name' }), 'Ana Souza').checked).to.be
      .true;
    await expect(el).to.be.accessible();
    getByRole(dialog, 'button', { name: 'Merge' }).click();

    await waitFor(() => !(dialog as HTMLDialogElement).open, 'the dialog closed');
    await findByRole(el, 'heading', { name: 'Ana Souza' });
    expect(el.contactId).to.equal(ANA.id);
    expect(store.calls[0]).to.deep.include({ primaryId: ANA.id, secondaryId: VISITOR.id });
    const merged = await store.getContact(ANA.id);
    expect(merged.identities.map(i => i.channel)).to.deep.equal(['whatsapp', 'webchat']);
    const conversations = await store.inner.listConversations(ANA.id);
    expect(conversations.map(c => c.id)).to.include('cv_web');
    await waitFor(() => deepActiveElement()?.id === 'heading', 'the heading focused');
  });

  /**
   * The sidebar on the visitor's webchat conversation: the agent adds Ana's email, picks "Merge
   * into Ana Souza" and confirms the merge.
   */
  async function mergeVisitorFromSidebar(store: MergingAdapter) {
    const el = await fixture<ConversationContactSidebar>(
      html`<conversation-contact-sidebar
        .adapter=${store.asAdapter()}
        .conversation=${VISITOR_ON_WEBCHAT}
      ></conversation-contact-sidebar>`,
    );
    (await findByRole(el, 'button', { name: 'Add contact information' })).click();
    typeInto(await findByRole(el, 'textbox', { name: 'Email' }), 'ana@example.com');
    (await findByRole(el, 'button', { name: 'Merge into Ana Souza' })).click();
    getByRole(await mergeDialog(el), 'button', { name: 'Merge' }).click();
    return el;
  }

  it('"Merge into" from the sidebar editor shows the merged contact for the conversation', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const el = await mergeVisitorFromSidebar(store);
    await findByRole(el, 'heading', { name: 'Ana Souza' });
    // Both contacts' conversations, this one (moved from the visitor) marked.
    const list = await findByRole(el, 'list', { name: 'Recent conversations' });
    await waitFor(() => list.textContent?.includes('Is my order on its way?'));
    expect(list.textContent).to.contain('This conversation');
    expect(queryAllByRole(list, 'listitem')).to.have.length(3);
    await waitFor(() => deepActiveElement()?.id === 'heading', 'the heading focused');
    // Undo gives the conversation back to the visitor, whom the sidebar shows again.
    (await findByRole(el, 'button', { name: 'Undo' })).click();
    await findByRole(el, 'heading', { name: VISITOR.name });
    expect(await store.getContact(VISITOR.id)).to.include({ name: VISITOR.name });
    expect((await store.listConversations(VISITOR.id)).map(c => c.id)).to.deep.equal(['cv_web']);
    expect((await store.getContact(ANA.id)).identities).to.have.length(ANA.identities.length);
  });

  it('Undo in the sidebar goes back to the visitor when the change stream beat the merge’s answer', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    let answer!: () => void;
    store.answerAfter = new Promise(resolve => (answer = resolve));
    const el = await mergeVisitorFromSidebar(store);
    // The pushed removal alone moves the sidebar to Ana, behind the dialog; the merge answers
    // only then.
    await waitFor(
      () => el.shadowRoot?.querySelector('#heading')?.textContent?.includes('Ana Souza'),
      'the sidebar showing Ana',
    );
    answer();
    (await findByRole(el, 'button', { name: 'Undo' })).click();
    await findByRole(el, 'heading', { name: VISITOR.name });
    expect((await store.listConversations(VISITOR.id)).map(c => c.id)).to.deep.equal(['cv_web']);
  });

  it('follows a contact merged elsewhere, and says so', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    const adapter = store.asAdapter();
    const el = await detail(adapter, ANA_AGAIN.id);
    await findByRole(el, 'button', { name: 'Merge with…' });
    await store.mergeContacts(
      ANA.id,
      ANA_AGAIN.id,
      {},
      {
        idempotencyKey: 'elsewhere',
        expectedVersions: { primary: 1, secondary: 1 },
      },
    );
    await findByRole(el, 'heading', { name: 'Ana Souza' });
    expect(el.contactId).to.equal(ANA.id);
    await waitFor(() =>
      queryAllByRole(el, 'status').some(status =>
        status.textContent?.includes('merged into another contact'),
      ),
    );
  });

  it('opens the contact a merged-away id was merged into', async () => {
    const store = new MergingAdapter(MERGE_DATA);
    await store.mergeContacts(
      ANA.id,
      ANA_AGAIN.id,
      {},
      {
        idempotencyKey: 'before',
        expectedVersions: { primary: 1, secondary: 1 },
      },
    );
    const el = await detail(store.asAdapter(), ANA_AGAIN.id);
    await findByRole(el, 'heading', { name: 'Ana Souza' });
    expect(el.contactId).to.equal(ANA.id);
  });
});
