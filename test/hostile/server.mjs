// @ts-check
/**
 * The hostile backend: a real `node:http` server that implements `openapi.yaml` over a small
 * store of its own, with faults a test programs per request. It shares no code with the package
 * (the package's model is TypeScript), so passing the conformance suite through the REST adapter
 * shows that a backend written from the contract alone works; the faults show what happens when
 * one does not behave.
 *
 * Every test gets its own store: `POST /__stores` answers `{ url, otherUrl }`, the API base URL
 * of a fresh store on 127.0.0.1 and the same store seen from a second origin (127.0.0.2), which
 * redirects point to. Under a store's base URL:
 *
 * - the API of `openapi.yaml`: `/contacts`, `/contacts/{id}`, `/contacts/{id}/conversations`,
 *   `/conversations/resolve`, `/companies`, `/companies/{id}`;
 * - `POST __reset` empties the store, its faults and its request log;
 * - `POST __seed` `{ contacts?, companies?, conversations?, generate? }` stores records as given
 *   (no validation, so hostile values get in; missing required fields get defaults), and
 *   `generate: n` adds n contacts whose activity order differs from their name order;
 * - `POST __faults` adds one {@link Rule} (answers `{ id }`), `DELETE __faults` removes them all;
 * - `GET __requests` lists the API requests received, oldest first (preflights left out).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A fault, applied to the next `times` requests (every request when absent) whose method and
 * path match; `path` is a regular expression tested against the path after the base URL, e.g.
 * `^/contacts$`. Every matching rule applies, in the order added: `delay` first, then the first
 * rule that answers by itself (`respond`, `hang`, `redirect`, `drop` before the store) ends the
 * request; the others shape the store's answer.
 *
 * @typedef {{ method?: string, path?: string, times?: number, delay?: number } & (
 *   | { kind: 'respond', status: number, body?: unknown, text?: string, headers?: Record<string, string> }
 *   | { kind: 'hang' }
 *   | { kind: 'drop', when?: 'before' | 'after' }
 *   | { kind: 'redirect', to?: string, status?: number }
 *   | { kind: 'page-cap', max: number }
 *   | { kind: 'order', by: 'activity' }
 *   | { kind: 'shape', change: 'items-missing' | 'items-null' | 'drop-field' | 'set-field', field?: string, value?: unknown, index?: number }
 *   | { kind: 'repeat-ids' }
 *   | { kind: 'idempotency', mode: 'replay' | 'refuse-mismatch' }
 *   | { kind: 'delay' }
 * )} Rule
 */

/** @typedef {Record<string, any>} Json */
/** @typedef {{ status: number, body?: unknown, text?: string, headers?: Record<string, string> }} Answer */
/**
 * @typedef {{ contacts: Map<string, Json>, companies: Map<string, Json>, conversations: Json[],
 *   keys: Map<string, { fingerprint: string, answer: Answer }>, rules: (Rule & { id: number })[],
 *   log: Json[], nextRule: number }} Store
 */

const DEFAULT_COUNTRY = 'BR';
const MAX_NAME = 500;
const ALLOWED_HEADERS = 'Accept, Authorization, Content-Type, Idempotency-Key, If-Match';
const MESSAGES = {
  'contact-info-required': 'A contact needs an email address or a phone number.',
  'invalid-email': 'The email address is not valid.',
  'invalid-phone': 'The phone number is not valid.',
  'name-required': 'A name is required.',
  'name-too-long': `A name has at most ${MAX_NAME} characters.`,
  'invalid-domain': 'The domain is not valid.',
  'unknown-company': 'That company does not exist.',
};
const STATUS_CODES = { 400: 'validation', 404: 'not-found', 409: 'duplicate', 412: 'conflict' };

/** A refusal the handlers throw; becomes the contract's `Error` body. */
class Refusal extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {Json} [extra] */
  constructor(status, code, message, extra = {}) {
    super(message);
    this.answer = { status, body: { error: { code, message, ...extra } } };
  }
}

// ---- Normalisation (the contract's rules, written from its descriptions) ------------------------

const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** @param {unknown} raw */
const text = raw => (typeof raw === 'string' ? raw.trim() : '');

/** @param {string} raw @returns {string | undefined} */
function normEmail(raw) {
  const value = raw.replace(/[\r\n]/g, '').trim();
  return EMAIL.test(value) ? value.toLowerCase() : undefined;
}

