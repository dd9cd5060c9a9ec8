/**
 * The serving side of the HTTP contract in `openapi.yaml`, for every server of it: the msw
 * handlers of the demo and the tests, the reference server in `server/`, and a host's own. How a
 * list's query string reads, and how a `ContactsError` answers: its status, `Error` body and
 * `Retry-After`.
 */
import { ContactsError, type ContactsErrorCode } from '../errors.js';
import type { CompanyQuery, ContactQuery, ConversationQuery, PageRequest } from '../types.js';
import type { ApiErrorCode, ApiSchemas } from './api.js';

/** The status that answers each error code. */
export const ERROR_STATUS: Readonly<Record<ContactsErrorCode, number>> = {
  validation: 422,
  'not-found': 404,
  duplicate: 409,
  conflict: 412,
  unavailable: 503,
  // A store never reports these; should one appear, it is the server's own failure.
  network: 503,
  unauthorized: 403,
  'invalid-response': 500,
};

export interface ErrorAnswer {
  readonly status: number;
  readonly body: { error: ApiSchemas['Error']['error'] };
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * How `error` answers: `details.status` when the error names one (a bad query parameter is 400,
 * not 422), else its code's status; the `Error` body with the members its code carries, and
 * `Retry-After` in whole seconds when it says when to come back.
 */
export function errorAnswer(error: ContactsError): ErrorAnswer {
  const code: ApiErrorCode =
    error.code === 'network' || error.code === 'invalid-response' ? 'unavailable' : error.code;
  const body: ApiSchemas['Error']['error'] = { code, message: error.message };
  if (error.fields) body.fields = error.fields;
  if (error.existingId) body.existingId = error.existingId;
  if (error.field) body.field = error.field;
  if (error.currentVersion !== undefined) body.currentVersion = error.currentVersion;
  if (typeof error.details?.path === 'string') body.path = error.details.path;
  const headers: Record<string, string> = {};
  if (error.retryAfterMs !== undefined) {
    headers['Retry-After'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  }
  const status = error.details?.status ?? ERROR_STATUS[error.code];
  return { status, body: { error: body }, headers };
}

function numberParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  const value = raw === null || raw === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function pageQuery(params: URLSearchParams): PageRequest {
  const query: PageRequest = {};
  const cursor = params.get('cursor');
  if (cursor) query.cursor = cursor;
  const offset = numberParam(params, 'offset');
  if (offset !== undefined) query.offset = offset;
  const limit = numberParam(params, 'limit');
  if (limit !== undefined) query.limit = limit;
  return query;
}

/** `GET /contacts`'s query string as a `ContactQuery`; a `pending` other than true/false is a 400. */
export function contactQueryFrom(params: URLSearchParams): ContactQuery {
  const query: ContactQuery = pageQuery(params);
  for (const name of ['search', 'companyId', 'email', 'phone'] as const) {
    const value = params.get(name);
    if (value !== null) query[name] = value;
  }
  const pending = params.get('pending');
  if (pending === 'true' || pending === 'false') query.pending = pending === 'true';
  else if (pending !== null) {
    throw new ContactsError('validation', 'pending must be true or false.', {
      details: { status: 400, path: 'pending' },
    });
  }
  return query;
}

/** `GET /companies`'s query string as a `CompanyQuery`. */
export function companyQueryFrom(params: URLSearchParams): CompanyQuery {
  const query: CompanyQuery = pageQuery(params);
  for (const name of ['search', 'domain'] as const) {
    const value = params.get(name);
    if (value !== null) query[name] = value;
  }
  return query;
}

/** `GET /contacts/{id}/conversations`'s query string as a `ConversationQuery`. */
export function conversationQueryFrom(params: URLSearchParams): ConversationQuery {
  const limit = numberParam(params, 'limit');
  return limit === undefined ? {} : { limit };
}
