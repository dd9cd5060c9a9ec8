import type { FieldErrors } from '../model/validation.js';

export type ContactsErrorCode =
  'validation' | 'not-found' | 'conflict' | 'duplicate' | 'network' | 'unavailable';

export interface ContactsErrorInit {
  /** Per-field validation codes, for `validation`. */
  fields?: FieldErrors;
  /** The record that already holds the value, for `duplicate`. */
  existingId?: string;
  /** Which value is taken, for `duplicate`. */
  field?: 'email' | 'phone' | 'domain';
  /** The record's version now, for `conflict`. */
  currentVersion?: number;
  cause?: unknown;
}

/**
 * The one error type adapters reject with. `code` says what happened; the other members give the
 * details each code needs. Aborts are not ContactsErrors: they reject with the signal's reason.
 */
export class ContactsError extends Error {
  override readonly name = 'ContactsError';
  readonly code: ContactsErrorCode;
  readonly fields?: FieldErrors;
  readonly existingId?: string;
  readonly field?: 'email' | 'phone' | 'domain';
  readonly currentVersion?: number;

  constructor(code: ContactsErrorCode, message: string, init: ContactsErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    if (init.fields) this.fields = init.fields;
    if (init.existingId) this.existingId = init.existingId;
    if (init.field) this.field = init.field;
    if (init.currentVersion !== undefined) this.currentVersion = init.currentVersion;
  }

  /** True when a retry of the same call may succeed. */
  get retryable(): boolean {
    return this.code === 'network' || this.code === 'unavailable';
  }
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
