/**
 * Idempotency keys in the database, per account and route, so every server process sees the
 * same claims: one row per key with the request's fingerprint, its state and, once done, the
 * answer to replay. Times come from the database's clock, one clock for every process.
 */
import type { Db } from '../db/db.js';
import type { IdempotencyClaim, IdempotencyStore, StoredResponse } from './types.js';

export interface PgIdempotencyOptions {
  /** How long a key is kept, in ms. */
  retentionMs: number;
  /** After how long a claim still in flight counts as abandoned and may be taken over, in ms. */
  inFlightTimeoutMs: number;
}

interface KeyRow {
  fingerprint: string;
  state: 'in-flight' | 'done';
  response: StoredResponse | string | null;
  /** ms since the claim (or since the key was created, for `created_age_ms`). */
  claimed_age_ms: number;
  created_age_ms: number;
  claimed_at: string;
}

export class PgIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: Db,
    private readonly options: PgIdempotencyOptions,
  ) {}

  async claim(
    accountId: string,
    route: string,
    key: string,
    fingerprint: string,
  ): Promise<IdempotencyClaim> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const inserted = await this.db.query(
        `INSERT INTO idempotency_keys (account_id, route, key, fingerprint, state)
         VALUES ($1, $2, $3, $4, 'in-flight')
         ON CONFLICT (account_id, route, key) DO NOTHING RETURNING 1 AS claimed`,
        [accountId, route, key, fingerprint],
      );
      if (inserted.rows.length) return { state: 'claimed' };
      const { rows } = await this.db.query<KeyRow>(
        `SELECT fingerprint, state, response, claimed_at::text AS claimed_at,
                extract(epoch FROM now() - claimed_at) * 1000 AS claimed_age_ms,
                extract(epoch FROM now() - created_at) * 1000 AS created_age_ms
         FROM idempotency_keys WHERE account_id = $1 AND route = $2 AND key = $3`,
        [accountId, route, key],
      );
      const row = rows[0];
      if (!row) continue; // Purged or released meanwhile: claim it afresh.
      if (Number(row.created_age_ms) >= this.options.retentionMs) {
        // Expired but not yet purged: the key is free again.
        await this.db.query(
          `DELETE FROM idempotency_keys
           WHERE account_id = $1 AND route = $2 AND key = $3 AND claimed_at = $4::timestamptz`,
          [accountId, route, key, row.claimed_at],
        );
        continue;
      }
      if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
      if (row.state === 'done' && row.response !== null) {
        const response =
          typeof row.response === 'string'
            ? (JSON.parse(row.response) as StoredResponse)
            : row.response;
        return { state: 'done', response };
      }
      const age = Number(row.claimed_age_ms);
      if (age < this.options.inFlightTimeoutMs) {
        const left = Math.ceil((this.options.inFlightTimeoutMs - age) / 1000);
        return { state: 'in-flight', retryAfterSeconds: Math.max(1, Math.min(left, 5)) };
      }
      // Abandoned (its process died, say): take it over, unless another caller just did.
      const taken = await this.db.query(
        `UPDATE idempotency_keys SET claimed_at = now()
         WHERE account_id = $1 AND route = $2 AND key = $3
           AND state = 'in-flight' AND claimed_at = $4::timestamptz
         RETURNING 1 AS claimed`,
        [accountId, route, key, row.claimed_at],
      );
      if (taken.rows.length) return { state: 'claimed' };
    }
    return { state: 'in-flight', retryAfterSeconds: 1 };
  }

  async complete(
    accountId: string,
    route: string,
    key: string,
    response: StoredResponse,
  ): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'done', response = $4::jsonb
       WHERE account_id = $1 AND route = $2 AND key = $3`,
      [accountId, route, key, JSON.stringify(response)],
    );
  }

  async release(accountId: string, route: string, key: string): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys
       WHERE account_id = $1 AND route = $2 AND key = $3 AND state = 'in-flight'`,
      [accountId, route, key],
    );
  }

  /** Deletes the keys older than the retention. */
  async purge(): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - $1 * interval '1 ms'`,
      [this.options.retentionMs],
    );
  }
}