/** E.164, reading numbers without `+` (or `00`) in the default country. @param {string} raw */
function normPhone(raw) {
  let value = raw.trim();
  const compact = value.replace(/[\s().-]/g, '');
  if (/^00[1-9]/.test(compact)) value = `+${compact.slice(2)}`;
  if (!value || /[a-z]/i.test(value)) return undefined;
  const number = parsePhoneNumberFromString(value, { defaultCountry: DEFAULT_COUNTRY });
  return number?.isPossible() ? number.number : undefined;
}

/** The lower-cased host name, without `www.`. @param {string} raw */
function normDomain(raw) {
  const value = raw.trim();
  if (!value) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    if (url.port || url.username || url.password) return undefined;
    const host = url.hostname.toLowerCase().replace(/^www\./, '');
    const labels = host.split('.');
    const ok = labels.length > 1 && labels.every(l => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l));
    return ok && !/^\d+$/.test(labels.at(-1) ?? '') ? host : undefined;
  } catch {
    return undefined;
  }
}

/** Case- and accent-insensitive text. @param {string} value */
const fold = value => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
/** @param {string} value */
const digits = value => value.replace(/\D/g, '');

/** The tokens every match must contain; a query of phone characters is one number. */
function tokens(/** @type {string} */ query) {
  const value = query.trim();
  if (/^[\d\s()+\-./]+$/.test(value) && /\d/.test(value)) return [digits(value)];
  return fold(value).split(/\s+/).filter(Boolean);
}

/** @param {Json} record @param {string[]} terms @param {string[]} fields */
function found(record, terms, fields) {
  const hay = fields.map(f => (f === 'phone' ? digits(record[f] ?? '') : fold(record[f] ?? '')));
  return terms.every(term => hay.some(value => value.includes(term)));
}

// ---- Validation ----------------------------------------------------------------------------------

/** @param {Json} fields a code per field; throws the contract's 422 when there is any */
function refuseInvalid(fields) {
  const first = Object.values(fields)[0];
  if (first) throw new Refusal(422, 'validation', MESSAGES[first], { fields });
}

/**
 * Checks and normalises the contact fields present in `input` (a draft or a patch); `null` and
 * blank values clear. @param {Json} input @param {Json} errors @returns {Json}
 */
function contactFields(input, errors) {
  /** @type {Json} */
  const out = {};
  if ('name' in input) out.name = text(input.name);
  if (out.name && out.name.length > MAX_NAME) errors.name = 'name-too-long';
  for (const [field, norm, code] of /** @type {const} */ ([
    ['email', normEmail, 'invalid-email'],
    ['phone', normPhone, 'invalid-phone'],
  ])) {
    if (!(field in input)) continue;
    const raw = text(input[field]);
    out[field] = raw ? norm(raw) : null;
    if (raw && !out[field]) errors[field] = code;
  }
  if ('companyId' in input) out.companyId = text(input.companyId) || null;
  return out;
}

// ---- The store -----------------------------------------------------------------------------------

const now = () => new Date().toISOString();
/** @param {string} prefix */
const newId = prefix => `${prefix}_${randomUUID()}`;
/** @param {unknown} value */
const clone = value => structuredClone(value);

/** @param {Json} record @param {Json} values sets each value, deleting those that are null */
function assign(record, values) {
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '') delete record[key];
    else record[key] = value;
  }
}

/** @param {Store} store @param {string} field @param {string | undefined} value @param {string} [self] */
function refuseTaken(store, field, value, self) {
  const kind = field === 'domain' ? store.companies : store.contacts;
  const owner = value && [...kind.values()].find(r => r[field] === value && r.id !== self);
  if (owner) {
    const message = `Another record already has this ${field}.`;
    throw new Refusal(409, 'duplicate', message, { existingId: owner.id, field });
  }
}

/** @param {Map<string, Json>} records @param {string} id @param {string} what */
function find(records, id, what) {
  const record = records.get(id);
  if (!record) throw new Refusal(404, 'not-found', `No ${what} with id ${id}.`);
  return record;
}

