/**
 * From an HTTP error answer to a ContactsError that says what to do. The status decides the code
 * (a proxy's HTML page carries no body code, and a body could claim anything); the body, read
 * member by member and only where each member has the contract's type, adds the details.
 *
 * | status            | code                                                                 |
 * |-------------------|----------------------------------------------------------------------|
 * | 400, 413, 422     | `validation` (`fields` with the codes this library knows, the rest   |
 * |                   | in `details.unknownFields`; without usable fields, form-level)       |
 * | 428               | `validation`, as the contract says: the update reached the server    |
 * |                   | without `If-Match` (something on the way dropped it). Not `conflict`:|
 * |                   | reloading would send the same request and fail the same way.         |
 * | 401, 403          | `unauthorized`                                                       |
 * | 404, 410          | `not-found` (`mergedInto` from the body: a contact merged into that  |
 * |                   | one)                                                                 |
 * | 409               | `duplicate`, as the contract says, unless the body says `conflict`   |
 * |                   | (its code, or a `currentVersion` without `existingId` or `field`),   |
 * |                   | or `unavailable` (its code: a request with the same idempotency key  |
 * |                   | is still running; `retryAfterMs` from `Retry-After`).                |
 * |                   | A bare 409 on a create is most likely the unique value it collided   |
 * |                   | with, and `conflict` would offer a form with no version a Reload.    |
 * | 412               | `conflict`, `currentVersion` from the body or else the `ETag`        |
 * | 429, 5xx, others  | `unavailable`; `retryAfterMs` from `Retry-After` on 429 and 503      |
 * | (429, 503, 409)   |                                                                      |
 *
 * Every error carries `details.status`. Messages are English, for logs: the server's own message
 * when it sent one, else one written here; elements translate by code.
 */
import type { FieldErrors, ValidationField } from '../../model/validation.js';
import { VALIDATION_MESSAGES } from '../../model/validation.js';
import {
  ContactsError,
  type ContactsErrorCode,
  type ContactsErrorDetails,
  type ContactsErrorInit,
} from '../errors.js';
import { isRecord } from './contract.js';

const FIELDS: Record<ValidationField, true> = {
  form: true,
  name: true,
  email: true,
  phone: true,
  companyId: true,
  domain: true,
};

const DUPLICATE_FIELDS = new Set(['email', 'phone', 'domain']);

/** The members of an Error body that have the contract's type; the others are ignored. */
interface ErrorBody {
  code?: string;
  message?: string;
  fields?: Record<string, unknown>;
  existingId?: string;
  field?: 'email' | 'phone' | 'domain';
  currentVersion?: number;
  mergedInto?: string;
}

function readErrorBody(body: unknown): ErrorBody {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const out: ErrorBody = {};
  if (typeof error.code === 'string') out.code = error.code;
  if (typeof error.message === 'string' && error.message.trim()) out.message = error.message;
  if (isRecord(error.fields)) out.fields = error.fields;
  if (typeof error.existingId === 'string' && error.existingId) out.existingId = error.existingId;
  if (typeof error.field === 'string' && DUPLICATE_FIELDS.has(error.field)) {
    out.field = error.field as ErrorBody['field'];
  }
  if (Number.isSafeInteger(error.currentVersion) && Number(error.currentVersion) >= 1) {
    out.currentVersion = Number(error.currentVersion);
  }
  if (typeof error.mergedInto === 'string' && error.mergedInto) out.mergedInto = error.mergedInto;
  return out;
}

/** Splits the server's field map into the codes the elements can show and the rest. */
function splitFields(fields: Record<string, unknown>): {
  known?: FieldErrors;
  unknown?: Record<string, unknown>;
} {
  const known: FieldErrors = {};
  const unknown: Record<string, unknown> = {};
  for (const [field, code] of Object.entries(fields)) {
    if (
      Object.hasOwn(FIELDS, field) &&
      typeof code === 'string' &&
      Object.hasOwn(VALIDATION_MESSAGES, code)
    ) {
      known[field as ValidationField] = code as keyof typeof VALIDATION_MESSAGES;
    } else {
      unknown[field] = code;
    }
  }
  return {
    ...(Object.keys(known).length ? { known } : {}),
    ...(Object.keys(unknown).length ? { unknown } : {}),
  };
}

/** `Retry-After` as ms from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names its month; without letters, Date.parse would read "-5" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The version in an entity tag, `"4"` or `W/"4"`. */
function versionFromEtag(value: string | null): number | undefined {
  const match = value?.trim().match(/^(?:W\/)?"(\d+)"$/);
  const version = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(version) && version >= 1 ? version : undefined;
}

interface Mapped {
  code: ContactsErrorCode;
  message: string;
}

function classify(status: number, body: ErrorBody): Mapped {
  switch (status) {
    case 400:
      return { code: 'validation', message: 'The server refused the request as malformed.' };
    case 413:
      return { code: 'validation', message: 'The request is too large for the server.' };
    case 422:
      return { code: 'validation', message: 'The server refused the values sent.' };
    case 428:
      return {
        code: 'validation',
        message:
          'The server requires the version an update is based on (If-Match), and none arrived.',
      };
    case 401:
      return { code: 'unauthorized', message: 'The server requires the caller to sign in.' };
    case 403:
      return { code: 'unauthorized', message: 'The server refused access to this resource.' };
    case 404:
    case 410:
      return { code: 'not-found', message: 'The record does not exist.' };
    case 409:
      if (body.code === 'unavailable') {
        return {
          code: 'unavailable',
          message: 'A request with the same idempotency key is still being processed.',
        };
      }
      return body.code === 'conflict' ||
        (body.code !== 'duplicate' &&
          body.currentVersion !== undefined &&
          body.existingId === undefined &&
          body.field === undefined)
        ? { code: 'conflict', message: 'The record was changed by someone else.' }
        : { code: 'duplicate', message: 'Another record already holds this value.' };
    case 412:
      return { code: 'conflict', message: 'The record was changed by someone else.' };
    case 429:
      return { code: 'unavailable', message: 'The server received too many requests.' };
    default:
      return {
        code: 'unavailable',
        message:
          status >= 500
            ? `The server failed to answer (status ${status}).`
            : `The server answered with a status the API does not use (${status}).`,
      };
  }
}

/** The error for a non-2xx answer; `text` is its body, whatever it holds. */
export function errorFromResponse(status: number, headers: Headers, text: string): ContactsError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const body = readErrorBody(parsed);
  const { code, message } = classify(status, body);
  const details: ContactsErrorDetails = { status };
  const init: ContactsErrorInit = { details };

  if (code === 'validation' && body.fields) {
    const { known, unknown } = splitFields(body.fields);
    if (known) init.fields = known;
    if (unknown) details.unknownFields = unknown;
  }
  if (code === 'duplicate') {
    if (body.existingId) init.existingId = body.existingId;
    if (body.field) init.field = body.field;
  }
  if (code === 'not-found' && body.mergedInto) init.mergedInto = body.mergedInto;
  if (code === 'conflict') {
    const version = body.currentVersion ?? versionFromEtag(headers.get('ETag'));
    if (version !== undefined) init.currentVersion = version;
  }
  if (status === 429 || status === 503 || (status === 409 && code === 'unavailable')) {
    const retryAfterMs = parseRetryAfter(headers.get('Retry-After'));
    if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  }
  return new ContactsError(code, body.message ?? message, init);
}
