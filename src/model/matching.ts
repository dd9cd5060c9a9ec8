/**
 * Identity matching for an arriving conversation: same channel identity, then the same
 * normalised email, then the same normalised phone; otherwise a new contact.
 */
import { normalizeEmail } from './email.js';
import { type CountryCode, DEFAULT_COUNTRY, parsePhone } from './phone.js';
import { digitsOf, fold } from './search.js';
import type { ArrivingConversation, Channel, Contact, MatchedBy } from './types.js';

/** Channels whose sender address is a phone number. */
export const PHONE_CHANNELS: ReadonlySet<Channel> = new Set(['whatsapp', 'sms', 'phone']);
/** Channels whose sender address is an e-mail address. */
export const EMAIL_CHANNELS: ReadonlySet<Channel> = new Set(['email']);

/** The key two identities share when they are the same sender on the same channel. */
export function identityKey(channel: Channel, address: string): string {
  return `${channel.trim().toLowerCase()}\u0000${address.trim().toLowerCase()}`;
}

export interface NormalizedArrival {
  channel: Channel;
  address: string;
  displayName?: string;
  email?: string;
  phone?: string;
}

/**
 * Normalises what a channel gave us. A phone channel's address is also the phone and an email
 * channel's address the email, when the arrival does not name them separately. Values that cannot
 * be normalised are dropped from matching (the raw address is still kept on the identity).
 */
export async function normalizeArrival(
  arrival: ArrivingConversation,
  defaultCountry: CountryCode = DEFAULT_COUNTRY,
): Promise<NormalizedArrival> {
  const channel = arrival.channel.trim().toLowerCase();
  let address = arrival.address.trim();
  const out: NormalizedArrival = { channel, address };
  const displayName = arrival.displayName?.trim();
  if (displayName) out.displayName = displayName;

  const emailSource = arrival.email ?? (EMAIL_CHANNELS.has(channel) ? address : undefined);
  const email = emailSource ? normalizeEmail(emailSource) : undefined;
  if (email) out.email = email;

  const phoneSource = arrival.phone ?? (PHONE_CHANNELS.has(channel) ? address : undefined);
  if (phoneSource) {
    const parsed = await parsePhone(phoneSource, defaultCountry);
    if (parsed.ok) out.phone = parsed.e164;
  }
  if (PHONE_CHANNELS.has(channel) && out.phone && !arrival.phone) address = out.phone;
  if (EMAIL_CHANNELS.has(channel) && out.email && !arrival.email) address = out.email;
  out.address = address;
  return out;
}

/** Lookups a store answers; each returns a contact id or undefined. */
export interface IdentityIndex {
  byIdentity(key: string): string | undefined;
  byEmail(email: string): string | undefined;
  byPhone(phone: string): string | undefined;
}

export function matchArrival(
  arrival: NormalizedArrival,
  index: IdentityIndex,
): { contactId: string; matchedBy: MatchedBy } | undefined {
  const byIdentity = index.byIdentity(identityKey(arrival.channel, arrival.address));
  if (byIdentity) return { contactId: byIdentity, matchedBy: 'identity' };
  const byEmail = arrival.email ? index.byEmail(arrival.email) : undefined;
  if (byEmail) return { contactId: byEmail, matchedBy: 'email' };
  const byPhone = arrival.phone ? index.byPhone(arrival.phone) : undefined;
  if (byPhone) return { contactId: byPhone, matchedBy: 'phone' };
  return undefined;
}

/** The name a new contact gets: the channel's display name, else what identifies the sender. */
export function nameForArrival(arrival: NormalizedArrival): string {
  return arrival.displayName ?? arrival.email ?? arrival.phone ?? arrival.address;
}

/** True when a contact lacks every way to reach it outside the channel. */
export function needsContactInfo(contact: { email?: string; phone?: string }): boolean {
  return !contact.email && !contact.phone;
}

/**
 * The channels a conversation can be started on: every channel the contact is registered on,
 * then email when it has an email address, and WhatsApp and SMS when it has a phone number.
 */
export function reachableChannels(
  contact: Pick<Contact, 'identities' | 'email' | 'phone'>,
): Channel[] {
  const channels = new Set<Channel>(contact.identities.map(i => i.channel));
  if (contact.email) channels.add('email');
  if (contact.phone) {
    channels.add('whatsapp');
    channels.add('sms');
  }
  return [...channels];
}

/**
 * Email domains anyone can sign up to: sharing one says nothing about being the same person, so
 * {@link isPossibleDuplicate} ignores them.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.com.br',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'uol.com.br',
  'bol.com.br',
]);

/** How many trailing phone digits two numbers must share to hint at one person. */
const PHONE_SUFFIX = 4;

/** A name as the duplicate rule compares it: folded, spaces collapsed. */
function nameKey(name: string): string {
  return fold(name).trim().replace(/\s+/g, ' ');
}

/**
 * Whether `b` may be the same person as `a`, for "Possible duplicates": two different contacts
 * with the same name (case, accents and spacing ignored, and not empty) and one more sign: the
 * same last 4 phone digits (the same number typed with another country or area code), the same
 * email local part (`ana.souza@` at two providers), or the same email domain when it is not a
 * free-mail provider (two people at one company rarely share a name). The same email or phone
 * cannot be held by two contacts, so those are not signs here: the forms flag them as duplicates.
 */
export function isPossibleDuplicate(a: Contact, b: Contact): boolean {
  if (a.id === b.id) return false;
  const name = nameKey(a.name);
  if (!name || name !== nameKey(b.name)) return false;
  if (a.phone && b.phone) {
    const digitsA = digitsOf(a.phone);
    const digitsB = digitsOf(b.phone);
    if (
      digitsA.length >= PHONE_SUFFIX &&
      digitsA.slice(-PHONE_SUFFIX) === digitsB.slice(-PHONE_SUFFIX)
    ) {
      return true;
    }
  }
  if (a.email && b.email) {
    const [localA, domainA] = splitEmail(a.email);
    const [localB, domainB] = splitEmail(b.email);
    if (localA && localA === localB) return true;
    if (domainA && domainA === domainB && !FREE_MAIL_DOMAINS.has(domainA)) return true;
  }
  return false;
}

function splitEmail(email: string): [string, string] {
  const at = email.lastIndexOf('@');
  if (at < 0) return ['', ''];
  return [email.slice(0, at).toLowerCase(), email.slice(at + 1).toLowerCase()];
}
