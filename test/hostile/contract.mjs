// @ts-check
/**
 * A backend for `openapi.yaml`, written from the contract alone: the records, their validation
 * and normalisation (emails lower-cased, phones in E.164 with Brazil as the default country,
 * domains as host names), search, filters, paging by cursor and offset, idempotent creates,
 * versions, and matching arriving conversations to contacts. It shares no code with the package
 * (whose model is TypeScript), so the conformance suite passing through the REST adapter against
 * it shows that a backend written from the contract works. `server.mjs` serves it over HTTP and
 * adds the faults.
 */
import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** @typedef {Record<string, any>} Json */
/** @typedef {{ status: number, body?: unknown, text?: string, headers?: Record<string, string> }} Answer */
/**
 * What faults change in how the store answers (page size, order, what a reused idempotency key
 * does), and the version an update expects (its `If-Match`).
 * @typedef {{ pageCap?: number, order?: string, idempotency?: string, expectedVersion?: number }} View
 */
/**
 * @typedef {{ contacts: Map<string, Json>, companies: Map<string, Json>, conversations: Json[],
 *   keys: Map<string, { fingerprint: string, answer: Answer }> }} Store
 * @typedef {{ store: Store, params: string[], q: URLSearchParams, body: Json,
 *   headers: Record<string, string | string[] | undefined>, view: View }} Call
 */

/** @returns {Store} */
export const createStore = () => ({
  contacts: new Map(),
  companies: new Map(),
  conversations: [],
  keys: new Map(),
});

const MAX_NAME = 500;
const MESSAGES = {
  'contact-info-required': 'A contact needs an email address or a phone number.',
  'invalid-email': 'The email address is not valid.',
  'invalid-phone': 'The phone number is not valid.',
  'name-required': 'A name is required.',
  'name-too-long': `A name has at most ${MAX_NAME} characters.`,
  'invalid-domain': 'The domain is not valid.',
  'unknown-company': 'That company does not exist.',
};

/** A refusal the handlers throw; it becomes the contract's `Error` body. */
export class Refusal extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {Json} [extra] */
  constructor(status, code, message, extra = {}) {
    super(message);
    /** @type {Answer} */
    this.answer = { status, body: { error: { code, message, ...extra } } };
  }
}

// ---- Normalisation, written from the contract's descriptions ------------------------------------

const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** @param {unknown} raw @returns {string} */
export const text = raw => (typeof raw === 'string' ? raw.trim() : '');
/** @param {string} raw */
const normEmail = raw => (EMAIL.test(raw.trim()) ? raw.trim().toLowerCase() : undefined);

/** E.164, reading numbers without `+` (or `00`) as Brazilian. @param {string} raw */
function normPhone(raw) {
  const compact = raw.replace(/[\s().-]/g, '');
  const value = /^00[1-9]/.test(compact) ? `+${compact.slice(2)}` : raw.trim();
  if (!value || /[a-z]/i.test(value)) return undefined;
  const number = parsePhoneNumberFromString(value, { defaultCountry: 'BR' });
  return number?.isPossible() ? number.number : undefined;
}

/** The lower-cased host name without `www.`; undefined when it is not a domain. @param {string} raw */
function normDomain(raw) {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    const host = url.hostname.toLowerCase().replace(/^www\./, '');
    const labels = host.split('.');
    const ok = labels.length > 1 && labels.every(l => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l));
    if (ok && !url.port && !url.username && !/^\d+$/.test(labels.at(-1) ?? '')) return host;
  } catch {
    // not a URL either
  }
  return undefined;
}

/** Case- and accent-insensitive. @param {string} value */
const fold = value => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
/** @param {string} value */
const digits = value => value.replace(/\D/g, '');

/** True when `query` finds the record: every token in one of `fields` (a phone query by digits). */
function found(
  /** @type {Json} */ record,
  /** @type {string} */ query,
  /** @type {string[]} */ fields,
) {
  const phoneLike = /^[\d\s()+\-./]+$/.test(query.trim()) && /\d/.test(query);
  const terms = phoneLike ? [digits(query)] : fold(query).split(/\s+/).filter(Boolean);
  const hay = fields.map(f => (f === 'phone' ? digits(record[f] ?? '') : fold(record[f] ?? '')));
  return terms.every(term => hay.some(value => value.includes(term)));
}

// ---- The store ----------------------------------------------------------------------------------

const now = () => new Date().toISOString();
/** @param {string} prefix */
const newId = prefix => `${prefix}_${randomUUID()}`;
/** @type {<T>(value: T) => T} */
export const clone = value => structuredClone(value);

