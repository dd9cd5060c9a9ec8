import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { expect, userEvent, waitFor, within } from 'storybook/test';

import { type ContactDetail, provideContactsAdapter } from '../src/index.js';
import { element, focused, inside, replaceText } from './support/dom.js';
import { type ElementArgs, elementMeta } from './support/meta.js';
import { apiOf, mockApi } from './support/mock-api.js';
import { openContactForm, saveAfterChangeElsewhere, typeDuplicateEmail } from './support/plays.js';
import { company, complete, pending } from './support/sample.js';
import { stateStories, variantStories } from './support/variants.js';

interface Args extends ElementArgs {
  contactId?: string;
  companyId?: string;
}

const meta: Meta<Args> = {
  title: 'Elements/contact-detail',
  component: 'contact-detail',
  ...elementMeta<Args>({
    args: { contactId: complete.id, defaultCountry: 'BR' },
    controls: {
      contactId: { control: 'text' },
      companyId: { control: 'text' },
      defaultCountry: { control: 'text' },
    },
    template: bind => html`<contact-detail ${bind}></contact-detail>`,
  }),
};
export default meta;

type Story = StoryObj<Args>;

const detailOf = (canvasElement: HTMLElement) =>
  element<ContactDetail>(canvasElement, 'contact-detail');

/** A company shows in the detail's own internal element, loaded with `company-id`. */
async function companyViewOf(canvasElement: HTMLElement): Promise<Element> {
  const detail = await detailOf(canvasElement);
  return waitFor(
    () => {
      const view = detail.shadowRoot?.querySelector('contacts-company-view');
      if (!view?.shadowRoot) throw new Error('No company view yet.');
      return view;
    },
    { timeout: 5000 },
  );
}

const states = stateStories<Args>({
  find: detailOf,
  loading: 'Loading contact…',
  empty: { text: 'No contact selected', args: { contactId: undefined } },
  failed: { alert: 'Could not load this contact', recovered: [['heading', complete.name]] },
});

const variants = variantStories<Args>({
  find: detailOf,
  narrow: '20rem',
  portugueseBrazil: [
    ['button', 'Editar'],
    ['button', 'Iniciar conversa'],
  ],
  spanish: [['button', 'Iniciar conversación']],
});

/** A contact with email, phone, company, channels and recent conversations. */
export const Contact: Story = {
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await expect(await shadow.findByRole('heading', { name: complete.name })).toBeVisible();
    await expect(await shadow.findByRole('list', { name: 'Recent conversations' })).toBeVisible();
  },
};

export const Company: Story = {
  args: { contactId: undefined, companyId: company.id },
  play: async ({ canvasElement }) => {
    const shadow = inside(await companyViewOf(canvasElement));
    await expect(await shadow.findByRole('heading', { name: company.name })).toBeVisible();
  },
};

/** Every request waits forever (msw `delay('infinite')`): the skeleton. */
export const Loading = states.Loading;

/** Nothing selected yet. */
export const Empty = states.Empty;

export const NotFound: Story = {
  args: { contactId: 'ct-does-not-exist' },
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await expect(await shadow.findByText('Contact not found')).toBeVisible();
  },
};

/** The server answers 500 until the play function clears the outage and presses Retry. */
export const ErrorWithRetry = states.ErrorWithRetry;

/** No `adapter` property: the element finds the adapter a host provided on an ancestor. */
export const AdapterFromContext: Story = {
  render: (args, context) => {
    const provided = new WeakSet<Element>();
    const provide = (host?: Element) => {
      if (!(host instanceof HTMLElement) || provided.has(host)) return;
      provided.add(host);
      provideContactsAdapter(host, apiOf(context).adapter);
    };
    return html`<div ${ref(provide)}>
      <contact-detail .contactId=${args.contactId}></contact-detail>
    </div>`;
  },
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await expect(await shadow.findByRole('heading', { name: complete.name })).toBeVisible();
  },
};

export const NoAdapter = states.NoAdapter;

/** A company with 2,000 of a 10,000-contact account: the first ones, and how many more. */
export const TenThousandContacts: Story = {
  args: { contactId: undefined, companyId: 'co-00001' },
  loaders: [mockApi({ contacts: 10_000, companies: 5 })],
  play: async ({ canvasElement }) => {
    const shadow = inside(await companyViewOf(canvasElement));
    await expect(await shadow.findByText(/more not shown/, {}, { timeout: 5000 })).toBeVisible();
  },
};

/** A contact that arrived without email or phone; the action resolves once one is added. */
export const PendingAction: Story = {
  args: { contactId: pending.id },
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await expect(await shadow.findByText('Missing contact information')).toBeVisible();
    await expect(shadow.getByRole('button', { name: 'Add contact information' })).toBeVisible();
  },
};

export const Edit: Story = {
  play: async ({ canvasElement }) => {
    const detail = await detailOf(canvasElement);
    const shadow = inside(detail);
    const form = await openContactForm(detail, 'Edit');
    const name = await form.findByRole('textbox', { name: 'Name' });
    await replaceText(name, 'Renamed by an agent');
    await userEvent.click(form.getByRole('button', { name: 'Save' }));
    await expect(await shadow.findByRole('heading', { name: 'Renamed by an agent' })).toBeVisible();
    await expect(await shadow.findByText('Name set by an agent')).toBeVisible();
  },
};

