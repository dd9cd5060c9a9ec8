import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';

import type { ContactsPanel } from '../src/index.js';
import { fold } from '../src/model/search.js';
import { element, inside, nested } from './support/dom.js';
import { type ElementArgs, elementMeta } from './support/meta.js';
import { apiOf, mockApi } from './support/mock-api.js';
import { openContactForm, saveAfterChangeElsewhere } from './support/plays.js';
import { complete, other } from './support/sample.js';
import { stateStories, variantStories } from './support/variants.js';

interface Args extends ElementArgs {
  tab: 'contacts' | 'companies';
  selectedId: string | null;
  pageSize: number;
}

const meta: Meta<Args> = {
  title: 'Elements/contacts-panel',
  component: 'contacts-panel',
  ...elementMeta<Args>({
    args: { tab: 'contacts', selectedId: null, defaultCountry: 'BR', pageSize: 50 },
    controls: {
      tab: { control: 'inline-radio', options: ['contacts', 'companies'] },
      selectedId: { control: 'text' },
      defaultCountry: { control: 'text' },
      pageSize: { control: { type: 'number', min: 1, max: 500 } },
    },
    template: bind => html`<contacts-panel ${bind}></contacts-panel>`,
  }),
};
export default meta;

type Story = StoryObj<Args>;

const panelOf = (canvasElement: HTMLElement) =>
  element<ContactsPanel>(canvasElement, 'contacts-panel');

const states = stateStories<Args>({
  find: panelOf,
  loading: 'Loading contacts…',
  empty: {
    text: 'No contacts yet',
    api: { data: () => ({ contacts: [], companies: [], conversations: [] }) },
  },
  failed: { alert: 'Could not load contacts', recovered: [['listbox', 'Contacts']] },
});

const variants = variantStories<Args>({
  find: panelOf,
  narrow: '24rem',
  args: { selectedId: complete.id },
  portugueseBrazil: [
    ['tab', 'Empresas'],
    ['searchbox', 'Buscar contatos'],
    ['button', 'Novo contato'],
  ],
  spanish: [
    ['tab', 'Empresas'],
    ['button', 'Nuevo contacto'],
  ],
});

