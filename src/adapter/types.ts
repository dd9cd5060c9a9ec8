/**
 * The data adapter: everything the elements know about data goes through this interface.
 * Every method takes an optional AbortSignal; failures reject with a ContactsError, aborts with
 * the signal's reason.
 */
import type {
  ArrivingConversation,
  Channel,
  Company,
  CompanyDraft,
  CompanyPatch,
  Contact,
  ContactDraft,
  ContactPatch,
  ConversationSummary,
  ResolveResult,
} from '../model/types.js';

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface CreateOptions extends RequestOptions {
  /**
   * One key per user intent, reused when the same create is retried: a repeated key returns the
   * record the first call created instead of creating another.
   */
  idempotencyKey: string;
}

export interface StartConversationOptions extends RequestOptions {
  /** One key per "Start conversation" intent, so a retried start opens one conversation. */
  idempotencyKey?: string;
}

export interface UpdateOptions extends RequestOptions {
  /** The version the caller last saw; a different current version rejects with `conflict`. */
  expectedVersion: number;
}

/**
 * A page request. Lists are sorted by name. Pass the previous page's `nextCursor` to continue, or
 * `offset` to start anywhere (a jump to the end of a long list); the cursor wins when both are set.
 */
export interface PageRequest {
  cursor?: string | null;
  offset?: number;
  /** Page size; adapters may cap it. Defaults to 50. */
  limit?: number;
}

export interface ContactQuery extends PageRequest {
  /** Free text over name, email and phone; case- and accent-insensitive. */
  search?: string;
  /** Only contacts with (`true`) or without (`false`) a pending action. */
  pending?: boolean;
  companyId?: string;
  /** Exact match on the normalised email (raw input accepted). */
  email?: string;
  /** Exact match on the normalised phone (raw input accepted). */
  phone?: string;
}

export interface CompanyQuery extends PageRequest {
  /** Free text over name and domain. */
  search?: string;
  /** Exact match on the normalised domain. */
  domain?: string;
}

export interface Page<T> {
  items: T[];
  /** How many records match the query in all. */
  total: number;
  /** Position of `items[0]` in the full result. */
  offset: number;
  /** Pass as `cursor` for the next page; `null` on the last page. */
  nextCursor: string | null;
}

export interface ConversationQuery {
  limit?: number;
}

/** A change pushed to subscribers, whoever made it. */
export type ContactsChange =
  | { type: 'contact'; action: 'created' | 'updated'; contact: Contact }
  | { type: 'company'; action: 'created' | 'updated'; company: Company }
  | { type: 'conversation'; action: 'created' | 'updated'; conversation: ConversationSummary };

export type ContactsChangeListener = (change: ContactsChange) => void;

export interface ContactsAdapter {
  listContacts(query?: ContactQuery, options?: RequestOptions): Promise<Page<Contact>>;
  getContact(id: string, options?: RequestOptions): Promise<Contact>;
  createContact(draft: ContactDraft, options: CreateOptions): Promise<Contact>;
  updateContact(id: string, patch: ContactPatch, options: UpdateOptions): Promise<Contact>;

  listCompanies(query?: CompanyQuery, options?: RequestOptions): Promise<Page<Company>>;
  getCompany(id: string, options?: RequestOptions): Promise<Company>;
  createCompany(draft: CompanyDraft, options: CreateOptions): Promise<Company>;
  updateCompany(id: string, patch: CompanyPatch, options: UpdateOptions): Promise<Company>;

  /** The contact's latest conversations, newest first. */
  listConversations(
    contactId: string,
    query?: ConversationQuery,
    options?: RequestOptions,
  ): Promise<ConversationSummary[]>;
  /** Opens a conversation with the contact on one of its channels. */
  startConversation(
    contactId: string,
    channel: Channel,
    options?: StartConversationOptions,
  ): Promise<ConversationSummary>;

  /**
   * Finds or creates the contact of a conversation that has just started: same channel identity,
   * then email, then phone; otherwise a new contact named from the display name, with a pending
   * action when neither email nor phone is known. A channel name refreshes only a name that came
   * from the channel. Concurrent calls for the same person yield one contact.
   */
  resolveConversation(
    arrival: ArrivingConversation,
    options?: RequestOptions,
  ): Promise<ResolveResult>;

  /** Pushes every change to `listener` until the returned function is called. */
  subscribe?(listener: ContactsChangeListener): () => void;
}
