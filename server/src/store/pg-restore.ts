/**
 * Restore points and merged-away contacts in the database (migration 2): what a merge or a delete
 * keeps so that `restore(token)` can bring the records back, and where a merged contact went.
 *
 * A merge or a delete moves the records it removes out of their tables and into the restore
 * point's payload, so the tables hold only live records: every list, search, count and unique
 * index stays as it was, and a value the removed record held is free for others at once.
 */
import type { Company, Contact, DeleteResult, MergeResult, RestoreResult } from 'contacts-elements';
import { droppedByMerge, identityKey } from 'contacts-elements/model.js';
import type { Queryable } from '../db/db.js';
import type { ConversationRow } from './pg-records.js';

/** What a restore point undoes. */
export type RestoreKind = 'merge' | 'delete-contact' | 'delete-company';

/** A conversation row as a delete keeps it: its recording order and create key included. */
export interface StoredConversation extends ConversationRow {
  seq: string;
  create_key: string | null;
}

export const STORED_CONVERSATION_COLUMNS =
  'id, contact_id, channel, status, last_message_preview, last_activity_at, seq::text AS seq, create_key';

export interface MergePayload {
  primaryId: string;
  secondaryId: string;
  /** The primary just before the merge. */
  before: Contact;
  /** The primary as the merge wrote it. */
  merged: Contact;
  /** The secondary as it was when it left. */
  secondary: Contact;
  secondaryCreateKey: string | null;
  /** The ids of the conversations that moved from the secondary to the primary. */
  moved: string[];
}

export interface DeleteContactPayload {
  contact: Contact;
  createKey: string | null;
  conversations: StoredConversation[];
}

export interface DeleteCompanyPayload {
  company: Company;
  createKey: string | null;
  /** The contacts the delete unlinked from the company. */
  contacts: string[];
}

export type RestorePayload =
  | { kind: 'merge'; payload: MergePayload }
  | { kind: 'delete-contact'; payload: DeleteContactPayload }
  | { kind: 'delete-company'; payload: DeleteCompanyPayload };

export type RestorePointRecord = RestorePayload & {
  token: string;
  /** When the point expires, in ms since the epoch. */
  expiresMs: number;
  /** The answer of the first restore, once restored. */
  restored: RestoreResult | null;
};

interface PointRow {
  token: string;
  kind: RestoreKind;
  payload: unknown;
  restored: unknown;
  expires_ms: number | string;
}

/** Both drivers parse jsonb; a string means a driver that did not. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export async function readRestorePoint(
  q: Queryable,
  accountId: string,
  token: string,
  forUpdate = false,
): Promise<RestorePointRecord | undefined> {
  const { rows } = await q.query<PointRow>(
    `SELECT token, kind, payload, restored, extract(epoch FROM expires_at) * 1000 AS expires_ms
     FROM restore_points WHERE account_id = $1 AND token = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [accountId, token],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    token: row.token,
    kind: row.kind,
    payload: json(row.payload),
    restored: row.restored === null ? null : json<RestoreResult>(row.restored),
    expiresMs: Number(row.expires_ms),
  } as RestorePointRecord;
}

/** The result a merge or delete with this idempotency key gave, while its point is kept. */
export async function resultByKey<T extends MergeResult | DeleteResult>(
  q: Queryable,
  accountId: string,
  kind: RestoreKind,
  key: string,
): Promise<T | undefined> {
  const { rows } = await q.query<{ result: unknown }>(
    `SELECT result FROM restore_points WHERE account_id = $1 AND kind = $2 AND action_key = $3`,
    [accountId, kind, key],
  );
  return rows[0] ? json<T>(rows[0].result) : undefined;
}

/** Keeps a restore point: `point` as the action left it, `result` as its answer to replay. */
export async function insertRestorePoint(
  q: Queryable,
  accountId: string,
  point: RestorePayload,
  recordId: string,
  actionKey: string | undefined,
  result: MergeResult | DeleteResult,
): Promise<void> {
  await q.query(
    `INSERT INTO restore_points
       (account_id, token, kind, record_id, action_key, payload, result, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::timestamptz)`,
    [
      accountId,
      result.restorePoint.token,
      point.kind,
      recordId,
      actionKey ?? null,
      JSON.stringify(point.payload),
      JSON.stringify(result),
      result.restorePoint.expiresAt,
    ],
  );
}