/** The list on the start side, the selected contact on the end side. */
export const Contacts: Story = {
  args: { selectedId: complete.id },
  play: async ({ canvasElement }) => {
    const shadow = inside(await panelOf(canvasElement));
    await expect(await shadow.findByRole('listbox', { name: 'Contacts' })).toBeVisible();
    await expect(shadow.getByRole('tab', { name: 'Contacts' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  },
};

export const Companies: Story = {
  args: { tab: 'companies' },
  play: async ({ canvasElement }) => {
    const shadow = inside(await panelOf(canvasElement));
    await expect(await shadow.findByRole('listbox', { name: 'Companies' })).toBeVisible();
  },
};

export const Loading = states.Loading;

export const Empty = states.Empty;

/** The server answers 500 until the play function clears the outage and presses Retry. */
export const ErrorWithRetry = states.ErrorWithRetry;

export const NoAdapter = states.NoAdapter;

/** 10,000 contacts: virtualized rows, pages loaded as they scroll into view. */
export const TenThousandContacts: Story = {
  loaders: [mockApi({ contacts: 10_000 })],
  play: async ({ canvasElement }) => {
    const shadow = inside(await panelOf(canvasElement));
    await expect(
      await shadow.findByText('10,000 contacts', {}, { timeout: 8000 }),
    ).toBeInTheDocument();
    // Only the rows in view (and a few more) are in the DOM.
    await waitFor(() => expect(shadow.getAllByRole('option').length).toBeLessThan(80));
  },
};

/** The "Pending actions" filter: contacts that arrived without email or phone. */
export const PendingActions: Story = {
  play: async ({ canvasElement }) => {
    const shadow = inside(await panelOf(canvasElement));
    const filter = await shadow.findByRole('button', { name: /^Pending actions/ });
    await userEvent.click(filter);
    await expect(filter).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() =>
      expect(
        shadow
          .getAllByRole('option')
          .every((row: HTMLElement) => /Pending action/.test(row.textContent ?? '')),
      ).toBe(true),
    );
  },
};

/** Accent- and case-insensitive search, then opening the result. */
export const Search: Story = {
  play: async ({ canvasElement }) => {
    const shadow = inside(await panelOf(canvasElement));
    const search = await shadow.findByRole('searchbox', { name: 'Search contacts' });
    const query = fold(complete.name).split(' ')[0]!;
    await userEvent.type(search, query);
    const option = await shadow.findByRole('option', { name: new RegExp(`^${complete.name}`) });
    await userEvent.click(option);
    await expect(option).toHaveAttribute('aria-selected', 'true');
    const detail = await nested(await panelOf(canvasElement), 'contact-detail');
    await expect(await inside(detail).findByRole('heading', { name: complete.name })).toBeVisible();
  },
};

/** "New contact" without email or phone is refused and nothing is written; with an email, saved. */
export const CreateRefusedThenSaved: Story = {
  play: async context => {
    const panel = await panelOf(context.canvasElement);
    const shadow = inside(panel);
    const { store } = apiOf(context);
    const before = (await store.listContacts({ limit: 1 })).total;
    const form = await openContactForm(panel, 'New contact');
    await expect(await shadow.findByRole('dialog', { name: 'New contact' })).toBeVisible();
    await userEvent.type(await form.findByRole('textbox', { name: 'Name' }), 'Beatriz Nogueira');
    await userEvent.click(form.getByRole('button', { name: 'Save' }));
    await expect(
      await form.findByText('A contact needs an email address or a phone number.'),
    ).toBeVisible();
    await expect(form.getByRole('textbox', { name: 'Name' })).toHaveValue('Beatriz Nogueira');
    await expect((await store.listContacts({ limit: 1 })).total).toBe(before);

    await userEvent.type(form.getByRole('textbox', { name: 'Email' }), 'beatriz@example.com');
    await userEvent.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(shadow.queryByRole('dialog')).toBeNull());
    await expect((await store.listContacts({ limit: 1 })).total).toBe(before + 1);
    const detail = await nested(panel, 'contact-detail');
    await expect(
      await inside(detail).findByRole('heading', { name: 'Beatriz Nogueira' }),
    ).toBeVisible();
  },
};

/** The create form warns while the agent types an email another contact has. */
export const DuplicateWarning: Story = {
  play: async ({ canvasElement }) => {
    const form = await openContactForm(await panelOf(canvasElement), 'New contact');
    await userEvent.type(await form.findByRole('textbox', { name: 'Email' }), other.email!);
    await expect(await form.findByText('A contact with this email already exists.')).toBeVisible();
    await expect(form.getByRole('button', { name: 'Open existing contact' })).toBeVisible();
  },
};

/** Edited in the details while someone else saved it: the conflict, with Reload and Overwrite. */
export const Conflict: Story = {
  args: { selectedId: complete.id },
  play: async context => {
    const detail = await nested(await panelOf(context.canvasElement), 'contact-detail');
    await saveAfterChangeElsewhere(context, detail, 'Edit');
  },
};

/** The server refuses the agent's credentials (401): the list says to sign in again. */
export const Unauthorized: Story = {
  loaders: [mockApi({ outage: { status: 401 } })],
  play: async ({ canvasElement }) => {
    const shadow = inside(await panelOf(canvasElement));
    await expect(await shadow.findByRole('alert')).toHaveTextContent('Sign in again');
    await expect(shadow.getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

/** The server is busy and says when to come back (503, Retry-After: 30): the list counts down. */
export const RetryAfter: Story = {
  loaders: [mockApi({ outage: { status: 503, retryAfter: 30 } })],
  play: async ({ canvasElement }) => {
    const shadow = inside(await panelOf(canvasElement));
    await expect(await shadow.findByText(/Retrying in \d+ s/, {}, { timeout: 8000 })).toBeVisible();
    await expect(shadow.getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

/**
 * A create that fails after the agent closed its dialog: the panel says "Save failed", and Reopen
 * brings back every typed value.
 */
export const SaveFailedAfterClose: Story = {
  play: async context => {
    const panel = await panelOf(context.canvasElement);
    const shadow = inside(panel);
    const form = await openContactForm(panel, 'New contact');
    await userEvent.type(await form.findByRole('textbox', { name: 'Name' }), 'Beatriz Nogueira');
    await userEvent.type(form.getByRole('textbox', { name: 'Email' }), 'beatriz@example.com');
    apiOf(context).outage = { status: 500, delayMs: 800, methods: ['POST'] };
    await userEvent.click(form.getByRole('button', { name: 'Save' }));
    await userEvent.click(form.getByRole('button', { name: 'Cancel' }));
    await expect(await shadow.findByText('Save failed', {}, { timeout: 8000 })).toBeVisible();
    apiOf(context).outage = false;
    await userEvent.click(shadow.getByRole('button', { name: 'Reopen' }));
    const reopened = inside(await nested(panel, 'contacts-contact-form'));
    await waitFor(() =>
      expect(reopened.getByRole('textbox', { name: 'Name' })).toHaveValue('Beatriz Nogueira'),
    );
    await expect(reopened.getByRole('textbox', { name: 'Email' })).toHaveValue(
      'beatriz@example.com',
    );
  },
};

/** Below 42rem the list and the details stack, with "Back to list". */
export const Narrow = variants.Narrow;

/** A host brand through the shared tokens only: no part selectors, no shadow-DOM styling. */
export const CustomTokens: Story = {
  args: { selectedId: complete.id },
  decorators: [
    story =>
      html`<style>
          .brand {
            --contacts-font-family: Georgia, serif;
            --contacts-color-accent: light-dark(#6b21a8, #d8b4fe);
            --contacts-color-focus: light-dark(#6b21a8, #d8b4fe);
            --contacts-color-surface-raised: light-dark(#faf5ff, #2e1065);
            --contacts-radius: 0.75rem;
            --contacts-space: 0.625rem;
          }
        </style>
        <div class="brand">${story()}</div>`,
  ],
};

export const Dark = variants.Dark;

/** Arabic: the list moves to the right and everything mirrors; strings fall back to English. */
export const RightToLeft = variants.RightToLeft;

export const PortugueseBrazil = variants.PortugueseBrazil;

export const Spanish = variants.Spanish;
