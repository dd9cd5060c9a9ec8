import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';

import type { ArrivingConversation, ConversationContactSidebar } from '../src/index.js';
import { element, inside, nested, replaceText } from './support/dom.js';
import { apiOf, mockApi } from './support/mock-api.js';
import { complete, other } from './support/sample.js';

interface Args {
  [name: string]: unknown;
  conversation?: ArrivingConversation;
  contactId?: string;
  defaultCountry: string;
  /** Story-only: render without an adapter. */
  withoutAdapter?: boolean;
}

const identity = complete.identities[0]!;

/** A conversation from a known contact, on the channel it used before. */
const known: ArrivingConversation = {
  channel: identity.channel,
  address: identity.address,
  displayName: identity.displayName ?? complete.name,
  conversationId: 'cv-story-known',
  preview: 'Hi again! Any news about my order?',
};

/** A new WhatsApp number: a contact is created from the profile name and number. */
const newcomer: ArrivingConversation = {
  channel: 'whatsapp',
  address: '+5511987650001',
  displayName: 'Rafaela Duarte',
  phone: '+5511987650001',
  conversationId: 'cv-story-new',
  preview: 'Olá! Vocês entregam em Campinas?',
};

/** A web chat visitor with neither email nor phone: created with a pending action. */
const visitor: ArrivingConversation = {
  channel: 'webchat',
  address: 'visitor-7f3a',
  displayName: 'Visitor 7f3a',
  conversationId: 'cv-story-visitor',
  preview: 'Is anyone there?',
};

const meta: Meta<Args> = {
  title: 'Elements/conversation-contact-sidebar',
  component: 'conversation-contact-sidebar',
  args: { conversation: known, defaultCountry: 'BR' },
  argTypes: {
    adapter: { control: false },
    conversation: { control: 'object' },
    contactId: { control: 'text' },
    defaultCountry: { control: 'text' },
    'contact-id': { control: false },
    'default-country': { control: false },
    withoutAdapter: { table: { disable: true } },
  },
  parameters: { frameWidth: '24rem' },
  loaders: [mockApi()],
  render: (args, context) =>
    html`<conversation-contact-sidebar
      .adapter=${args.withoutAdapter ? undefined : apiOf(context).adapter}
      .conversation=${args.conversation}
      .contactId=${args.contactId}
      .defaultCountry=${args.defaultCountry}
    ></conversation-contact-sidebar>`,
};
export default meta;

type Story = StoryObj<Args>;

const sidebarOf = (canvasElement: HTMLElement) =>
  element<ConversationContactSidebar>(canvasElement, 'conversation-contact-sidebar');

export const KnownContact: Story = {
  play: async ({ canvasElement }) => {
    const shadow = inside(await sidebarOf(canvasElement));
    await expect(await shadow.findByRole('complementary', { name: 'Contact' })).toBeVisible();
    await expect(await shadow.findByRole('heading', { name: complete.name })).toBeVisible();
    await expect(shadow.getByText('Known contact on this channel')).toBeVisible();
  },
};

export const CreatedFromConversation: Story = {
  args: { conversation: newcomer },
  play: async ({ canvasElement }) => {
    const shadow = inside(await sidebarOf(canvasElement));
    await expect(await shadow.findByRole('heading', { name: 'Rafaela Duarte' })).toBeVisible();
    await expect(shadow.getByText('New contact, created from this conversation')).toBeVisible();
  },
};

/** A visitor without email or phone: saved anyway, with a pending action. */
export const PendingAction: Story = {
  args: { conversation: visitor },
  play: async ({ canvasElement }) => {
    const shadow = inside(await sidebarOf(canvasElement));
    await expect(await shadow.findByText('Missing contact information')).toBeVisible();
  },
};

/** "Add contact information" edits in place; saving an email resolves the pending action. */
export const AddMissingInfo: Story = {
  args: { conversation: visitor },
  play: async ({ canvasElement }) => {
    const sidebar = await sidebarOf(canvasElement);
    const shadow = inside(sidebar);
    await userEvent.click(await shadow.findByRole('button', { name: 'Add contact information' }));
    const form = inside(await nested(sidebar, 'contacts-contact-form'));
    const email = await form.findByRole('textbox', { name: 'Email' });
    await userEvent.type(email, 'visitor.7f3a@example.com');
    await userEvent.click(form.getByRole('button', { name: 'Save' }));
    await expect(
      await shadow.findByRole('link', { name: 'visitor.7f3a@example.com' }),
    ).toBeVisible();
    await waitFor(() => expect(shadow.queryByText('Missing contact information')).toBeNull());
  },
};

export const Loading: Story = {
  loaders: [mockApi({ loading: true })],
  play: async ({ canvasElement }) => {
    const shadow = inside(await sidebarOf(canvasElement));
    await expect(
      await shadow.findByText('Finding the contact of this conversation…'),
    ).toBeInTheDocument();
  },
};