/** Sets each value on `record`, deleting those that are null, undefined or empty. */
function assign(/** @type {Json} */ record, /** @type {Json} */ values) {
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '') delete record[key];
    else record[key] = value;
  }
  return record;
}

/** Throws the contract's 422 when `fields` names any code. @param {Json} fields */
function refuseInvalid(fields) {
  const first = /** @type {keyof MESSAGES | undefined} */ (Object.values(fields)[0]);
  if (first) throw new Refusal(422, 'validation', MESSAGES[first], { fields });
}

/** Throws 409 when another record holds `value` in `field`. */
function refuseTaken(/** @type {Map<string, Json>} */ records, field, value, self = '') {
  const owner = value && [...records.values()].find(r => r[field] === value && r.id !== self);
  const message = `Another record already has this ${field}.`;
  if (owner) throw new Refusal(409, 'duplicate', message, { existingId: owner.id, field });
}

/** @param {Map<string, Json>} records @param {string} id */
function find(records, id) {
  const record = records.get(id);
  if (!record) throw new Refusal(404, 'not-found', `No record with id ${id}.`);
  return record;
}

/** Throws 412 unless the update names the record's current version. */
function refuseStale(/** @type {Json} */ record, /** @type {View} */ view) {
  const extra = { currentVersion: record.version };
  const message = 'The record was changed by someone else.';
  if (view.expectedVersion !== record.version) throw new Refusal(412, 'conflict', message, extra);
}

/**
 * Checks and normalises the contact fields `input` (a draft or a patch) holds; blank and null
 * values clear. Adds a code per bad field to `errors`.
 * @param {Store} store @param {Json} input @param {Json} errors
 */
function contactFields(store, input, errors) {
  /** @type {Json} */
  const out = {};
  if ('name' in input) out.name = text(input.name);
  if (out.name?.length > MAX_NAME) errors.name = 'name-too-long';
  for (const [field, norm] of /** @type {const} */ ([
    ['email', normEmail],
    ['phone', normPhone],
  ])) {
    const raw = text(input[field]);
    if (field in input) out[field] = raw ? (norm(raw) ?? null) : null;
    if (raw && !out[field]) errors[field] = `invalid-${field}`;
  }
  if ('companyId' in input) out.companyId = text(input.companyId) || null;
  if (out.companyId && !store.companies.has(out.companyId)) {
    errors.companyId = 'unknown-company';
  }
  return out;
}

/** @param {Json} input @param {boolean} draft a draft needs a name; a patch may leave it out */
function companyFields(input, draft) {
  /** @type {Json} */
  const out = {};
  /** @type {Json} */
  const errors = {};
  if (draft || 'name' in input) out.name = text(input.name);
  if ('name' in out && !out.name) errors.name = 'name-required';
  if (out.name?.length > MAX_NAME) errors.name = 'name-too-long';
  const raw = text(input.domain);
  if ('domain' in input) out.domain = raw ? (normDomain(raw) ?? null) : null;
  if (raw && !out.domain) errors.domain = 'invalid-domain';
  refuseInvalid(errors);
  return out;
}

/** Keeps the `add-contact-info` pending action in step with the contact's email and phone. */
function syncPending(/** @type {Json} */ contact, /** @type {string} */ at) {
  const lacking = !contact.email && !contact.phone;
  const actions = /** @type {Json[]} */ (contact.pendingActions);
  const others = actions.filter(a => a.type !== 'add-contact-info');
  if (!lacking) contact.pendingActions = others;
  else if (others.length === actions.length) {
    actions.push({ id: newId('pa'), type: 'add-contact-info', createdAt: at });
  }
}

/** Stores `next` as the record's new version, in place. @param {Json} record @param {Json} next */
function commit(record, next) {
  const at = now();
  Object.keys(record).forEach(key => delete record[key]);
  Object.assign(record, next, { version: next.version + 1, updatedAt: at });
  if (record.pendingActions) syncPending(record, at);
  return record;
}

