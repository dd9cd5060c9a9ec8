/**
 * The schema, as an ordered list of migrations: plain SQL, the same on PostgreSQL and PGlite.
 * Applied at start by {@link migrate}, under an advisory lock, so two processes starting at once
 * apply each migration exactly once. Never edit a migration that has shipped: add the next one.
 *
 * Every row belongs to an account (`account_id`). Identifiers, sort keys and ISO timestamps use
 * the "C" collation, so that the database orders them by code point, as the in-memory adapter
 * compares JavaScript strings (the same order for text in the Basic Multilingual Plane).
 */
import type { Db } from './db.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'contacts, companies, identities, conversations, change log, idempotency keys',
    sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TABLE companies (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  domain text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  version integer NOT NULL,
  sort_key text COLLATE "C" NOT NULL,
  haystack text NOT NULL,
  create_key text,
  PRIMARY KEY (account_id, id)
);
CREATE UNIQUE INDEX companies_domain_unique ON companies (account_id, domain) WHERE domain IS NOT NULL;
CREATE UNIQUE INDEX companies_create_key_unique ON companies (account_id, create_key) WHERE create_key IS NOT NULL;
CREATE INDEX companies_order ON companies (account_id, sort_key, id);
CREATE INDEX companies_haystack_trgm ON companies USING gin (haystack gin_trgm_ops);

CREATE TABLE contacts (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  name_source text NOT NULL,
  email text,
  phone text,
  company_id text,
  identities jsonb NOT NULL,
  pending_actions jsonb NOT NULL,
  pending boolean NOT NULL,
  extra jsonb,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  last_activity_at text,
  version integer NOT NULL,
  sort_key text COLLATE "C" NOT NULL,
  haystack text NOT NULL,
  create_key text,
  PRIMARY KEY (account_id, id)
);
CREATE UNIQUE INDEX contacts_email_unique ON contacts (account_id, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX contacts_phone_unique ON contacts (account_id, phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX contacts_create_key_unique ON contacts (account_id, create_key) WHERE create_key IS NOT NULL;
CREATE INDEX contacts_order ON contacts (account_id, sort_key, id);
CREATE INDEX contacts_pending_order ON contacts (account_id, pending, sort_key, id);
CREATE INDEX contacts_company_order ON contacts (account_id, company_id, sort_key, id) WHERE company_id IS NOT NULL;
CREATE INDEX contacts_haystack_trgm ON contacts USING gin (haystack gin_trgm_ops);

-- One row per channel identity, as identityKey() normalises it: one contact per sender.
CREATE TABLE identities (
  account_id text COLLATE "C" NOT NULL,
  channel text COLLATE "C" NOT NULL,
  address text COLLATE "C" NOT NULL,
  contact_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, channel, address)
);
CREATE INDEX identities_contact ON identities (account_id, contact_id);

CREATE SEQUENCE conversations_seq;
CREATE TABLE conversations (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  contact_id text COLLATE "C" NOT NULL,
  channel text NOT NULL,
  status text NOT NULL,
  last_message_preview text,
  last_activity_at text COLLATE "C" NOT NULL,
  -- Recording order, the tie-break of conversations with the same activity time.
  seq bigint NOT NULL DEFAULT nextval('conversations_seq'),
  create_key text,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX conversations_contact ON conversations (account_id, contact_id, last_activity_at DESC, seq DESC);
CREATE UNIQUE INDEX conversations_create_key_unique ON conversations (account_id, create_key) WHERE create_key IS NOT NULL;

-- Row counts per account, kept in the same transactions as the rows, for the totals of lists.
CREATE TABLE account_counts (
  account_id text COLLATE "C" PRIMARY KEY,
  contacts bigint NOT NULL DEFAULT 0,
  companies bigint NOT NULL DEFAULT 0
);

CREATE SEQUENCE change_log_id_seq;
CREATE TABLE change_log (
  id bigint PRIMARY KEY DEFAULT nextval('change_log_id_seq'),
  account_id text COLLATE "C" NOT NULL,
  change jsonb NOT NULL,
  -- The writer's clock (ms since the epoch) when it took the account's log lock.
  logged_ms double precision NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_log_account ON change_log (account_id, id);
CREATE INDEX change_log_created ON change_log (created_at);

CREATE TABLE idempotency_keys (
  account_id text COLLATE "C" NOT NULL,
  route text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  fingerprint text NOT NULL,
  state text NOT NULL,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  claimed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, route, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
`,
  },
  {
    version: 2,
    name: 'restore points for merges and deletes, merged-away contacts and their dropped values',
    sql: `
-- A way back from a merge or a delete. The records a delete or a merge removed leave the tables
-- and live in payload (as records, with their conversations), so every list, search, count
-- and unique index stays as it is. action_key is the merge's (or delete's) idempotency key:
-- the same key again answers result. restored is the answer of the first restore.
CREATE TABLE restore_points (
  account_id text COLLATE "C" NOT NULL,
  token text COLLATE "C" NOT NULL,
  kind text NOT NULL,
  record_id text COLLATE "C" NOT NULL,
  action_key text COLLATE "C",
  payload jsonb NOT NULL,
  result jsonb NOT NULL,
  restored jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, token)
);
CREATE UNIQUE INDEX restore_points_action_key ON restore_points (account_id, kind, action_key) WHERE action_key IS NOT NULL;
CREATE INDEX restore_points_expires ON restore_points (expires_at);

-- A contact merged into another: fetching it names merged_into (followed to the end of a
-- chain). Kept after its restore point expires; removed when the merge is undone.
CREATE TABLE merged_contacts (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  merged_into text COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, id)
);

-- The emails and phones a merge dropped (neither kept by the merged contact nor held by
-- another): an arrival with one of them still finds the merged contact. Removed with the merge.
CREATE TABLE merged_values (
  account_id text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  value text COLLATE "C" NOT NULL,
  contact_id text COLLATE "C" NOT NULL,
  merged_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, kind, value, merged_id)
);
CREATE INDEX merged_values_merge ON merged_values (account_id, merged_id);
`,
  },
];

/** Any fixed number: the advisory lock every process takes to migrate. */
const MIGRATION_LOCK = 7_402_661_193;

/** Applies the migrations the database lacks, one transaction each, under one advisory lock. */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction(async tx => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map(row => Number(row.version)));
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}

/** The statements of a migration (no semicolons inside statements; `--` comments dropped). */
function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter(line => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map(statement => statement.trim())
    .filter(Boolean);
}
