/**
 * Checks on `<contacts-panel>`: the list, search, the keyboard (End, type-ahead), and creating a
 * contact through the "New contact" dialog. Records are told apart by their email, which every
 * seeded contact has and which each row's accessible name carries after the name.
 */
import { check, equal, show } from '../../adapter/conformance/assert.js';
import { walk } from '../../adapter/conformance/fixtures.js';
import type { ContactsAdapter } from '../../adapter/types.js';
import type { ContactsPanel } from '../../elements/contacts-panel/contacts-panel.js';
import { fold } from '../../model/search.js';
import type { Contact } from '../../model/types.js';
import { activeOption, allByRole, findByRole, nameOf, press, typeInto, waitFor } from './dom.js';
import { type Check, SKIP, type Stage } from './harness.js';

/** The rows of the list, by accessible name. */
function rows(list: HTMLElement): HTMLElement[] {
  return allByRole(list, 'option');
}

/** Whether a row shows `contact`: its name first, its email after. */
function shows(row: Element, contact: Contact): boolean {
  const name = nameOf(row);
  return name.startsWith(contact.name) && (!contact.email || name.includes(contact.email));
}

async function mountPanel(stage: Stage) {
  const panel = stage.mount<ContactsPanel>('contacts-panel', { adapter: stage.adapter });
  const list = await findByRole(panel, 'listbox', 'Contacts');
  return { panel, list };
}

/** Every contact in the adapter's own order, read through its public paging. */
function inOrder(adapter: ContactsAdapter): Promise<Contact[]> {
  return walk(adapter, 'contact', {}, { limit: 50 }) as Promise<Contact[]>;
}

/** Name order lets the panel binary-search for any record; another order needs positionOf. */
function nameOrdered(adapter: ContactsAdapter): boolean {
  return adapter.order === undefined || adapter.order === 'name';
}

/** Focuses the list and waits for its first row to be active. */
async function focusList(list: HTMLElement, first: Contact): Promise<void> {
  list.focus();
  await waitFor(`the first row (${show(first.name)}) to be active`, () => {
    const active = activeOption(list);
    return active && active.getAttribute('aria-posinset') === '1' && shows(active, first);
  });
}