/** Sorts and pages a list as `view` says; a cursor is the sort key of the page's last item. */
function page(
  /** @type {Json[]} */ items,
  /** @type {URLSearchParams} */ q,
  /** @type {View} */ view,
) {
  /** @param {Json} r @returns {string[]} */
  const key = r => [view.order === 'activity' ? (r.lastActivityAt ?? '') : '', fold(r.name), r.id];
  /** @param {string[]} a @param {string[]} b */
  const compare = (a, b) => {
    if (a[0] !== b[0]) return a[0] < b[0] ? 1 : -1; // most recent activity first
    return a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0;
  };
  items.sort((a, b) => compare(key(a), key(b)));
  const limit = Math.min(500, Math.max(1, Math.floor(Number(q.get('limit') || 50) || 50)));
  const size = Math.min(limit, view.pageCap ?? limit);
  let start = Math.max(0, Math.floor(Number(q.get('offset')) || 0));
  const cursor = q.get('cursor');
  if (cursor) {
    let after;
    try {
      after = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    } catch {
      throw new Refusal(400, 'validation', 'The cursor is not one this server gave.');
    }
    start = items.findIndex(r => compare(key(r), after) > 0);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + size);
  const last = slice.at(-1);
  const more = last && start + slice.length < items.length;
  const nextCursor = more ? Buffer.from(JSON.stringify(key(last))).toString('base64url') : null;
  return { items: clone(slice), total: items.length, offset: start, nextCursor };
}

/** A single record, with its version as the ETag. @returns {Answer} */
const one = (/** @type {Json} */ record, status = 200) => ({
  status,
  body: clone(record),
  headers: { ETag: `"${record.version}"` },
});

/**
 * Runs `create` once per idempotency key: a repeated key answers what the first request got,
 * whatever its body (`replay`, the default), or 422 when the body differs (`refuse-mismatch`, as
 * the IETF Idempotency-Key draft says). A refused create stores nothing, so its key stays free.
 */
function once(
  /** @type {Call} */ call,
  /** @type {string} */ kind,
  /** @type {() => Answer} */ create,
) {
  const { store } = call;
  const slot = `${kind}:${call.headers['idempotency-key']}`;
  const fingerprint = JSON.stringify(call.body, Object.keys(call.body).sort());
  const seen = store.keys.get(slot);
  if (seen && call.view.idempotency === 'refuse-mismatch' && seen.fingerprint !== fingerprint) {
    throw new Refusal(422, 'validation', 'This Idempotency-Key was used with another body.');
  }
  if (seen) return clone(seen.answer);
  const answer = create();
  store.keys.set(slot, { fingerprint, answer: clone(answer) });
  return answer;
}

/** The channels a conversation with `contact` can start on. @param {Json} contact */
function reachable(contact) {
  const channels = new Set(contact.identities.map((/** @type {Json} */ i) => i.channel));
  if (contact.email) channels.add('email');
  if (contact.phone) channels.add('whatsapp').add('sms');
  return channels;
}

/**
 * The API of `openapi.yaml`, by method and path. Handlers are synchronous, so requests for one
 * person never interleave (concurrent arrivals give one contact).
 * @type {Record<string, (call: Call) => Answer>}
 */
