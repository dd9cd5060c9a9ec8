/**
 * Scripted keyboard journeys, no mouse and no programmatic clicks: every step is a key press
 * sent through the browser (Tab, arrows, Home/End, Enter, Escape, typing), and every check reads
 * where focus is and what the accessibility tree says.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/contacts-panel/define.js';
import '../../src/elements/conversation-contact-sidebar/define.js';

import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import { generateDataset } from '../../src/adapter/seed/generate.js';
import type { ContactsPanel } from '../../src/elements/contacts-panel/contacts-panel.js';
import type { ConversationContactSidebar } from '../../src/elements/conversation-contact-sidebar/conversation-contact-sidebar.js';
import { loadPhoneLibrary } from '../../src/model/phone.js';
import { deepActiveElement, makeAdapter } from '../elements/contacts-fixtures.js';
import { findByRole, getByRole, nameOf, queryByRole, roleOf, waitFor } from '../helpers/queries.js';

let keys = 0;

/** Presses keys in turn; "Shift+Tab" holds the modifiers around the last key. */
async function press(...list: string[]) {
  for (const combo of list) {
    const parts = combo.split('+');
    const key = parts.pop()!;
    for (const modifier of parts) await sendKeys({ down: modifier });
    await sendKeys({ press: key });
    for (const modifier of parts.reverse()) await sendKeys({ up: modifier });
    keys++;
  }
}

async function type(text: string) {
  await sendKeys({ type: text });
  keys += text.length;
}

