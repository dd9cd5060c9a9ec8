/**
 * Checks on `<contact-detail>`: editing a contact in its dialog, and a save over a change made
 * elsewhere, which must ask the agent (Reload or Overwrite) rather than write over it.
 */
import { equal, show } from '../../adapter/conformance/assert.js';
import { findByRole, typeInto, waitFor } from './dom.js';
import type { Check, Stage } from './harness.js';

async function openEditor(stage: Stage) {
  const contact = stage.seeded[0]!;
  const detail = stage.mount<HTMLElement>('contact-detail', { contactId: contact.id });
  Object.assign(detail, { adapter: stage.adapter });
  await findByRole(detail, 'heading', contact.name);
  (await findByRole(detail, 'button', 'Edit')).click();
  const dialog = await findByRole(detail, 'dialog', 'Edit contact');
  const name = await findByRole(dialog, 'textbox', 'Name');
  return { contact, detail, dialog, name };
}

export const detailChecks: readonly Check[] = [
  {
    title: 'Edit changes the name through the dialog, and the heading shows it',
    seed: 1,
    async run(stage) {
      const { contact, detail, dialog, name } = await openEditor(stage);
      typeInto(name, 'Renamed Through Detail');
      (await findByRole(dialog, 'button', 'Save')).click();
      await findByRole(detail, 'heading', 'Renamed Through Detail');
      const stored = await stage.adapter.getContact(contact.id);
      equal(stored.name, 'Renamed Through Detail', 'the name the adapter holds after Save');
    },
  },
  {
    title: 'Save over a change made elsewhere asks to Reload or Overwrite, writing nothing',
    seed: 1,
    async run(stage) {
      const { contact, dialog, name } = await openEditor(stage);
      typeInto(name, 'Typed By This Agent');
      // Another agent renames the same contact behind the form's back.
      const current = await stage.adapter.getContact(contact.id);
      await stage.adapter.updateContact(
        contact.id,
        { name: 'Changed Elsewhere' },
        { expectedVersion: current.version },
      );
      (await findByRole(dialog, 'button', 'Save')).click();
      await findByRole(dialog, 'button', 'Overwrite');
      await findByRole(dialog, 'button', 'Reload');
      await waitFor(
        `the form to keep ${show('Typed By This Agent')}`,
        () => (name as HTMLInputElement).value === 'Typed By This Agent',
      );
      const stored = await stage.adapter.getContact(contact.id);
      equal(
        stored.name,
        'Changed Elsewhere',
        'the name the adapter holds before the agent chooses',
      );
    },
  },
];
