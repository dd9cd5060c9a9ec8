/**
 * The serving side of the HTTP contract in `openapi.yaml`, for every server of it: the msw
 * handlers of the demo and the tests, the reference server in `server/`, and a host's own. How a
 * list's query string, an `If-Match` header and the bodies of merge and restore read, and how a
 * `ContactsError` answers: its status, `Error` body and `Retry-After`.
 */
import { ContactsError, type ContactsErrorCode, type ContactsErrorInit } from '../errors.js';
import type { CompanyQuery, ContactQuery, ConversationQuery, PageRequest } from '../types.js';
import type { ApiErrorCode, ApiSchemas } from './api.js';
import { isRecord } from './contract.js';

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
  if (error.mergedInto) body.mergedInto = error.mergedInto;
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

/** The most `id` values `GET /companies` takes. */
export const MAX_COMPANY_IDS = 100;

/** `GET /companies`'s query string as a `CompanyQuery`; more than 100 `id` values are a 400. */
export function companyQueryFrom(params: URLSearchParams): CompanyQuery {
  const query: CompanyQuery = pageQuery(params);
  for (const name of ['search', 'domain'] as const) {
    const value = params.get(name);
    if (value !== null) query[name] = value;
  }
  const ids = params.getAll('id');
  if (ids.length > MAX_COMPANY_IDS) {
    throw new ContactsError('validation', `id takes at most ${MAX_COMPANY_IDS} values.`, {
      details: { status: 400, path: 'id' },
    });
  }
  if (ids.length) query.ids = ids;
  return query;
}

/** `GET /contacts/{id}/conversations`'s query string as a `ConversationQuery`. */
export function conversationQueryFrom(params: URLSearchParams): ConversationQuery {
  const limit = numberParam(params, 'limit');
  return limit === undefined ? {} : { limit };
}

/**
 * The version an `If-Match` header names: `"3"`, `W/"3"` or a bare `3`. Without a readable one,
 * a 428 `validation` error (the contract's answer to an update or delete without it).
 */
export function ifMatchVersion(header: string | null): number {
  const match = header?.trim().match(/^(?:W\/)?"?(\d{1,15})"?$/);
  if (!match) {
    throw new ContactsError(
      'validation',
      'An If-Match header with the expected version is required.',
      { details: { status: 428, path: 'If-Match' } },
    );
  }
  return Number(match[1]);
}

function refuse(path: string, message: string): ContactsError {
  return new ContactsError('validation', message, { details: { status: 422, path } });
}

/** Refuses a member of `value` that is not in `allowed`, naming it by its JSON Pointer. */
function onlyMembers(value: Record<string, unknown>, allowed: readonly string[], at: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw refuse(`${at}/${key}`, `${at}/${key} is not a known field.`);
  }
}

function version(value: unknown, path: string): number {
  if (!Number.isSafeInteger(value) || Number(value) < 1) {
    throw refuse(path, `${path} must be an integer of at least 1.`);
  }
  return Number(value);
}

/**
 * The body of `POST /contacts/{id}/merge` (`MergeRequest`), read member by member: an unknown
 * member, a missing one or a wrong type is a 422 `validation` error naming it in `path`, so a
 * store is never asked with half a request.
 */
export function mergeRequestFrom(body: unknown): ApiSchemas['MergeRequest'] {
  if (!isRecord(body)) throw refuse('', 'The body must be a JSON object.');
  onlyMembers(body, ['secondaryId', 'choices', 'expectedVersions'], '');
  const { secondaryId, choices, expectedVersions } = body;
  if (typeof secondaryId !== 'string' || !secondaryId || secondaryId.length > 128) {
    throw refuse('/secondaryId', '/secondaryId must be a contact id.');
  }
  if (!isRecord(choices)) throw refuse('/choices', '/choices must be an object.');
  onlyMembers(choices, ['name', 'email', 'phone', 'companyId'], '/choices');
  const merge: ApiSchemas['MergeChoices'] = {};
  for (const [field, side] of Object.entries(choices)) {
    if (side !== 'primary' && side !== 'secondary') {
      throw refuse(`/choices/${field}`, `/choices/${field} must be primary or secondary.`);
    }
    merge[field as keyof ApiSchemas['MergeChoices']] = side;
  }
  if (!isRecord(expectedVersions)) {
    throw refuse('/expectedVersions', '/expectedVersions must be an object.');
  }
  onlyMembers(expectedVersions, ['primary', 'secondary'], '/expectedVersions');
  return {
    secondaryId,
    choices: merge,
    expectedVersions: {
      primary: version(expectedVersions.primary, '/expectedVersions/primary'),
      secondary: version(expectedVersions.secondary, '/expectedVersions/secondary'),
    },
  };
}

/** The body of `POST /restore` (`RestoreRequest`), read like {@link mergeRequestFrom}. */
export function restoreRequestFrom(body: unknown): ApiSchemas['RestoreRequest'] {
  if (!isRecord(body)) throw refuse('', 'The body must be a JSON object.');
  onlyMembers(body, ['token'], '');
  const { token } = body;
  if (typeof token !== 'string' || !token || token.length > 512) {
    throw refuse('/token', '/token must be a restore token.');
  }
  return { token };
}

/**
 * A merge's failure as the contract answers it: a version conflict is 409, not 412, since the
 * versions came in the body (`expectedVersions`), not in `If-Match`. Anything else unchanged.
 */
export function mergeFailure(error: unknown): unknown {
  if (!(error instanceof ContactsError) || error.code !== 'conflict' || error.details?.status) {
    return error;
  }
  const init: ContactsErrorInit = { details: { ...error.details, status: 409 }, cause: error };
  if (error.currentVersion !== undefined) init.currentVersion = error.currentVersion;
  return new ContactsError('conflict', error.message, init);
}
