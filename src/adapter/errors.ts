import type { FieldErrors } from '../model/validation.js';

/**
 * What went wrong, as elements tell it to the user:
 * - `validation`: the values were refused; `fields` says which (a form-level error when absent).
 * - `not-found`: the record does not exist (any more); `mergedInto` when it was merged into another.
 * - `conflict`: the record changed since the version the caller saw; `currentVersion` when known.
 * - `duplicate`: another record holds the email, phone or domain; `existingId` and `field`.
 * - `network`: no answer: the server could not be reached, or did not answer in time.
 * - `unavailable`: the server answered that it cannot serve the call now (429, 5xx, or a status
 *   the contract does not know; `details.status` says which).
 * - `unauthorized`: the server refused the caller's credentials (401) or rights (403): signing
 *   in again or asking for access is the way out, not retrying.
 * - `invalid-response`: the server answered, but not as the contract says (a body that is not
 *   JSON or breaks a schema; `details.path` names the first place it breaks).
 */
export type ContactsErrorCode =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'duplicate'
  | 'network'
  | 'unavailable'
  | 'unauthorized'
  | 'invalid-response';

/** Facts for the host's logs and for code that wants more than the code. All optional. */
export interface ContactsErrorDetails {
  /** The HTTP status, when a server answered. */
  status?: number;
  /**
   * For `invalid-response`: where the body breaks the contract, e.g. `items[3].version`; `''`
   * when the body as a whole is wrong (not JSON, not an object).
   */
  path?: string;
  /**
   * For `validation`: the field codes the server sent that this library does not know (an
   * unknown field name, or an unknown code for a known field), exactly as sent.
   */
  unknownFields?: Readonly<Record<string, unknown>>;
  /** For a `network` error: the call's time limit ran out (after this many ms). */
  timeoutMs?: number;
  /** For a `network` error: the server answered with a redirect, which is never followed. */
  redirected?: boolean;
  /** How many attempts the call made before it failed (automatic retries included). */
  attempts?: number;
  /** Anything else an adapter wants to report. */
  [key: string]: unknown;
}

export interface ContactsErrorInit {
  /** Per-field validation codes, for `validation`. */
  fields?: FieldErrors;
  /** The record that already holds the value, for `duplicate`. */
  existingId?: string;
  /** Which value is taken, for `duplicate`. */
  field?: 'email' | 'phone' | 'domain';
  /** The record's version now, for `conflict`. */
  currentVersion?: number;
  /** How long the server asked the caller to wait before trying again (`Retry-After`), in ms. */
  retryAfterMs?: number;
  /** For `not-found`: the contact was merged into this one, which has its data now. */
  mergedInto?: string;
  details?: ContactsErrorDetails;
  cause?: unknown;
}

/**
 * The one error type adapters reject with. `code` says what happened; the other members give the
 * details each code needs. Aborts are not ContactsErrors: they reject with the signal's reason.
 * `message` is English, for logs; elements show their own translated text chosen by `code`.
 */
export class ContactsError extends Error {
  override readonly name = 'ContactsError';
  readonly code: ContactsErrorCode;
  readonly fields?: FieldErrors;
  readonly existingId?: string;
  readonly field?: 'email' | 'phone' | 'domain';
  readonly currentVersion?: number;
  /**
   * Set when the server said when to come back (`Retry-After` on 429 or 503), in ms from the
   * moment the answer arrived, so an element can say "Retrying in 30 s" and wait that long.
   */
  readonly retryAfterMs?: number;
  /** For `not-found`: the contact was merged into this one. */
  readonly mergedInto?: string;
  readonly details?: ContactsErrorDetails;

  constructor(code: ContactsErrorCode, message: string, init: ContactsErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    if (init.fields) this.fields = init.fields;
    if (init.existingId) this.existingId = init.existingId;
    if (init.field) this.field = init.field;
    if (init.currentVersion !== undefined) this.currentVersion = init.currentVersion;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.mergedInto) this.mergedInto = init.mergedInto;
    if (init.details) this.details = init.details;
  }

  /**
   * True when the same call, tried again later, may succeed: `network`, `unavailable` and
   * `invalid-response` (a truncated body or a proxy's error page can be transient, so the user
   * is offered Retry; adapters do not retry it by themselves, since a server that breaks the
   * contract usually breaks it every time). Never for `unauthorized`, which needs new
   * credentials first, nor for the codes about the values sent.
   */
  get retryable(): boolean {
    return (
      this.code === 'network' || this.code === 'unavailable' || this.code === 'invalid-response'
    );
  }
}

/**
 * A record an adapter left out of a page because it broke the contract. The rest of the page is
 * still returned, and the record is reported instead of lost silently.
 */
export interface SkippedRecord {
  /**
   * Its index among the records the server sent, so its position in the full result is
   * `page.offset + index`. The kept `items` close up over it: once a page skips records,
   * `items[i]` is no longer at `offset + i`.
   */
  index: number;
  /** Its id, when it had a readable one. */
  id?: string;
  /** An `invalid-response` error whose `details.path` names what is wrong, e.g. `items[3].version`. */
  error: ContactsError;
}

/** What a page may carry besides the `Page` members: the records it had to leave out. */
export interface SkippedRecords {
  /** Present only when at least one record was left out. */
  skipped?: SkippedRecord[];
}

export function isContactsError(error: unknown, code?: ContactsErrorCode): error is ContactsError {
  return error instanceof ContactsError && (code === undefined || error.code === code);
}

export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof DOMException &&
      (error.name === 'AbortError' || error.name === 'TimeoutError')) ||
    (error instanceof Error && error.name === 'AbortError')
  );
}