export const panelChecks: readonly Check[] = [
  {
    title: 'the list shows the records in the adapter’s order, with the total as the set size',
    seed: 'list',
    async run(stage) {
      const ordered = await inOrder(stage.adapter);
      const { list } = await mountPanel(stage);
      await waitFor(`the first row to show ${show(ordered[0]!.name)}`, () => {
        const first = rows(list)[0];
        return first && shows(first, ordered[0]!);
      });
      const shown = rows(list);
      equal(
        shown[0]!.getAttribute('aria-setsize'),
        String(ordered.length),
        'the rows’ aria-setsize',
      );
      // Every row that has loaded shows the record at its position.
      for (const row of shown) {
        const at = Number(row.getAttribute('aria-posinset'));
        const record = ordered[at - 1];
        check(record, `a row at aria-posinset ${at} of ${ordered.length}`);
        if (nameOf(row).startsWith('Loading')) continue;
        check(
          shows(row, record),
          `row ${at} should show ${show(record.name)}, shows ${show(nameOf(row))}`,
        );
      }
    },
  },
  {
    title: 'search narrows the list to the records that match',
    seed: 'list',
    async run(stage) {
      const target = stage.seeded[stage.seeded.length - 1]!;
      const search = target.email!;
      const expected = (await stage.adapter.listContacts({ search, limit: 50 })).items;
      check(expected.length === 1, `the adapter should find one contact by ${show(search)}`);
      const { panel, list } = await mountPanel(stage);
      await waitFor('rows in the list', () => rows(list).length > 1);
      typeInto(await findByRole(panel, 'searchbox', 'Search contacts'), search);
      await waitFor(`the list to hold only ${show(target.name)}`, () => {
        const shown = rows(list);
        return shown.length === 1 && shows(shown[0]!, target);
      });
      equal(rows(list)[0]!.getAttribute('aria-setsize'), '1', 'aria-setsize after the search');
    },
  },
  {
    title: 'End moves to the last record, at aria-posinset equal to aria-setsize',
    seed: 'list',
    async run(stage) {
      const ordered = await inOrder(stage.adapter);
      const last = ordered[ordered.length - 1]!;
      const { list } = await mountPanel(stage);
      await focusList(list, ordered[0]!);
      press(list, 'End');
      const active = await waitFor(`the last record (${show(last.name)}) to be active`, () => {
        const option = activeOption(list);
        return option && shows(option, last) ? option : undefined;
      });
      equal(active.getAttribute('aria-posinset'), String(ordered.length), 'aria-posinset');
      equal(active.getAttribute('aria-setsize'), String(ordered.length), 'aria-setsize');
    },
  },
  {
    title: 'type-ahead moves to the next record that starts with the typed letters',
    seed: 'list',
    async run(stage) {
      const ordered = await inOrder(stage.adapter);
      // A Latin-script name, past the first 20 rows when there are that many, so the panel may
      // have to look for it.
      const startsWith = (contact: Contact, typed: string) => fold(contact.name).startsWith(typed);
      const candidates = ordered.slice(1).filter(contact => {
        const typed = fold(contact.name).slice(0, 3);
        return /^[a-z]{3}$/.test(typed) && !startsWith(ordered[0]!, typed);
      });
      const target = candidates.find(contact => ordered.indexOf(contact) >= 20) ?? candidates[0];
      check(target, 'a seeded contact whose name starts with three Latin letters');
      const typed = fold(target.name).slice(0, 3);
      const expected = ordered.find(contact => startsWith(contact, typed))!;
      const { list } = await mountPanel(stage);
      await focusList(list, ordered[0]!);
      for (const key of typed) press(list, key);
      await waitFor(`type-ahead "${typed}" to reach ${show(expected.name)}`, () => {
        const option = activeOption(list);
        return option && shows(option, expected);
      });
    },
  },
  {
    title: 'New contact creates a record through the dialog, and the panel selects and shows it',
    seed: 5,
    async run(stage) {
      const { panel, list } = await mountPanel(stage);
      await waitFor('rows in the list', () => rows(list).length > 1);
      const created = await createThroughDialog(stage, panel);
      await waitFor('the panel to select the new contact', () => panel.selectedId === created.id);
      await findByRole(panel, 'heading', created.name);
    },
  },
  {
    title: 'the created record is revealed and selected in the list',
    seed: 'list',
    async run(stage) {
      // In another order the panel finds a record it has not loaded only through positionOf.
      if (!nameOrdered(stage.adapter) && !stage.adapter.positionOf) return SKIP;
      const { panel, list } = await mountPanel(stage);
      await waitFor('rows in the list', () => rows(list).length > 1);
      const created = await createThroughDialog(stage, panel);
      const row = await waitFor(`a row showing ${show(created.name)}`, () =>
        rows(list).find(option => shows(option, created)),
      );
      await waitFor(
        'the new row to be selected',
        () => row.getAttribute('aria-selected') === 'true',
      );
    },
  },
];

const NEW_CONTACT = { name: 'Zélia Conformance', email: 'zelia.conformance@example.com' };

/** Fills Name and Email in the "New contact" dialog, saves, and finds the record it created. */
async function createThroughDialog(stage: Stage, panel: HTMLElement): Promise<Contact> {
  const open = await findByRole(panel, 'button', 'New contact');
  open.click();
  const dialog = await findByRole(panel, 'dialog', 'New contact');
  typeInto(await findByRole(dialog, 'textbox', 'Name'), NEW_CONTACT.name);
  typeInto(await findByRole(dialog, 'textbox', 'Email'), NEW_CONTACT.email);
  (await findByRole(dialog, 'button', 'Save')).click();
  await waitFor('the dialog to close', () =>
    dialog instanceof HTMLDialogElement ? !dialog.open : !dialog.isConnected,
  );
  const found = await stage.adapter.listContacts({ search: NEW_CONTACT.email, limit: 50 });
  equal(found.total, 1, `contacts the adapter finds by ${show(NEW_CONTACT.email)} after Save`);
  equal(found.items[0]!.name, NEW_CONTACT.name, 'the created contact’s name');
  return found.items[0]!;
}
