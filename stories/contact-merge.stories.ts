/**
 * Merging two contacts from `<contact-detail>`: the picker behind "Merge with…", the comparison,
 * a comparison where every field differs, the failures (a conflict, the network), and "Merge
 * into …" from the edit form's duplicate warning.
 *
 * The adapter here is the merge tests' double (the in-memory adapter with a naive
 * `mergeContacts`), not the stories' REST mock API: the REST adapter and the mock handlers do not
 * merge yet. Switch these stories to `mockApi()` once they do.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';

import { type ContactDetail, ContactsError } from '../src/index.js';
import { ANA_AGAIN, MERGE_DATA, MergingAdapter, VISITOR } from '../test/helpers/merging-adapter.js';
import { ANA } from '../test/elements/contacts-fixtures.js';
import { element, inside, nested, replaceText } from './support/dom.js';

interface Args {
  contactId: string;
}

type Context = { loaded: Record<string, unknown> };

const storeOf = (context: Context) => context.loaded.merging as MergingAdapter;

const meta: Meta<Args> = {
  title: 'Flows/Merge contacts',
  component: 'contact-detail',
  args: { contactId: ANA.id },
  loaders: [async () => ({ merging: new MergingAdapter(MERGE_DATA) })],
  render: (args, context) =>
    html`<contact-detail
      .adapter=${storeOf(context).asAdapter()}
      contact-id=${args.contactId}
    ></contact-detail>`,
};
export default meta;

type Story = StoryObj<Args>;

const detailOf = (canvasElement: HTMLElement) =>
  element<ContactDetail>(canvasElement, 'contact-detail');

/** The queries inside the merge dialog's element. */
async function mergeOf(canvasElement: HTMLElement) {
  return inside(await nested(await detailOf(canvasElement), 'contacts-contact-merge'));
}

/** Opens the comparison of Ana and her older duplicate through "Possible duplicates". */
async function compareDuplicates(canvasElement: HTMLElement) {
  const shadow = inside(await detailOf(canvasElement));
  await expect(await shadow.findByRole('region', { name: 'Possible duplicates' })).toBeVisible();
  await userEvent.click(shadow.getByRole('button', { name: 'Compare and merge' }));
  const merge = await mergeOf(canvasElement);
  await merge.findByRole('dialog', { name: 'Merge contacts' });
  return merge;
}

/** "Merge with…" opens a searchable picker that leaves out the contact itself. */
export const Picker: Story = {
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await userEvent.click(await shadow.findByRole('button', { name: 'Merge with…' }));
    const merge = await mergeOf(canvasElement);
    await merge.findByRole('dialog', { name: `Merge ${ANA.name} with…` });
    const search = merge.getByRole('searchbox', { name: 'Search contacts' });
    // Focus sits inside two shadow roots: the detail's, then the dialog's.
    const merging = (await detailOf(canvasElement)).shadowRoot!.querySelector(
      'contacts-contact-merge',
    )!;
    await waitFor(() => expect(merging.shadowRoot!.activeElement).toBe(search));
    await replaceText(search, 'souza');
    await expect(await merge.findByRole('button', { name: /^ana souza/ })).toBeVisible();
    await expect(merge.queryByRole('button', { name: /^Ana Souza/ })).toBeNull();
  },
};

/** Both contacts side by side, a choice where they differ, and the preview of the result. */
export const Comparison: Story = {
  play: async ({ canvasElement }) => {
    const merge = await compareDuplicates(canvasElement);
    await expect(merge.getByRole('radiogroup', { name: 'Email' })).toBeVisible();
    await userEvent.click(merge.getByRole('radio', { name: ANA_AGAIN.email! }));
    const preview = merge.getByRole('region', { name: 'Result' });
    await waitFor(() => expect(preview).toHaveTextContent(ANA_AGAIN.email!));
    await expect(preview).toHaveTextContent('WhatsApp, Email');
  },
};

/** Every field differs: four radio groups, each starting on the contact that stays. */
export const ConflictingChoices: Story = {
  play: async ({ canvasElement }) => {
    const merge = await compareDuplicates(canvasElement);
    for (const name of ['Name', 'Email', 'Phone', 'Company']) {
      await expect(merge.getByRole('radiogroup', { name })).toBeVisible();
    }
    await expect(merge.getByRole('radio', { name: ANA.name })).toBeChecked();
    await userEvent.click(await merge.findByRole('radio', { name: 'Globex' }));
    await expect(merge.getByRole('radio', { name: 'Globex' })).toBeChecked();
  },
};

/** The other contact changed meanwhile: both reload, and the choices that still apply stay. */
export const FailureConflict: Story = {
  play: async context => {
    const merge = await compareDuplicates(context.canvasElement);
    await userEvent.click(merge.getByRole('radio', { name: ANA_AGAIN.email! }));
    await storeOf(context).inner.updateContact(
      ANA_AGAIN.id,
      { name: 'Ana S.' },
      { expectedVersion: ANA_AGAIN.version },
    );
    await userEvent.click(merge.getByRole('button', { name: 'Merge' }));
    await expect(await merge.findByRole('alert')).toHaveTextContent(
      'One of these contacts changed since you opened this.',
    );
    await expect(merge.getByRole('radio', { name: 'Ana S.' })).toBeVisible();
    await expect(merge.getByRole('radio', { name: ANA_AGAIN.email! })).toBeChecked();
  },
};

/** The network fails: the choices stay, and Retry merges with the same idempotency key. */
export const FailureNetwork: Story = {
  play: async context => {
    storeOf(context).failures.push(new ContactsError('network', 'Offline.'));
    const merge = await compareDuplicates(context.canvasElement);
    await userEvent.click(merge.getByRole('button', { name: 'Merge' }));
    const alert = await merge.findByRole('alert');
    await expect(alert).toHaveTextContent('The contacts were not merged.');
    await expect(merge.getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

/**
 * The webchat story: a visitor gives an email that belongs to Ana, and "Merge into Ana Souza"
 * beside "Open existing contact" folds the visitor into her.
 */
export const MergeFromDuplicateWarning: Story = {
  args: { contactId: VISITOR.id },
  play: async ({ canvasElement }) => {
    const detail = await detailOf(canvasElement);
    await userEvent.click(
      await inside(detail).findByRole('button', { name: 'Add contact information' }),
    );
    const form = inside(await nested(detail, 'contacts-contact-form'));
    await replaceText(await form.findByRole('textbox', { name: 'Email' }), ANA.email!);
    await userEvent.click(await form.findByRole('button', { name: `Merge into ${ANA.name}` }));
    const merge = await mergeOf(canvasElement);
    await merge.findByRole('dialog', { name: 'Merge contacts' });
    await expect(merge.getByRole('radio', { name: ANA.email! })).toBeChecked();
    await userEvent.click(merge.getByRole('button', { name: 'Merge' }));
    await expect(
      await inside(detail).findByRole('heading', { name: ANA.name }, { timeout: 5000 }),
    ).toBeVisible();
  },
};