/** Typing an email another contact has: the warning, with "Open existing contact". */
export const DuplicateWarning: Story = {
  play: async ({ canvasElement }) => {
    const form = await typeDuplicateEmail(await detailOf(canvasElement), 'Edit');
    await expect(form.getByRole('button', { name: 'Open existing contact' })).toBeVisible();
  },
};

/** Someone else saves the contact while the agent edits it: Save reports the conflict. */
export const Conflict: Story = {
  play: async context => {
    const form = await saveAfterChangeElsewhere(
      context,
      await detailOf(context.canvasElement),
      'Edit',
    );
    await expect(form.getByRole('button', { name: 'Overwrite' })).toBeVisible();
  },
};

export const StartConversation: Story = {
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await userEvent.click(await shadow.findByRole('button', { name: 'Start conversation' }));
    await waitFor(() => expect(shadow.getByText(/^Conversation started on /)).toBeVisible());
  },
};

/** Opens "Delete contact" (or "Delete company") in `host` and returns the dialog, to query. */
async function openDelete(host: Element, button = 'Delete contact') {
  const shadow = inside(host);
  await userEvent.click(await shadow.findByRole('button', { name: button }, { timeout: 5000 }));
  const dialog = within(await shadow.findByRole('dialog', { name: /^Delete .*\?$/ }));
  // The dialog gives Cancel the focus once it is open: keys pressed after that land there.
  const cancel = dialog.getByRole('button', { name: 'Cancel' });
  await waitFor(() => expect(focused()).toBe(cancel));
  return { shadow, dialog };
}

/** "Delete contact": the confirmation names the contact and says what goes with it. */
export const DeleteConfirm: Story = {
  play: async ({ canvasElement }) => {
    const { dialog } = await openDelete(await detailOf(canvasElement));
    await expect(dialog.getByText(/Their conversations and channels/)).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Delete' })).toBeVisible();
    await expect(focused()).toBe(dialog.getByRole('button', { name: 'Cancel' }));
  },
};

/**
 * Deleted: the detail shows the deleted state, which takes the focus, and the Undo notice, which
 * never does (Tab reaches Undo from the heading; the browser tests drive that by keyboard).
 */
export const DeletedWithUndo: Story = {
  play: async ({ canvasElement }) => {
    const { shadow, dialog } = await openDelete(await detailOf(canvasElement));
    await userEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    const gone = await shadow.findByRole('heading', { name: 'Contact deleted' });
    await waitFor(() => expect(focused()).toBe(gone));
    await expect(await shadow.findByText('Contact deleted.')).toBeVisible();
    await expect(shadow.getByRole('button', { name: 'Undo' })).toBeVisible();
  },
};

/** Undo after a delete: the contact is back, as it was. */
export const Restore: Story = {
  play: async ({ canvasElement }) => {
    const { shadow, dialog } = await openDelete(await detailOf(canvasElement));
    await userEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    await userEvent.click(await shadow.findByRole('button', { name: 'Undo' }));
    await expect(await shadow.findByRole('heading', { name: complete.name })).toBeVisible();
    await expect(await shadow.findByText('Contact restored.')).toBeVisible();
  },
};

/** The server fails the delete: the dialog stays, says so, and Retry (same key) deletes. */
export const DeleteFailure: Story = {
  play: async context => {
    const api = apiOf(context);
    const { shadow, dialog } = await openDelete(await detailOf(context.canvasElement));
    api.outage = { status: 503, methods: ['DELETE'] };
    await userEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    await expect(await dialog.findByText(/Could not delete\./)).toBeVisible();
    api.outage = false;
    await userEvent.click(dialog.getByRole('button', { name: 'Retry' }));
    await expect(await shadow.findByRole('heading', { name: 'Contact deleted' })).toBeVisible();
  },
};

/** Undo fails while the server is down: the notice says so and offers Retry. */
export const RestoreFailure: Story = {
  play: async context => {
    const api = apiOf(context);
    const { shadow, dialog } = await openDelete(await detailOf(context.canvasElement));
    await userEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    const undo = await shadow.findByRole('button', { name: 'Undo' });
    api.outage = { status: 503, methods: ['POST'] };
    await userEvent.click(undo);
    await expect(await shadow.findByText(/Could not undo\./)).toBeVisible();
    api.outage = false;
    await userEvent.click(shadow.getByRole('button', { name: 'Retry' }));
    await expect(await shadow.findByRole('heading', { name: complete.name })).toBeVisible();
  },
};

/** "Delete company": its contacts are kept and unlinked; Undo brings the company back. */
export const DeleteCompany: Story = {
  args: { contactId: undefined, companyId: company.id },
  play: async ({ canvasElement }) => {
    const detail = await detailOf(canvasElement);
    const view = await companyViewOf(canvasElement);
    await userEvent.click(
      await inside(view).findByRole('button', { name: 'Delete company' }, { timeout: 5000 }),
    );
    const shadow = inside(detail);
    const dialog = within(await shadow.findByRole('dialog', { name: `Delete ${company.name}?` }));
    await expect(dialog.getByText(/are kept and unlinked/)).toBeVisible();
    await userEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    await expect(await shadow.findByText('Company deleted.')).toBeVisible();
  },
};

export const Narrow = variants.Narrow;

export const Dark = variants.Dark;

/** Arabic: the layout mirrors; no Arabic strings ship, so the text falls back to English. */
export const RightToLeft = variants.RightToLeft;

export const PortugueseBrazil = variants.PortugueseBrazil;

export const Spanish = variants.Spanish;
