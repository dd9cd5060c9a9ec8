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
  MergeChoices,
  ResolveResult,
} from '../model/types.js';

export type { MergeChoices, MergeSide } from '../model/types.js';

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

export interface MergeOptions extends RequestOptions {
  /** One key per merge intent: a retried merge with the same key returns the first result. */
  idempotencyKey: string;
  /** The versions the caller last saw; either contact at another version rejects with `conflict`. */
  expectedVersions: { primary: number; secondary: number };
}

export interface DeleteOptions extends RequestOptions {
  /** The version the caller last saw; a different current version rejects with `conflict`. */
  expectedVersion: number;
  /** One key per delete intent: a retried delete with the same key returns the first result. */
  idempotencyKey?: string;
}

/**
 * A way back from a merge or a delete: pass `token` to {@link ContactsAdapter.restore} before
 * `expiresAt` (the adapter's retention window, 30 days by default).
 */
export interface RestorePoint {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
}

export interface MergeResult {
  /** The merged contact: the primary, with the chosen values and both contacts' channels. */
  contact: Contact;
  /** The secondary's id: the contact that is gone, and whose fetches now name `contact.id`. */
  mergedId: string;
  restorePoint: RestorePoint;
}

export interface DeleteResult {
  /** The deleted record's id. */
  id: string;
  restorePoint: RestorePoint;
}

/** The records a restore brought back or put back as they were, as they are now. */
export interface RestoreResult {
  contacts: Contact[];
  companies: Company[];
}

/**
 * How an adapter orders its lists (see {@link ContactsAdapter.order}). `'name'` is the folded name
 * (case and accents ignored) then the id; `'activity'` names the common alternative, most recent
 * activity first; any other string names an order of the host's own.
 */
// `string & {}` keeps the named values offered by editors while any string is accepted.
export type ListOrder = 'name' | 'activity' | (string & {});

/** The kinds of record that have lists. */
export type RecordKind = 'contact' | 'company';

/**
 * A page request. Lists are in the adapter's {@link ContactsAdapter.order}. Pass the previous
 * page's `nextCursor` to continue, or `offset` to start anywhere (a jump to the end of a long
 * list); the cursor wins when both are set.
 */
export interface PageRequest {
  cursor?: string | null;
  offset?: number;
  /**
   * The most items wanted; defaults to 50. An adapter may return fewer on any page, not only the
   * last (a backend that caps pages at 20, say): callers must not assume a full page, and continue
   * with `nextCursor` or the next offset.
   */
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
  /**
   * Only the companies with these ids (ids of no company are left out), still in list order: the
   * names of several companies in one call. Combines with the other filters.
   */
  ids?: readonly string[];
}

/**
 * One page of a list. A page may hold fewer items than the request's `limit`, on any page; while
 * records remain after `offset` it holds at least one. Whatever its length, `total`, `offset` and
 * `nextCursor` hold: following `nextCursor` from the first page yields every record of the query
 * exactly once, in the adapter's order, also while records are created meanwhile (a record created
 * during the walk may or may not appear; none seen before repeats, none that existed is skipped).
 */
export interface Page<T> {
  items: T[];
  /**
   * How many records match the query in all; with `totalExact: false`, at least how many (a
   * lower bound, see {@link Page.totalExact}).
   */
  total: number;
  /**
   * Absent or `true`: `total` is exact. `false`: counting every match was cut short (a broad
   * search over a large list), and `total` is a lower bound: at least `total` records match,
   * and at least `offset + items.length`. `nextCursor` stays non-null while more may follow. A
   * later page (further on) may report a larger total; the page that reaches the end (including
   * an empty page asked for at or past the end) reports the exact total, with `totalExact`
   * absent or `true`. Hosts showing a count say "1,000+" rather than "1,000" then.
   */
  totalExact?: boolean;
  /** Position of `items[0]` in the full result, in the adapter's order. */
  offset: number;
  /**
   * Pass as `cursor` for the next page; `null` on the last page only (when `offset` plus the
   * number of items reaches `total`, which is then exact). It marks a place in the order, not a
   * count of rows, so that records created meanwhile neither repeat nor hide records already
   * there.
   */
  nextCursor: string | null;
}

