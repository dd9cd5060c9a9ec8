import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';

import type { ArrivingConversation, ConversationContactSidebar } from '../src/index.js';
import { element, inside, nested } from './support/dom.js';
import { type ElementArgs, elementMeta } from './support/meta.js';
import { mockApi } from './support/mock-api.js';
import { openContactForm, saveAfterChangeElsewhere, typeDuplicateEmail } from './support/plays.js';
import { complete } from './support/sample.js';
import { stateStories, variantStories } from './support/variants.js';

interface Args extends ElementArgs {
  conversation?: ArrivingConversation;
  contactId?: string;
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
  ...elementMeta<Args>({
    args: { conversation: known, defaultCountry: 'BR' },
    controls: {
      conversation: { control: 'object' },
      contactId: { control: 'text' },
      defaultCountry: { control: 'text' },
    },
    parameters: { frameWidth: '24rem' },
    template: bind => html`<conversation-contact-sidebar ${bind}></conversation-contact-sidebar>`,
  }),
};
export default meta;

type Story = StoryObj<Args>;

const sidebarOf = (canvasElement: HTMLElement) =>
  element<ConversationContactSidebar>(canvasElement, 'conversation-contact-sidebar');

const states = stateStories<Args>({
  find: sidebarOf,
  loading: 'Finding the contact of this conversation…',
  empty: { text: 'No conversation open', args: { conversation: undefined } },
  failed: {
    alert: 'Could not find the contact of this conversation',
    recovered: [['heading', complete.name]],
  },
});

const variants = variantStories<Args>({
  find: sidebarOf,
  narrow: '16rem',
  portugueseBrazil: [
    ['complementary', 'Contato'],
    ['button', 'Editar contato'],
    ['button', 'Todos os contatos'],
  ],
  spanish: [
    ['button', 'Editar contacto'],
    ['button', 'Todos los contactos'],
  ],
});

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
    const form = await openContactForm(sidebar, 'Add contact information');
    const email = await form.findByRole('textbox', { name: 'Email' });
    await userEvent.type(email, 'visitor.7f3a@example.com');
    await userEvent.click(form.getByRole('button', { name: 'Save' }));
    await expect(
      await shadow.findByRole('link', { name: 'visitor.7f3a@example.com' }),
    ).toBeVisible();
    await waitFor(() => expect(shadow.queryByText('Missing contact information')).toBeNull());
  },
};

export const Loading = states.Loading;

export const ErrorWithRetry = states.ErrorWithRetry;

export const NoAdapter = states.NoAdapter;

/** No conversation open yet. */
export const Empty = states.Empty;

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
    await typeDuplicateEmail(await sidebarOf(canvasElement), 'Edit contact');
  },
};

export const Conflict: Story = {
  play: async context => {
    await saveAfterChangeElsewhere(context, await sidebarOf(context.canvasElement), 'Edit contact');
  },
};

export const Narrow = variants.Narrow;

export const Dark = variants.Dark;

export const RightToLeft = variants.RightToLeft;

export const PortugueseBrazil = variants.PortugueseBrazil;

export const Spanish = variants.Spanish;