export const API = {
  'GET /contacts': ({ store: s, q, view }) => {
    let list = [...s.contacts.values()];
    const pending = q.get('pending');
    if (pending !== null && !['true', 'false'].includes(pending)) {
      throw new Refusal(400, 'validation', 'pending must be true or false.');
    }
    if (q.has('email') || q.has('phone')) {
      // Exact matches on the normalised values, either one; they take precedence over search.
      const email = normEmail(q.get('email') ?? '');
      const phone = normPhone(q.get('phone') ?? '');
      list = list.filter(c => (email && c.email === email) || (phone && c.phone === phone));
    } else if (q.get('search')?.trim()) {
      list = list.filter(c => found(c, q.get('search') ?? '', ['name', 'email', 'phone']));
    }
    if (pending) list = list.filter(c => c.pendingActions.length > 0 === (pending === 'true'));
    if (q.has('companyId')) list = list.filter(c => c.companyId === q.get('companyId'));
    return { status: 200, body: page(list, q, view) };
  },
  'POST /contacts': call =>
    once(call, 'contact', () => {
      /** @type {Json} */
      const errors = {};
      const fields = contactFields(call.store, call.body, errors);
      if (!text(call.body.email) && !text(call.body.phone)) errors.form = 'contact-info-required';
      refuseInvalid(errors);
      refuseTaken(call.store.contacts, 'email', fields.email);
      refuseTaken(call.store.contacts, 'phone', fields.phone);
      const at = now();
      const contact = assign(
        {
          id: newId('ct'),
          name: fields.name || fields.email || fields.phone,
          nameSource: call.body.nameSource ?? 'agent',
          identities: [],
          pendingActions: [],
          createdAt: at,
          updatedAt: at,
          version: 1,
        },
        { email: fields.email, phone: fields.phone, companyId: fields.companyId },
      );
      call.store.contacts.set(contact.id, contact);
      return one(contact, 201);
    }),
  'GET /contacts/:id': ({ store: s, params }) => one(find(s.contacts, params[0])),
  'PATCH /contacts/:id': ({ store, params, body, view }) => {
    const current = find(store.contacts, params[0]);
    refuseStale(current, view);
    /** @type {Json} */
    const errors = {};
    const fields = contactFields(store, body, errors);
    if ('name' in fields && !fields.name) errors.name = 'name-required';
    const blank = (/** @type {string} */ f) => (f in body ? !text(body[f]) : !current[f]);
    if ((current.email || current.phone) && blank('email') && blank('phone')) {
      errors.form = 'contact-info-required';
    }
    refuseInvalid(errors);
    refuseTaken(store.contacts, 'email', fields.email, current.id);
    refuseTaken(store.contacts, 'phone', fields.phone, current.id);
    const next = assign(clone(current), fields);
    // A changed name becomes the agent's unless the patch says where it came from.
    if (fields.name && fields.name !== current.name) next.nameSource = body.nameSource ?? 'agent';
    else if (body.nameSource) next.nameSource = body.nameSource;
    return one(commit(current, next));
  },
  'GET /contacts/:id/conversations': ({ store: s, params, q }) => {
    find(s.contacts, params[0]);
    const limit = Math.min(100, Math.max(1, Number(q.get('limit') || 10) || 10));
    // Newest first; of two with the same time, the one recorded last.
    const newest = s.conversations
      .filter(c => c.contactId === params[0])
      .reverse()
      .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
    return { status: 200, body: clone(newest.slice(0, limit)) };
  },
  'POST /contacts/:id/conversations': call => {
    const s = call.store;
    const start = () => {
      const contact = find(s.contacts, call.params[0]);
      const { channel } = call.body;
      if (typeof channel !== 'string' || !reachable(contact).has(channel)) {
        const message = `The contact cannot be reached on ${channel}.`;
        const fields = { form: 'contact-info-required' };
        throw new Refusal(422, 'validation', message, { fields });
      }
      const at = now();
      const conversation = { id: newId('cv'), contactId: contact.id, channel, status: 'open' };
      s.conversations.push({ ...conversation, lastActivityAt: at });
      commit(contact, { ...clone(contact), lastActivityAt: at });
      return { status: 201, body: { ...conversation, lastActivityAt: at } };
    };
    return call.headers['idempotency-key'] ? once(call, 'conversation', start) : start();
  },
  'POST /conversations/resolve': ({ store: s, body }) => ({ status: 200, body: resolve(s, body) }),
  'GET /companies': ({ store: s, q, view }) => {
    let list = [...s.companies.values()];
    if (q.has('id')) list = list.filter(c => q.getAll('id').includes(c.id));
    const domain = q.has('domain') ? normDomain(text(q.get('domain'))) : undefined;
    if (q.has('domain')) list = list.filter(c => domain && c.domain === domain);
    else if (q.get('search')?.trim()) {
      list = list.filter(c => found(c, q.get('search') ?? '', ['name', 'domain']));
    }
    return { status: 200, body: page(list, q, view) };
  },
  'POST /companies': call =>
    once(call, 'company', () => {
      const s = call.store;
      const fields = companyFields(call.body, true);
      refuseTaken(s.companies, 'domain', fields.domain);
      const at = now();
      const company = { id: newId('co'), name: '', createdAt: at, updatedAt: at, version: 1 };
      assign(company, fields);
      s.companies.set(company.id, company);
      return one(company, 201);
    }),
  'GET /companies/:id': ({ store: s, params }) => one(find(s.companies, params[0])),
  'PATCH /companies/:id': ({ store: s, params, body, view }) => {
    const current = find(s.companies, params[0]);
    refuseStale(current, view);
    const fields = companyFields(body, false);
    refuseTaken(s.companies, 'domain', fields.domain, current.id);
    return one(commit(current, assign(clone(current), fields)));
  },
};

/** The API handler for a method and a path, with the ids in the path. */
export function route(/** @type {string} */ method, /** @type {string} */ path) {
  for (const [name, handler] of Object.entries(API)) {
    const [verb, pattern] = name.split(' ');
    const match = new RegExp(`^${pattern.replace(/:id/g, '([^/]+)')}$`).exec(path);
    if (verb === method && match) {
      return { handler, params: match.slice(1).map(decodeURIComponent) };
    }
  }
  throw new Refusal(404, 'not-found', `No route ${method} ${path}.`);
}

