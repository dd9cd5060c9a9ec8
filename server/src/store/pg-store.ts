/**
 * The store on PostgreSQL (through `pg`) or PGlite: the `Store` seam with every rule held by the
 * database, so that it holds across server processes too.
 *
 * - Uniqueness per account (normalised email, phone, channel identity, company domain) is checked
 *   under advisory locks on those values, and the unique indexes are the final judge: a write that
 *   loses a race gets `duplicate` naming the record that won.
 * - `resolveConversation` locks the arrival's identity, email and phone (in sorted order), looks
 *   the person up and inserts in one transaction: concurrent arrivals of one person, in any
 *   process, give one contact.
 * - A create's idempotency key is a unique column of the row it created, so a retried create (even
 *   after a crash right after the commit) finds the first record.
 * - Every write appends its changes to `change_log` in its own transaction, under a per-account
 *   lock taken last, so ids commit in id order within an account, and NOTIFYs the account.
 */
import { randomUUID } from 'node:crypto';
import type {
  ArrivingConversation,
  Channel,
  Company,
  CompanyDraft,
  CompanyPatch,
  CompanyQuery,
  Contact,
  ContactDraft,
  ContactPatch,
  ContactQuery,
  ContactsAdapter,
  ContactsChange,
  ContactsChangeListener,
  ConversationQuery,
  ConversationSummary,
  CreateOptions,
  DeleteOptions,
  DeleteResult,
  MergeChoices,
  MergeOptions,
  MergeResult,
  Page,
  PageRequest,
  RecordKind,
  RequestOptions,
  ResolveResult,
  RestoreResult,
  StartConversationOptions,
  UpdateOptions,
} from 'contacts-elements';
import {
  type CountryCode,
  ContactsError,
  DEFAULT_COUNTRY,
  type FieldErrors,
  type NormalizedArrival,
  VALIDATION_MESSAGES,
  contactAfterArrival,
  contactFromArrival,
  contactFromDraft,
  identityKey,
  isContactsError,
  matchArrival,
  mergedContact,
  normalizeArrival,
  normalizeDomain,
  normalizeEmail,
  parsePhone,
  parseSearch,
  patchedCompany,
  patchedContact,
  reachableChannels,
  syncPendingActions,
  unmergedContact,
  validateCompanyDraft,
  validateCompanyPatch,
  validateContactDraft,
  validateContactPatch,
} from 'contacts-elements/model.js';
import { connectPg, connectPglite, type Db, type DbError, type Queryable } from '../db/db.js';
import { migrate } from '../db/migrations.js';
import { PgIdempotencyStore } from './pg-idempotency.js';
import {
  COMPANY_COLUMNS,
  COMPANY_WRITE_COLUMNS,
  CONTACT_COLUMNS,
  CONTACT_WRITE_COLUMNS,
  CONVERSATION_COLUMNS,
  type CompanyRow,
  SEARCH_COUNT_CAP,
  Conditions,
  type ContactRow,
  type ConversationRow,
  companyValues,
  contactPlaceholders,
  contactValues,
  containsPattern,
  decodeCursor,
  encodeCursor,
  identityRows,
  listedTrigrams,
  type Listed,
  toCompany,
  toContact,
  toConversation,
} from './pg-records.js';
import {
  type DeleteCompanyPayload,
  type DeleteContactPayload,
  type MergePayload,
  type RestorePayload,
  STORED_CONVERSATION_COLUMNS,
  type StoredConversation,
  contactLockValues,
  droppedValueOwner,
  insertRestorePoint,
  keepDroppedValues,
  markRestored,
  mergedInto,
  purgeRestorePoints,
  readRestorePoint,
  restoreLockValues,
  resultByKey,
} from './pg-restore.js';
import type { LoggedChange, Store } from './types.js';

export interface PgStoreOptions {
  /** A PostgreSQL connection string (`postgres://…`). Without it, the store runs on PGlite. */
  connectionString?: string;
  /** PGlite's data folder; in memory when undefined. Ignored with `connectionString`. */
  dataDir?: string;
  /** Connections in the `pg` pool (10 by default), besides the one that LISTENs. */
  poolSize?: number;
  /** Country assumed for phone numbers without an international prefix. */
  defaultCountry?: CountryCode;
  /** Clock of the records' timestamps, for tests. */
  now?: () => Date;
  /** How long idempotency keys are kept, in ms (24 hours by default). */
  idempotencyRetentionMs?: number;
  /** After how long a claimed idempotency key still in flight counts as abandoned (30 s). */
  inFlightTimeoutMs?: number;
  /** How long the change log keeps changes, in ms (7 days by default). */
  changeRetentionMs?: number;
  /** How often old idempotency keys and changes are purged, in ms (1 hour by default). */
  purgeIntervalMs?: number;
  /** How long a merge or a delete can be undone, in days (30 by default). */
  restoreDays?: number;
}

/** The `Store`, plus what tests and tools of this package use. */
export interface PgStore extends Store {
  readonly driver: 'pg' | 'pglite';
  /** The database, for tests and benchmarks. */
  readonly db: Db;
  /** Deletes idempotency keys and changes older than their retention, and expired restore points. */
  purge(): Promise<void>;
}

const NOTIFY_CHANNEL = 'contacts_changes';
const DAY = 24 * 60 * 60 * 1000;
const BACKLOG_BATCH = 500;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
/**
 * Candidates a walk of `contact_trigrams` checks at least before it stops counting (readListed):
 * twice the matches it counts, but no fewer than this, so that a search whose matches come late
 * among its candidates ("maria si": at most 5 among its first 602, at 1,000,000) still finds its
 * page in one walk.
 */
const WALK_BUDGET = 2000;
/**
 * How many budgets of candidates a walk of `contact_trigrams` may go on for, past the count's
 * budget, to make its page whole (readListed).
 */
const EXTRA_WALK = 8;

function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(limit)));
}

function newId(prefix: string): string {
  return `${prefix}_${randomUUID()}`;
}

function validationError(errors: FieldErrors): ContactsError {
  const first = Object.values(errors)[0];
  return new ContactsError('validation', first ? VALIDATION_MESSAGES[first] : 'Invalid input.', {
    fields: errors,
  });
}

function conflict(version: number): ContactsError {
  return new ContactsError('conflict', 'The record was changed by someone else.', {
    currentVersion: version,
  });
}

const DUPLICATE_MESSAGES = {
  email: 'A contact with this email already exists.',
  phone: 'A contact with this phone number already exists.',
  domain: 'A company with this domain already exists.',
} as const;

function duplicate(field: 'email' | 'phone' | 'domain', existingId: string): ContactsError {
  return new ContactsError('duplicate', DUPLICATE_MESSAGES[field], { existingId, field });
}

/** Which value a unique index guards, by the index's name. */
const UNIQUE_FIELDS: Record<string, 'email' | 'phone' | 'domain' | 'create-key' | 'identity'> = {
  contacts_email_unique: 'email',
  contacts_phone_unique: 'phone',
  companies_domain_unique: 'domain',
  contacts_create_key_unique: 'create-key',
  companies_create_key_unique: 'create-key',
  conversations_create_key_unique: 'create-key',
  identities_pkey: 'identity',
};

function uniqueViolation(error: unknown): string | undefined {
  const { code, constraint } = (error ?? {}) as DbError;
  if (code !== '23505') return undefined;
  return UNIQUE_FIELDS[constraint ?? ''] ?? 'other';
}

/** Takes transaction-scoped advisory locks on these values, in sorted order (no deadlocks). */
async function lockValues(tx: Queryable, accountId: string, values: string[]): Promise<void> {
  // Text cannot hold NUL, which identityKey() puts between channel and address.
  const keys = [
    ...new Set(values.map(value => `${accountId}\n${value.replaceAll('\u0000', '\n')}`)),
  ].sort();
  for (const key of keys) {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }
}

/** Changes one write appends to the log, with the row counts it changes. */
interface Outcome {
  changes: ContactsChange[];
  contacts?: number;
  companies?: number;
}

/**
 * Appends changes to the account's log, last in the transaction: the per-account lock makes ids
 * commit in id order within the account, so a reader never passes an id that commits late.
 */
async function appendChanges(tx: Queryable, accountId: string, outcome: Outcome): Promise<void> {
  if (!outcome.changes.length && !outcome.contacts && !outcome.companies) return;
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `change-log\n${accountId}`,
  ]);
  const at = Date.now();
  for (const change of outcome.changes) {
    await tx.query(
      'INSERT INTO change_log (account_id, change, logged_ms) VALUES ($1, $2::jsonb, $3)',
      [accountId, JSON.stringify(change), at],
    );
  }
  if (outcome.contacts || outcome.companies) {
    await tx.query(
      `INSERT INTO account_counts AS c (account_id, contacts, companies) VALUES ($1, $2, $3)
       ON CONFLICT (account_id) DO UPDATE
       SET contacts = c.contacts + excluded.contacts, companies = c.companies + excluded.companies`,
      [accountId, outcome.contacts ?? 0, outcome.companies ?? 0],
    );
  }
  if (outcome.changes.length) {
    await tx.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, accountId]);
  }
}

/**
 * Thrown inside a write that found values to lock it had not locked (the records changed between
 * the first read and the row locks): the write is run again with those values locked too.
 */
class Relock extends Error {
  constructor(readonly values: string[]) {
    super('More values to lock.');
  }
}

/** Throws {@link Relock} when `values` holds one that `locked` lacks. */
function assertLocked(locked: ReadonlySet<string>, values: string[]): void {
  const missing = values.filter(value => !locked.has(value));
  if (missing.length) throw new Relock(missing);
}

