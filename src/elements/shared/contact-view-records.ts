/**
 * Records as the read views can show them, whatever the adapter handed over. An adapter written
 * by someone else may leave out a field, send null, or send another type; the read views render
 * such a record with what it has rather than throw. A record without an id cannot be shown at
 * all: the readers return undefined for it, and the caller reports it.
 */
import { ContactsError } from '../../adapter/errors.js';
import type {
  ChannelIdentity,
  Company,
  Contact,
  ConversationSummary,
  PendingAction,
} from '../../model/types.js';

type Loose = Record<string, unknown>;

function isLoose(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const optionalText = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : 0;

/** Copies the optional text members that are text, leaving the others out. */
function withOptional<T extends object>(target: T, source: Loose, keys: readonly string[]): T {
  for (const key of keys) {
    const value = optionalText(source[key]);
    if (value !== undefined) (target as Loose)[key] = value;
  }
  return target;
}

function readIdentity(value: unknown): ChannelIdentity | undefined {
  if (!isLoose(value) || typeof value.channel !== 'string') return undefined;
  const identity = { channel: value.channel, address: text(value.address) };
  return withOptional(identity, value, ['displayName', 'lastSeenAt']);
}

function readPendingAction(value: unknown): PendingAction | undefined {
  if (!isLoose(value) || typeof value.type !== 'string') return undefined;
  return {
    id: text(value.id),
    type: value.type as PendingAction['type'],
    createdAt: text(value.createdAt),
  };
}

function listOf<T>(value: unknown, read: (item: unknown) => T | undefined): T[] {
  if (!Array.isArray(value)) return [];
  return value.map(read).filter((item): item is T => item !== undefined);
}

/** A contact the views can render, or undefined when `value` has no id to show it by. */
export function readContact(value: unknown): Contact | undefined {
  if (!isLoose(value) || typeof value.id !== 'string' || value.id === '') return undefined;
  const contact: Contact = {
    id: value.id,
    name: text(value.name),
    nameSource: text(value.nameSource) as Contact['nameSource'],
    identities: listOf(value.identities, readIdentity),
    pendingActions: listOf(value.pendingActions, readPendingAction),
    createdAt: text(value.createdAt),
    updatedAt: text(value.updatedAt),
    version: count(value.version),
  };
  return withOptional(contact, value, ['email', 'phone', 'companyId', 'lastActivityAt']);
}

/** A company the views can render, or undefined when `value` has no id. */
export function readCompany(value: unknown): Company | undefined {
  if (!isLoose(value) || typeof value.id !== 'string' || value.id === '') return undefined;
  const company: Company = {
    id: value.id,
    name: text(value.name),
    createdAt: text(value.createdAt),
    updatedAt: text(value.updatedAt),
    version: count(value.version),
  };
  return withOptional(company, value, ['domain']);
}

/** A conversation the views can list, or undefined when it has no id. */
export function readConversation(value: unknown): ConversationSummary | undefined {
  if (!isLoose(value) || typeof value.id !== 'string' || value.id === '') return undefined;
  const conversation: ConversationSummary = {
    id: value.id,
    contactId: text(value.contactId),
    channel: text(value.channel),
    status: text(value.status) as ConversationSummary['status'],
    lastActivityAt: text(value.lastActivityAt),
  };
  return withOptional(conversation, value, ['lastMessagePreview']);
}

/** The records of a list the views can show, and how many they had to leave out. */
export function readList<T>(
  value: unknown,
  read: (item: unknown) => T | undefined,
): { items: T[]; skipped: number } {
  if (!Array.isArray(value)) return { items: [], skipped: 0 };
  const items = listOf(value, read);
  return { items, skipped: value.length - items.length };
}

/**
 * The error a view reports (through `contacts-error`) and shows for a record it cannot show:
 * one without an id, or another record than the one asked for.
 */
export function unreadableRecord(what: string, path = ''): ContactsError {
  return new ContactsError(
    'invalid-response',
    `The adapter returned ${what} that cannot be shown.`,
    {
      details: { path },
    },
  );
}
