/** The suite's own assertions: plain functions that throw an `AssertionError`, no library. */
import type { ValidationCode, ValidationField } from '../../model/validation.js';
import {
  type ContactsError,
  type ContactsErrorCode,
  isAbortError,
  isContactsError,
} from '../errors.js';

class ConformanceError extends Error {
  override readonly name = 'AssertionError';
}

export function fail(message: string): never {
  throw new ConformanceError(message);
}

export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function showError(error: unknown): string {
  if (isContactsError(error)) return `ContactsError '${error.code}' (${error.message})`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return show(error);
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

export function equal<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

/** JSON with sorted keys, so records compare by value whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function deepEqual(actual: unknown, expected: unknown, what: string): void {
  const a = canonical(actual);
  const b = canonical(expected);
  if (a !== b) fail(`${what}:\n  expected ${b}\n  got      ${a}`);
}

function isIsoDate(value: unknown): boolean {
  return (
    typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value))
  );
}

export function checkDate(value: unknown, what: string): void {
  check(isIsoDate(value), `${what} should be an ISO 8601 date-time, got ${show(value)}`);
}

export function checkId(value: unknown, what: string): void {
  check(
    typeof value === 'string' && value.length > 0,
    `${what} should be a non-empty string, got ${show(value)}`,
  );
}

/** Resolves with what `promise` rejected with; fails when it fulfils. */
async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  return fail(`${what}: expected a rejection, but it resolved with ${show(value)}`);
}

export async function rejectsWith(
  promise: Promise<unknown>,
  code: ContactsErrorCode,
  what: string,
): Promise<ContactsError> {
  const error = await rejection(promise, what);
  if (!isContactsError(error)) {
    fail(`${what}: expected a ContactsError '${code}', got ${showError(error)}`);
  }
  equal(error.code, code, `${what}: error code`);
  return error;
}

export async function rejectsWithValidation(
  promise: Promise<unknown>,
  field: ValidationField,
  code: ValidationCode,
  what: string,
): Promise<void> {
  const error = await rejectsWith(promise, 'validation', what);
  check(error.fields, `${what}: a validation error should carry per-field codes in 'fields'`);
  equal(error.fields[field], code, `${what}: fields.${field}`);
}

/** A `duplicate` refusal that names the record holding the value and, when given, the field. */
export async function rejectsAsDuplicate(
  promise: Promise<unknown>,
  existingId: string,
  field: ContactsError['field'],
  what: string,
): Promise<void> {
  const error = await rejectsWith(promise, 'duplicate', what);
  equal(error.existingId, existingId, `${what}: existingId`);
  if (field !== undefined) equal(error.field, field, `${what}: field`);
}

export async function rejectsWithAbort(promise: Promise<unknown>, what: string): Promise<void> {
  const error = await rejection(promise, what);
  check(isAbortError(error), `${what}: expected an abort error, got ${showError(error)}`);
}
