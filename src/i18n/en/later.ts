/**
 * English strings that only parts loaded on first use show (the record view, "Start
 * conversation", the company view, the dialogs and forms), so no first paint carries them. Each
 * such part calls `addLaterStrings()` as it loads; the record view's loader also fetches this
 * module beside it. `en` (index.ts) holds every string.
 */
import { plural } from '../plural.js';
import { common } from './common.js';
import { detail } from './detail.js';
import { sidebar } from './sidebar.js';

/** Shared strings of the record view, the dialogs and the forms. */
export const commonLater = {
  loading: 'Loading…',
  close: 'Close',
  save: 'Save',
  cancel: 'Cancel',
  saving: 'Saving…',
  channels: {
    whatsapp: 'WhatsApp',
    sms: 'SMS',
    phone: 'Phone',
    email: 'Email',
    webchat: 'Web chat',
    instagram: 'Instagram',
    messenger: 'Messenger',
    telegram: 'Telegram',
  } as Record<string, string>,
  conversationStatus: {
    open: 'Open',
    pending: 'Pending',
    snoozed: 'Snoozed',
    resolved: 'Resolved',
  } as Record<string, string>,
};

/** The detail's strings of the record view, "Start conversation", the company view and the edit dialog. */
export const detailLater = {
  editContact: 'Edit contact',
  editCompany: 'Edit company',
  notSet: 'Not set',
  // Issue 11: a record whose name has nothing visible in it.
  unnamedContact: 'Unnamed contact',
  unnamedCompany: 'Unnamed company',
  noChannels: 'None yet',
  nameSource: {
    channel: 'Name from the channel',
    agent: 'Name set by an agent',
    import: 'Name imported',
    api: 'Name set by an integration',
  } as Record<string, string>,
  pendingTitle: 'Missing contact information',
  pendingHint: 'Add an email address or a phone number to reach this contact on any channel.',
  addContactInfo: 'Add contact information',
  recentConversations: 'Recent conversations',
  loadingConversations: 'Loading conversations…',
  noConversations: 'No conversations yet.',
  loadConversationsFailed: 'Could not load the recent conversations.',
  noPreview: 'No messages yet',
  startConversation: 'Start conversation',
  channel: 'Channel',
  noReachableChannel: 'There is no channel to start a conversation on yet.',
  onChannel: (channel: string) => `on ${channel}`,
  starting: (channel: string) => `Starting a conversation on ${channel}…`,
  started: (channel: string) => `Conversation started on ${channel}.`,
  startFailed: (channel: string) => `Could not start a conversation on ${channel}.`,
  companyKind: 'Company',
  companyContacts: 'Contacts',
  noCompanyContacts: 'No contacts in this company yet.',
  moreContacts: (count: string) => `${count} more not shown`,
  contactCount: (count: number, formatted: string) =>
    plural('en', count, { one: `${formatted} contact`, other: `${formatted} contacts` }),
};

/** The sidebar's strings of "All contacts". */
export const sidebarLater = {
  linkToConversation: 'Link to this conversation',
  linkHint: 'Choose a contact in the list, then link it to this conversation.',
};

/** Adds the strings above to the English sections; each part that shows some calls it as it loads. */
export function addLaterStrings(): void {
  Object.assign(common, commonLater);
  Object.assign(detail, detailLater);
  Object.assign(sidebar, sidebarLater);
}