/** Keeps the `add-contact-info` pending action in step with the contact's email and phone. */
function syncPending(/** @type {Json} */ contact, /** @type {string} */ at) {
  const lacking = !contact.email && !contact.phone;
  const has = contact.pendingActions.some((/** @type {Json} */ a) => a.type === 'add-contact-info');
  if (lacking && !has) {
    contact.pendingActions.push({ id: newId('pa'), type: 'add-contact-info', createdAt: at });
  } else if (!lacking && has) {
    contact.pendingActions = contact.pendingActions.filter(
      (/** @type {Json} */ a) => a.type !== 'add-contact-info',
    );
  }
}

/** @param {Json} record @param {Json} next stores `next` as the record's new version */
function commit(record, next) {
  const at = now();
  Object.keys(record).forEach(key => delete record[key]);
  Object.assign(record, next, { version: next.version + 1, updatedAt: at });
  if (record.pendingActions) syncPending(record, at);
  return record;
}

/** Sorts and pages a list the way `order` says; the cursor is the last item's sort key. */
function page(
  /** @type {Json[]} */ items,
  /** @type {URLSearchParams} */ q,
  /** @type {Json} */ view,
) {
  /** @param {Json} r @returns {string[]} */
  const key = r => [
    view.order === 'activity' ? (r.lastActivityAt ?? '') : '',
    fold(r.name ?? ''),
    r.id,
  ];
  /** @param {string[]} a @param {string[]} b */
  const compare = (a, b) => {
    if (a[0] !== b[0]) return a[0] < b[0] ? 1 : -1; // activity: newest first
    for (const i of [1, 2]) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
  };
  const sorted = items.sort((a, b) => compare(key(a), key(b)));
  const limit = Math.min(500, Math.max(1, Math.floor(Number(q.get('limit') || 50) || 50)));
  const size = Math.min(limit, view.pageCap ?? limit);
  let start = Math.max(0, Math.floor(Number(q.get('offset') || 0) || 0));
  const cursor = q.get('cursor');
  if (cursor) {
    let after;
    try {
      after = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    } catch {
      throw new Refusal(400, 'validation', 'The cursor is not one this server gave.');
    }
    start = sorted.findIndex(r => compare(key(r), after) > 0);
    if (start < 0) start = sorted.length;
  }
  const slice = sorted.slice(start, start + size);
  const last = slice.at(-1);
  const more = last && start + slice.length < sorted.length;
  const nextCursor = more ? Buffer.from(JSON.stringify(key(last))).toString('base64url') : null;
  return { items: slice.map(clone), total: sorted.length, offset: start, nextCursor };
}

/** A single record, with its version as the ETag. @param {Json} record */
const one = (record, status = 200) => ({
  status,
  body: clone(record),
  headers: { ETag: `"${record.version}"` },
});

/**
 * Runs a create once per idempotency key: a repeated key answers what the first request got,
 * whatever its body (`replay`), or 422 when the body differs (`refuse-mismatch`, as the IETF
 * Idempotency-Key draft says). @returns {Answer}
 */
function once(
  /** @type {Store} */ store,
  /** @type {string} */ slot,
  /** @type {Json} */ body,
  /** @type {Json} */ view,
  /** @type {() => Answer} */ create,
) {
  const fingerprint = JSON.stringify(body, Object.keys(body).sort());
  const seen = store.keys.get(slot);
  if (seen && view.idempotency === 'refuse-mismatch' && seen.fingerprint !== fingerprint) {
    throw new Refusal(422, 'validation', 'This Idempotency-Key was used with another body.');
  }
  if (seen) return clone(seen.answer);
  const answer = create();
  store.keys.set(slot, { fingerprint, answer: clone(answer) });
  return answer;
}

/** @param {Json} contact the channels a conversation can start on */
function reachable(contact) {
  const channels = new Set(contact.identities.map((/** @type {Json} */ i) => i.channel));
  if (contact.email) channels.add('email');
  if (contact.phone) ['whatsapp', 'sms'].forEach(c => channels.add(c));
  return channels;
}