/** What has focus, as a screen reader would name it. */
function focused(): string {
  const active = deepActiveElement();
  return active ? `${roleOf(active)} "${nameOf(active).slice(0, 60)}"` : 'nothing';
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches; fails when it is not reached
 * within `max` presses. The journey then does not depend on the exact number of stops.
 */
async function tabTo(role: string, name: string | RegExp, { back = false, max = 25 } = {}) {
  const matches = () => {
    const active = deepActiveElement();
    if (!active || roleOf(active) !== role) return false;
    return typeof name === 'string' ? nameOf(active) === name : name.test(nameOf(active));
  };
  const seen: string[] = [];
  for (let i = 0; i <= max; i++) {
    if (matches()) return deepActiveElement() as HTMLElement;
    seen.push(focused());
    await press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${role} "${String(name)}". Stops: ${seen.join(' → ')}`);
}

async function focusIs(element: Element | null, what: string) {
  await waitFor(() => deepActiveElement() === element, 3000, `focus on ${what} (now ${focused()})`);
}

/** The option aria-activedescendant points at. */
function activeOption(list: HTMLElement): HTMLElement | null {
  const id = list.getAttribute('aria-activedescendant');
  return id ? (list.getRootNode() as ShadowRoot).getElementById(id) : null;
}

after(() => console.log(`[a11y] keyboard journeys: ${keys} keys sent`));

describe('keyboard journeys', () => {
  before(async function () {
    this.timeout(30_000);
    await loadPhoneLibrary();
  });

  describe('<contacts-panel>', () => {
    const TOTAL = 400;

    async function mount() {
      const adapter = new InMemoryContactsAdapter({ data: generateDataset({ contacts: TOTAL }) });
      const wrapper = await fixture<HTMLDivElement>(
        html`<div>
          <button>Before the panel</button>
          <contacts-panel .adapter=${adapter}></contacts-panel>
        </div>`,
      );
      const el = wrapper.querySelector<ContactsPanel>('contacts-panel')!;
      await findByRole(el, 'listbox', { name: 'Contacts' });
      // The journey starts where a page would leave focus: on the control before the panel.
      wrapper.querySelector('button')!.focus();
      return { el, adapter };
    }

    it('tabs with the arrow keys; the list to its last contact with End; Enter selects', async function () {
      this.timeout(30_000);
      const { el } = await mount();
      const contactsTab = await tabTo('tab', 'Contacts');
      expect(contactsTab.getAttribute('aria-selected')).to.equal('true');

      await press('ArrowRight');
      const companiesTab = getByRole(el, 'tab', { name: 'Companies' });
      await focusIs(companiesTab, 'the Companies tab');
      await waitFor(() => companiesTab.getAttribute('aria-selected') === 'true');
      await findByRole(el, 'listbox', { name: 'Companies' });
      await findByRole(el, 'searchbox', { name: 'Search companies' });
      await press('ArrowRight');
      await focusIs(getByRole(el, 'tab', { name: 'Contacts' }), 'Contacts (wrapped)');
      await press('ArrowLeft');
      await focusIs(companiesTab, 'Companies (wrapped back)');
      await press('Home');
      await focusIs(getByRole(el, 'tab', { name: 'Contacts' }), 'Contacts (Home)');
      const list = await findByRole(el, 'listbox', { name: 'Contacts' });

      await tabTo('listbox', 'Contacts');
      await press('End');
      await waitFor(() => activeOption(list)?.getAttribute('aria-posinset') === String(TOTAL));
      const last = activeOption(list)!;
      expect(last.getAttribute('aria-setsize')).to.equal(String(TOTAL));
      expect(roleOf(last)).to.equal('option');
      await press('Home');
      await waitFor(() => activeOption(list)?.getAttribute('aria-posinset') === '1');
      await press('ArrowDown', 'ArrowDown');
      await waitFor(() => activeOption(list)?.getAttribute('aria-posinset') === '3');
      const third = activeOption(list)!;
      const name = nameOf(third).split(/\s{2,}|Pending action/)[0]!;
      await press('Enter');
      await waitFor(() => third.getAttribute('aria-selected') === 'true');
      await findByRole(el, 'heading', { name: new RegExp(`^${name.slice(0, 8)}`) });
    });

    it('opens the create dialog, is refused, is fixed, saves; Escape returns to the plus button', async function () {
      this.timeout(30_000);
      const { el, adapter } = await mount();
      const plus = await tabTo('button', 'New contact');
      await press('Enter');
      const dialog = (await findByRole(el, 'dialog', { name: 'New contact' })) as HTMLDialogElement;
      await focusIs(getByRole(dialog, 'textbox', { name: 'Name' }), 'Name');

      // Refused: a name alone.
      await type('Keyboard Only');
      await press('Enter');
      const alert = await findByRole(dialog, 'alert');
      expect(alert.textContent).to.contain('A contact needs an email address or a phone number.');
      const email = getByRole(dialog, 'textbox', { name: 'Email' }) as HTMLInputElement;
      await focusIs(email, 'the Email field the message describes');
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      expect((getByRole(dialog, 'textbox', { name: 'Name' }) as HTMLInputElement).value).to.equal(
        'Keyboard Only',
      );

      // Fixed and saved from the Save button.
      await type('keyboard@example.com');
      await tabTo('button', 'Save');
      await press('Enter');
      await waitFor(() => !dialog.open, 3000, 'the dialog to close');
      expect((await adapter.listContacts({ email: 'keyboard@example.com' })).total).to.equal(1);
      await findByRole(el, 'heading', { name: 'Keyboard Only' });
      // The panel's design: after a save, focus goes to the list, on the new contact (selected);
      // after Cancel or Escape it returns to the plus button.
      const list = getByRole(el, 'listbox', { name: 'Contacts' });
      await focusIs(list, 'the list, on the new contact');
      await waitFor(() => nameOf(activeOption(list) ?? list).startsWith('Keyboard Only'));
      expect(activeOption(list)!.getAttribute('aria-selected')).to.equal('true');

      // Opened again and dismissed with Escape: back on the plus button, nothing written.
      await tabTo('button', 'New contact', { back: true });
      await press('Enter');
      const again = (await findByRole(el, 'dialog', { name: 'New contact' })) as HTMLDialogElement;
      await focusIs(getByRole(again, 'textbox', { name: 'Name' }), 'Name');
      await type('Not saved');
      await press('Escape');
      await waitFor(() => !again.open);
      await focusIs(plus, 'the plus button');
      expect((await adapter.listContacts({ search: 'Not saved' })).total).to.equal(0);
    });

    it('edits from the details and cancels, returning focus to Edit', async function () {
      this.timeout(30_000);
      const { el, adapter } = await mount();
      const list = await tabTo('listbox', 'Contacts');
      await press('ArrowDown', 'Enter');
      const chosen = await waitFor(() => list.querySelector<HTMLElement>('[aria-selected="true"]'));
      const id = el.selectedId!;
      const before = await adapter.getContact(id);
      await findByRole(el, 'heading', { name: before.name });

      const edit = await tabTo('button', 'Edit');
      await press('Enter');
      const dialog = (await findByRole(el, 'dialog', {
        name: 'Edit contact',
      })) as HTMLDialogElement;
      const name = getByRole(dialog, 'textbox', { name: 'Name' }) as HTMLInputElement;
      await focusIs(name, 'Name');
      expect(name.value).to.equal(before.name);
      await type(' (changed)');
      // Cancel with the keyboard, from its button.
      await tabTo('button', 'Cancel');
      await press('Enter');
      await waitFor(() => !dialog.open);
      await focusIs(edit, 'Edit');
      expect(await adapter.getContact(id)).to.deep.equal(before);

      // And with Escape.
      await press('Enter');
      const again = (await findByRole(el, 'dialog', { name: 'Edit contact' })) as HTMLDialogElement;
      await focusIs(getByRole(again, 'textbox', { name: 'Name' }), 'Name');
      await press('Escape');
      await waitFor(() => !again.open);
      await focusIs(edit, 'Edit');
      expect(chosen.getAttribute('aria-selected')).to.equal('true');
    });
  });

  describe('<conversation-contact-sidebar>', () => {
    async function mount() {
      const adapter = makeAdapter();
      const wrapper = await fixture<HTMLDivElement>(
        html`<div>
          <button>Before the sidebar</button>
          <conversation-contact-sidebar
            .adapter=${adapter}
            .conversation=${{
              channel: 'instagram',
              address: '@keyboard.fan',
              displayName: 'Keyboard Fan',
              conversationId: 'cv_keyboard',
            }}
          ></conversation-contact-sidebar>
        </div>`,
      );
      const el = wrapper.querySelector<ConversationContactSidebar>('conversation-contact-sidebar')!;
      await findByRole(el, 'heading', { name: 'Keyboard Fan' });
      wrapper.querySelector('button')!.focus();
      return { el, adapter };
    }

    it('New contact: opens, saves with the keyboard, and returns focus', async function () {
      this.timeout(30_000);
      const { el, adapter } = await mount();
      const button = await tabTo('button', 'New contact');
      await press('Enter');
      const dialog = (await findByRole(el, 'dialog', { name: 'New contact' })) as HTMLDialogElement;
      await focusIs(getByRole(dialog, 'textbox', { name: 'Name' }), 'Name');
      await press('Escape');
      await waitFor(() => !dialog.open);
      await focusIs(button, 'New contact after Escape');

      await press('Enter');
      await waitFor(() => dialog.open);
      await focusIs(getByRole(dialog, 'textbox', { name: 'Name' }), 'Name');
      await type('Sidebar Made');
      await press('Tab');
      await focusIs(getByRole(dialog, 'textbox', { name: 'Email' }), 'Email');
      await type('made@example.com');
      await press('Enter');
      await waitFor(() => !dialog.open, 3000, 'the dialog to close');
      await focusIs(button, 'New contact after saving');
      expect((await adapter.listContacts({ email: 'made@example.com' })).total).to.equal(1);
    });

    it('All contacts: opens on its search, browses the list, closes back', async function () {
      this.timeout(30_000);
      const { el } = await mount();
      const button = await tabTo('button', 'All contacts');
      await press('Enter');
      const dialog = (await findByRole(el, 'dialog', {
        name: 'All contacts',
      })) as HTMLDialogElement;
      const panel = dialog.querySelector('contacts-panel')!;
      await focusIs(getByRole(panel, 'searchbox', { name: 'Search contacts' }), 'the search');
      await type('bru');
      const list = await findByRole(panel, 'listbox', { name: 'Contacts' });
      await waitFor(() =>
        nameOf(list.querySelector('[role="option"]') ?? list).startsWith('Bruno'),
      );
      await press('ArrowDown');
      await focusIs(list, 'the list');
      await press('Enter');
      await findByRole(panel, 'heading', { name: 'Bruno Lima' });
      await press('Escape');
      await waitFor(() => !dialog.open);
      await focusIs(button, 'All contacts');
    });

    it('Edit contact and Add contact information: in place, saved or dismissed, focus returns', async function () {
      this.timeout(30_000);
      const { el, adapter } = await mount();
      await tabTo('button', 'Edit contact');
      await press('Enter');
      const editor = await findByRole(el, 'region', { name: 'Edit contact' });
      await focusIs(getByRole(editor, 'textbox', { name: 'Name' }), 'Name');
      await type(' X');
      await press('Escape');
      await waitFor(() => !queryByRole(el, 'region', { name: 'Edit contact' }));
      await focusIs(getByRole(el, 'button', { name: 'Edit contact' }), 'Edit contact');

      await tabTo('button', 'Add contact information');
      await press('Enter');
      const form = await findByRole(el, 'region', { name: 'Edit contact' });
      await focusIs(getByRole(form, 'textbox', { name: 'Email' }), 'Email');
      await type('keyboard.fan@example.com');
      await press('Enter');
      await findByRole(el, 'link', { name: 'keyboard.fan@example.com' });
      expect(queryByRole(el, 'button', { name: 'Add contact information' })).to.be.null;
      await focusIs(getByRole(el, 'button', { name: 'Edit contact' }), 'Edit contact after saving');
      expect((await adapter.listContacts({ pending: true, search: 'Keyboard' })).total).to.equal(0);
    });
  });
});
