/**
 * How the in-memory store keeps a contact: one object shape for every record (absent fields
 * undefined rather than missing, so no record grows out of its object), no array for no pending
 * actions, and the usual single identity (on one channel, at the contact's own phone or email,
 * seen when the contact was created) as a short shared code instead of an object in an array.
 * About a third less memory per record than the contact as received. {@link toContact} rebuilds
 * the contact, a fresh copy, as every answer of the adapter must be.
 */
import { CONTACT_KEYS } from '../../model/records.js';
import type { ChannelIdentity, Contact, NameSource, PendingAction } from '../../model/types.js';

export interface StoredContact {
  id: string;
  name: string;
  nameSource: NameSource;
  email: string | undefined;
  phone: string | undefined;
  companyId: string | undefined;
  /** An identity code (see {@link encodeIdentity}), or the identities as received. */
  identities: string | ChannelIdentity[] | undefined;
  pendingActions: PendingAction[] | undefined;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string | undefined;
  version: number;
  /** Anything else the record carried, kept as received. */
  extra: Record<string, unknown> | undefined;
}

const KNOWN = new Set<string>(CONTACT_KEYS);

// Identity codes: "<address>|<display name>|<last seen>|<channel>", where the address is p (the
// contact's phone) or e (its email), the display name n (the contact's name) or - (none), and the
// last seen c (the contact's creation time) or - (none). A few hundred distinct codes at most,
// each string made once and shared.
const codes = new Map<string, string>();

function encodeIdentity(contact: Contact, identity: ChannelIdentity): string | undefined {
  let keys = 0;
  for (const key in identity) {
    if (key !== 'channel' && key !== 'address' && key !== 'displayName' && key !== 'lastSeenAt') {
      return undefined;
    }
    keys++;
  }
  const { address, displayName, lastSeenAt } = identity;
  const at = address === contact.phone ? 'p' : address === contact.email ? 'e' : '';
  const name = displayName === undefined ? '-' : displayName === contact.name ? 'n' : '';
  const seen = lastSeenAt === undefined ? '-' : lastSeenAt === contact.createdAt ? 'c' : '';
  if (!at || !name || !seen || identity.channel.includes('|')) return undefined;
  // Present-but-undefined fields would not survive the round trip.
  if (keys !== 2 + (name === 'n' ? 1 : 0) + (seen === 'c' ? 1 : 0)) return undefined;
  const text = `${at}|${name}|${seen}|${identity.channel}`;
  let code = codes.get(text);
  if (code === undefined) codes.set(text, (code = text));
  return code;
}

function decodeIdentity(stored: StoredContact, code: string): ChannelIdentity {
  const identity: ChannelIdentity = {
    channel: code.slice(6),
    address: (code[0] === 'p' ? stored.phone : stored.email)!,
  };
  if (code[2] === 'n') identity.displayName = stored.name;
  if (code[4] === 'c') identity.lastSeenAt = stored.createdAt;
  return identity;
}

export function packContact(contact: Contact): StoredContact {
  let extra: Record<string, unknown> | undefined;
  for (const key in contact) {
    if (!KNOWN.has(key)) (extra ??= {})[key] = structuredClone((contact as never)[key]);
  }
  const list = contact.identities;
  const identities = !list.length
    ? undefined
    : ((list.length === 1 ? encodeIdentity(contact, list[0]!) : undefined) ??
      list.map(identity => ({ ...identity })));
  return {
    id: contact.id,
    name: contact.name,
    nameSource: contact.nameSource,
    email: contact.email,
    phone: contact.phone,
    companyId: contact.companyId,
    identities,
    pendingActions: contact.pendingActions.length
      ? contact.pendingActions.map(action => ({ ...action }))
      : undefined,
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
    lastActivityAt: contact.lastActivityAt,
    version: contact.version,
    extra,
  };
}

/** The contact as received (a fresh copy: nothing shared with the store). */
export function toContact(stored: StoredContact): Contact {
  const contact = {
    id: stored.id,
    name: stored.name,
    nameSource: stored.nameSource,
  } as Contact;
  if (stored.email !== undefined) contact.email = stored.email;
  if (stored.phone !== undefined) contact.phone = stored.phone;
  if (stored.companyId !== undefined) contact.companyId = stored.companyId;
  const identities = stored.identities;
  contact.identities =
    identities === undefined
      ? []
      : typeof identities === 'string'
        ? [decodeIdentity(stored, identities)]
        : identities.map(identity => ({ ...identity }));
  contact.pendingActions = stored.pendingActions
    ? stored.pendingActions.map(action => ({ ...action }))
    : [];
  contact.createdAt = stored.createdAt;
  contact.updatedAt = stored.updatedAt;
  if (stored.lastActivityAt !== undefined) contact.lastActivityAt = stored.lastActivityAt;
  contact.version = stored.version;
  if (stored.extra) Object.assign(contact, structuredClone(stored.extra));
  return contact;
}
