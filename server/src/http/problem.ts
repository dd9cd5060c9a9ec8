/**
 * Error answers: every 4xx and 5xx carries the contract's `Error` body
 * (`{ error: { code, message, ... } }`).
 */
import { ContactsError, isAbortError } from 'contacts-elements/model.js';
import { errorAnswer as contactsErrorAnswer } from 'contacts-elements/serving.js';

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
  if (error instanceof ContactsError) return contactsErrorAnswer(error);
  // The client went away and its query was cancelled: nobody reads this answer, and the request
  // log says 499 (closed by the client), as nginx does.
  if (isAbortError(error)) {
    return {
      status: 499,
      body: { error: { code: 'network', message: 'The client closed the request.' } },
      headers: {},
    };
  }
  onUnexpected(error);
  return {
    status: 500,
    body: { error: { code: 'unavailable', message: 'The server failed.' } },
    headers: {},
  };
}
