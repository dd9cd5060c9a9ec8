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
  {
    version: 3,
    name: 'contact trigrams in list order, kept by triggers; an order index that tests searches',
    sql: `
-- The list order indexes carry what a contact query tests (search text, pending, company), so a
-- walk of the order answers a search or a filter from an index alone, reading no record until
-- the page. The pending contacts' order holds them only: counting a pending toggle's matches of
-- a rare search ("9") walks the pending contacts, not the account.
DROP INDEX contacts_order;
CREATE INDEX contacts_order ON contacts (account_id, sort_key, id) INCLUDE (haystack, pending, company_id);
DROP INDEX contacts_pending_order;
CREATE INDEX contacts_pending_order ON contacts (account_id, sort_key, id) INCLUDE (haystack, company_id) WHERE pending;

-- The trigrams of ASCII letters in each contact's search text, in list order. The trigram index
-- finds a search's matches in table order, so its first page needs the sort key of every match;
-- here the candidates of a trigram (two, merged) come in list order, and the walk stops at the
-- page. Only letter trigrams are kept (a third of them all): the store uses this table for a
-- token with a run of 3 letters or more, and its matches hold that run whichever field has it.
CREATE TABLE contact_trigrams (
  account_id text COLLATE "C" NOT NULL,
  trigram text COLLATE "C" NOT NULL,
  sort_key text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, trigram, sort_key, id)
);

CREATE FUNCTION contact_trigrams_of(haystack text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT t FROM unnest(show_trgm(haystack)) AS t WHERE t ~ '^[a-z]{3}$' $$;

-- Statement triggers with transition tables: a bulk import of 5,000 contacts writes its
-- trigrams in one statement. An update rewrites only the trigrams that changed.
CREATE FUNCTION contact_trigrams_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_trigrams (account_id, trigram, sort_key, id)
    SELECT n.account_id, t, n.sort_key, n.id FROM new_rows n, contact_trigrams_of(n.haystack) t;
  RETURN NULL;
END $$;

CREATE FUNCTION contact_trigrams_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM contact_trigrams c
    USING (SELECT o.account_id, t AS trigram, o.sort_key, o.id
           FROM old_rows o, contact_trigrams_of(o.haystack) t) d
    WHERE (c.account_id, c.trigram, c.sort_key, c.id) = (d.account_id, d.trigram, d.sort_key, d.id);
  RETURN NULL;
END $$;

CREATE FUNCTION contact_trigrams_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only rows whose search text or sort key changed, and only the trigrams that differ (the rows
  -- removed and the rows added never share a key).
  WITH changed AS (
    SELECT o.account_id, o.id, o.haystack AS was, o.sort_key AS was_key,
           n.haystack AS now, n.sort_key AS now_key
    FROM old_rows o JOIN new_rows n ON n.account_id = o.account_id AND n.id = o.id
    WHERE (o.haystack, o.sort_key) IS DISTINCT FROM (n.haystack, n.sort_key)),
  old_trigrams AS (
    SELECT account_id, t AS trigram, was_key AS sort_key, id
    FROM changed, contact_trigrams_of(was) t),
  new_trigrams AS (
    SELECT account_id, t AS trigram, now_key AS sort_key, id
    FROM changed, contact_trigrams_of(now) t),
  removed AS (
    DELETE FROM contact_trigrams c
    USING (SELECT * FROM old_trigrams EXCEPT SELECT * FROM new_trigrams) d
    WHERE (c.account_id, c.trigram, c.sort_key, c.id) = (d.account_id, d.trigram, d.sort_key, d.id))
  INSERT INTO contact_trigrams (account_id, trigram, sort_key, id)
    SELECT * FROM new_trigrams EXCEPT SELECT * FROM old_trigrams;
  RETURN NULL;
END $$;

CREATE TRIGGER contacts_trigrams_insert AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_trigrams_inserted();
CREATE TRIGGER contacts_trigrams_update AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION contact_trigrams_updated();
CREATE TRIGGER contacts_trigrams_delete AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_trigrams_deleted();

INSERT INTO contact_trigrams (account_id, trigram, sort_key, id)
  SELECT account_id, t, sort_key, id FROM contacts, contact_trigrams_of(haystack) t;
`,
  },
  {
    version: 4,
    name: 'contact trigrams also keep runs of two letters',
    sql: `
-- A search of two letters ("go") walks the rows of every trigram starting or ending with them,
-- merged in list order; the runs of exactly two letters ("da" in "Maria da Silva") hold no
-- letter trigram, so they are kept as the two letters and a space. The triggers call this
-- function, so inserts, updates and deletes keep these rows too.
CREATE OR REPLACE FUNCTION contact_trigrams_of(haystack text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT t FROM unnest(show_trgm(haystack)) AS t WHERE t ~ '^[a-z]{3}$'
        UNION SELECT r || ' ' FROM regexp_split_to_table(haystack, '[^a-z]+') AS r
        WHERE length(r) = 2 $$;

INSERT INTO contact_trigrams (account_id, trigram, sort_key, id)
  SELECT DISTINCT account_id, r || ' ', sort_key, id
  FROM contacts, regexp_split_to_table(haystack, '[^a-z]+') AS r WHERE length(r) = 2;
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

/**
 * The statements of a migration: split at semicolons outside dollar-quoted bodies (`$$ … $$`,
 * which hold the statements of a function); `--` comment lines dropped.
 */
function splitStatements(sql: string): string[] {
  const text = sql
    .split('\n')
    .filter(line => !line.trim().startsWith('--'))
    .join('\n');
  const statements: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('$$', i)) {
      quoted = !quoted;
      i++;
    } else if (text[i] === ';' && !quoted) {
      statements.push(text.slice(start, i));
      start = i + 1;
    }
  }
  statements.push(text.slice(start));
  return statements.map(statement => statement.trim()).filter(Boolean);
}
