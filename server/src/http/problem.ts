/**
 * Error answers: every 4xx and 5xx carries the contract's `Error` body
 * (`{ error: { code, message, ... } }`).
 */
import { ContactsError, type ContactsErrorCode } from 'contacts-elements/model.js';

/** The `code` of an `Error` body. `unauthorized` answers 401 (no or unknown credentials). */
export type ErrorCode =
  'validation' | 'not-found' | 'conflict' | 'duplicate' | 'unavailable' | 'unauthorized';

/** A refusal the HTTP layer decides by itself, before or instead of asking the store. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** More members of the error body (e.g. `path`, the JSON Pointer of a refused field). */
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const STATUS: Record<ContactsErrorCode, number> = {
  validation: 422,
  'not-found': 404,
  duplicate: 409,
  conflict: 412,
  unavailable: 503,
  // A store never reports these; should one appear, it is the server's failure.
  network: 503,
  unauthorized: 403,
  'invalid-response': 500,
};

export interface ErrorAnswer {
  status: number;
  body: { error: Record<string, unknown> };
  headers: Record<string, string>;
}

/**
 * The answer to a failure: an `HttpProblem` as it says, a `ContactsError` from the store by its
 * code, anything else a 500 that names nothing internal (`onUnexpected` sees the error).
 */
export function errorAnswer(error: unknown, onUnexpected: (error: unknown) => void): ErrorAnswer {
  if (error instanceof HttpProblem) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, ...error.extra } },
      headers: { ...error.headers },
    };
  }
  if (error instanceof ContactsError) {
    const body: Record<string, unknown> = {
      code:
        error.code === 'network' || error.code === 'invalid-response' ? 'unavailable' : error.code,
      message: error.message,
    };
    if (error.fields) body.fields = error.fields;
    if (error.existingId) body.existingId = error.existingId;
    if (error.field) body.field = error.field;
    if (error.currentVersion !== undefined) body.currentVersion = error.currentVersion;
    const headers: Record<string, string> = {};
    if (error.retryAfterMs !== undefined) {
      headers['Retry-After'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
    }
    return { status: STATUS[error.code], body: { error: body }, headers };
  }
  onUnexpected(error);
  return {
    status: 500,
    body: { error: { code: 'unavailable', message: 'The server failed.' } },
    headers: {},
  };
}
