/**
 * How records are made and changed: a contact from a valid draft, a valid patch applied to a
 * contact or a company, the contact an arriving conversation creates or the update it makes to
 * the contact it matched, and the pending actions derived from what a contact lacks. Every store
 * (the in-memory adapter, the reference server's database) applies these, so a record comes out
 * the same whatever holds it. Versions and `updatedAt` are the store's to set when it saves.
 */
import {
  identityKey,
  type NormalizedArrival,
  nameForArrival,
  needsContactInfo,
} from './matching.js';
import type {
  ChannelIdentity,
  Channel,
  Company,
  Contact,
  MergeChoices,
  MergeSide,
  NameSource,
} from './types.js';
import type { ContactFields, ContactPatchFields } from './validation.js';

/** Makes a new id with a prefix (`ct`, `pa`…), as the store names its records. */
export type NewId = (prefix: string) => string;

/** The keys a `Contact` has; any other key a stored contact carries is kept as received. */
export const CONTACT_KEYS: readonly (keyof Contact)[] = [
  'id',
  'name',
  'nameSource',
  'email',
  'phone',
  'companyId',
  'identities',
  'pendingActions',
  'createdAt',
  'updatedAt',
  'lastActivityAt',
  'version',
];

function setOptional<T extends object, K extends keyof T>(
  record: T,
  key: K,
  value: T[K] | null | undefined,
): void {
  if (value === null || value === undefined) delete record[key];
  else record[key] = value;
}

/** A channel identity seen at `at`, with the display name only when there is one. */
export function channelIdentity(
  channel: Channel,
  address: string,
  displayName: string | undefined,
  at: string,
): ChannelIdentity {
  return displayName
    ? { channel, address, displayName, lastSeenAt: at }
    : { channel, address, lastSeenAt: at };
}

/**
 * Adds the "add contact info" pending action to a contact with neither email nor phone, and
 * removes it once the contact has one.
 */
export function syncPendingActions(contact: Contact, at: string, newId: NewId): void {
  const pending = contact.pendingActions.some(a => a.type === 'add-contact-info');
  if (needsContactInfo(contact) && !pending) {
    contact.pendingActions = [
      ...contact.pendingActions,
      { id: newId('pa'), type: 'add-contact-info', createdAt: at },
    ];
  } else if (!needsContactInfo(contact) && pending) {
    contact.pendingActions = contact.pendingActions.filter(a => a.type !== 'add-contact-info');
  }
}