export async function markRestored(
  q: Queryable,
  accountId: string,
  token: string,
  result: RestoreResult,
): Promise<void> {
  await q.query(
    'UPDATE restore_points SET restored = $3::jsonb WHERE account_id = $1 AND token = $2',
    [accountId, token, JSON.stringify(result)],
  );
}

/** Deletes the restore points that expired at `now` (merged-away ids are kept). */
export async function purgeRestorePoints(q: Queryable, now: Date): Promise<void> {
  await q.query('DELETE FROM restore_points WHERE expires_at <= $1::timestamptz', [
    now.toISOString(),
  ]);
}

/** How many merges a chain of merged-away contacts is followed through, at most. */
const MAX_CHAIN = 64;

/**
 * The live contact a merged-away contact's data is in now: its `merged_into`, followed while
 * that one was merged away too. Undefined when the id was never merged, or when the end of the
 * chain is gone (deleted).
 */
export async function mergedInto(
  q: Queryable,
  accountId: string,
  id: string,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string; live: boolean }>(
    `WITH RECURSIVE chain (id, depth) AS (
       SELECT merged_into, 1 FROM merged_contacts WHERE account_id = $1 AND id = $2
       UNION ALL
       SELECT m.merged_into, chain.depth + 1 FROM merged_contacts m
         JOIN chain ON m.account_id = $1 AND m.id = chain.id
       WHERE chain.depth < ${MAX_CHAIN})
     SELECT chain.id, EXISTS (
         SELECT 1 FROM contacts c WHERE c.account_id = $1 AND c.id = chain.id) AS live
     FROM chain ORDER BY depth DESC LIMIT 1`,
    [accountId, id],
  );
  const end = rows[0];
  return end?.live ? end.id : undefined;
}

/**
 * Records the emails and phones the merge of `secondary` into `primary` dropped, so arrivals with
 * them find the merged contact.
 */
export async function keepDroppedValues(
  q: Queryable,
  accountId: string,
  primary: Contact,
  secondary: Contact,
  merged: Contact,
): Promise<void> {
  const dropped = droppedByMerge(primary, secondary, merged);
  if (!dropped.length) return;
  const kinds = dropped.map(({ kind }) => kind);
  const values = dropped.map(({ value }) => value);
  await q.query(
    `INSERT INTO merged_values (account_id, kind, value, contact_id, merged_id)
     SELECT $1, k, v, $2, $3 FROM unnest($4::text[], $5::text[]) AS t(k, v)
     ON CONFLICT DO NOTHING`,
    [accountId, merged.id, secondary.id, kinds, values],
  );
}

/**
 * The live contact that has an email or phone a merge dropped, following later merges; undefined
 * when no merge dropped it, or its contact is gone.
 */
export async function droppedValueOwner(
  q: Queryable,
  accountId: string,
  kind: 'email' | 'phone',
  value: string,
): Promise<string | undefined> {
  const { rows } = await q.query<{ contact_id: string; live: boolean }>(
    `SELECT v.contact_id, EXISTS (SELECT 1 FROM contacts c
         WHERE c.account_id = $1 AND c.id = v.contact_id) AS live
     FROM merged_values v WHERE v.account_id = $1 AND v.kind = $2 AND v.value = $3
     ORDER BY v.contact_id`,
    [accountId, kind, value],
  );
  for (const row of rows) {
    const owner = row.live ? row.contact_id : await mergedInto(q, accountId, row.contact_id);
    if (owner) return owner;
  }
  return undefined;
}

/**
 * The advisory lock values of what can find a contact: its email, phone and channel identities,
 * as `resolveConversation`, `createContact` and `updateContact` lock them.
 */
export function contactLockValues(contact: Contact): string[] {
  return [
    ...(contact.email ? [`email:${contact.email}`] : []),
    ...(contact.phone ? [`phone:${contact.phone}`] : []),
    ...contact.identities.map(i => `identity:${identityKey(i.channel, i.address)}`),
  ];
}

/** The lock values a restore takes: every value a record that comes back will hold again. */
export function restoreLockValues(point: RestorePayload): string[] {
  switch (point.kind) {
    case 'merge': {
      const { before, secondary } = point.payload;
      return [
        ...contactLockValues(secondary),
        ...(before.email ? [`email:${before.email}`] : []),
        ...(before.phone ? [`phone:${before.phone}`] : []),
      ];
    }
    case 'delete-contact':
      return contactLockValues(point.payload.contact);
    case 'delete-company': {
      const { domain } = point.payload.company;
      return domain ? [`domain:${domain}`] : [];
    }
  }
}