/** @type {Record<string, (s: Store, r: { params: string[], q: URLSearchParams, body: Json, headers: http.IncomingHttpHeaders, view: Json }) => Answer>} */
const API = {
  'GET /contacts': (s, { q, view }) => {
    let list = [...s.contacts.values()];
    if (q.has('email') || q.has('phone')) {
      const email = q.has('email') ? normEmail(q.get('email') ?? '') : undefined;
      const phone = q.has('phone') ? normPhone(q.get('phone') ?? '') : undefined;
      list = list.filter(c => (email && c.email === email) || (phone && c.phone === phone));
    } else if (q.get('search')?.trim()) {
      const terms = tokens(q.get('search') ?? '');
      list = list.filter(c => found(c, terms, ['name', 'email', 'phone']));
    }
    const pending = q.get('pending');
    if (pending !== null && pending !== 'true' && pending !== 'false') {
      throw new Refusal(400, 'validation', 'pending must be true or false.');
    }
    if (pending !== null) {
      list = list.filter(c => c.pendingActions.length > 0 === (pending === 'true'));
    }
    if (q.has('companyId')) list = list.filter(c => c.companyId === q.get('companyId'));
    return { status: 200, body: page(list, q, view) };
  },
  'POST /contacts': (s, { body, headers, view }) =>
    once(s, `contact:${headers['idempotency-key']}`, body, view, () => {
      /** @type {Json} */
      const errors = {};
      const fields = contactFields(body, errors);
      if (!fields.email && !fields.phone && !errors.email && !errors.phone) {
        errors.form = 'contact-info-required';
      }
      refuseInvalid(errors);
      refuseTaken(s, 'email', fields.email);
      refuseTaken(s, 'phone', fields.phone);
      if (fields.companyId && !s.companies.has(fields.companyId)) {
        refuseInvalid({ companyId: 'unknown-company' });
      }
      const at = now();
      const contact = {
        id: newId('ct'),
        name: fields.name || fields.email || fields.phone,
        nameSource: body.nameSource ?? 'agent',
        identities: [],
        pendingActions: [],
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      assign(contact, { email: fields.email, phone: fields.phone, companyId: fields.companyId });
      s.contacts.set(contact.id, contact);
      return one(contact, 201);
    }),
  'GET /contacts/:id': (s, { params }) => one(find(s.contacts, params[0], 'contact')),
  'PATCH /contacts/:id': (s, { params, body, view }) => {
    const current = find(s.contacts, params[0], 'contact');
    if (view.expectedVersion !== current.version) {
      const message = 'The record was changed by someone else.';
      throw new Refusal(412, 'conflict', message, { currentVersion: current.version });
    }
    /** @type {Json} */
    const errors = {};
    const fields = contactFields(body, errors);
    if ('name' in fields && !fields.name) errors.name = 'name-required';
    const next = { ...clone(current), ...fields };
    const blank = (/** @type {string} */ f) => (f in body ? !text(body[f]) : !current[f]);
    if ((current.email || current.phone) && blank('email') && blank('phone')) {
      errors.form = 'contact-info-required';
    }
    refuseInvalid(errors);
    refuseTaken(s, 'email', fields.email, current.id);
    refuseTaken(s, 'phone', fields.phone, current.id);
    if (fields.companyId && !s.companies.has(fields.companyId)) {
      refuseInvalid({ companyId: 'unknown-company' });
    }
    if (fields.name !== undefined && fields.name !== current.name) {
      next.nameSource = body.nameSource ?? 'agent';
    } else if (body.nameSource) next.nameSource = body.nameSource;
    assign(next, { email: next.email, phone: next.phone, companyId: next.companyId });
    return one(commit(current, next));
  },
  'GET /contacts/:id/conversations': (s, { params, q }) => {
    find(s.contacts, params[0], 'contact');
    const limit = Math.min(100, Math.max(1, Number(q.get('limit') || 10) || 10));
    const mine = s.conversations.filter(c => c.contactId === params[0]);
    // Newest first; among equal times the one recorded last.
    const newest = mine
      .reverse()
      .sort((a, b) =>
        a.lastActivityAt < b.lastActivityAt ? 1 : a.lastActivityAt > b.lastActivityAt ? -1 : 0,
      );
    return { status: 200, body: newest.slice(0, limit).map(clone) };
  },
  'POST /contacts/:id/conversations': (s, { params, body, headers, view }) => {
    const start = () => {
      const contact = find(s.contacts, params[0], 'contact');
      if (typeof body.channel !== 'string' || !reachable(contact).has(body.channel)) {
        const message = `The contact cannot be reached on ${body.channel}.`;
        throw new Refusal(422, 'validation', message, {
          fields: { form: 'contact-info-required' },
        });
      }
      const at = now();
      const conversation = {
        id: newId('cv'),
        contactId: contact.id,
        channel: body.channel,
        status: 'open',
        lastActivityAt: at,
      };
      s.conversations.push(conversation);
      commit(contact, { ...clone(contact), lastActivityAt: at });
      return { status: 201, body: clone(conversation) };
    };
    const key = headers['idempotency-key'];
    return key ? once(s, `conversation:${key}`, body, view, start) : start();
  },
  'POST /conversations/resolve': (s, { body }) => resolve(s, body),
  'GET /companies': (s, { q, view }) => {
    let list = [...s.companies.values()];
    if (q.has('domain')) {
      list = list.filter(c => c.domain && c.domain === normDomain(q.get('domain') ?? ''));
    } else if (q.get('search')?.trim()) {
      const terms = tokens(q.get('search') ?? '');
      list = list.filter(c => found(c, terms, ['name', 'domain']));
    }
    return { status: 200, body: page(list, q, view) };
  },
  'POST /companies': (s, { body, headers, view }) =>
    once(s, `company:${headers['idempotency-key']}`, body, view, () => {
      const fields = companyFields(body, true);
      refuseTaken(s, 'domain', fields.domain);
      const at = now();
      const company = {
        id: newId('co'),
        name: fields.name,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      assign(company, { domain: fields.domain });
      s.companies.set(company.id, company);
      return one(company, 201);
    }),
  'GET /companies/:id': (s, { params }) => one(find(s.companies, params[0], 'company')),
  'PATCH /companies/:id': (s, { params, body, view }) => {
    const current = find(s.companies, params[0], 'company');
    if (view.expectedVersion !== current.version) {
      const message = 'The record was changed by someone else.';
      throw new Refusal(412, 'conflict', message, { currentVersion: current.version });
    }
    const fields = companyFields(body, false);
    refuseTaken(s, 'domain', fields.domain ?? undefined, current.id);
    const next = clone(current);
    assign(next, fields);
    return one(commit(current, next));
  },
};

/** @param {Json} input @param {boolean} draft a draft needs a name; a patch may leave it out */
function companyFields(input, draft) {
  /** @type {Json} */
  const errors = {};
  /** @type {Json} */
  const out = {};
  if (draft || 'name' in input) out.name = text(input.name);
  if ('name' in out && !out.name) errors.name = 'name-required';
  if (out.name?.length > MAX_NAME) errors.name = 'name-too-long';
  if ('domain' in input) {
    const raw = text(input.domain);
    out.domain = raw ? (normDomain(raw) ?? null) : null;
    if (raw && !out.domain) errors.domain = 'invalid-domain';
  }
  refuseInvalid(errors);
  return out;
}

/** `POST /conversations/resolve`: find the arrival's contact by identity, email, phone, or create it. */
function resolve(/** @type {Store} */ s, /** @type {Json} */ arrival) {
  const channel = text(arrival.channel).toLowerCase();
  let address = text(arrival.address);
  if (!channel || !address) refuseInvalid({ form: 'contact-info-required' });
  const displayName = text(arrival.displayName) || undefined;
  const byPhone = ['whatsapp', 'sms', 'phone'].includes(channel);
  const email = normEmail(text(arrival.email ?? (channel === 'email' ? address : '')));
  const phone = normPhone(text(arrival.phone ?? (byPhone ? address : '')));
  if (byPhone && phone && !arrival.phone) address = phone;
  if (channel === 'email' && email && !arrival.email) address = email;
  const at = arrival.at ?? now();
  const same = (/** @type {Json} */ i) =>
    i.channel.toLowerCase() === channel && i.address.trim().toLowerCase() === address.toLowerCase();
  const contacts = [...s.contacts.values()];
  /** @type {[string, Json | undefined][]} */
  const tries = [
    ['identity', contacts.find(c => c.identities.some(same))],
    ['email', email ? contacts.find(c => c.email === email) : undefined],
    ['phone', phone ? contacts.find(c => c.phone === phone) : undefined],
  ];
  const [matchedBy, current] = tries.find(([, c]) => c) ?? [];
  /** @type {Json} */
  let result;
  if (current) {
    const next = clone(current);
    const identity = next.identities.find(same);
    if (identity) {
      assign(identity, { lastSeenAt: at, displayName: displayName ?? identity.displayName });
    } else {
      next.identities.push({
        channel,
        address,
        ...(displayName ? { displayName } : {}),
        lastSeenAt: at,
      });
    }
    if (next.nameSource === 'channel' && displayName) next.name = displayName;
    if (!next.email && email && !contacts.some(c => c.email === email)) next.email = email;
    if (!next.phone && phone && !contacts.some(c => c.phone === phone)) next.phone = phone;
    if (!next.lastActivityAt || at > next.lastActivityAt) next.lastActivityAt = at;
    result = { contact: commit(current, next), outcome: 'matched', matchedBy };
  } else {
    const contact = {
      id: newId('ct'),
      name: displayName ?? email ?? phone ?? address,
      nameSource: 'channel',
      identities: [{ channel, address, ...(displayName ? { displayName } : {}), lastSeenAt: at }],
      pendingActions: [],
      createdAt: at,
      updatedAt: at,
      lastActivityAt: at,
      version: 1,
    };
    assign(contact, { email, phone });
    syncPending(contact, at);
    s.contacts.set(contact.id, contact);
    result = { contact, outcome: 'created' };
  }
  if (arrival.conversationId) {
    const id = String(arrival.conversationId);
    const conversation = {
      id,
      contactId: result.contact.id,
      channel,
      status: 'open',
      lastActivityAt: at,
    };
    assign(conversation, { lastMessagePreview: arrival.preview });
    s.conversations = s.conversations.filter(c => c.id !== id).concat(conversation);
    result.conversation = conversation;
  }
  return { status: 200, body: clone(result) };
}

// ---- Faults ------------------------------------------------------------------------------------

/** Changes the records of an answer's body: a page's items, a list, a resolve's contact, a record. */
function reshape(/** @type {Answer} */ answer, /** @type {Json} */ rule) {
  const body = /** @type {Json} */ (answer.body);
  if (!body || typeof body !== 'object') return;
  if (rule.change === 'items-missing') delete body.items;
  else if (rule.change === 'items-null') body.items = null;
  const records = body.items ?? (Array.isArray(body) ? body : [body.contact ?? body]);
  records.forEach((/** @type {Json} */ record, /** @type {number} */ i) => {
    if (rule.index !== undefined && rule.index !== i) return;
    if (rule.change === 'drop-field') delete record[rule.field];
    if (rule.change === 'set-field') record[rule.field] = rule.value;
  });
}

/** A default `Error` body for a status, as the contract shapes it. @param {number} status */
function errorBody(status) {
  const code =
    /** @type {Json} */ (STATUS_CODES)[status] ??
    (status < 500 && status !== 429 ? 'validation' : 'unavailable');
  return { error: { code, message: `Hostile server answered ${status}.` } };
}

// ---- HTTP ----------------------------------------------------------------------------------------

/** @param {http.ServerResponse} res @param {Answer} answer */
function send(res, answer) {
  const payload = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
  res.writeHead(answer.status, {
    ...(answer.text === undefined && answer.body !== undefined
      ? { 'Content-Type': 'application/json' }
      : {}),
    ...answer.headers,
  });
  res.end(payload);
}

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
async function readText(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Finds the API handler for a method and a path, with the path's ids. */
function route(/** @type {string} */ method, /** @type {string} */ path) {
  for (const [name, handler] of Object.entries(API)) {
    const [verb, pattern] = name.split(' ');
    const regex = new RegExp(`^${pattern.replace(/:id/g, '([^/]+)')}$`);
    const match = verb === method ? regex.exec(path) : null;
    if (match) return { handler, params: match.slice(1).map(decodeURIComponent) };
  }
  return undefined;
}

/**
 * Starts the server on 127.0.0.1 and its second origin on 127.0.0.2, both on free ports.
 * @returns {Promise<{ url: string, otherUrl: string, close(): Promise<void> }>}
 */
export async function startHostileServer() {
  /** @type {Map<string, Store>} */
  const stores = new Map();
  /** @type {Set<http.ServerResponse>} */
  const hanging = new Set();
  const origins = { primary: '', other: '' };

  const fresh = () =>
    /** @type {Store} */ ({
      contacts: new Map(),
      companies: new Map(),
      conversations: [],
      keys: new Map(),
      rules: [],
      log: [],
      nextRule: 1,
    });

  /** @param {Store} store @param {string} method @param {string} path @param {Json} entry */
  async function serveApi(store, method, path, search, req, res, entry) {
    const rules = store.rules.filter(
      r => (!r.method || r.method === method) && new RegExp(r.path ?? '').test(path),
    );
    for (const rule of rules) {
      if (rule.times !== undefined && --rule.times <= 0) {
        store.rules.splice(store.rules.indexOf(rule), 1);
      }
    }
    entry.faults = rules.map(r => r.kind);
    const wait = Math.max(0, ...rules.map(r => r.delay ?? 0));
    if (wait) await new Promise(resolve => setTimeout(resolve, wait));

    const stop = rules.find(
      r =>
        ['respond', 'hang', 'redirect'].includes(r.kind) ||
        (r.kind === 'drop' && r.when === 'before'),
    );
    if (stop?.kind === 'hang') {
      hanging.add(res);
      return void res.on('close', () => hanging.delete(res));
    }
    if (stop?.kind === 'drop') return void req.socket.destroy();
    if (stop?.kind === 'redirect') {
      const to = stop.to ?? `${origins.other}${req.url}`;
      return { status: stop.status ?? 302, headers: { Location: to } };
    }
    if (stop?.kind === 'respond') {
      return {
        status: stop.status,
        headers: stop.headers,
        text: stop.text,
        body: stop.text === undefined ? (stop.body ?? errorBody(stop.status)) : undefined,
      };
    }

    const found = route(method, path);
    if (!found) {
      return {
        status: 404,
        body: { error: { code: 'not-found', message: `No route ${method} ${path}.` } },
      };
    }
    /** @type {Json} */
    const view = {};
    for (const r of rules) {
      if (r.kind === 'page-cap') view.pageCap = r.max;
      if (r.kind === 'order') view.order = r.by;
      if (r.kind === 'idempotency') view.idempotency = r.mode;
    }
    let answer;
    try {
      let body = {};
      if (method === 'POST' || method === 'PATCH') {
        const raw = await readText(req);
        try {
          body = JSON.parse(raw);
        } catch {
          throw new Refusal(400, 'validation', 'The body must be JSON.');
        }
        if (!body || typeof body !== 'object' || Array.isArray(body)) {
          throw new Refusal(400, 'validation', 'The body must be a JSON object.');
        }
        entry.body = body;
      }
      if (
        method === 'POST' &&
        /^\/(contacts|companies)$/.test(path) &&
        !text(req.headers['idempotency-key'])
      ) {
        throw new Refusal(400, 'validation', 'The Idempotency-Key header is required.');
      }
      if (method === 'PATCH') {
        const match = /^(?:W\/)?"(\d+)"$/.exec(text(req.headers['if-match']));
        if (!match) {
          throw new Refusal(
            428,
            'validation',
            'An If-Match header with the expected version is required.',
          );
        }
        view.expectedVersion = Number(match[1]);
      }
      entry.stored = true;
      answer = found.handler(store, {
        params: found.params,
        q: new URLSearchParams(search),
        body,
        headers: req.headers,
        view,
      });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      answer = /** @type {Answer} */ (clone(error.answer));
    }
    for (const r of rules) {
      if (r.kind === 'shape') reshape(answer, r);
      const items = /** @type {Json} */ (answer.body)?.items;
      if (r.kind === 'repeat-ids' && Array.isArray(items) && items.length) {
        items.splice(1, 0, clone(items[0]));
      }
    }
    if (rules.some(r => r.kind === 'drop')) return void req.socket.destroy();
    return answer;
  }

  /** @param {Store} store @param {string} path @param {http.IncomingMessage} req */
  async function serveControl(store, id, path, req) {
    const input = req.method === 'POST' ? JSON.parse((await readText(req)) || '{}') : {};
    if (req.method === 'POST' && path === '/__reset') {
      stores.set(id, fresh());
      return { status: 204 };
    }
    if (req.method === 'POST' && path === '/__seed') {
      seed(store, input);
      return { status: 204 };
    }
    if (req.method === 'POST' && path === '/__faults') {
      const rule = { ...input, id: store.nextRule++ };
      new RegExp(rule.path ?? ''); // refuse a bad pattern now rather than on every request
      store.rules.push(rule);
      return { status: 201, body: { id: rule.id } };
    }
    if (req.method === 'DELETE' && path === '/__faults') {
      store.rules = [];
      return { status: 204 };
    }
    if (req.method === 'GET' && path === '/__requests') return { status: 200, body: store.log };
    return {
      status: 404,
      body: { error: { code: 'not-found', message: `No control ${req.method} ${path}.` } },
    };
  }

  /** @param {'primary' | 'other'} origin */
  const handle =
    origin =>
    async (/** @type {http.IncomingMessage} */ req, /** @type {http.ServerResponse} */ res) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'ETag, Retry-After, Location');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE',
          'Access-Control-Allow-Headers': ALLOWED_HEADERS,
          'Access-Control-Max-Age': '600',
        });
        return void res.end();
      }
      const url = new URL(req.url ?? '/', 'http://host');
      const method = req.method ?? 'GET';
      try {
        if (method === 'POST' && url.pathname === '/__stores') {
          const id = randomUUID().slice(0, 8);
          stores.set(id, fresh());
          return send(res, {
            status: 201,
            body: { url: `${origins.primary}/s/${id}`, otherUrl: `${origins.other}/s/${id}` },
          });
        }
        const [, id = '', rest = '/'] = /^\/s\/([^/]+)(\/.*)?$/.exec(url.pathname) ?? [];
        const store = stores.get(id);
        if (!store) {
          return send(res, {
            status: 404,
            body: { error: { code: 'not-found', message: 'No such store.' } },
          });
        }
        if (rest.startsWith('/__')) return send(res, await serveControl(store, id, rest, req));
        const entry = {
          method,
          path: rest,
          query: Object.fromEntries(url.searchParams),
          origin,
          headers: Object.fromEntries(
            ['idempotency-key', 'if-match', 'content-type', 'authorization']
              .filter(h => req.headers[h] !== undefined)
              .map(h => [h, req.headers[h]]),
          ),
          at: Date.now(),
          stored: false,
          status: /** @type {number | null} */ (null),
        };
        store.log.push(entry);
        const answer = await serveApi(store, method, rest, url.search, req, res, entry);
        if (answer) {
          entry.status = answer.status;
          send(res, answer);
        }
      } catch (error) {
        console.error('hostile server:', error);
        send(res, {
          status: 500,
          body: { error: { code: 'unavailable', message: String(error) } },
        });
      }
    };

  const primary = http.createServer(handle('primary'));
  const other = http.createServer(handle('other'));
  /** @param {http.Server} server @param {string} host */
  const listen = (server, host) =>
    new Promise(resolve =>
      server.listen(0, host, () =>
        resolve(
          `http://${host}:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`,
        ),
      ),
    );
  origins.primary = /** @type {string} */ (await listen(primary, '127.0.0.1'));
  origins.other = /** @type {string} */ (await listen(other, '127.0.0.2'));

  return {
    url: origins.primary,
    otherUrl: origins.other,
    async close() {
      for (const res of hanging) res.destroy();
      for (const server of [primary, other]) {
        server.closeAllConnections();
        await new Promise(resolve => server.close(resolve));
      }
    },
  };
}