function identityTaken(existingId: string, channel: string, address: string): ContactsError {
  return new ContactsError('duplicate', 'A contact with this channel identity already exists.', {
    existingId,
    details: { identity: { channel, address } },
  });
}

function tokenNotFound(): ContactsError {
  return new ContactsError('not-found', 'No restore point with this token, or it has expired.');
}

/** One subscriber of an account's changes. */
interface Subscriber {
  readonly accountId: string;
  last: bigint;
  readonly listener: (change: LoggedChange) => void;
  reading: boolean;
  again: boolean;
  stopped: boolean;
  retry?: ReturnType<typeof setTimeout>;
}

/** Delivers the change log to subscribers: LISTEN once, read rows after each one's last id. */
class ChangeFeed {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private listening?: Promise<unknown>;
  private closed = false;

  constructor(private readonly db: Db) {}

  async subscribe(
    accountId: string,
    afterId: string | undefined,
    listener: (change: LoggedChange) => void,
  ): Promise<() => void> {
    if (this.closed) throw new Error('The store is closed.');
    // LISTEN first, then read the backlog: a change committed in between is read either way.
    this.listening ??= this.db.listen(NOTIFY_CHANNEL, payload => this.poke(payload));
    try {
      await this.listening;
    } catch (error) {
      this.listening = undefined;
      throw error;
    }
    const subscriber: Subscriber = {
      accountId,
      last: parseAfter(afterId),
      listener,
      reading: false,
      again: false,
      stopped: false,
    };
    let set = this.subscribers.get(accountId);
    if (!set) this.subscribers.set(accountId, (set = new Set()));
    set.add(subscriber);
    await this.pump(subscriber);
    return () => {
      subscriber.stopped = true;
      clearTimeout(subscriber.retry);
      set.delete(subscriber);
      if (!set.size && this.subscribers.get(accountId) === set) this.subscribers.delete(accountId);
    };
  }

  /** A NOTIFY for an account (or '' after a reconnection: every account). */
  private poke(accountId: string): void {
    const sets = accountId ? [this.subscribers.get(accountId)] : [...this.subscribers.values()];
    for (const set of sets) for (const subscriber of set ?? []) void this.pump(subscriber);
  }

  /** Stops every subscription (the store is closing). */
  close(): void {
    this.closed = true;
    for (const set of this.subscribers.values()) {
      for (const subscriber of set) {
        subscriber.stopped = true;
        clearTimeout(subscriber.retry);
      }
    }
    this.subscribers.clear();
  }

  private async pump(subscriber: Subscriber): Promise<void> {
    if (this.closed) return;
    if (subscriber.reading) {
      subscriber.again = true;
      return;
    }
    subscriber.reading = true;
    try {
      do {
        subscriber.again = false;
        const { rows } = await this.db.query<{ id: string; change: ContactsChange | string }>(
          `SELECT id::text AS id, change FROM change_log
           WHERE account_id = $1 AND id > $2 ORDER BY change_log.id LIMIT ${BACKLOG_BATCH}`,
          [subscriber.accountId, subscriber.last.toString()],
        );
        for (const row of rows) {
          if (subscriber.stopped) return;
          subscriber.last = BigInt(row.id);
          const change = typeof row.change === 'string' ? JSON.parse(row.change) : row.change;
          try {
            subscriber.listener({ id: row.id, change });
          } catch (error) {
            queueMicrotask(() => {
              throw error;
            });
          }
        }
        if (rows.length === BACKLOG_BATCH) subscriber.again = true;
      } while (subscriber.again && !subscriber.stopped);
    } catch {
      // The database did not answer: try again shortly, from the last id delivered.
      if (!subscriber.stopped && !this.closed) {
        subscriber.retry = setTimeout(() => void this.pump(subscriber), 1000);
        subscriber.retry.unref?.();
      }
    } finally {
      subscriber.reading = false;
    }
  }
}

function parseAfter(afterId: string | undefined): bigint {
  if (afterId === undefined || !/^\d{1,19}$/.test(afterId)) return 0n;
  return BigInt(afterId);
}

