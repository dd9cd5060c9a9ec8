/**
 * The seam between the HTTP layer and storage. The HTTP app (`../app.ts`) speaks only to a
 * `Store`; `createPgStore` (PostgreSQL or PGlite) and `createMemoryStore` (the in-memory adapter,
 * for tests of the HTTP layer alone) implement it.
 */
import type { ContactsAdapter, ContactsChange } from 'contacts-elements';

/** A change as the change log numbers it. Ids grow in commit order within an account. */
export interface LoggedChange {
  /** The change log id, a decimal string (the SSE event id). */
  readonly id: string;
  readonly change: ContactsChange;
}

/** A stored answer to an idempotent request, replayed when the same key and body come again. */
export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What `IdempotencyStore.claim` found for a key. */
export type IdempotencyClaim =
  /** The key was free and is now held by the caller, who must `complete` or `release` it. */
  | { readonly state: 'claimed' }
  /** A request with this key and the same fingerprint finished: replay its answer. */
  | { readonly state: 'done'; readonly response: StoredResponse }
  /** A request with this key is still running (and not yet abandoned). */
  | { readonly state: 'in-flight'; readonly retryAfterSeconds: number }
  /** The key was used with another request body. */
  | { readonly state: 'mismatch' };

/** Idempotency keys, per account and route, kept for `retentionMs` (24 hours by default). */
export interface IdempotencyStore {
  claim(
    accountId: string,
    route: string,
    key: string,
    fingerprint: string,
  ): Promise<IdempotencyClaim>;
  complete(accountId: string, route: string, key: string, response: StoredResponse): Promise<void>;
  /** Frees a claimed key whose request failed before writing anything, so a retry can run. */
  release(accountId: string, route: string, key: string): Promise<void>;
}

export interface Store {
  /**
   * The records of one account, as a `ContactsAdapter`: nothing it returns or changes belongs to
   * another account. Its `createContact`/`createCompany` honour `idempotencyKey` atomically with
   * the insert (a retried create after a crash returns the first record), `update*` honour
   * `expectedVersion`, and `resolveConversation` never creates a second contact for one person.
   */
  forAccount(accountId: string): ContactsAdapter;
  /**
   * Delivers the account's changes with ids after `afterId` (all retained ones when undefined),
   * then every later change, in id order, without gaps or repeats, until the returned function
   * is called. Changes made through other processes on the same database arrive too.
   */
  changes(
    accountId: string,
    afterId: string | undefined,
    listener: (change: LoggedChange) => void,
  ): Promise<() => void>;
  /**
   * The id of the account's latest logged change (`'0'` when none): where a client that wants
   * only the changes from now on starts (`changes(accountId, await lastChangeId(accountId), …)`).
   */
  lastChangeId(accountId: string): Promise<string>;
  readonly idempotency: IdempotencyStore;
  /** True when the database answers (for `/healthz`). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
