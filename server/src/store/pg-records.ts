/**
 * Rows to records and back, and the SQL pieces the store shares: column lists, the search and
 * filter conditions, and the cursor (the same shape as the in-memory adapter's: base64url of the
 * JSON `[sortKey, id]`).
 */
import type {
  Company,
  Contact,
  ConversationSummary,
  ChannelIdentity,
  PendingAction,
  NameSource,
} from 'contacts-elements';
import {
  CONTACT_KEYS,
  companyHaystack,
  contactHaystack,
  fold,
  identityKey,
} from 'contacts-elements/model.js';

export const CONTACT_COLUMNS =
  'id, name, name_source, email, phone, company_id, identities, pending_actions, extra, ' +
  'created_at, updated_at, last_activity_at, version, sort_key';

export const COMPANY_COLUMNS = 'id, name, domain, created_at, updated_at, version, sort_key';

export const CONVERSATION_COLUMNS =
  'id, contact_id, channel, status, last_message_preview, last_activity_at';

export interface ContactRow {
  id: string;
  name: string;
  name_source: NameSource;
  email: string | null;
  phone: string | null;
  company_id: string | null;
  identities: ChannelIdentity[] | string;
  pending_actions: PendingAction[] | string;
  extra: Record<string, unknown> | string | null;
  created_at: string;
  updated_at: string;
  last_activity_at: string | null;
  version: number;
  sort_key: string;
}

export interface CompanyRow {
  id: string;
  name: string;
  domain: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  sort_key: string;
}

export interface ConversationRow {
  id: string;
  contact_id: string;
  channel: string;
  status: ConversationSummary['status'];
  last_message_preview: string | null;
  last_activity_at: string;
}

/** Both drivers parse jsonb; a string means a driver that did not. */
function json<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

const KNOWN_CONTACT_KEYS = new Set<string>(CONTACT_KEYS);

export function toContact(row: ContactRow): Contact {
  const contact = { id: row.id, name: row.name, nameSource: row.name_source } as Contact;
  if (row.email !== null) contact.email = row.email;
  if (row.phone !== null) contact.phone = row.phone;
  if (row.company_id !== null) contact.companyId = row.company_id;
  contact.identities = json(row.identities);
  contact.pendingActions = json(row.pending_actions);
  contact.createdAt = row.created_at;
  contact.updatedAt = row.updated_at;
  if (row.last_activity_at !== null) contact.lastActivityAt = row.last_activity_at;
  contact.version = Number(row.version);
  if (row.extra !== null) Object.assign(contact, json(row.extra));
  return contact;
}

export function toCompany(row: CompanyRow): Company {
  const company: Company = { id: row.id, name: row.name } as Company;
  if (row.domain !== null) company.domain = row.domain;
  company.createdAt = row.created_at;
  company.updatedAt = row.updated_at;
  company.version = Number(row.version);
  return company;
}

export function toConversation(row: ConversationRow): ConversationSummary {
  const conversation: ConversationSummary = {
    id: row.id,
    contactId: row.contact_id,
    channel: row.channel,
    status: row.status,
    lastActivityAt: row.last_activity_at,
  };
  if (row.last_message_preview !== null) {
    conversation.lastMessagePreview = row.last_message_preview;
  }
  return conversation;
}

/** The column values of a contact, in {@link CONTACT_WRITE_COLUMNS} order. */
export function contactValues(contact: Contact): unknown[] {
  let extra: Record<string, unknown> | undefined;
  for (const key of Object.keys(contact)) {
    if (!KNOWN_CONTACT_KEYS.has(key)) (extra ??= {})[key] = (contact as never)[key];
  }
  return [
    contact.name,
    contact.nameSource,
    contact.email ?? null,
    contact.phone ?? null,
    contact.companyId ?? null,
    JSON.stringify(contact.identities),
    JSON.stringify(contact.pendingActions),
    contact.pendingActions.length > 0,
    extra ? JSON.stringify(extra) : null,
    contact.createdAt,
    contact.updatedAt,
    contact.lastActivityAt ?? null,
    contact.version,
    fold(contact.name),
    contactHaystack(contact),
  ];
}

export const CONTACT_WRITE_COLUMNS = [
  'name',
  'name_source',
  'email',
  'phone',
  'company_id',
  'identities',
  'pending_actions',
  'pending',
  'extra',
  'created_at',
  'updated_at',
  'last_activity_at',
  'version',
  'sort_key',
  'haystack',
] as const;

