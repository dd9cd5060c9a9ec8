/**
 * The portable data model shared by every adapter and element. Dates are ISO 8601 strings so
 * records cross JSON, IndexedDB and `postMessage` unchanged.
 */

/** Channels known out of the box; hosts may use their own names. */
export const KNOWN_CHANNELS = [
  'whatsapp',
  'sms',
  'phone',
  'email',
  'webchat',
  'instagram',
  'messenger',
  'telegram',
] as const;

export type KnownChannel = (typeof KNOWN_CHANNELS)[number];

/** A channel name: one of {@link KNOWN_CHANNELS} or a host's own. */
export type Channel = KnownChannel | (string & {});

/** Where a contact's current name came from. Only `channel` names are refreshed by channel syncs. */
export type NameSource = 'channel' | 'agent' | 'import' | 'api';

/** One way the person reached us: their address on one channel. */
export interface ChannelIdentity {
  channel: Channel;
  /** The sender's address on that channel (phone number, e-mail, page-scoped id, handle…). */
  address: string;
  displayName?: string;
  lastSeenAt?: string;
}

export type PendingActionType = 'add-contact-info';

/** Something an agent still has to do for a contact; removed automatically once it is done. */
export interface PendingAction {
  id: string;
  type: PendingActionType;
  createdAt: string;
}

export interface Contact {
  id: string;
  name: string;
  nameSource: NameSource;
  /** Trimmed and lower-cased. */
  email?: string;
  /** E.164, e.g. `+5511987654321`. */
  phone?: string;
  companyId?: string;
  identities: ChannelIdentity[];
  pendingActions: PendingAction[];
  createdAt: string;
  updatedAt: string;
  lastActivityAt?: string;
  /** Increments on every change; updates name the version they expect. */
  version: number;
}

export interface Company {
  id: string;
  name: string;
  /** Lower-cased host name, e.g. `acme.com.br`. */
  domain?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';

export interface ConversationSummary {
  id: string;
  contactId: string;
  channel: Channel;
  status: ConversationStatus;
  lastMessagePreview?: string;
  lastActivityAt: string;
}

/** What a form or an API client submits to create a contact. Values are raw user input. */
export interface ContactDraft {
  name?: string;
  email?: string;
  phone?: string;
  companyId?: string;
  nameSource?: NameSource;
}

/**
 * A partial update. `null` clears a field; an absent key leaves it alone. A changed `name`
 * becomes agent-set unless `nameSource` says otherwise.
 */
export interface ContactPatch {
  name?: string;
  email?: string | null;
  phone?: string | null;
  companyId?: string | null;
  nameSource?: NameSource;
}

export interface CompanyDraft {
  name?: string;
  domain?: string;
}

export interface CompanyPatch {
  name?: string;
  domain?: string | null;
}

/** A conversation that has just started on a channel, as the host's messaging layer sees it. */
export interface ArrivingConversation {
  channel: Channel;
  /** The sender's address on the channel. */
  address: string;
  /** The channel's profile name for the sender (WhatsApp profile name, Instagram handle…). */
  displayName?: string;
  email?: string;
  phone?: string;
  /** The host's id for the conversation; recorded among the contact's recent conversations. */
  conversationId?: string;
  preview?: string;
  /** When the conversation started; defaults to now. */
  at?: string;
}

/** How an arriving conversation found its contact. */
export type MatchedBy = 'identity' | 'email' | 'phone';

export interface ResolveResult {
  contact: Contact;
  outcome: 'created' | 'matched';
  /** Set when `outcome` is `matched`. */
  matchedBy?: MatchedBy;
  /** The conversation recorded for the contact, when the arrival named one. */
  conversation?: ConversationSummary;
}

/** Which of the two contacts gives the merged contact a field's value. */
export type MergeSide = 'primary' | 'secondary';

/**
 * The agent's choice per field for a merge. An absent field keeps the primary's value, or the
 * secondary's when the primary has none. Choosing a side that has no value leaves the field empty.
 */
export interface MergeChoices {
  name?: MergeSide;
  email?: MergeSide;
  phone?: MergeSide;
  companyId?: MergeSide;
}
