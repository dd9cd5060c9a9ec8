/**
 * The response schemas of `openapi.yaml`, checked by hand: a few combinators, no dependency. A
 * check walks the parsed JSON once and stops at the first violation, reporting where it is
 * (`items[3].version`) and what was expected, so a page of 50 records costs microseconds.
 *
 * Two deliberate readings of the contract:
 * - An optional member sent as `null` is read as absent and removed: many server stacks emit
 *   `null` for "no value", and a contact without an email is valid either way.
 * - Ids must be non-empty strings: an empty id cannot name a record in a URL.
 * Members the contract does not list are kept as they are (the schemas allow them).
 *
 * Each check is typed with the generated type of the schema it checks (`ApiSchemas`, from
 * `openapi.yaml`): an object check must list exactly that schema's required and optional
 * members, so a schema that gains or loses a member fails the type check here until the check
 * follows. Lengths (`maxLength`) are the server's to enforce and are not checked in answers.
 */
import { ContactsError, type SkippedRecord, type SkippedRecords } from '../errors.js';
import type { Page } from '../types.js';
import type { ApiSchemas } from './api.js';

export interface Violation {
  /** Where, e.g. `items[3].version`; `''` for the value as a whole. */
  path: string;
  /** What the contract wants there, in English, e.g. `an integer >= 1`. */
  expected: string;
  /** The value found there. */
  found: unknown;
}

/**
 * Returns the first violation in `value`, or undefined when it fits. `path` locates `value`.
 * `T` is the type a value that fits has (only the type system sees it).
 */
export type Check<T = unknown> = ((value: unknown, path: string) => Violation | undefined) & {
  readonly fits?: T;
};

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>;

function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function fails<T>(expected: string, test: (value: unknown) => boolean): Check<T> {
  return (value, path) => (test(value) ? undefined : { path, expected, found: value });
}

const string = fails<string>('a string', value => typeof value === 'string');
const boolean = fails<boolean>('true or false', value => typeof value === 'boolean');
const id = fails<string>('a non-empty string', value => typeof value === 'string' && value !== '');

// RFC 3339 date-time, the `format: date-time` of the contract. The elements format these dates
// with Intl; a value Date cannot read would print "Invalid Date".
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i;
const timestamp = fails<string>(
  'an RFC 3339 date-time',
  value => typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
);

function integer(min: number): Check<number> {
  return fails<number>(
    `an integer >= ${min}`,
    value => Number.isSafeInteger(value) && Number(value) >= min,
  );
}

function oneOf<V extends string>(...values: V[]): Check<V> {
  const allowed = new Set<string>(values);
  return fails<V>(`one of ${values.join(', ')}`, value => allowed.has(value as string));
}

function constant<V extends string>(value: V): Check<V> {
  return fails<V>(JSON.stringify(value), found => found === value);
}

function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, path) => (value === null ? undefined : check(value, path));
}

function arrayOf<T>(item: Check<T>): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return { path, expected: 'an array', found: value };
    for (let index = 0; index < value.length; index++) {
      const violation = item(value[index], `${path}[${index}]`);
      if (violation) return violation;
    }
    return undefined;
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with `required` members and `optional` ones, exactly the members of `T`. */
function object<T>(
  required: { [K in RequiredKeys<T>]-?: Check<T[K]> },
  optional: { [K in OptionalKeys<T>]-?: Check<Exclude<T[K], undefined>> },
): Check<T> {
  const requiredEntries = Object.entries<Check>(required);
  const optionalEntries = Object.entries<Check>(optional);
  return (value, path) => {
    if (!isRecord(value)) return { path, expected: 'an object', found: value };
    for (const [key, check] of requiredEntries) {
      const violation = Object.hasOwn(value, key)
        ? check(value[key], at(path, key))
        : { path: at(path, key), expected: 'a member', found: undefined };
      if (violation) return violation;
    }
    for (const [key, check] of optionalEntries) {
      if (!Object.hasOwn(value, key) || value[key] === undefined) continue;
      if (value[key] === null) {
        delete value[key];
        continue;
      }
      const violation = check(value[key], at(path, key));
      if (violation) return violation;
    }
    return undefined;
  };
}

// ---- The schemas of openapi.yaml -----------------------------------------------------------

const channelIdentity = object<ApiSchemas['ChannelIdentity']>(
  { channel: string, address: string },
  { displayName: string, lastSeenAt: timestamp },
);

const pendingAction = object<ApiSchemas['PendingAction']>(
  { id, type: oneOf('add-contact-info'), createdAt: timestamp },
  {},
);

export const contactSchema = object<ApiSchemas['Contact']>(
  {
    id,
    name: string,
    nameSource: oneOf('channel', 'agent', 'import', 'api'),
    identities: arrayOf(channelIdentity),
    pendingActions: arrayOf(pendingAction),
    createdAt: timestamp,
    updatedAt: timestamp,
    version: integer(1),
  },
  { email: string, phone: string, companyId: string, lastActivityAt: timestamp },
);

export const companySchema = object<ApiSchemas['Company']>(
  { id, name: string, createdAt: timestamp, updatedAt: timestamp, version: integer(1) },
  { domain: string },
);

export const conversationSchema = object<ApiSchemas['ConversationSummary']>(
  {
    id,
    contactId: id,
    channel: string,
    status: oneOf('open', 'pending', 'snoozed', 'resolved'),
    lastActivityAt: timestamp,
  },
  { lastMessagePreview: string },
);

export const conversationListSchema = arrayOf(conversationSchema);

