/**
 * Idempotent POSTs: the first request with a key runs, and its answer is stored; the same key
 * and body replay that answer; the same key with another body is refused (422); a key whose
 * request is still running answers 409 with `Retry-After`.
 */
import { createHash } from 'node:crypto';

import type { IdempotencyStore, StoredResponse } from '../store/types.js';
import { HttpProblem } from './problem.js';

/** The longest key accepted, as the contract allows. */
export const MAX_KEY_LENGTH = 255;

/** JSON with object keys sorted at every depth, so equal bodies give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What identifies a request for its key: method, path and canonical body. */
export function fingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([method, path, canonicalJson(body)]))
    .digest('base64url');
}

/** The key of `request`, checked; `undefined` when absent. */
export function idempotencyKey(request: Request): string | undefined {
  const key = request.headers.get('Idempotency-Key')?.trim();
  if (!key) return undefined;
  if (key.length > MAX_KEY_LENGTH) {
    throw new HttpProblem(
      400,
      'validation',
      `The Idempotency-Key header is longer than ${MAX_KEY_LENGTH} characters.`,
    );
  }
  return key;
}

export interface IdempotentCall {
  account: string;
  /** The route's template (e.g. `POST /contacts/{id}/conversations`): the key's scope. */
  route: string;
  key: string;
  /** From {@link fingerprint}. */
  fingerprint: string;
  /** Does the work; a failure (thrown) frees the key so a retry can run. */
  run: () => Promise<StoredResponse>;
}

/**
 * Runs `call.run` at most once per key. What it answers is stored and replayed; when it throws,
 * the key is released and the error rethrown. The store's own writes honour the key too, so a
 * retry after a release (or a crash) still finds the first record instead of writing a second.
 */
export async function runIdempotent(
  store: IdempotencyStore,
  call: IdempotentCall,
): Promise<StoredResponse & { replayed: boolean }> {
  const { account, route, key } = call;
  const claim = await store.claim(account, route, key, call.fingerprint);
  switch (claim.state) {
    case 'done':
      return { ...claim.response, replayed: true };
    case 'in-flight':
      throw new HttpProblem(
        409,
        // `unavailable`, not `conflict`: the contract's clients read it as "retry later".
        'unavailable',
        'A request with this Idempotency-Key is still in progress; retry after Retry-After seconds.',
        {},
        { 'Retry-After': String(claim.retryAfterSeconds) },
      );
    case 'mismatch':
      throw new HttpProblem(
        422,
        'validation',
        'This Idempotency-Key was already used with another request; use a new key for a new request.',
      );
    case 'claimed':
      break;
  }
  let response: StoredResponse;
  try {
    response = await call.run();
  } catch (error) {
    // A key left claimed expires by itself; the request's own failure is what the client needs.
    await store.release(account, route, key).catch(() => undefined);
    throw error;
  }
  await store.complete(account, route, key, response);
  return { ...response, replayed: false };
}