/** Finds or creates the contact of an arriving conversation: by identity, email, then phone. */
function resolve(/** @type {Store} */ s, /** @type {Json} */ arrival) {
  const channel = text(arrival.channel).toLowerCase();
  let address = text(arrival.address);
  if (!channel || !address) refuseInvalid({ form: 'contact-info-required' });
  const displayName = text(arrival.displayName) || undefined;
  const phoneChannel = ['whatsapp', 'sms', 'phone'].includes(channel);
  const email = normEmail(text(arrival.email ?? (channel === 'email' ? address : '')));
  const phone = normPhone(text(arrival.phone ?? (phoneChannel ? address : '')));
  // A phone channel's address is the phone, an email channel's the email, once normalised.
  if (phoneChannel && phone && !arrival.phone) address = phone;
  if (channel === 'email' && email && !arrival.email) address = email;
  const at = arrival.at ?? now();
  const identity = { channel, address, ...(displayName ? { displayName } : {}), lastSeenAt: at };
  const same = (/** @type {Json} */ i) =>
    i.channel.toLowerCase() === channel && i.address.trim().toLowerCase() === address.toLowerCase();
  const contacts = [...s.contacts.values()];
  /** @type {[string, Json | undefined][]} */
  const tries = [
    ['identity', contacts.find(c => c.identities.some(same))],
    ['email', email && contacts.find(c => c.email === email)],
    ['phone', phone && contacts.find(c => c.phone === phone)],
  ];
  const [matchedBy, current] = tries.find(([, c]) => c) ?? [];
  /** @type {Json} */
  let result;
  if (current) {
    const next = clone(current);
    const known = next.identities.find(same);
    if (known) assign(known, { lastSeenAt: at, displayName });
    else next.identities.push(identity);
    // A channel refreshes only a name that came from a channel.
    if (next.nameSource === 'channel' && displayName) next.name = displayName;
    if (!next.email && email && !contacts.some(c => c.email === email)) next.email = email;
    if (!next.phone && phone && !contacts.some(c => c.phone === phone)) next.phone = phone;
    if (!next.lastActivityAt || at > next.lastActivityAt) next.lastActivityAt = at;
    result = { contact: commit(current, next), outcome: 'matched', matchedBy };
  } else {
    const contact = assign(
      {
        id: newId('ct'),
        name: displayName ?? email ?? phone ?? address,
        nameSource: 'channel',
        identities: [identity],
        pendingActions: [],
        createdAt: at,
        updatedAt: at,
        lastActivityAt: at,
        version: 1,
      },
      { email, phone },
    );
    syncPending(contact, at);
    s.contacts.set(contact.id, contact);
    result = { contact, outcome: 'created' };
  }
  if (arrival.conversationId) {
    const id = String(arrival.conversationId);
    const conversation = assign(
      { id, contactId: result.contact.id, channel, status: 'open', lastActivityAt: at },
      { lastMessagePreview: arrival.preview },
    );
    s.conversations = s.conversations.filter(c => c.id !== id).concat(conversation);
    result.conversation = conversation;
  }
  return clone(result);
}

/** Stores records as given, filling in only the required fields they lack. */
export function seed(/** @type {Store} */ store, /** @type {Json} */ input) {
  const at = now();
  const base = { createdAt: at, updatedAt: at, version: 1 };
  for (const company of input.companies ?? []) {
    const record = { id: newId('co'), name: 'Company', ...base, ...company };
    store.companies.set(record.id, record);
  }
  const count = input.generate ?? 0;
  const generated = Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    // Activity runs across the name order, so an activity-ordered list is not a sorted one.
    const lastActivityAt = new Date(Date.UTC(2024, 0, 1, 0, (i * 37) % count)).toISOString();
    return { name: `Person ${n}`, email: `person${n}@example.com`, lastActivityAt };
  });
  for (const contact of [...(input.contacts ?? []), ...generated]) {
    const defaults = { id: newId('ct'), name: 'Contact', nameSource: 'import' };
    const record = { ...defaults, identities: [], pendingActions: [], ...base, ...contact };
    store.contacts.set(record.id, record);
  }
  for (const conversation of input.conversations ?? []) {
    const defaults = { id: newId('cv'), channel: 'webchat', status: 'open', lastActivityAt: at };
    store.conversations.push({ ...defaults, ...conversation });
  }
}