export const resolveResultSchema = object<ApiSchemas['ResolveResult']>(
  { contact: contactSchema, outcome: oneOf('created', 'matched') },
  { matchedBy: oneOf('identity', 'email', 'phone'), conversation: conversationSchema },
);

const restorePointSchema = object<ApiSchemas['RestorePoint']>(
  { token: id, expiresAt: timestamp },
  {},
);

export const mergeResultSchema = object<ApiSchemas['MergeResult']>(
  { contact: contactSchema, mergedId: id, restorePoint: restorePointSchema },
  {},
);

export const deleteResultSchema = object<ApiSchemas['DeleteResult']>(
  { id, restorePoint: restorePointSchema },
  {},
);

export const restoreResultSchema = object<ApiSchemas['RestoreResult']>(
  { contacts: arrayOf(contactSchema), companies: arrayOf(companySchema) },
  {},
);

const changeAction = oneOf('created', 'updated', 'restored');

const changeSchemas = {
  contact: object<ApiSchemas['ContactChange']>(
    { type: constant('contact'), action: changeAction, contact: contactSchema },
    {},
  ),
  company: object<ApiSchemas['CompanyChange']>(
    { type: constant('company'), action: changeAction, company: companySchema },
    {},
  ),
  conversation: object<ApiSchemas['ConversationChange']>(
    { type: constant('conversation'), action: changeAction, conversation: conversationSchema },
    {},
  ),
  removed: object<ApiSchemas['RemovedChange']>(
    { type: constant('removed'), kind: oneOf('contact', 'company'), id },
    { mergedInto: id },
  ),
};

const CHANGE_TYPES = Object.keys(changeSchemas) as (keyof typeof changeSchemas)[];

/** One event of `GET /changes`: a `ContactsChange`, told apart by its `type`. */
export const changeSchema: Check<ApiSchemas['ContactsChange']> = (value, path) => {
  if (!isRecord(value)) return { path, expected: 'an object', found: value };
  const type = value.type;
  if (typeof type !== 'string' || !Object.hasOwn(changeSchemas, type)) {
    return { path: at(path, 'type'), expected: `one of ${CHANGE_TYPES.join(', ')}`, found: type };
  }
  return changeSchemas[type as keyof typeof changeSchemas](value, path);
};

/** A page's envelope; its items are checked one by one (see {@link checkPage}). */
const pageEnvelope = object<Omit<ApiSchemas['ContactPage'], 'items'> & { items: unknown[] }>(
  {
    items: fails('an array', Array.isArray),
    total: integer(0),
    offset: integer(0),
    nextCursor: nullable(string),
  },
  { totalExact: boolean },
);

/**
 * A lower-bound total (`totalExact: false`) counts at least the records up to the page's end,
 * and promises more may follow, so its `nextCursor` is not null.
 */
function lowerBoundViolation(page: Page<unknown>): Violation | undefined {
  if (page.totalExact !== false) return undefined;
  if (page.nextCursor === null) {
    return { path: 'totalExact', expected: 'true or absent on the last page', found: false };
  }
  const reached = page.offset + page.items.length;
  if (page.total < reached) {
    return { path: 'total', expected: `a lower bound of at least ${reached}`, found: page.total };
  }
  return undefined;
}

// ---- Turning violations into errors --------------------------------------------------------

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a value of type ${typeof value}`;
}

export function invalidResponse(violation: Violation, status: number): ContactsError {
  const where = violation.path ? `at ${violation.path}` : 'as a whole';
  return new ContactsError(
    'invalid-response',
    `The server's answer breaks the API contract ${where}: expected ${violation.expected}, got ${describe(violation.found)}.`,
    { details: { status, path: violation.path } },
  );
}

/** Parses a JSON body; anything else (an HTML error page, a cut-off body) is `invalid-response`. */
export function parseBody(text: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ContactsError(
      'invalid-response',
      text.trim()
        ? 'The server answered with a body that is not JSON.'
        : 'The server answered with an empty body.',
      { details: { status, path: '' }, cause: error },
    );
  }
}

/** Returns `body` typed as T when it fits `check`, or throws `invalid-response`. */
export function expectValid<T>(check: Check<T>, body: unknown, status: number): T {
  const violation = check(body, '');
  if (violation) throw invalidResponse(violation, status);
  return body as T;
}

/**
 * A page keeps its good records and reports the bad ones in `skipped`, rather than failing as a
 * whole: one malformed record among thousands must not blank a list, nor make every Retry fail
 * the same way. `total` and `offset` stay the server's (so positions and counts stay true); the
 * kept items close up over the gaps, and each skipped entry gives its index so a consumer can
 * put every record at its true position. A wrong envelope (no `items` array, a bad `total`)
 * leaves nothing to trust, and throws `invalid-response`.
 */
export function checkPage<T>(
  item: Check<T>,
  body: unknown,
  status: number,
): Page<T> & SkippedRecords {
  const page: Page<unknown> = expectValid(pageEnvelope, body, status);
  const violation = lowerBoundViolation(page);
  if (violation) throw invalidResponse(violation, status);
  const items: T[] = [];
  const skipped: SkippedRecord[] = [];
  page.items.forEach((record, index) => {
    const violation = item(record, `items[${index}]`);
    if (!violation) {
      items.push(record as T);
      return;
    }
    const entry: SkippedRecord = { index, error: invalidResponse(violation, status) };
    if (isRecord(record) && typeof record.id === 'string' && record.id) entry.id = record.id;
    skipped.push(entry);
  });
  if (!skipped.length) return page as Page<T>;
  return { ...page, items, skipped };
}