/** Stores records as given, filling in only what the contract requires and they lack. */
function seed(/** @type {Store} */ store, /** @type {Json} */ input) {
  const at = now();
  const base = { createdAt: at, updatedAt: at, version: 1 };
  for (const company of input.companies ?? []) {
    const record = { id: newId('co'), name: 'Company', ...base, ...company };
    store.companies.set(record.id, record);
  }
  const generated = Array.from({ length: input.generate ?? 0 }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    // Activity runs against the name order, so an activity-ordered list differs from a sorted one.
    const minutes = (i * 37) % (input.generate ?? 1);
    return {
      name: `Person ${n}`,
      email: `person${n}@example.com`,
      lastActivityAt: new Date(Date.UTC(2024, 0, 1, 0, minutes)).toISOString(),
    };
  });
  for (const contact of [...(input.contacts ?? []), ...generated]) {
    const record = {
      id: newId('ct'),
      name: 'Contact',
      nameSource: 'import',
      identities: [],
      pendingActions: [],
      ...base,
      ...contact,
    };
    store.contacts.set(record.id, record);
  }
  for (const conversation of input.conversations ?? []) {
    store.conversations.push({
      id: newId('cv'),
      status: 'open',
      lastActivityAt: at,
      channel: 'webchat',
      ...conversation,
    });
  }
}

// Run directly (`node test/hostile/server.mjs`) to poke at it with curl.
if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startHostileServer();
  console.log(`hostile server on ${server.url} (other origin ${server.otherUrl})`);
}