/** Opens the database, migrates it, and returns the store. */
export async function createPgStore(options: PgStoreOptions = {}): Promise<PgStore> {
  const db = options.connectionString
    ? await connectPg(options.connectionString, { max: options.poolSize })
    : await connectPglite(options.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const feed = new ChangeFeed(db);
  const context: Context = {
    db,
    feed,
    defaultCountry: options.defaultCountry ?? DEFAULT_COUNTRY,
    now: options.now ?? (() => new Date()),
    restoreMs: (options.restoreDays ?? 30) * DAY,
  };
  const idempotency = new PgIdempotencyStore(db, {
    retentionMs: options.idempotencyRetentionMs ?? DAY,
    inFlightTimeoutMs: options.inFlightTimeoutMs ?? 30_000,
  });
  const changeRetentionMs = options.changeRetentionMs ?? 7 * DAY;
  const purge = async () => {
    await idempotency.purge();
    await db.query(`DELETE FROM change_log WHERE created_at < now() - $1 * interval '1 ms'`, [
      changeRetentionMs,
    ]);
    await purgeRestorePoints(db, context.now());
  };
  await purge();
  const timer = setInterval(
    () => void purge().catch(() => undefined),
    options.purgeIntervalMs ?? 60 * 60 * 1000,
  );
  timer.unref();
  let closed = false;

  return {
    driver: db.driver,
    db,
    idempotency,
    purge,
    forAccount(accountId: string): ContactsAdapter {
      return new PgContactsAdapter(context, accountId);
    },
    changes(accountId, afterId, listener) {
      return feed.subscribe(accountId, afterId, listener);
    },
    async lastChangeId(accountId) {
      const { rows } = await db.query<{ id: string }>(
        'SELECT coalesce(max(id), 0)::text AS id FROM change_log WHERE account_id = $1',
        [accountId],
      );
      return rows[0]!.id;
    },
    async ping() {
      try {
        await db.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      feed.close();
      await db.close();
    },
  };
}

interface Context {
  readonly db: Db;
  readonly feed: ChangeFeed;
  readonly defaultCountry: CountryCode;
  readonly now: () => Date;
  /** How long a restore point lasts, in ms. */
  readonly restoreMs: number;
}

/**
 * How a query searches text (its total is then counted up to a bound): `trigram` when a token
 * has 3 characters or more, so the trigram index can find the matches; `scan` for shorter tokens
 * only; false without a search. A contact search with 2 letters in a row also names the rows of
 * `contact_trigrams` that hold its matches, in list order (`listed`).
 */
type Search = false | { readonly kind: 'scan' | 'trigram'; readonly listed?: Listed | undefined };

function searches(query: ContactQuery | CompanyQuery, listed = false): Search {
  const { tokens } = parseSearch(query.search);
  if (!tokens.length) return false;
  return {
    kind: tokens.some(token => token.length >= 3) ? 'trigram' : 'scan',
    listed: listed ? listedTrigrams(tokens) : undefined,
  };
}

/** One account's records, as a `ContactsAdapter`. */
class PgContactsAdapter implements ContactsAdapter {
  readonly order = 'name';

  constructor(
    private readonly context: Context,
    private readonly accountId: string,
  ) {}

  private get db(): Db {
    return this.context.db;
  }

  private stamp(): string {
    return this.context.now().toISOString();
  }

  // ---- Reads -------------------------------------------------------------------------------

  async listContacts(
    query: ContactQuery = {},
    options: RequestOptions = {},
  ): Promise<Page<Contact>> {
    options.signal?.throwIfAborted();
    const where = await this.contactConditions(query);
    const search =
      query.email === undefined && query.phone === undefined ? searches(query, true) : false;
    return this.readPage(where, query, 'contacts', CONTACT_COLUMNS, toContact, search, options);
  }

  async getContact(id: string, options: RequestOptions = {}): Promise<Contact> {
    options.signal?.throwIfAborted();
    return toContact(await this.requireContact(this.db, id));
  }

  async listCompanies(
    query: CompanyQuery = {},
    options: RequestOptions = {},
  ): Promise<Page<Company>> {
    options.signal?.throwIfAborted();
    const where = this.companyConditions(query);
    const search = query.domain === undefined ? searches(query) : false;
    return this.readPage(where, query, 'companies', COMPANY_COLUMNS, toCompany, search, options);
  }

  async getCompany(id: string, options: RequestOptions = {}): Promise<Company> {
    options.signal?.throwIfAborted();
    return toCompany(await this.requireCompany(this.db, id));
  }

  async positionOf(
    kind: RecordKind,
    id: string,
    query: ContactQuery | CompanyQuery = {},
    options: RequestOptions = {},
  ): Promise<number | null> {
    options.signal?.throwIfAborted();
    const table = kind === 'contact' ? 'contacts' : 'companies';
    const where =
      kind === 'contact'
        ? await this.contactConditions(query as ContactQuery)
        : this.companyConditions(query as CompanyQuery);
    if (!where) return null;
    return this.db.transaction(
      async tx => {
        const self = where.clone();
        const found = await tx.query<{ sort_key: string }>(
          `SELECT sort_key FROM ${table} WHERE ${self.sql} AND id = ${self.param(id)}`,
          self.params,
        );
        const key = found.rows[0]?.sort_key;
        if (key === undefined) return null;
        const total = where.parts.length === 1 ? await this.countAll(tx, table) : undefined;
        return this.countBefore(tx, table, where, [key, id], false, total);
      },
      { ...options, snapshot: true },
    );
  }

  async listConversations(
    contactId: string,
    query: ConversationQuery = {},
    options: RequestOptions = {},
  ): Promise<ConversationSummary[]> {
    options.signal?.throwIfAborted();
    await this.requireContact(this.db, contactId);
    const limit = Math.max(1, Math.min(100, query.limit ?? 10));
    const { rows } = await this.db.query<ConversationRow>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations
       WHERE account_id = $1 AND contact_id = $2
       ORDER BY last_activity_at DESC, seq DESC LIMIT $3`,
      [this.accountId, contactId, limit],
    );
    return rows.map(toConversation);
  }

  // ---- Contact writes ----------------------------------------------------------------------

  async createContact(draft: ContactDraft, options: CreateOptions): Promise<Contact> {
    options.signal?.throwIfAborted();
    const key = options.idempotencyKey;
    const checked = await validateContactDraft(draft, {
      defaultCountry: this.context.defaultCountry,
    });
    options.signal?.throwIfAborted();
    const fields = checked.ok ? checked.value : {};
    try {
      return await this.write(async tx => {
        await lockValues(tx, this.accountId, [
          `contact-key:${key}`,
          ...(fields.email ? [`email:${fields.email}`] : []),
          ...(fields.phone ? [`phone:${fields.phone}`] : []),
        ]);
        const replay = await this.contactByCreateKey(tx, key);
        if (replay) return { value: replay, changes: [] };
        if (!checked.ok) throw validationError(checked.errors);
        await this.assertUnique(tx, fields);
        if (fields.companyId) await this.assertCompany(tx, fields.companyId);
        const contact = contactFromDraft(fields, draft.nameSource, newId('ct'), this.stamp());
        await this.insertContact(tx, contact, key);
        return {
          value: contact,
          changes: [{ type: 'contact', action: 'created', contact }],
          contacts: 1,
        };
      });
    } catch (error) {
      const lost = uniqueViolation(error);
      if (lost === 'create-key') {
        const replay = await this.contactByCreateKey(this.db, key);
        if (replay) return replay;
      }
      if (lost === 'email' || lost === 'phone') await this.throwDuplicateOf(lost, fields, error);
      throw error;
    }
  }

  async updateContact(id: string, patch: ContactPatch, options: UpdateOptions): Promise<Contact> {
    options.signal?.throwIfAborted();
    // The values the update may take, normalised ahead, to lock them before reading the record.
    const email = typeof patch.email === 'string' ? normalizeEmail(patch.email) : undefined;
    const parsed =
      typeof patch.phone === 'string'
        ? await parsePhone(patch.phone, this.context.defaultCountry)
        : undefined;
    const phone = parsed?.ok ? parsed.e164 : undefined;
    try {
      return await this.write(async tx => {
        await lockValues(tx, this.accountId, [
          ...(email ? [`email:${email}`] : []),
          ...(phone ? [`phone:${phone}`] : []),
        ]);
        const current = toContact(await this.requireContact(tx, id, true));
        if (current.version !== options.expectedVersion) throw conflict(current.version);
        const checked = await validateContactPatch(patch, current, {
          defaultCountry: this.context.defaultCountry,
        });
        if (!checked.ok) throw validationError(checked.errors);
        options.signal?.throwIfAborted();
        const fields = checked.value;
        await this.assertUnique(
          tx,
          { email: fields.email ?? undefined, phone: fields.phone ?? undefined },
          id,
        );
        if (fields.companyId) await this.assertCompany(tx, fields.companyId);
        const next = patchedContact(current, fields, patch.nameSource);
        const saved = await this.commitContact(tx, current, next);
        return { value: saved, changes: [{ type: 'contact', action: 'updated', contact: saved }] };
      });
    } catch (error) {
      const lost = uniqueViolation(error);
      if (lost === 'email' || lost === 'phone') {
        await this.throwDuplicateOf(lost, { email, phone }, error, id);
      }
      throw error;
    }
  }

  async resolveConversation(
    arrival: ArrivingConversation,
    options: RequestOptions = {},
  ): Promise<ResolveResult> {
    options.signal?.throwIfAborted();
    if (!arrival.channel?.trim() || !arrival.address?.trim()) {
      throw validationError({ form: 'contact-info-required' });
    }
    const norm = await normalizeArrival(arrival, this.context.defaultCountry);
    options.signal?.throwIfAborted();
    const key = identityKey(norm.channel, norm.address);
    const split = key.indexOf('\u0000');
    const identity = { channel: key.slice(0, split), address: key.slice(split + 1) };
    // The locks below make a unique violation unexpected; should one happen (a writer that took
    // no lock), the arrival is resolved again and then finds the record that won.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.resolveOnce(arrival, norm, key, identity);
      } catch (error) {
        if (!uniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  }

  private resolveOnce(
    arrival: ArrivingConversation,
    norm: NormalizedArrival,
    key: string,
    identity: { channel: string; address: string },
  ): Promise<ResolveResult> {
    return this.write(async tx => {
      // Every value that can find this person, locked in one order by every process: the second
      // of two concurrent arrivals waits here, then finds the contact the first created.
      await lockValues(tx, this.accountId, [
        `identity:${key}`,
        ...(norm.email ? [`email:${norm.email}`] : []),
        ...(norm.phone ? [`phone:${norm.phone}`] : []),
      ]);
      const owners = await tx.query<{ kind: string; id: string }>(
        `SELECT 'identity' AS kind, contact_id AS id FROM identities
           WHERE account_id = $1 AND channel = $2 AND address = $3
         UNION ALL
         SELECT 'email', id FROM contacts WHERE account_id = $1 AND email = $4
         UNION ALL
         SELECT 'phone', id FROM contacts WHERE account_id = $1 AND phone = $5`,
        [
          this.accountId,
          identity.channel,
          identity.address,
          norm.email ?? null,
          norm.phone ?? null,
        ],
      );
      const owner = (kind: string) => owners.rows.find(row => row.kind === kind)?.id;
      // An email or phone a merge dropped still finds the merged contact (looked up only when
      // nothing that comes first in the match order found one).
      const dropped = async (kind: 'email' | 'phone') =>
        norm[kind] && !owner('identity') && !owner('email') && !owner(kind)
          ? await droppedValueOwner(tx, this.accountId, kind, norm[kind])
          : undefined;
      const droppedEmail = await dropped('email');
      const droppedPhone = await dropped('phone');
      const match = matchArrival(norm, {
        byIdentity: () => owner('identity'),
        byEmail: () => owner('email') ?? droppedEmail,
        byPhone: () => owner('phone') ?? droppedPhone,
      });
      const at = arrival.at ?? this.stamp();
      const changes: ContactsChange[] = [];
      let result: ResolveResult;
      let created = 0;
      if (match) {
        const current = toContact(await this.requireContact(tx, match.contactId, true));
        const next = contactAfterArrival(current, norm, at, {
          email: Boolean(owner('email')),
          phone: Boolean(owner('phone')),
        });
        const saved = await this.commitContact(tx, current, next);
        changes.push({ type: 'contact', action: 'updated', contact: saved });
        result = { contact: saved, outcome: 'matched', matchedBy: match.matchedBy };
      } else {
        const contact = contactFromArrival(norm, newId('ct'), at, newId);
        await this.insertContact(tx, contact);
        changes.push({ type: 'contact', action: 'created', contact });
        created = 1;
        result = { contact, outcome: 'created' };
      }
      if (arrival.conversationId) {
        const conversation: ConversationSummary = {
          id: arrival.conversationId,
          contactId: result.contact.id,
          channel: norm.channel,
          status: 'open',
          lastActivityAt: at,
          ...(arrival.preview ? { lastMessagePreview: arrival.preview } : {}),
        };
        const action = await this.saveConversation(tx, conversation);
        changes.push({ type: 'conversation', action, conversation });
        result.conversation = conversation;
      }
      return { value: result, changes, contacts: created };
    });
  }

  async startConversation(
    contactId: string,
    channel: Channel,
    options: StartConversationOptions = {},
  ): Promise<ConversationSummary> {
    options.signal?.throwIfAborted();
    const key = options.idempotencyKey;
    const replayOf = async (q: Queryable) => {
      if (!key) return undefined;
      const { rows } = await q.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE account_id = $1 AND create_key = $2`,
        [this.accountId, key],
      );
      return rows[0] ? toConversation(rows[0]) : undefined;
    };
    try {
      return await this.write(async tx => {
        if (key) await lockValues(tx, this.accountId, [`conversation-key:${key}`]);
        const replay = await replayOf(tx);
        if (replay) return { value: replay, changes: [] };
        const current = toContact(await this.requireContact(tx, contactId, true));
        if (!reachableChannels(current).includes(channel)) {
          throw new ContactsError('validation', `The contact is not registered on ${channel}.`, {
            fields: { form: 'contact-info-required' },
          });
        }
        const at = this.stamp();
        const conversation: ConversationSummary = {
          id: newId('cv'),
          contactId,
          channel,
          status: 'open',
          lastActivityAt: at,
        };
        await tx.query(
          `INSERT INTO conversations
             (account_id, id, contact_id, channel, status, last_message_preview, last_activity_at, create_key)
           VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)`,
          [this.accountId, conversation.id, contactId, channel, 'open', at, key ?? null],
        );
        const saved = await this.commitContact(tx, current, {
          ...structuredClone(current),
          lastActivityAt: at,
        });
        return {
          value: conversation,
          changes: [
            { type: 'conversation', action: 'created', conversation },
            { type: 'contact', action: 'updated', contact: saved },
          ],
        };
      });
    } catch (error) {
      if (uniqueViolation(error) === 'create-key') {
        const replay = await replayOf(this.db);
        if (replay) return replay;
      }
      throw error;
    }
  }

  // ---- Company writes ----------------------------------------------------------------------

  async createCompany(draft: CompanyDraft, options: CreateOptions): Promise<Company> {
    options.signal?.throwIfAborted();
    const key = options.idempotencyKey;
    const checked = validateCompanyDraft(draft);
    const domain = checked.ok ? checked.value.domain : undefined;
    try {
      return await this.write(async tx => {
        await lockValues(tx, this.accountId, [
          `company-key:${key}`,
          ...(domain ? [`domain:${domain}`] : []),
        ]);
        const replay = await this.companyByCreateKey(tx, key);
        if (replay) return { value: replay, changes: [] };
        if (!checked.ok) throw validationError(checked.errors);
        if (domain) await this.assertDomainFree(tx, domain);
        const at = this.stamp();
        const company: Company = {
          id: newId('co'),
          name: checked.value.name,
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
        if (domain) company.domain = domain;
        const values = companyValues(company);
        await tx.query(
          `INSERT INTO companies (account_id, id, ${COMPANY_WRITE_COLUMNS.join(', ')}, create_key)
           VALUES ($1, $2, ${values.map((_, i) => `$${i + 3}`).join(', ')}, $${values.length + 3})`,
          [this.accountId, company.id, ...values, key],
        );
        return {
          value: company,
          changes: [{ type: 'company', action: 'created', company }],
          companies: 1,
        };
      });
    } catch (error) {
      const lost = uniqueViolation(error);
      if (lost === 'create-key') {
        const replay = await this.companyByCreateKey(this.db, key);
        if (replay) return replay;
      }
      if (lost === 'domain' && domain) await this.throwDomainTaken(domain, error);
      throw error;
    }
  }

  async updateCompany(id: string, patch: CompanyPatch, options: UpdateOptions): Promise<Company> {
    options.signal?.throwIfAborted();
    const wanted = typeof patch.domain === 'string' ? normalizeDomain(patch.domain) : undefined;
    try {
      return await this.write(async tx => {
        if (wanted) await lockValues(tx, this.accountId, [`domain:${wanted}`]);
        const current = toCompany(await this.requireCompany(tx, id, true));
        if (current.version !== options.expectedVersion) throw conflict(current.version);
        const checked = validateCompanyPatch(patch);
        if (!checked.ok) throw validationError(checked.errors);
        const { name, domain } = checked.value;
        if (domain) await this.assertDomainFree(tx, domain, id);
        const next = patchedCompany(current, { name, domain });
        next.version = current.version + 1;
        next.updatedAt = this.stamp();
        const values = companyValues(next);
        await tx.query(
          `UPDATE companies SET ${COMPANY_WRITE_COLUMNS.map((c, i) => `${c} = $${i + 3}`).join(', ')}
           WHERE account_id = $1 AND id = $2`,
          [this.accountId, id, ...values],
        );
        return { value: next, changes: [{ type: 'company', action: 'updated', company: next }] };
      });
    } catch (error) {
      if (uniqueViolation(error) === 'domain' && wanted) {
        await this.throwDomainTaken(wanted, error, id);
      }
      throw error;
    }
  }

  // ---- Merge, delete and restore -----------------------------------------------------------

  async mergeContacts(
    primaryId: string,
    secondaryId: string,
    choices: MergeChoices,
    options: MergeOptions,
  ): Promise<MergeResult> {
    options.signal?.throwIfAborted();
    if (primaryId === secondaryId) {
      throw new ContactsError('validation', 'A contact cannot be merged with itself.');
    }
    const key = options.idempotencyKey;
    const ids = [primaryId, secondaryId];
    const initial = [`merge-key:${key}`, ...(await this.lockValuesOf(ids))];
    return this.writeLocked(initial, async (tx, locked) => {
      const replay = await resultByKey<MergeResult>(tx, this.accountId, 'merge', key);
      if (replay) return { value: replay, changes: [] };
      // Both rows, locked in id order (as every write that locks two contacts must).
      const { rows } = await tx.query<ContactRow>(
        `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 AND id = ANY($2::text[])
         ORDER BY id FOR UPDATE`,
        [this.accountId, ids],
      );
      const found = new Map(rows.map(row => [row.id, toContact(row)]));
      const primary = found.get(primaryId);
      if (!primary) throw await this.contactNotFound(tx, primaryId);
      const secondary = found.get(secondaryId);
      if (!secondary) throw await this.contactNotFound(tx, secondaryId);
      assertLocked(locked, [...contactLockValues(primary), ...contactLockValues(secondary)]);
      if (primary.version !== options.expectedVersions.primary) throw conflict(primary.version);
      if (secondary.version !== options.expectedVersions.secondary) {
        throw conflict(secondary.version);
      }
      const at = this.stamp();
      // The secondary's conversations move over, keeping their recording order.
      const moved = await tx.query<ConversationRow>(
        `UPDATE conversations SET contact_id = $3 WHERE account_id = $1 AND contact_id = $2
         RETURNING ${CONVERSATION_COLUMNS}`,
        [this.accountId, secondaryId, primaryId],
      );
      // The secondary leaves first, so the primary may take its email, phone and identities.
      const secondaryCreateKey = await this.removeContactRow(tx, secondaryId);
      await tx.query(
        `INSERT INTO merged_contacts (account_id, id, merged_into) VALUES ($1, $2, $3)
         ON CONFLICT (account_id, id) DO UPDATE SET merged_into = excluded.merged_into`,
        [this.accountId, secondaryId, primaryId],
      );
      const contact = await this.commitContact(
        tx,
        primary,
        mergedContact(primary, secondary, choices, at, newId),
      );
      await keepDroppedValues(tx, this.accountId, primary, secondary, contact);
      const result: MergeResult = {
        contact,
        mergedId: secondaryId,
        restorePoint: this.newRestorePoint(),
      };
      const payload: MergePayload = {
        primaryId,
        secondaryId,
        before: primary,
        merged: contact,
        secondary,
        secondaryCreateKey,
        moved: moved.rows.map(row => row.id),
      };
      const point = { kind: 'merge', payload } as const;
      await insertRestorePoint(tx, this.accountId, point, secondaryId, key, result);
      return {
        value: result,
        changes: [
          { type: 'contact', action: 'updated', contact },
          ...moved.rows.map((row): ContactsChange => ({
            type: 'conversation',
            action: 'updated',
            conversation: toConversation(row),
          })),
          { type: 'removed', kind: 'contact', id: secondaryId, mergedInto: primaryId },
        ],
        contacts: -1,
      };
    });
  }

  async deleteContact(id: string, options: DeleteOptions): Promise<DeleteResult> {
    options.signal?.throwIfAborted();
    const key = options.idempotencyKey;
    const initial = [
      ...(key ? [`delete-contact-key:${key}`] : []),
      ...(await this.lockValuesOf([id])),
    ];
    return this.writeLocked(initial, async (tx, locked) => {
      if (key) {
        const replay = await resultByKey<DeleteResult>(tx, this.accountId, 'delete-contact', key);
        if (replay) return { value: replay, changes: [] };
      }
      const contact = toContact(await this.requireContact(tx, id, true));
      assertLocked(locked, contactLockValues(contact));
      if (contact.version !== options.expectedVersion) throw conflict(contact.version);
      const { rows: conversations } = await tx.query<StoredConversation>(
        `DELETE FROM conversations WHERE account_id = $1 AND contact_id = $2
         RETURNING ${STORED_CONVERSATION_COLUMNS}`,
        [this.accountId, id],
      );
      const createKey = await this.removeContactRow(tx, id);
      const result: DeleteResult = { id, restorePoint: this.newRestorePoint() };
      const payload: DeleteContactPayload = { contact, createKey, conversations };
      const point = { kind: 'delete-contact', payload } as const;
      await insertRestorePoint(tx, this.accountId, point, id, key, result);
      return { value: result, changes: [{ type: 'removed', kind: 'contact', id }], contacts: -1 };
    });
  }

  async deleteCompany(id: string, options: DeleteOptions): Promise<DeleteResult> {
    options.signal?.throwIfAborted();
    const key = options.idempotencyKey;
    return this.write(async tx => {
      if (key) {
        await lockValues(tx, this.accountId, [`delete-company-key:${key}`]);
        const replay = await resultByKey<DeleteResult>(tx, this.accountId, 'delete-company', key);
        if (replay) return { value: replay, changes: [] };
      }
      // Its contacts are locked before the company, as a contact write locks its row before it
      // checks the company (FOR SHARE); read again once the company is locked, to take in the
      // contacts linked by writes that held the company until then.
      const linked = () =>
        tx.query<ContactRow>(
          `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 AND company_id = $2
           ORDER BY id FOR UPDATE`,
          [this.accountId, id],
        );
      await linked();
      const company = toCompany(await this.requireCompany(tx, id, true));
      if (company.version !== options.expectedVersion) throw conflict(company.version);
      const changes: ContactsChange[] = [{ type: 'removed', kind: 'company', id }];
      const unlinked: string[] = [];
      for (const row of (await linked()).rows) {
        const current = toContact(row);
        const next = structuredClone(current);
        delete next.companyId;
        const saved = await this.commitContact(tx, current, next);
        unlinked.push(saved.id);
        changes.push({ type: 'contact', action: 'updated', contact: saved });
      }
      const { rows } = await tx.query<{ create_key: string | null }>(
        'DELETE FROM companies WHERE account_id = $1 AND id = $2 RETURNING create_key',
        [this.accountId, id],
      );
      const result: DeleteResult = { id, restorePoint: this.newRestorePoint() };
      const payload: DeleteCompanyPayload = {
        company,
        createKey: rows[0]?.create_key ?? null,
        contacts: unlinked,
      };
      const point = { kind: 'delete-company', payload } as const;
      await insertRestorePoint(tx, this.accountId, point, id, key, result);
      return { value: result, changes, companies: -1 };
    });
  }

  async restore(token: string, options: RequestOptions = {}): Promise<RestoreResult> {
    options.signal?.throwIfAborted();
    const point = await readRestorePoint(this.db, this.accountId, token);
    if (!point || this.expired(point.expiresMs)) throw tokenNotFound();
    if (point.restored) return this.asTheyAreNow(this.db, point.restored);
    const values = [`restore:${token}`, ...restoreLockValues(point)];
    return this.write(async tx => {
      await lockValues(tx, this.accountId, values);
      const current = await readRestorePoint(tx, this.accountId, token, true);
      if (!current || this.expired(current.expiresMs)) throw tokenNotFound();
      if (current.restored) {
        return { value: await this.asTheyAreNow(tx, current.restored), changes: [] };
      }
      const outcome = await this.restoreRecords(tx, current);
      await markRestored(tx, this.accountId, token, outcome.value);
      return outcome;
    });
  }

  private restoreRecords(
    tx: Queryable,
    point: RestorePayload,
  ): Promise<Outcome & { value: RestoreResult }> {
    switch (point.kind) {
      case 'merge':
        return this.restoreMerge(tx, point.payload);
      case 'delete-contact':
        return this.restoreDeletedContact(tx, point.payload);
      case 'delete-company':
        return this.restoreDeletedCompany(tx, point.payload);
    }
  }

  /**
   * Undoes a merge: the primary gives back what it took (only the values it still holds as the
   * merge left them, so later edits stay), then the secondary comes back with its conversations.
   */
  private async restoreMerge(
    tx: Queryable,
    point: MergePayload,
  ): Promise<Outcome & { value: RestoreResult }> {
    // The survivor, or the contact it was merged into since (that merge stands).
    const row = await this.requireContact(tx, point.primaryId, true).catch((error: unknown) => {
      const into = isContactsError(error, 'not-found') ? error.mergedInto : undefined;
      if (into === undefined) throw error;
      return this.requireContact(tx, into, true);
    });
    const current = toContact(row);
    const at = this.stamp();
    const next = unmergedContact(current, point.before, point.merged, at, newId);
    const changes: ContactsChange[] = [];
    let primary = current;
    if (JSON.stringify(next) !== JSON.stringify(current)) {
      await this.assertUnique(
        tx,
        {
          email: next.email !== current.email ? next.email : undefined,
          phone: next.phone !== current.phone ? next.phone : undefined,
        },
        current.id,
      );
      primary = await this.commitContact(tx, current, next);
    }
    const secondary = await this.reinsertContact(tx, point.secondary, point.secondaryCreateKey, at);
    await tx.query('DELETE FROM merged_contacts WHERE account_id = $1 AND id = $2', [
      this.accountId,
      point.secondaryId,
    ]);
    await tx.query('DELETE FROM merged_values WHERE account_id = $1 AND merged_id = $2', [
      this.accountId,
      point.secondaryId,
    ]);
    const back = await tx.query<ConversationRow>(
      `UPDATE conversations SET contact_id = $2
       WHERE account_id = $1 AND contact_id = $3 AND id = ANY($4::text[])
       RETURNING ${CONVERSATION_COLUMNS}`,
      [this.accountId, point.secondaryId, current.id, point.moved],
    );
    changes.push({ type: 'contact', action: 'restored', contact: secondary });
    for (const row of back.rows) {
      changes.push({ type: 'conversation', action: 'restored', conversation: toConversation(row) });
    }
    if (primary !== current) changes.push({ type: 'contact', action: 'updated', contact: primary });
    return { value: { contacts: [secondary, primary], companies: [] }, changes, contacts: 1 };
  }

  private async restoreDeletedContact(
    tx: Queryable,
    point: DeleteContactPayload,
  ): Promise<Outcome & { value: RestoreResult }> {
    const contact = await this.reinsertContact(tx, point.contact, point.createKey, this.stamp());
    const changes: ContactsChange[] = [{ type: 'contact', action: 'restored', contact }];
    const conversations = point.conversations;
    if (conversations.length) {
      // A conversation recorded again meanwhile (the same id) stays where it is now.
      const column = (name: keyof StoredConversation) => conversations.map(c => c[name]);
      const { rows } = await tx.query<ConversationRow>(
        `INSERT INTO conversations (account_id, id, contact_id, channel, status,
           last_message_preview, last_activity_at, seq, create_key)
         SELECT $1, t.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
           $7::text[], $8::bigint[], $9::text[]) AS t
         ON CONFLICT DO NOTHING
         RETURNING ${CONVERSATION_COLUMNS}`,
        [
          this.accountId,
          column('id'),
          column('contact_id'),
          column('channel'),
          column('status'),
          column('last_message_preview'),
          column('last_activity_at'),
          column('seq'),
          column('create_key'),
        ],
      );
      for (const row of rows) {
        changes.push({
          type: 'conversation',
          action: 'restored',
          conversation: toConversation(row),
        });
      }
    }
    return { value: { contacts: [contact], companies: [] }, changes, contacts: 1 };
  }

  private async restoreDeletedCompany(
    tx: Queryable,
    point: DeleteCompanyPayload,
  ): Promise<Outcome & { value: RestoreResult }> {
    const company = structuredClone(point.company);
    if (company.domain) await this.assertDomainFree(tx, company.domain);
    company.version += 1;
    company.updatedAt = this.stamp();
    const createKey = await this.freeKey(tx, 'companies', point.createKey);
    const values = companyValues(company);
    await tx.query(
      `INSERT INTO companies (account_id, id, ${COMPANY_WRITE_COLUMNS.join(', ')}, create_key)
       VALUES ($1, $2, ${values.map((_, i) => `$${i + 3}`).join(', ')}, $${values.length + 3})`,
      [this.accountId, company.id, ...values, createKey],
    );
    const changes: ContactsChange[] = [{ type: 'company', action: 'restored', company }];
    // The contacts it had come back to it, unless linked to another company meanwhile.
    const { rows } = await tx.query<ContactRow>(
      `SELECT ${CONTACT_COLUMNS} FROM contacts
       WHERE account_id = $1 AND id = ANY($2::text[]) AND company_id IS NULL
       ORDER BY id FOR UPDATE`,
      [this.accountId, point.contacts],
    );
    const contacts: Contact[] = [];
    for (const row of rows) {
      const current = toContact(row);
      const saved = await this.commitContact(tx, current, {
        ...structuredClone(current),
        companyId: company.id,
      });
      contacts.push(saved);
      changes.push({ type: 'contact', action: 'updated', contact: saved });
    }
    return { value: { contacts, companies: [company] }, changes, companies: 1 };
  }

  /**
   * Puts a removed contact back as it was, one version on, once its email, phone and channel
   * identities are checked free (`duplicate` naming the holder otherwise). A company deleted
   * meanwhile is unlinked.
   */
  private async reinsertContact(
    tx: Queryable,
    removed: Contact,
    createKey: string | null,
    at: string,
  ): Promise<Contact> {
    const contact = structuredClone(removed);
    await this.assertUnique(tx, { email: contact.email, phone: contact.phone });
    const { channels, addresses } = identityRows(contact);
    if (channels.length) {
      const { rows } = await tx.query<{ channel: string; address: string; contact_id: string }>(
        `SELECT i.channel, i.address, i.contact_id FROM identities i
         JOIN unnest($2::text[], $3::text[]) AS t(c, a) ON i.channel = t.c AND i.address = t.a
         WHERE i.account_id = $1 LIMIT 1`,
        [this.accountId, channels, addresses],
      );
      const taken = rows[0];
      if (taken) throw identityTaken(taken.contact_id, taken.channel, taken.address);
    }
    if (contact.companyId) {
      const { rows } = await tx.query(
        'SELECT 1 FROM companies WHERE account_id = $1 AND id = $2 FOR SHARE',
        [this.accountId, contact.companyId],
      );
      if (!rows.length) delete contact.companyId;
    }
    contact.version += 1;
    contact.updatedAt = at;
    await this.insertContact(
      tx,
      contact,
      (await this.freeKey(tx, 'contacts', createKey)) ?? undefined,
    );
    return contact;
  }

  /** A removed record's create key, unless a record created meanwhile holds it. */
  private async freeKey(
    tx: Queryable,
    table: 'contacts' | 'companies',
    key: string | null,
  ): Promise<string | null> {
    if (key === null) return null;
    const { rows } = await tx.query(
      `SELECT 1 FROM ${table} WHERE account_id = $1 AND create_key = $2`,
      [this.accountId, key],
    );
    return rows.length ? null : key;
  }

  /** Deletes a contact's row and its identity rows; returns its create key. */
  private async removeContactRow(tx: Queryable, id: string): Promise<string | null> {
    await tx.query('DELETE FROM identities WHERE account_id = $1 AND contact_id = $2', [
      this.accountId,
      id,
    ]);
    const { rows } = await tx.query<{ create_key: string | null }>(
      'DELETE FROM contacts WHERE account_id = $1 AND id = $2 RETURNING create_key',
      [this.accountId, id],
    );
    return rows[0]?.create_key ?? null;
  }

  /**
   * The records a restore answered, as they are now, for the same restore asked again: those
   * deleted or merged away since are left out, as the in-memory adapter does.
   */
  private async asTheyAreNow(q: Queryable, done: RestoreResult): Promise<RestoreResult> {
    const contacts = await q.query<ContactRow>(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 AND id = ANY($2::text[])`,
      [this.accountId, done.contacts.map(contact => contact.id)],
    );
    const companies = await q.query<CompanyRow>(
      `SELECT ${COMPANY_COLUMNS} FROM companies WHERE account_id = $1 AND id = ANY($2::text[])`,
      [this.accountId, done.companies.map(company => company.id)],
    );
    const liveContacts = new Map(contacts.rows.map(row => [row.id, toContact(row)]));
    const liveCompanies = new Map(companies.rows.map(row => [row.id, toCompany(row)]));
    return {
      contacts: done.contacts.flatMap(({ id }) => liveContacts.get(id) ?? []),
      companies: done.companies.flatMap(({ id }) => liveCompanies.get(id) ?? []),
    };
  }

  /** The lock values of these contacts as they are now (read without locks; checked later). */
  private async lockValuesOf(ids: string[]): Promise<string[]> {
    const { rows } = await this.db.query<ContactRow>(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 AND id = ANY($2::text[])`,
      [this.accountId, ids],
    );
    return rows.flatMap(row => contactLockValues(toContact(row)));
  }

  /**
   * A write under advisory locks on `values`, taken first and in sorted order. When the work finds
   * more values to lock (the records changed before their rows were locked), it runs again with
   * those locked too.
   */
  private async writeLocked<T>(
    values: string[],
    work: (tx: Queryable, locked: ReadonlySet<string>) => Promise<Outcome & { value: T }>,
  ): Promise<T> {
    let wanted = values;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.write(async tx => {
          await lockValues(tx, this.accountId, wanted);
          return work(tx, new Set(wanted));
        });
      } catch (error) {
        if (!(error instanceof Relock) || attempt >= 5) throw error;
        wanted = [...wanted, ...error.values];
      }
    }
  }

  private newRestorePoint(): { token: string; expiresAt: string } {
    const expires = new Date(this.context.now().getTime() + this.context.restoreMs);
    return { token: `rp_${randomUUID()}`, expiresAt: expires.toISOString() };
  }

  private expired(expiresMs: number): boolean {
    return expiresMs <= this.context.now().getTime();
  }

  /** `not-found` for a contact id, naming the contact it was merged into, if it was. */
  private async contactNotFound(q: Queryable, id: string): Promise<ContactsError> {
    const into = await mergedInto(q, this.accountId, id);
    return into
      ? new ContactsError('not-found', `Contact ${id} was merged into ${into}.`, {
          mergedInto: into,
        })
      : new ContactsError('not-found', `No contact with id ${id}.`);
  }

  // ---- Subscriptions -----------------------------------------------------------------------

  /**
   * Pushes the account's changes from now on, whichever process made them. Changes logged before
   * the call are skipped: the log lock is taken in id order, so every change with a later id was
   * logged at or after this moment.
   */
  subscribe(listener: ContactsChangeListener): () => void {
    const since = Date.now();
    let stop: (() => void) | undefined;
    let stopped = false;
    void (async () => {
      const { rows } = await this.db.query<{ id: string }>(
        `SELECT id::text AS id FROM change_log WHERE account_id = $1 AND logged_ms < $2
         ORDER BY change_log.id DESC LIMIT 1`,
        [this.accountId, since],
      );
      if (stopped) return;
      const unsubscribe = await this.context.feed.subscribe(
        this.accountId,
        rows[0]?.id ?? '0',
        ({ change }) => {
          if (!stopped) listener(change);
        },
      );
      if (stopped) unsubscribe();
      else stop = unsubscribe;
    })().catch(() => undefined);
    return () => {
      stopped = true;
      stop?.();
    };
  }

  // ---- Implementation ----------------------------------------------------------------------

  /** Runs a write in one transaction that also logs its changes and counts. */
  private async write<T>(work: (tx: Queryable) => Promise<Outcome & { value: T }>): Promise<T> {
    return this.db.transaction(async tx => {
      const outcome = await work(tx);
      await appendChanges(tx, this.accountId, outcome);
      return outcome.value;
    });
  }

  private async requireContact(q: Queryable, id: string, forUpdate = false): Promise<ContactRow> {
    const { rows } = await q.query<ContactRow>(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [this.accountId, id],
    );
    if (!rows[0]) throw await this.contactNotFound(q, id);
    return rows[0];
  }

  private async requireCompany(q: Queryable, id: string, forUpdate = false): Promise<CompanyRow> {
    const { rows } = await q.query<CompanyRow>(
      `SELECT ${COMPANY_COLUMNS} FROM companies WHERE account_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [this.accountId, id],
    );
    if (!rows[0]) throw new ContactsError('not-found', `No company with id ${id}.`);
    return rows[0];
  }

  private async contactByCreateKey(q: Queryable, key: string): Promise<Contact | undefined> {
    const { rows } = await q.query<ContactRow>(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 AND create_key = $2`,
      [this.accountId, key],
    );
    return rows[0] ? toContact(rows[0]) : undefined;
  }

  private async companyByCreateKey(q: Queryable, key: string): Promise<Company | undefined> {
    const { rows } = await q.query<CompanyRow>(
      `SELECT ${COMPANY_COLUMNS} FROM companies WHERE account_id = $1 AND create_key = $2`,
      [this.accountId, key],
    );
    return rows[0] ? toCompany(rows[0]) : undefined;
  }

  private async ownerOf(
    q: Queryable,
    field: 'email' | 'phone',
    value: string,
  ): Promise<string | undefined> {
    const { rows } = await q.query<{ id: string }>(
      `SELECT id FROM contacts WHERE account_id = $1 AND ${field} = $2`,
      [this.accountId, value],
    );
    return rows[0]?.id;
  }

  /** Refuses an email or phone another contact holds (email first, as the in-memory adapter). */
  private async assertUnique(
    q: Queryable,
    fields: { email?: string | undefined; phone?: string | undefined },
    self?: string,
  ): Promise<void> {
    for (const field of ['email', 'phone'] as const) {
      const value = fields[field];
      const owner = value ? await this.ownerOf(q, field, value) : undefined;
      if (owner && owner !== self) throw duplicate(field, owner);
    }
  }

  /** After a unique index refused a write: the duplicate error naming the record that won. */
  private async throwDuplicateOf(
    field: 'email' | 'phone',
    fields: { email?: string | undefined; phone?: string | undefined },
    cause: unknown,
    self?: string,
  ): Promise<never> {
    const value = fields[field];
    const owner = value ? await this.ownerOf(this.db, field, value) : undefined;
    if (owner && owner !== self) throw duplicate(field, owner);
    throw cause;
  }

  private async assertDomainFree(q: Queryable, domain: string, self?: string): Promise<void> {
    const { rows } = await q.query<{ id: string }>(
      'SELECT id FROM companies WHERE account_id = $1 AND domain = $2',
      [this.accountId, domain],
    );
    const owner = rows[0]?.id;
    if (owner && owner !== self) throw duplicate('domain', owner);
  }

  private async throwDomainTaken(domain: string, cause: unknown, self?: string): Promise<never> {
    await this.assertDomainFree(this.db, domain, self);
    throw cause;
  }

  private async assertCompany(q: Queryable, id: string): Promise<void> {
    // FOR SHARE: a company delete waits for this write, then unlinks what it linked.
    const { rows } = await q.query(
      'SELECT 1 FROM companies WHERE account_id = $1 AND id = $2 FOR SHARE',
      [this.accountId, id],
    );
    if (!rows.length) throw validationError({ companyId: 'unknown-company' });
  }

  private async insertContact(tx: Queryable, contact: Contact, createKey?: string): Promise<void> {
    const values = contactValues(contact);
    await tx.query(
      `INSERT INTO contacts (account_id, id, ${CONTACT_WRITE_COLUMNS.join(', ')}, create_key)
       VALUES ($1, $2, ${contactPlaceholders(3).join(', ')}, $${values.length + 3})`,
      [this.accountId, contact.id, ...values, createKey ?? null],
    );
    await this.insertIdentities(tx, contact);
  }

  private async insertIdentities(tx: Queryable, contact: Contact): Promise<void> {
    const { channels, addresses } = identityRows(contact);
    if (!channels.length) return;
    await tx.query(
      `INSERT INTO identities (account_id, channel, address, contact_id)
       SELECT $1, c, a, $2 FROM unnest($3::text[], $4::text[]) AS t(c, a)`,
      [this.accountId, contact.id, channels, addresses],
    );
  }

  /** Stores a changed contact with a new version and derived pending actions. */
  private async commitContact(tx: Queryable, current: Contact, next: Contact): Promise<Contact> {
    const at = this.stamp();
    next.version = current.version + 1;
    next.updatedAt = at;
    syncPendingActions(next, at, newId);
    const values = contactValues(next);
    const placeholders = contactPlaceholders(3);
    await tx.query(
      `UPDATE contacts SET ${CONTACT_WRITE_COLUMNS.map((c, i) => `${c} = ${placeholders[i]}`).join(', ')}
       WHERE account_id = $1 AND id = $2`,
      [this.accountId, next.id, ...values],
    );
    if (JSON.stringify(identityRows(current)) !== JSON.stringify(identityRows(next))) {
      await tx.query('DELETE FROM identities WHERE account_id = $1 AND contact_id = $2', [
        this.accountId,
        next.id,
      ]);
      await this.insertIdentities(tx, next);
    }
    return next;
  }

  /** Records a conversation (a new one, or the same id again); says which. */
  private async saveConversation(
    tx: Queryable,
    conversation: ConversationSummary,
  ): Promise<'created' | 'updated'> {
    const { rows } = await tx.query<{ contact_id: string }>(
      'SELECT contact_id FROM conversations WHERE account_id = $1 AND id = $2 FOR UPDATE',
      [this.accountId, conversation.id],
    );
    const existing = rows[0];
    const values = [
      this.accountId,
      conversation.id,
      conversation.contactId,
      conversation.channel,
      conversation.status,
      conversation.lastMessagePreview ?? null,
      conversation.lastActivityAt,
    ];
    if (!existing) {
      await tx.query(
        `INSERT INTO conversations
           (account_id, id, contact_id, channel, status, last_message_preview, last_activity_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        values,
      );
      return 'created';
    }
    // A conversation that moves to another contact is that contact's most recently recorded one.
    const moved = existing.contact_id !== conversation.contactId;
    await tx.query(
      `UPDATE conversations SET contact_id = $3, channel = $4, status = $5,
         last_message_preview = $6, last_activity_at = $7
         ${moved ? ", seq = nextval('conversations_seq')" : ''}
       WHERE account_id = $1 AND id = $2`,
      values,
    );
    return 'updated';
  }

  /** The conditions of a contact query; null when nothing can match. */
  private async contactConditions(query: ContactQuery): Promise<Conditions | null> {
    const where = new Conditions([this.accountId]).add('account_id = $1');
    if (query.email !== undefined || query.phone !== undefined) {
      // An exact lookup: the contacts holding that email or that phone (search is not applied).
      const email = query.email === undefined ? undefined : normalizeEmail(query.email);
      const parsed =
        query.phone === undefined
          ? undefined
          : await parsePhone(query.phone, this.context.defaultCountry);
      const either: string[] = [];
      if (email) either.push(`email = ${where.param(email)}`);
      if (parsed?.ok) either.push(`phone = ${where.param(parsed.e164)}`);
      if (!either.length) return null;
      where.add(`(${either.join(' OR ')})`);
    } else {
      for (const token of parseSearch(query.search).tokens) {
        where.add(`haystack LIKE ${where.param(containsPattern(token))}`);
      }
    }
    if (query.pending !== undefined) where.add(`pending = ${where.param(query.pending)}`);
    if (query.companyId !== undefined) where.add(`company_id = ${where.param(query.companyId)}`);
    return where;
  }

  private companyConditions(query: CompanyQuery): Conditions | null {
    const where = new Conditions([this.accountId]).add('account_id = $1');
    if (query.ids) where.add(`id = ANY(${where.param([...query.ids])}::text[])`);
    if (query.domain !== undefined) {
      const domain = normalizeDomain(query.domain);
      if (!domain) return null;
      where.add(`domain = ${where.param(domain)}`);
      return where;
    }
    for (const token of parseSearch(query.search).tokens) {
      where.add(`haystack LIKE ${where.param(containsPattern(token))}`);
    }
    return where;
  }

  /** How many records of the kind the account has, from the counts kept with the rows. */
  private async countAll(tx: Queryable, table: 'contacts' | 'companies'): Promise<number> {
    const { rows } = await tx.query<{ n: string }>(
      `SELECT ${table}::text AS n FROM account_counts WHERE account_id = $1`,
      [this.accountId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * How many records of the query come before a place in the order (up to it, with `inclusive`).
   * With the total known, counted from the nearer end: the records before the place, up to half
   * the total, and only when there are more, the records after it. A place near either end of a
   * long list is found reading little more than the records between it and that end.
   */
  private async countBefore(
    tx: Queryable,
    table: 'contacts' | 'companies',
    where: Conditions,
    [key, id]: [string, string],
    inclusive: boolean,
    total: number | undefined,
  ): Promise<number> {
    const bounded = where.clone();
    const place = `(${bounded.param(key)}, ${bounded.param(id)})`;
    const before = `${bounded.sql} AND (sort_key, id) ${inclusive ? '<=' : '<'} ${place}`;
    if (total === undefined) {
      const { rows } = await tx.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${table} WHERE ${before}`,
        bounded.params,
      );
      return Number(rows[0]!.n);
    }
    const half = Math.ceil(total / 2);
    const counted = await tx.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM (SELECT 1 FROM ${table} WHERE ${before}
         LIMIT ${half}) AS preceding`,
      bounded.params,
    );
    const preceding = Number(counted.rows[0]!.n);
    if (preceding < half) return preceding;
    const { rows } = await tx.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${table}
       WHERE ${bounded.sql} AND (sort_key, id) ${inclusive ? '>' : '>='} ${place}`,
      bounded.params,
    );
    return Math.max(0, total - Number(rows[0]!.n));
  }

  /**
   * The records of the query from a position in the order: their keys first, through the order
   * index alone (for contacts it carries every column a filter tests, so no record is read for
   * the rows skipped or filtered out), then the records by id. `descending` counts the position
   * from the end and returns the page in list order.
   */
  private async readFrom<R>(
    tx: Queryable,
    table: 'contacts' | 'companies',
    columns: string,
    where: Conditions,
    position: number,
    count: number,
    descending: boolean,
  ): Promise<(R & { sort_key: string; id: string })[]> {
    const direction = descending ? 'DESC' : '';
    const { rows } = await tx.query<{ id: string }>(
      `SELECT sort_key, id FROM ${table} WHERE ${where.sql}
       ORDER BY sort_key ${direction}, id ${direction} OFFSET ${position} LIMIT ${count}`,
      where.params,
    );
    const ids = rows.map(row => row.id);
    if (descending) ids.reverse();
    return this.readByIds<R>(tx, table, columns, ids);
  }

  /** The records with these ids, in the order of `ids`. */
  private async readByIds<R>(
    tx: Queryable,
    table: 'contacts' | 'companies',
    columns: string,
    ids: string[],
  ): Promise<(R & { sort_key: string; id: string })[]> {
    if (!ids.length) return [];
    const { rows } = await tx.query<R & { sort_key: string; id: string }>(
      `SELECT ${columns} FROM ${table} WHERE account_id = $1 AND id = ANY($2::text[])`,
      [this.accountId, ids],
    );
    const byId = new Map(rows.map(row => [row.id, row]));
    return ids.map(id => byId.get(id)!);
  }

  /**
   * A contact search read in list order from `contact_trigrams`: the rows of the `listed`
   * trigrams hold every match, in list order (the rows of all of them merged on their list
   * position, or the rows of any of them merged in list order), so each candidate is checked
   * against the query through the order index (which carries the search text, the pending flag
   * and the company) and the walk stops after `bound + 1` matches: the page and the count come
   * from one walk, reading no record but the page's. At most `2 × (bound + 1)` candidates are
   * checked, and no fewer than {@link WALK_BUDGET} may be; when that budget ends the walk first,
   * the matches found are a lower bound (`exact` false). When they do not reach past the page,
   * the walk goes on for the page alone, if the matches found promise it within
   * {@link EXTRA_WALK} budgets; else, or when that walk ends too before the page does, undefined.
   */
  private async readListed<R>(
    tx: Queryable,
    columns: string,
    where: Conditions,
    cursor: [string, string] | undefined,
    offset: number,
    limit: number,
    bound: number,
    listed: Listed,
  ): Promise<
    { rows: (R & { sort_key: string; id: string })[]; matches: number; exact: boolean } | undefined
  > {
    const budget = Math.max(2 * (bound + 1), WALK_BUDGET);
    /**
     * Walks the candidates after `from`, in list order, at most `allowed` of them, until `wanted`
     * matches: their ids, and the last candidate when the allowance ended the walk.
     */
    const walkFrom = async (
      from: [string, string] | undefined,
      allowed: number,
      wanted: number,
    ) => {
      const found = where.clone();
      const place = from && `(${found.param(from[0])}, ${found.param(from[1])})`;
      const after = (alias: string) =>
        place ? `AND (${alias}.sort_key, ${alias}.id) > ${place}` : '';
      let candidates: string;
      if ('all' in listed) {
        const [first, second] = listed.all;
        const both = second
          ? `JOIN contact_trigrams b ON b.account_id = a.account_id
               AND b.trigram = ${found.param(second)} AND b.sort_key = a.sort_key AND b.id = a.id
               ${after('b')}`
          : '';
        candidates = `SELECT a.sort_key AS listed_key, a.id AS listed_id
          FROM contact_trigrams a ${both}
          WHERE a.account_id = $1 AND a.trigram = ${found.param(first)} ${after('a')}
          ORDER BY a.sort_key, a.id LIMIT ${allowed}`;
      } else {
        // Each trigram's rows in list order, merged (a record holding several comes once).
        const each = listed.any.map(
          trigram => `(SELECT sort_key, id FROM contact_trigrams a
            WHERE account_id = $1 AND trigram = ${found.param(trigram)} ${after('a')}
            ORDER BY sort_key, id LIMIT ${allowed})`,
        );
        candidates = `SELECT DISTINCT ON (sort_key, id) sort_key AS listed_key, id AS listed_id
          FROM (${each.join(' UNION ALL ')}) AS any_of ORDER BY sort_key, id LIMIT ${allowed}`;
      }
      // The matches, and the last candidate allowed (`hit` false unless it matches too), so the
      // one walk also tells whether the allowance ended it.
      const { rows } = await tx.query<{ id: string; key: string; hit: boolean; last: boolean }>(
        `SELECT listed_id AS id, listed_key AS key, (${found.sql}) AS hit, n = ${allowed} AS last
         FROM (SELECT *, row_number() OVER (ORDER BY listed_key, listed_id) AS n
               FROM (${candidates}) AS walked) AS candidates
         JOIN contacts ON contacts.account_id = $1 AND contacts.sort_key = listed_key
           AND contacts.id = listed_id
         WHERE (${found.sql}) OR n = ${allowed}
         ORDER BY listed_key, listed_id LIMIT ${wanted + 1}`,
        found.params,
      );
      const last = rows.find(row => row.last);
      return {
        ids: rows
          .filter(row => row.hit)
          .slice(0, wanted)
          .map(row => row.id),
        ended: last ? ([last.key, last.id] as [string, string]) : undefined,
      };
    };
    const walked = await walkFrom(cursor, budget, bound + 1);
    let ids = walked.ids;
    let exact = ids.length <= bound && !walked.ended;
    const short = offset + limit + 1 - ids.length;
    if (!exact && short > 0) {
      // The budget ended the walk before the page was whole. Where the matches found say that
      // the page is near (within EXTRA_WALK budgets), the walk goes on for the page alone, and
      // the count stays a lower bound; else the trigram index reads the matches.
      if (!ids.length || short > EXTRA_WALK * ids.length) return undefined;
      const more = await walkFrom(walked.ended, EXTRA_WALK * budget, short);
      ids = ids.concat(more.ids);
      if (more.ids.length < short) {
        if (more.ended) return undefined;
        // The list ended within the allowance: every match is known.
        exact = true;
      }
    }
    const matches = exact ? ids.length : Math.min(ids.length, bound + 1);
    const page = ids.slice(offset, offset + limit);
    return { rows: await this.readByIds<R>(tx, 'contacts', columns, page), matches, exact };
  }

  /**
   * One page of a search the trigram index can serve, with its total counted up to `bound`
   * matches (after the cursor, with one), when a walk of `contact_trigrams` did not answer it
   * ({@link readListed}). The matches are read through the trigram index, at most `bound + 1` of
   * them: when that is all of them, they are sorted and the page taken from them. When there are
   * more (a dense search), the page's last row among the matches read bounds the page: at least
   * `offset + limit` matches come up to it, so only the matches up to it in the order are read
   * (through the trigram index) and sorted.
   */
  private async readSearch<R>(
    tx: Queryable,
    table: 'contacts' | 'companies',
    columns: string,
    where: Conditions,
    cursor: [string, string] | undefined,
    requested: number,
    limit: number,
    bound: number,
  ): Promise<{ rows: (R & { sort_key: string; id: string })[]; matches: number }> {
    const counted = where.clone();
    if (cursor) {
      counted.add(`(sort_key, id) > (${counted.param(cursor[0])}, ${counted.param(cursor[1])})`);
    }
    const offset = cursor ? 0 : requested;
    type Row = R & { sort_key: string; id: string; matches: string };
    const first = await tx.query<Row>(
      `WITH matched AS MATERIALIZED (
         SELECT ${columns} FROM ${table} WHERE ${counted.sql} LIMIT ${bound + 1})
       SELECT *, count(*) OVER ()::text AS matches FROM matched
       ORDER BY sort_key, id OFFSET ${offset} LIMIT ${limit}`,
      counted.params,
    );
    const strip = (rows: Row[]) =>
      rows.map(({ matches: _, ...row }) => row as unknown as R & { sort_key: string; id: string });
    let matches = Number(first.rows[0]?.matches ?? 0);
    if (!first.rows.length && offset > 0) {
      const { rows } = await tx.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM (SELECT 1 FROM ${table} WHERE ${counted.sql}
           LIMIT ${bound + 1}) AS matched`,
        counted.params,
      );
      matches = Number(rows[0]!.n);
    }
    if (matches <= bound) return { rows: strip(first.rows), matches };
    // Dense: the matches read hold `offset + limit` of them up to the last row of that page, so
    // the page itself lies at or before that row in the order. Its keys are read in list order up
    // to that row at most (the order index walked, where matches come early, as phone digits
    // do, instead of every match up to the row read and sorted), then its records. The planner
    // must not choose: its estimate of a `LIKE '%…%'` comes from a sample of search texts, and
    // one that says a hundred where thousands match (as after a fresh ANALYZE) sends it to the
    // trigram index (23 ms for `987` at 1,000,000, against 1.5 ms in list order).
    const last = first.rows[first.rows.length - 1];
    if (!last) return { rows: [], matches };
    const upTo = counted.clone();
    upTo.add(`(sort_key, id) <= (${upTo.param(last.sort_key)}, ${upTo.param(last.id)})`);
    await tx.query('SET LOCAL enable_bitmapscan = off');
    return {
      rows: await this.readFrom<R>(tx, table, columns, upTo, offset, limit, false),
      matches,
    };
  }

  /**
   * One page in (sort_key, id) order. A cursor continues after its record; an offset in the
   * second half of the result is read backwards from the end, so a jump to the last page reads
   * only that page, and an offset elsewhere finds its key through the order index first. The
   * total of an unfiltered list comes from the counts table. A `search` counts its matches only
   * up to {@link SEARCH_COUNT_CAP} past the page, and answers a lower bound (`totalExact: false`)
   * when there are more.
   */
  private async readPage<R, T>(
    where: Conditions | null,
    request: PageRequest,
    table: 'contacts' | 'companies',
    columns: string,
    output: (row: R) => T,
    search: Search = false,
    { signal }: RequestOptions = {},
  ): Promise<Page<T>> {
    if (!where) return { items: [], total: 0, offset: 0, nextCursor: null };
    const limit = pageSize(request.limit);
    const unfiltered = where.parts.length === 1;
    return this.db.transaction(
      async tx => {
        const cursor = request.cursor ? decodeCursor(request.cursor) : undefined;
        const requested = request.cursor ? 0 : Math.max(0, Math.floor(request.offset ?? 0));
        /** Matches counted at most, when `search` counts up to a bound (from the cursor, or all). */
        const bound = search ? limit + SEARCH_COUNT_CAP + (cursor ? 0 : requested) : undefined;
        let total: number;
        let exact = true;
        let before: number | undefined;
        let rows: (R & { sort_key: string; id: string })[] | undefined;
        if (unfiltered) total = await this.countAll(tx, table);
        else if (bound !== undefined && Number.isSafeInteger(bound)) {
          if (cursor) before = await this.countBefore(tx, table, where, cursor, true, undefined);
          let n: number;
          /** False when the matches were counted only as far as a budget of reading allowed. */
          let complete = true;
          const listed =
            search && search.listed
              ? await this.readListed<R>(
                  tx,
                  columns,
                  where,
                  cursor,
                  cursor ? 0 : requested,
                  limit,
                  bound,
                  search.listed,
                )
              : undefined;
          if (listed) {
            ({ rows, matches: n } = listed);
            complete = listed.exact;
          } else if (search && search.kind === 'trigram') {
            ({ rows, matches: n } = await this.readSearch<R>(
              tx,
              table,
              columns,
              where,
              cursor,
              requested,
              limit,
              bound,
            ));
          } else {
            const counted = where.clone();
            if (cursor) {
              counted.add(
                `(sort_key, id) > (${counted.param(cursor[0])}, ${counted.param(cursor[1])})`,
              );
            }
            const { rows: found } = await tx.query<{ n: string }>(
              `SELECT count(*)::text AS n FROM (SELECT 1 FROM ${table} WHERE ${counted.sql}
               LIMIT ${bound + 1}) AS matches`,
              counted.params,
            );
            n = Number(found[0]!.n);
          }
          exact = complete && n <= bound;
          total = (before ?? 0) + Math.min(n, bound);
        } else {
          const { rows: found } = await tx.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM ${table} WHERE ${where.sql}`,
            where.params,
          );
          total = Number(found[0]!.n);
        }
        let start: number;
        if (cursor) {
          start = before ?? (await this.countBefore(tx, table, where, cursor, true, total));
          if (!rows) {
            const after = where.clone();
            const place = `(${after.param(cursor[0])}, ${after.param(cursor[1])})`;
            ({ rows } = await tx.query<R & { sort_key: string; id: string }>(
              `SELECT ${columns} FROM ${table} WHERE ${after.sql} AND (sort_key, id) > ${place}
             ORDER BY sort_key, id LIMIT ${limit}`,
              after.params,
            ));
          }
        } else {
          start = Math.min(total, requested);
          const end = Math.min(total, start + limit);
          if (end <= start) rows = [];
          else if (rows) rows = rows.slice(0, end - start);
          else if (!exact || start <= total - end) {
            // A lower-bound total has no known end to read backwards from.
            rows = await this.readFrom<R>(tx, table, columns, where, start, end - start, false);
          } else {
            rows = await this.readFrom<R>(
              tx,
              table,
              columns,
              where,
              total - end,
              end - start,
              true,
            );
          }
        }
        const last = rows[rows.length - 1];
        const end = start + rows.length;
        const page: Page<T> = {
          items: rows.map(output),
          total,
          offset: start,
          nextCursor: last && end < total ? encodeCursor(last.sort_key, last.id) : null,
        };
        if (!exact) page.totalExact = false;
        return page;
      },
      { signal, snapshot: true },
    );
  }
}
