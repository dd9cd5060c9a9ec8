/**
 * Bulk import of a whole dataset into one account of the PostgreSQL/PGlite store: for seeding
 * benchmarks and demos quickly. Rows go in batches of `INSERT ... SELECT FROM unnest(...)` (one
 * parameter per column, whatever the batch size), with the derived columns (sort key, haystack,
 * identity rows) computed by the same functions the store writes with, so imported rows are
 * indistinguishable from created ones. `account_counts` is kept in each batch's transaction.
 *
 * The records are taken as they are (already normalised and validated, as `generateDataset` and
 * the in-memory adapter's exports give them); nothing is written to the change log, since a seed
 * is not a change anyone subscribed to. A record that breaks a unique rule (email, phone, channel
 * identity, domain) fails its batch with the database's error, and the batches before it stay.
 */
import type { Company, Contact, ConversationSummary } from 'contacts-elements';
import type { Queryable } from '../db/db.js';
import {
  COMPANY_WRITE_COLUMNS,
  CONTACT_WRITE_COLUMNS,
  companyValues,
  contactValues,
  identityRows,
} from './pg-records.js';
import type { PgStore } from './pg-store.js';

export interface ImportDataset {
  contacts: readonly Contact[];
  companies?: readonly Company[];
  conversations?: readonly ConversationSummary[];
}

export interface ImportOptions {
  /** Rows per INSERT (and per transaction). 5,000 by default. */
  batchSize?: number;
  /** Called after each batch with the rows imported so far, for progress output. */
  onProgress?: (done: { contacts: number; companies: number; conversations: number }) => void;
  /**
   * Run `VACUUM (ANALYZE)` on the tables afterwards, as autovacuum would some time later: the
   * planner learns their new size and the visibility map lets index-only scans skip the heap.
   * True by default.
   */
  vacuum?: boolean;
}

export interface ImportResult {
  contacts: number;
  companies: number;
  identities: number;
  conversations: number;
}

/** Element types of the unnest() arrays, per write column. */
const CONTACT_TYPES: Record<(typeof CONTACT_WRITE_COLUMNS)[number], string> = {
  name: 'text',
  name_source: 'text',
  email: 'text',
  phone: 'text',
  company_id: 'text',
  identities: 'jsonb',
  pending_actions: 'jsonb',
  pending: 'boolean',
  extra: 'jsonb',
  created_at: 'text',
  updated_at: 'text',
  last_activity_at: 'text',
  version: 'integer',
  sort_key: 'text',
  haystack: 'text',
};

const COMPANY_TYPES: Record<(typeof COMPANY_WRITE_COLUMNS)[number], string> = {
  name: 'text',
  domain: 'text',
  created_at: 'text',
  updated_at: 'text',
  version: 'integer',
  sort_key: 'text',
  haystack: 'text',
};

/**
 * `INSERT INTO table (account_id, id, columns...) SELECT $1, ... FROM unnest($2::text[], ...)`:
 * jsonb travels as text arrays and is cast per row, since `pg` sends arrays of strings.
 */
function unnestInsert(table: string, columns: readonly string[], types: readonly string[]): string {
  const arrays = types.map((type, i) => `$${i + 3}::${type === 'jsonb' ? 'text' : type}[]`);
  const aliases = columns.map((_, i) => `c${i}`);
  const selected = aliases.map((alias, i) => (types[i] === 'jsonb' ? `${alias}::jsonb` : alias));
  return `INSERT INTO ${table} (account_id, id, ${columns.join(', ')})
     SELECT $1, id, ${selected.join(', ')}
     FROM unnest($2::text[], ${arrays.join(', ')}) AS t(id, ${aliases.join(', ')})`;
}

/** Column-major arrays of a batch: one array per column. */
function columnsOf(rows: readonly unknown[][], width: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: width }, () => new Array(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < width; c++) out[c]![r] = row[c];
  }
  return out;
}

