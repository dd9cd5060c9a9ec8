import type { sidebarLater } from './later.js';

const firstPaint = {
  landmark: 'Contact',
  editContact: 'Edit contact',
  newContact: 'New contact',
  allContacts: 'All contacts',
  noConversation: 'No conversation open',
  noConversationHint: 'The contact of the open conversation shows here.',
  resolving: 'Finding the contact of this conversation…',
  loadingContact: 'Loading contact…',
  resolveFailed: 'Could not find the contact of this conversation',
  loadFailed: 'Could not load this contact',
  contactNotFound: 'Contact not found',
  outcome: {
    created: 'New contact, created from this conversation',
    identity: 'Known contact on this channel',
    email: 'Existing contact, matched by email',
    phone: 'Existing contact, matched by phone',
  } as Record<string, string>,
  currentConversation: 'This conversation',
  contactSaved: 'Contact saved.',
  contactCreated: (name: string) => `Contact ${name} created.`,
  linked: (name: string) => `This conversation is now linked to ${name}.`,
};

/**
 * Strings of the conversation sidebar: here those its first paint shows. The rest
 * (`sidebarLater`, later.ts) join this object when its dialogs load.
 */
export const sidebar = firstPaint as typeof firstPaint & typeof sidebarLater;