/** A new contact from a validated draft, named from its email or phone when it has no name. */
export function contactFromDraft(
  fields: ContactFields,
  nameSource: NameSource | undefined,
  id: string,
  at: string,
): Contact {
  const contact: Contact = {
    id,
    name: fields.name ?? fields.email ?? fields.phone ?? '',
    nameSource: nameSource ?? 'agent',
    identities: [],
    pendingActions: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  if (fields.email) contact.email = fields.email;
  if (fields.phone) contact.phone = fields.phone;
  if (fields.companyId) contact.companyId = fields.companyId;
  return contact;
}

/**
 * A copy of `current` with a validated patch applied. A changed name becomes agent-set unless
 * the patch names another source.
 */
export function patchedContact(
  current: Contact,
  fields: ContactPatchFields,
  nameSource: NameSource | undefined,
): Contact {
  const next: Contact = structuredClone(current);
  if (fields.name !== undefined && fields.name !== current.name) {
    next.name = fields.name;
    next.nameSource = nameSource ?? 'agent';
  } else if (nameSource !== undefined) {
    next.nameSource = nameSource;
  }
  if (fields.email !== undefined) setOptional(next, 'email', fields.email);
  if (fields.phone !== undefined) setOptional(next, 'phone', fields.phone);
  if (fields.companyId !== undefined) setOptional(next, 'companyId', fields.companyId);
  return next;
}

/** A copy of `current` with a validated patch applied (version and `updatedAt` unchanged). */
export function patchedCompany(
  current: Company,
  fields: { name?: string; domain?: string | null },
): Company {
  const next = structuredClone(current);
  if (fields.name !== undefined) next.name = fields.name;
  if (fields.domain !== undefined) setOptional(next, 'domain', fields.domain);
  return next;
}

/**
 * The contact an arrival that matched no one creates: named by the channel, with the arrival's
 * identity, and a pending action when neither email nor phone is known.
 */
export function contactFromArrival(
  arrival: NormalizedArrival,
  id: string,
  at: string,
  newId: NewId,
): Contact {
  const contact: Contact = {
    id,
    name: nameForArrival(arrival),
    nameSource: 'channel',
    identities: [channelIdentity(arrival.channel, arrival.address, arrival.displayName, at)],
    pendingActions: [],
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
    version: 1,
  };
  if (arrival.email) contact.email = arrival.email;
  if (arrival.phone) contact.phone = arrival.phone;
  syncPendingActions(contact, at, newId);
  return contact;
}

/**
 * A copy of the matched contact updated by an arrival: its identity seen now (added when new), a
 * channel name refreshed only when the name came from a channel, a missing email or phone filled
 * unless another contact holds it (`taken`), and activity moved forward only.
 */
export function contactAfterArrival(
  current: Contact,
  arrival: NormalizedArrival,
  at: string,
  taken: { email: boolean; phone: boolean },
): Contact {
  const next = structuredClone(current);
  const key = identityKey(arrival.channel, arrival.address);
  const identity = next.identities.find(i => identityKey(i.channel, i.address) === key);
  if (identity) {
    identity.lastSeenAt = at;
    if (arrival.displayName) identity.displayName = arrival.displayName;
  } else {
    next.identities.push(
      channelIdentity(arrival.channel, arrival.address, arrival.displayName, at),
    );
  }
  // A channel sync refreshes only a name that came from a channel; an agent's name stays.
  if (next.nameSource === 'channel' && arrival.displayName) next.name = arrival.displayName;
  // Fill what the contact lacks, unless another contact already holds the value.
  if (!next.email && arrival.email && !taken.email) next.email = arrival.email;
  if (!next.phone && arrival.phone && !taken.phone) next.phone = arrival.phone;
  // Arrivals may be reported late; activity only moves forward.
  if (!next.lastActivityAt || at > next.lastActivityAt) next.lastActivityAt = at;
  return next;
}

/** The fields an agent chooses between when two contacts are merged. */
export const MERGE_FIELDS = ['name', 'email', 'phone', 'companyId'] as const;

export type MergeField = (typeof MERGE_FIELDS)[number];

/**
 * Which contact gives the merged contact `field`: the agent's choice, else the primary unless only
 * the secondary has a value.
 */
export function mergeSide(
  field: MergeField,
  primary: Contact,
  secondary: Contact,
  choices: MergeChoices,
): MergeSide {
  const chosen = choices[field];
  if (chosen) return chosen;
  return primary[field] === undefined && secondary[field] !== undefined ? 'secondary' : 'primary';
}

/**
 * The contact a merge leaves: the primary (its id, creation and version, which the store moves
 * on), with the chosen side's value for each of {@link MERGE_FIELDS} (the name with its source),
 * the channel identities of both (each once; the later sighting wins), the later activity, and the
 * pending actions that still apply.
 */
export function mergedContact(
  primary: Contact,
  secondary: Contact,
  choices: MergeChoices,
  at: string,
  newId: NewId,
): Contact {
  const next = structuredClone(primary);
  for (const field of MERGE_FIELDS) {
    if (mergeSide(field, primary, secondary, choices) === 'primary') continue;
    if (field === 'name') {
      next.name = secondary.name;
      next.nameSource = secondary.nameSource;
    } else {
      setOptional(next, field, secondary[field]);
    }
  }
  const byKey = new Map(next.identities.map(i => [identityKey(i.channel, i.address), i]));
  for (const identity of secondary.identities) {
    const key = identityKey(identity.channel, identity.address);
    const known = byKey.get(key);
    if (!known) {
      const copy = { ...identity };
      next.identities.push(copy);
      byKey.set(key, copy);
    } else if ((identity.lastSeenAt ?? '') > (known.lastSeenAt ?? '')) {
      Object.assign(known, identity);
    }
  }
  if ((secondary.lastActivityAt ?? '') > (next.lastActivityAt ?? '')) {
    next.lastActivityAt = secondary.lastActivityAt!;
  }
  syncPendingActions(next, at, newId);
  return next;
}

/**
 * The emails and phones a merge lets go: held by either contact and not kept by the merged one.
 * An arrival with one of them still finds the merged contact until the merge is undone.
 */
export function droppedByMerge(
  primary: Contact,
  secondary: Contact,
  merged: Contact,
): { kind: 'email' | 'phone'; value: string }[] {
  const dropped: { kind: 'email' | 'phone'; value: string }[] = [];
  for (const kind of ['email', 'phone'] as const) {
    for (const value of new Set([primary[kind], secondary[kind]])) {
      if (value && value !== merged[kind]) dropped.push({ kind, value });
    }
  }
  return dropped;
}

/**
 * The surviving contact of a merge once the merge is undone. `before` and `merged` are the
 * primary just before and just after the merge, `current` is the primary now. Each field the
 * merge changed goes back to its value in `before` only while `current` still holds the merged
 * value, so an edit made after the merge is kept; the identities the merge brought leave (those
 * seen since on other channels stay), and the pending actions are derived again.
 */
export function unmergedContact(
  current: Contact,
  before: Contact,
  merged: Contact,
  at: string,
  newId: NewId,
): Contact {
  const next = structuredClone(current);
  for (const field of MERGE_FIELDS) {
    if (current[field] !== merged[field] || merged[field] === before[field]) continue;
    if (field === 'name') {
      if (current.nameSource !== merged.nameSource) continue;
      next.name = before.name;
      next.nameSource = before.nameSource;
    } else {
      setOptional(next, field, before[field]);
    }
  }
  const own = new Set(before.identities.map(i => identityKey(i.channel, i.address)));
  const brought = new Set(
    merged.identities.map(i => identityKey(i.channel, i.address)).filter(key => !own.has(key)),
  );
  next.identities = next.identities.filter(i => !brought.has(identityKey(i.channel, i.address)));
  if (current.lastActivityAt === merged.lastActivityAt) {
    setOptional(next, 'lastActivityAt', before.lastActivityAt);
  }
  syncPendingActions(next, at, newId);
  return next;
}