async function bumpCounts(
  tx: Queryable,
  accountId: string,
  contacts: number,
  companies: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO account_counts AS c (account_id, contacts, companies) VALUES ($1, $2, $3)
     ON CONFLICT (account_id) DO UPDATE
     SET contacts = c.contacts + excluded.contacts, companies = c.companies + excluded.companies`,
    [accountId, contacts, companies],
  );
}

/**
 * Imports `dataset` into `accountId`: companies first (contacts refer to them), then contacts with
 * their identity rows, then conversations in the dataset's order (their recording order).
 */
export async function importDataset(
  store: Pick<PgStore, 'db'>,
  accountId: string,
  dataset: ImportDataset,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const { db } = store;
  const size = Math.max(1, Math.floor(options.batchSize ?? 5000));
  const result: ImportResult = { contacts: 0, companies: 0, identities: 0, conversations: 0 };
  const progress = () =>
    options.onProgress?.({
      contacts: result.contacts,
      companies: result.companies,
      conversations: result.conversations,
    });

  const companies = dataset.companies ?? [];
  const companySql = unnestInsert(
    'companies',
    COMPANY_WRITE_COLUMNS,
    COMPANY_WRITE_COLUMNS.map(column => COMPANY_TYPES[column]),
  );
  for (let start = 0; start < companies.length; start += size) {
    const batch = companies.slice(start, start + size);
    const values = columnsOf(batch.map(companyValues), COMPANY_WRITE_COLUMNS.length);
    await db.transaction(async tx => {
      await tx.query(companySql, [accountId, batch.map(c => c.id), ...values]);
      await bumpCounts(tx, accountId, 0, batch.length);
    });
    result.companies += batch.length;
    progress();
  }

  const contactSql = unnestInsert(
    'contacts',
    CONTACT_WRITE_COLUMNS,
    CONTACT_WRITE_COLUMNS.map(column => CONTACT_TYPES[column]),
  );
  const identitySql = `INSERT INTO identities (account_id, channel, address, contact_id)
     SELECT $1, c, a, id FROM unnest($2::text[], $3::text[], $4::text[]) AS t(c, a, id)`;
  for (let start = 0; start < dataset.contacts.length; start += size) {
    const batch = dataset.contacts.slice(start, start + size);
    const values = columnsOf(batch.map(contactValues), CONTACT_WRITE_COLUMNS.length);
    const channels: string[] = [];
    const addresses: string[] = [];
    const owners: string[] = [];
    for (const contact of batch) {
      const rows = identityRows(contact);
      channels.push(...rows.channels);
      addresses.push(...rows.addresses);
      for (let i = 0; i < rows.channels.length; i++) owners.push(contact.id);
    }
    await db.transaction(async tx => {
      await tx.query(contactSql, [accountId, batch.map(c => c.id), ...values]);
      if (owners.length) await tx.query(identitySql, [accountId, channels, addresses, owners]);
      await bumpCounts(tx, accountId, batch.length, 0);
    });
    result.contacts += batch.length;
    result.identities += owners.length;
    progress();
  }

  const conversations = dataset.conversations ?? [];
  for (let start = 0; start < conversations.length; start += size) {
    const batch = conversations.slice(start, start + size);
    // WITH ORDINALITY and ORDER BY: seq (the tie-break of equal times) follows the dataset order.
    await db.query(
      `INSERT INTO conversations
         (account_id, id, contact_id, channel, status, last_message_preview, last_activity_at)
       SELECT $1, id, contact_id, channel, status, preview, at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         WITH ORDINALITY AS t(id, contact_id, channel, status, preview, at, n)
       ORDER BY n`,
      [
        accountId,
        batch.map(c => c.id),
        batch.map(c => c.contactId),
        batch.map(c => c.channel),
        batch.map(c => c.status),
        batch.map(c => c.lastMessagePreview ?? null),
        batch.map(c => c.lastActivityAt),
      ],
    );
    result.conversations += batch.length;
    progress();
  }

  if (options.vacuum ?? true) {
    for (const table of [
      'companies',
      'contacts',
      'contact_trigrams',
      'identities',
      'conversations',
    ]) {
      await db.query(`VACUUM (ANALYZE) ${table}`);
    }
  }
  return result;
}