export interface ConversationQuery {
  limit?: number;
}

/**
 * What happened to a record: `restored` is a record brought back by {@link ContactsAdapter.restore}
 * (a deleted or merged-away record, or a conversation moved back to its contact).
 */
export type ChangeAction = 'created' | 'updated' | 'restored';

/** A change pushed to subscribers, whoever made it. */
export type ContactsChange =
  | { type: 'contact'; action: ChangeAction; contact: Contact }
  | { type: 'company'; action: ChangeAction; company: Company }
  | { type: 'conversation'; action: ChangeAction; conversation: ConversationSummary }
  /**
   * A record left the lists: deleted, or (a contact) merged into `mergedInto`. A later `restored`
   * change for the same id brings it back.
   */
  | { type: 'removed'; kind: RecordKind; id: string; mergedInto?: string };

export type ContactsChangeListener = (change: ContactsChange) => void;

export interface ContactsAdapter {
  /**
   * The order of `listContacts` and `listCompanies` results. `'name'`, the default when absent,
   * is the order the in-memory adapter keeps: the name folded as `fold()` in the model does
   * (case and accents ignored), ties by id. The elements rely on it to binary-search a list for
   * type-ahead and to reveal a selected record. Any other value (e.g. `'activity'`, most recent
   * first) says the list is in another order, which must be the same for every page of a query:
   * the elements then never binary-search it, and find positions through `positionOf` when the
   * adapter offers it, or through search.
   */
  readonly order?: ListOrder;

  /**
   * The 0-based position of the record `id` in the results of `query` (a `ContactQuery` for
   * `'contact'`, a `CompanyQuery` for `'company'`), in the adapter's order: the `offset` at which
   * a page would start with it. `null` when the record does not match the query or does not
   * exist. The query's `cursor`, `offset` and `limit` are ignored. Optional: it lets the elements
   * reveal a selected record and land type-ahead in lists of any order without reading pages.
   * Without it, the elements binary-search a name-ordered list and search a list in another order.
   */
  positionOf?(
    kind: RecordKind,
    id: string,
    query?: ContactQuery | CompanyQuery,
    options?: RequestOptions,
  ): Promise<number | null>;

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

  /**
   * Merges `secondaryId` into `primaryId`, in one step: the primary takes the chosen values and
   * keeps both contacts' channel identities, conversations and pending actions that still apply;
   * the secondary leaves every list and search, and `getContact(secondaryId)` rejects with
   * `not-found` naming `mergedInto`. An arrival on any identity of either contact resolves to the
   * merged contact. Optional: without it, the elements offer no merge.
   */
  mergeContacts?(
    primaryId: string,
    secondaryId: string,
    choices: MergeChoices,
    options: MergeOptions,
  ): Promise<MergeResult>;

  /**
   * Deletes a contact (its conversations and identities go with it, until restored). Optional:
   * without it, the elements offer no delete.
   */
  deleteContact?(id: string, options: DeleteOptions): Promise<DeleteResult>;

  /** Deletes a company; its contacts are kept and unlinked from it. Optional, as above. */
  deleteCompany?(id: string, options: DeleteOptions): Promise<DeleteResult>;

  /**
   * Undoes a merge or a delete while its restore point lasts: the records come back as they were,
   * conversations and identities included, and changes made meanwhile to a surviving record are
   * kept. Restoring twice returns the same records. An unknown or expired token rejects with
   * `not-found`; a value taken meanwhile by another record (an email, a channel identity)
   * rejects with `duplicate` naming it, and nothing changes. Undoing a merge whose survivor was
   * merged again gives back from the contact it now lives in; a conversation recorded again
   * under another contact while its own was deleted stays with that contact.
   */
  restore?(token: string, options?: RequestOptions): Promise<RestoreResult>;

  /** Pushes every change to `listener` until the returned function is called. */
  subscribe?(listener: ContactsChangeListener): () => void;
}