export const ErrorWithRetry: Story = {
  loaders: [mockApi({ outage: true })],
  play: async context => {
    const shadow = inside(await sidebarOf(context.canvasElement));
    await expect(await shadow.findByRole('alert')).toHaveTextContent(
      'Could not find the contact of this conversation',
    );
    apiOf(context).outage = false;
    await userEvent.click(shadow.getByRole('button', { name: 'Retry' }));
    await expect(await shadow.findByRole('heading', { name: complete.name })).toBeVisible();
  },
};

export const NoAdapter: Story = {
  args: { withoutAdapter: true },
  play: async ({ canvasElement }) => {
    const shadow = inside(await sidebarOf(canvasElement));
    await expect(await shadow.findByText('No data adapter connected')).toBeVisible();
  },
};

/** No conversation open yet. */
export const Empty: Story = {
  args: { conversation: undefined },
  play: async ({ canvasElement }) => {
    const shadow = inside(await sidebarOf(canvasElement));
    await expect(await shadow.findByText('No conversation open')).toBeVisible();
  },
};

/** "All contacts" over a 10,000-contact account, without leaving the conversation. */
export const AllContactsTenThousand: Story = {
  loaders: [mockApi({ contacts: 10_000 })],
  play: async ({ canvasElement }) => {
    const sidebar = await sidebarOf(canvasElement);
    const shadow = inside(sidebar);
    await shadow.findByRole('heading', { name: complete.name }, { timeout: 8000 });
    await userEvent.click(shadow.getByRole('button', { name: 'All contacts' }));
    await expect(await shadow.findByRole('dialog', { name: 'All contacts' })).toBeVisible();
    const panel = inside(await nested(sidebar, 'contacts-panel'));
    // 10,000 generated, plus the one this conversation created.
    await expect(
      await panel.findByText('10,001 contacts', {}, { timeout: 8000 }),
    ).toBeInTheDocument();
  },
};

export const NewContact: Story = {
  play: async ({ canvasElement }) => {
    const sidebar = await sidebarOf(canvasElement);
    const shadow = inside(sidebar);
    await shadow.findByRole('heading', { name: complete.name });
    await userEvent.click(shadow.getByRole('button', { name: 'New contact' }));
    await expect(await shadow.findByRole('dialog', { name: 'New contact' })).toBeVisible();
  },
};

export const DuplicateWarning: Story = {
  play: async ({ canvasElement }) => {
    const sidebar = await sidebarOf(canvasElement);
    const shadow = inside(sidebar);
    await userEvent.click(await shadow.findByRole('button', { name: 'Edit contact' }));
    const form = inside(await nested(sidebar, 'contacts-contact-form'));
    await replaceText(await form.findByRole('textbox', { name: 'Email' }), other.email!);
    await expect(await form.findByText('A contact with this email already exists.')).toBeVisible();
  },
};

export const Conflict: Story = {
  play: async context => {
    const sidebar = await sidebarOf(context.canvasElement);
    const shadow = inside(sidebar);
    await userEvent.click(await shadow.findByRole('button', { name: 'Edit contact' }));
    const form = inside(await nested(sidebar, 'contacts-contact-form'));
    const name = await form.findByRole('textbox', { name: 'Name' });
    const { store } = apiOf(context);
    const current = await store.getContact(complete.id);
    await store.updateContact(
      complete.id,
      { name: 'Changed elsewhere' },
      { expectedVersion: current.version },
    );
    await replaceText(name, 'Changed here');
    await userEvent.click(form.getByRole('button', { name: 'Save' }));
    await expect(await form.findByText('This contact was changed by someone else.')).toBeVisible();
  },
};

export const Narrow: Story = {
  parameters: { frameWidth: '16rem' },
};

export const Dark: Story = {
  globals: { theme: 'dark' },
};

export const RightToLeft: Story = {
  globals: { locale: 'ar' },
};

export const PortugueseBrazil: Story = {
  globals: { locale: 'pt-BR' },
  play: async ({ canvasElement }) => {
    const shadow = inside(await sidebarOf(canvasElement));
    await expect(await shadow.findByRole('complementary', { name: 'Contato' })).toBeVisible();
    await expect(await shadow.findByRole('button', { name: 'Editar contato' })).toBeVisible();
    await expect(shadow.getByRole('button', { name: 'Todos os contatos' })).toBeVisible();
  },
};

export const Spanish: Story = {
  globals: { locale: 'es' },
  play: async ({ canvasElement }) => {
    const shadow = inside(await sidebarOf(canvasElement));
    await expect(await shadow.findByRole('button', { name: 'Editar contacto' })).toBeVisible();
    await expect(shadow.getByRole('button', { name: 'Todos los contactos' })).toBeVisible();
  },
};
