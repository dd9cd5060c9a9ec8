import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { expect, userEvent, waitFor } from 'storybook/test';

import { type ContactDetail, provideContactsAdapter } from '../src/index.js';
import { element, inside, nested, replaceText } from './support/dom.js';
import { apiOf, mockApi } from './support/mock-api.js';
import { company, complete, other, pending } from './support/sample.js';

interface Args {
  [name: string]: unknown;
  contactId?: string;
  companyId?: string;
  defaultCountry: string;
  /** Story-only: render without an adapter. */
  withoutAdapter?: boolean;
}

const meta: Meta<Args> = {
  title: 'Elements/contact-detail',
  component: 'contact-detail',
  args: { contactId: complete.id, defaultCountry: 'BR' },
  argTypes: {
    adapter: { control: false },
    contactId: { control: 'text' },
    companyId: { control: 'text' },
    defaultCountry: { control: 'text' },
    'contact-id': { control: false },
    'company-id': { control: false },
    'default-country': { control: false },
    withoutAdapter: { table: { disable: true } },
  },
  loaders: [mockApi()],
  render: (args, context) =>
    html`<contact-detail
      .adapter=${args.withoutAdapter ? undefined : apiOf(context).adapter}
      .contactId=${args.contactId}
      .companyId=${args.companyId}
      .defaultCountry=${args.defaultCountry}
    ></contact-detail>`,
};
export default meta;

type Story = StoryObj<Args>;

const detailOf = (canvasElement: HTMLElement) =>
  element<ContactDetail>(canvasElement, 'contact-detail');

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
    const shadow = inside(await detailOf(canvasElement));
    await expect(await shadow.findByRole('heading', { name: company.name })).toBeVisible();
  },
};

/** Every request waits forever (msw `delay('infinite')`): the skeleton. */
export const Loading: Story = {
  loaders: [mockApi({ loading: true })],
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await expect(await shadow.findByText('Loading contact…')).toBeInTheDocument();
  },
};

/** Nothing selected yet. */
export const Empty: Story = {
  args: { contactId: undefined },
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await expect(await shadow.findByText('No contact selected')).toBeVisible();
  },
};

export const NotFound: Story = {
  args: { contactId: 'ct-does-not-exist' },
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await expect(await shadow.findByText('Contact not found')).toBeVisible();
  },
};

/** The server answers 500 until the play function clears the outage and presses Retry. */
export const ErrorWithRetry: Story = {
  loaders: [mockApi({ outage: true })],
  play: async context => {
    const shadow = inside(await detailOf(context.canvasElement));
    const alert = await shadow.findByRole('alert');
    await expect(alert).toHaveTextContent('Could not load this contact');
    apiOf(context).outage = false;
    await userEvent.click(shadow.getByRole('button', { name: 'Retry' }));
    await expect(await shadow.findByRole('heading', { name: complete.name })).toBeVisible();
  },
};

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

export const NoAdapter: Story = {
  args: { withoutAdapter: true },
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await expect(await shadow.findByText('No data adapter connected')).toBeVisible();
  },
};

/** A company with 2,000 of a 10,000-contact account: the first ones, and how many more. */
export const TenThousandContacts: Story = {
  args: { contactId: undefined, companyId: 'co-00001' },
  loaders: [mockApi({ contacts: 10_000, companies: 5 })],
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
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
    await userEvent.click(await shadow.findByRole('button', { name: 'Edit' }));
    const form = inside(await nested(detail, 'contacts-contact-form'));
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
    const detail = await detailOf(canvasElement);
    const shadow = inside(detail);
    await userEvent.click(await shadow.findByRole('button', { name: 'Edit' }));
    const form = inside(await nested(detail, 'contacts-contact-form'));
    const email = await form.findByRole('textbox', { name: 'Email' });
    await replaceText(email, other.email!);
    await expect(
      await form.findByText('A contact with this email already exists.', {}, { timeout: 3000 }),
    ).toBeVisible();
    await expect(form.getByRole('button', { name: 'Open existing contact' })).toBeVisible();
  },
};

/** Someone else saves the contact while the agent edits it: Save reports the conflict. */
export const Conflict: Story = {
  play: async context => {
    const detail = await detailOf(context.canvasElement);
    const shadow = inside(detail);
    await userEvent.click(await shadow.findByRole('button', { name: 'Edit' }));
    const form = inside(await nested(detail, 'contacts-contact-form'));
    const name = await form.findByRole('textbox', { name: 'Name' });
    const { store } = apiOf(context);
    const current = await store.getContact(complete.id);
    await store.updateContact(
      complete.id,
      { name: 'Changed in another tab' },
      { expectedVersion: current.version },
    );
    await userEvent.type(name, ' (edited)');
    await userEvent.click(form.getByRole('button', { name: 'Save' }));
    await expect(await form.findByText('This contact was changed by someone else.')).toBeVisible();
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

export const Narrow: Story = {
  parameters: { frameWidth: '20rem' },
};

export const Dark: Story = {
  globals: { theme: 'dark' },
};

/** Arabic: the layout mirrors; no Arabic strings ship, so the text falls back to English. */
export const RightToLeft: Story = {
  globals: { locale: 'ar' },
};

export const PortugueseBrazil: Story = {
  globals: { locale: 'pt-BR' },
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await expect(await shadow.findByRole('button', { name: 'Editar' })).toBeVisible();
    await expect(shadow.getByRole('button', { name: 'Iniciar conversa' })).toBeVisible();
  },
};

export const Spanish: Story = {
  globals: { locale: 'es' },
  play: async ({ canvasElement }) => {
    const shadow = inside(await detailOf(canvasElement));
    await expect(await shadow.findByRole('button', { name: 'Iniciar conversación' })).toBeVisible();
  },
};