/** `$first::type, ...` placeholders for {@link CONTACT_WRITE_COLUMNS}. */
export function contactPlaceholders(first: number): string[] {
  return CONTACT_WRITE_COLUMNS.map((column, i) => {
    const cast =
      column === 'identities' || column === 'pending_actions' || column === 'extra'
        ? '::jsonb'
        : '';
    return `$${first + i}${cast}`;
  });
}

export function companyValues(company: Company): unknown[] {
  return [
    company.name,
    company.domain ?? null,
    company.createdAt,
    company.updatedAt,
    company.version,
    fold(company.name),
    companyHaystack(company),
  ];
}

export const COMPANY_WRITE_COLUMNS = [
  'name',
  'domain',
  'created_at',
  'updated_at',
  'version',
  'sort_key',
  'haystack',
] as const;

/** The identity rows of a contact: channel and address as identityKey() normalises them. */
export function identityRows(contact: Contact): { channels: string[]; addresses: string[] } {
  const seen = new Set<string>();
  const channels: string[] = [];
  const addresses: string[] = [];
  for (const identity of contact.identities) {
    const key = identityKey(identity.channel, identity.address);
    if (seen.has(key)) continue;
    seen.add(key);
    const split = key.indexOf('\u0000');
    channels.push(key.slice(0, split));
    addresses.push(key.slice(split + 1));
  }
  return { channels, addresses };
}

/** A LIKE pattern that finds `token` anywhere (LIKE's wildcards and escape taken literally). */
export function containsPattern(token: string): string {
  return `%${token.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * Two letter trigrams (or one) that every record matching `tokens` holds in `contact_trigrams`
 * (migration 3), from the tokens' runs of 3 letters or more (a-z): a record holding a run holds
 * its trigrams, in whichever field. The first trigram of the longest run, and the first of the
 * next longest (another token narrows the candidates most) or else the last of the same run.
 * Undefined when no token has such a run.
 */
export function letterTrigrams(tokens: readonly string[]): string[] | undefined {
  const runs = tokens
    .flatMap(token => token.match(/[a-z]{3,}/g) ?? [])
    .sort((a, b) => b.length - a.length);
  const [longest, next] = runs;
  if (!longest) return undefined;
  const first = longest.slice(0, 3);
  const second = next && next.slice(0, 3) !== first ? next.slice(0, 3) : longest.slice(-3);
  return second === first ? [first] : [first, second];
}

const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];

/**
 * The rows of `contact_trigrams` (migration 4) of which every record holding the letter pair
 * `pair` holds at least one: the run of letters (a-z) the pair sits in is either 3 letters or
 * more, so one of its trigrams starts or ends with the pair, or the pair alone, kept as the pair
 * and a space.
 */
export function pairTrigrams(pair: string): string[] {
  return [...new Set(LETTERS.flatMap(letter => [pair + letter, letter + pair])), `${pair} `];
}

/**
 * The rows of `contact_trigrams` a contact search walks in list order: every match holds `all`
 * of them ({@link letterTrigrams}), or, when no token has a run of 3 letters, `any` of the rows
 * of a token's first letter pair ({@link pairTrigrams}). Undefined when no token has 2 letters
 * in a row (a digit or a single letter: the order index serves those).
 */
export type Listed = { all: readonly string[] } | { any: readonly string[] };

export function listedTrigrams(tokens: readonly string[]): Listed | undefined {
  const all = letterTrigrams(tokens);
  if (all) return { all };
  const [pair] = tokens.flatMap(token => token.match(/[a-z]{2}/g) ?? []);
  return pair ? { any: pairTrigrams(pair) } : undefined;
}

export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // An unreadable cursor starts from the beginning, as in the in-memory adapter.
  }
  return undefined;
}

/** SQL conditions with their parameters, numbered after the ones already in `params`. */
export class Conditions {
  readonly parts: string[] = [];
  constructor(readonly params: unknown[]) {}

  /** Adds a parameter and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  /** A copy to add more conditions to, leaving this one as it is. */
  clone(): Conditions {
    const copy = new Conditions([...this.params]);
    copy.parts.push(...this.parts);
    return copy;
  }

  get sql(): string {
    return this.parts.length ? this.parts.join(' AND ') : 'TRUE';
  }
}

/**
 * How many matches past the end of a page a search counts before it stops. Counting every match
 * of a broad search ("an" over a million contacts) costs far more than the page itself, so a
 * search answers `totalExact: false` with the lower bound `offset + limit + SEARCH_COUNT_CAP`
 * ("300+" for a first page of 50) once that many match; the page that reaches the end counts
 * exactly. Each key typed in a search pays for this count, and the panel's pending count again:
 * past a few pages, the number says "keep typing" as well as an exact one would.
 */
export const SEARCH_COUNT_CAP = 250;
