/**
 * A small database seam over the two drivers the server runs on: `pg` (a pool, for PostgreSQL)
 * and PGlite (embedded PostgreSQL in WebAssembly, in a data folder or in memory). The store speaks
 * only SQL through `query`, `transaction` and `listen`, so one schema and one set of statements
 * serve both.
 */
import type { PGlite } from '@electric-sql/pglite';
import { isAbortError } from 'contacts-elements/model.js';
import pg from 'pg';

export interface Queryable {
  query<R extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[] }>;
}

export interface TransactionOptions {
  signal?: AbortSignal | undefined;
  snapshot?: boolean;
}

const SNAPSHOT = 'ISOLATION LEVEL REPEATABLE READ, READ ONLY';

export interface Db extends Queryable {
  readonly driver: 'pg' | 'pglite';
  /**
   * Runs `work` in one transaction (READ COMMITTED), committing when it resolves and rolling back
   * when it throws. A transaction that fails on a serialization failure or a deadlock is run
   * again, from the start, a few times.
   *
   * `signal`, for reads only: when it aborts (the client went away), the statement running is
   * cancelled on the server (`pg_cancel_backend`; PGlite runs it to its end) and the transaction
   * rejects with an AbortError. Writes take no signal: a write a client gave up on still
   * completes, and its idempotency key answers the retry.
   *
   * `snapshot`: a read-only transaction that sees one snapshot throughout (REPEATABLE READ, READ
   * ONLY), begun in the same round trip where the driver allows it.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** LISTENs on `channel`; `handler` gets each NOTIFY payload. Resolves once listening. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DbError {
  code?: string;
  constraint?: string;
}

/** SQLSTATEs after which a transaction is worth running again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 8;

function isRetryable(error: unknown): boolean {
  return RETRYABLE.has((error as DbError | undefined)?.code ?? '');
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise(resolve => setTimeout(resolve, ms));
}

async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      await backoff(attempt);
    }
  }
}

/** What a transaction whose signal aborted rejects with: an AbortError, whatever the reason. */
function aborted(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  return isAbortError(reason) ? reason : new DOMException(String(reason), 'AbortError');
}

/** PostgreSQL through a `pg` pool, with one dedicated client for LISTEN. */
export async function connectPg(
  connectionString: string,
  options: { max?: number } = {},
): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client that loses its connection must not take the process down.
  pool.on('error', () => undefined);
  let listener: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let closed = false;

  const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

  async function listenClient(): Promise<pg.Client> {
    if (listener) return listener;
    connecting ??= (async () => {
      const client = new pg.Client({ connectionString });
      client.on('notification', message => {
        for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
      });
      let lost = false;
      const onLost = () => {
        // The connection broke: reconnect and LISTEN again, so later changes still arrive.
        if (lost || closed) return;
        lost = true;
        if (listener === client) listener = undefined;
        connecting = undefined;
        client.end().catch(() => undefined);
        if (handlers.size) setTimeout(() => void relisten(), 500).unref();
      };
      client.on('error', onLost);
      client.on('end', onLost);
      await client.connect();
      for (const channel of handlers.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
      listener = client;
      return client;
    })();
    try {
      return await connecting;
    } catch (error) {
      connecting = undefined;
      throw error;
    }
  }

  async function relisten(): Promise<void> {
    try {
      await listenClient();
      // Subscribers re-read what they may have missed while the connection was down.
      for (const set of handlers.values()) for (const handler of set) handler('');
    } catch {
      if (!closed) setTimeout(() => void relisten(), 1000).unref();
    }
  }

  return {
    driver: 'pg',
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(sql, params as unknown[]);
      return { rows: result.rows as R[] };
    },
    transaction<T>(
      work: (tx: Queryable) => Promise<T>,
      { signal, snapshot }: TransactionOptions = {},
    ): Promise<T> {
      return withRetry(async () => {
        if (signal?.aborted) throw aborted(signal);
        const client = await pool.connect();
        let broken = false;
        // Cancelled through another connection; awaited before the client goes back to the pool,
        // so it cannot reach a statement of the client's next user.
        let cancelling: Promise<unknown> | undefined;
        const cancel = () => {
          const pid = (client as unknown as { processID: number | null }).processID;
          cancelling = pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
        };
        signal?.addEventListener('abort', cancel, { once: true });
        try {
          await client.query(snapshot ? `BEGIN ${SNAPSHOT}` : 'BEGIN');
          const tx: Queryable = {
            async query<R extends object>(sql: string, params: readonly unknown[] = []) {
              const result = await client.query(sql, params as unknown[]);
              return { rows: result.rows as R[] };
            },
          };
          const value = await work(tx);
          await client.query('COMMIT');
          return value;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          throw signal?.aborted ? aborted(signal) : error;
        } finally {
          signal?.removeEventListener('abort', cancel);
          await cancelling;
          client.release(broken);
        }
      });
    },
    async listen(channel, handler) {
      let set = handlers.get(channel);
      const first = !set;
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler);
      const client = await listenClient();
      if (first) await client.query(`LISTEN ${quoteIdent(channel)}`);
      return async () => {
        set.delete(handler);
        if (set.size || handlers.get(channel) !== set) return;
        handlers.delete(channel);
        if (listener) await listener.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => {});
      };
    },
    async close() {
      closed = true;
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

/**
 * PGlite in `dataDir` (in memory when undefined), with the pg_trgm and unaccent extensions. PGlite
 * has one connection: queries and transactions run one at a time, in call order.
 */
export async function connectPglite(dataDir: string | undefined): Promise<Db> {
  const [{ PGlite: PGliteClass }, { pg_trgm }, { unaccent }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
  ]);
  const db: PGlite = await PGliteClass.create(dataDir, { extensions: { pg_trgm, unaccent } });
  return {
    driver: 'pglite',
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<R>(sql, params as unknown[]);
      return { rows: result.rows };
    },
    transaction<T>(
      work: (tx: Queryable) => Promise<T>,
      { signal, snapshot }: TransactionOptions = {},
    ): Promise<T> {
      return withRetry(() =>
        db.transaction(async transaction => {
          if (signal?.aborted) throw aborted(signal);
          // PGlite begins the transaction itself.
          if (snapshot) await transaction.query(`SET TRANSACTION ${SNAPSHOT}`);
          const tx: Queryable = {
            async query<R extends object>(sql: string, params: readonly unknown[] = []) {
              const result = await transaction.query<R>(sql, params as unknown[]);
              return { rows: result.rows };
            },
          };
          return work(tx);
        }),
      );
    },
    async listen(channel, handler) {
      const stop = await db.listen(channel, handler);
      return async () => {
        if (!db.closed) await stop();
      };
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
