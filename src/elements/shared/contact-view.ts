/**
 * The read view of a record, in pieces that `<contact-detail>`, its company view and
 * `<conversation-contact-sidebar>` compose into their own layouts: the header with the initials
 * avatar, the field rows (email and phone as links, channels as chips, dates), the pending-action
 * notice, the empty, load-error and loading states. Their styles are `contactViewStyles`.
 */
import { html, nothing } from 'lit';

import { isContactsError } from '../../adapter/errors.js';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import { isValidEmail } from '../../model/email.js';
import { formatPhone } from '../../model/phone.js';
import type { Contact } from '../../model/types.js';
import { channelName, describeError } from './errors.js';

const E164 = /^\+[1-9]\d{1,14}$/;
const AVATAR_TONES = 6;

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = Array.from(words[0] ?? '')[0] ?? '';
  const last = words.length > 1 ? (Array.from(words[words.length - 1]!)[0] ?? '') : '';
  return (first + last).toLocaleUpperCase();
}

/** A stable colour per record, so a contact keeps its avatar colour everywhere. */
export function toneOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % AVATAR_TONES;
}

/** The highest version among `records` that has the id `id`: loaded, pushed or saved copies. */
export function newest<T extends { id: string; version: number }>(
  id: string | undefined,
  ...records: (T | undefined)[]
): T | undefined {
  let best: T | undefined;
  for (const record of records) {
    if (record && record.id === id && (!best || record.version > best.version)) best = record;
  }
  return best;
}

export function avatar(id: string, name: string) {
  return html`<span class="avatar tone-${toneOf(id)}" part="avatar" aria-hidden="true"
    >${initials(name)}</span
  >`;
}

/**
 * A record's header: initials, the name as the focusable `#heading`, what goes under the name
 * (`subtitle`), and the record's actions.
 */
export function recordHeader(id: string, name: string, subtitle: unknown, actions: unknown) {
  return html`<header class="header" part="header">
    ${avatar(id, name)}
    <div class="title">
      <h2 id="heading" part="heading" tabindex="-1" dir="auto">${name}</h2>
      ${subtitle}
    </div>
    <div class="actions" part="actions">${actions}</div>
  </header>`;
}

/** A state with nothing to show yet: no adapter, nothing selected. */
export function emptyState(title: string, hint: string) {
  return html`<div class="empty" part="empty">
    <p class="empty-title">${title}</p>
    <p class="hint">${hint}</p>
  </div>`;
}

export interface LoadErrorText {
  /** The state's heading when the record does not exist (any more). */
  notFound: string;
  /** The alert's title for any other failure. */
  failed: string;
  /** `h2` (default) or `p`: the not-found title's element. */
  notFoundAs?: 'h2' | 'p';
}

/** A failed load: "not found" as an empty state, anything else as an alert with Retry. */
export function loadError(
  localize: LocalizeController,
  error: unknown,
  text: LoadErrorText,
  retry: () => unknown,
  className = '',
) {
  const t = localize.t;
  if (isContactsError(error, 'not-found')) {
    const title =
      text.notFoundAs === 'p'
        ? html`<p class="empty-title">${text.notFound}</p>`
        : html`<h2 class="empty-title">${text.notFound}</h2>`;
    return html`<div class="empty" part="empty">
      ${title}
      <p class="hint">${t.common.errorNotFound}</p>
    </div>`;
  }
  return html`<div class="alert alert--danger ${className}" part="error" role="alert">
    <p><strong>${text.failed}</strong></p>
    <p>${describeError(t, error)}</p>
    <div class="alert-actions">
      <button type="button" @click=${retry}>${t.common.retry}</button>
    </div>
  </div>`;
}

/** One label and value of a `<dl class="fields">`. */
export function fieldRow(label: string, value: unknown) {
  return html`<div class="field-row">
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;
}

export function notSet(localize: LocalizeController) {
  return html`<span class="muted">${localize.t.detail.notSet}</span>`;
}

export function emailValue(localize: LocalizeController, email: string | undefined) {
  if (!email) return notSet(localize);
  // Only a well-formed address becomes a link; anything else shows as plain text.
  return isValidEmail(email) ? html`<a href="mailto:${email}">${email}</a>` : email;
}

export function phoneValue(localize: LocalizeController, phone: string | undefined) {
  if (!phone) return notSet(localize);
  const shown = formatPhone(phone, localize.lang);
  return E164.test(phone) ? html`<a href="tel:${phone}">${shown}</a>` : shown;
}

export function channelsValue(localize: LocalizeController, contact: Contact) {
  const t = localize.t;
  const channels = [...new Set(contact.identities.map(identity => identity.channel))];
  if (!channels.length) return html`<span class="muted">${t.detail.noChannels}</span>`;
  return html`<ul class="chips">
    ${channels.map(channel => html`<li class="chip">${channelName(t, channel)}</li>`)}
  </ul>`;
}

export function timeValue(localize: LocalizeController, iso: string | undefined) {
  if (!iso) return notSet(localize);
  return html`<time datetime=${iso}
    >${localize.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' })}</time
  >`;
}

export function hasPendingContactInfo(contact: Contact): boolean {
  return contact.pendingActions.some(action => action.type === 'add-contact-info');
}

/** "Missing contact information" with its "Add contact information" button, when pending. */
export function pendingNotice(
  localize: LocalizeController,
  contact: Contact,
  onAdd: () => unknown,
) {
  const t = localize.t;
  if (!hasPendingContactInfo(contact)) return nothing;
  return html`<div class="alert alert--warning pending" part="pending">
    <p><strong>${t.detail.pendingTitle}</strong></p>
    <p>${t.detail.pendingHint}</p>
    <div class="alert-actions">
      <button id="add-info" type="button" @click=${onAdd}>${t.detail.addContactInfo}</button>
    </div>
  </div>`;
}

/** The loading placeholder of a record: an announced label and shimmering bones. */
export function skeleton(label: string, part = 'base skeleton') {
  return html`<div class="base skeleton" part=${part} aria-busy="true">
    <p class="visually-hidden" role="status">${label}</p>
    <div class="header" aria-hidden="true">
      <span class="avatar bone"></span>
      <span class="bone bone--title"></span>
    </div>
    <div class="bones" aria-hidden="true">
      <span class="bone"></span>
      <span class="bone bone--short"></span>
      <span class="bone"></span>
      <span class="bone bone--short"></span>
    </div>
  </div>`;
}
