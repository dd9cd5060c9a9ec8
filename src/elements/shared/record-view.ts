/**
 * The read view of a record, in pieces that `<contact-detail>`, its company view and
 * `<conversation-contact-sidebar>` compose into their own layouts: the header with the initials
 * avatar, the field rows (email and phone as links, channels as chips, dates), the company cell,
 * the recent conversations and the pending-action notice. Loaded with the first record
 * (`loadRecordView` in contact-view.ts); styles in `contactViewStyles`.
 */
import { TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';

import type { LocalizeController } from '../../controllers/localize-controller.js';
import { addLaterStrings } from '../../i18n/en/later.js';
import type { Translation } from '../../i18n/translation.js';
import { isValidEmail } from '../../model/email.js';
import { formatPhone } from '../../model/phone.js';
import type { Company, Contact, ConversationSummary } from '../../model/types.js';
import type { ContactRelations } from './contact-relations.js';
import { describeError } from './errors.js';
import { ownEntry } from './lookup.js';

export { recordViewStyles } from './record-view.styles.js';

// This part shows strings a first paint leaves out.
addLaterStrings();

/** A phone a `tel:` link may carry: a leading + and digits only. */
const E164 = /^\+[1-9]\d{1,14}$/;
const AVATAR_TONES = 6;

/**
 * Characters that are not shown as themselves: format controls (zero-width characters, bidi
 * embeddings, overrides and isolates, the BOM) and other controls. The zero-width joiner and
 * non-joiner stay: emoji sequences and some scripts need them.
 */
const HIDDEN = /[\p{Cf}\p{Cc}]/gu;
const JOINERS = new Set(['\u200C', '\u200D']);
/** The first character of a word that draws something, with its combining marks. */
const GLYPH = /[^\p{Cf}\p{Cc}\p{Cs}\p{M}\p{Z}\s]\p{M}*/u;

/** `value` without invisible and direction-control characters, trimmed; '' for a non-string. */
export function visibleText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return (
    value
      .replace(HIDDEN, char =>
        JOINERS.has(char) ? char : char === '\t' || char === '\n' ? ' ' : '',
      )
      // Combining marks with no character before them to combine with.
      .replace(/(^|\s)\p{M}+/gu, '$1')
      .trim()
  );
}

/** What a heading shows for `name`: its visible text, or `fallback` when nothing of it shows. */
export function displayName(name: unknown, fallback: string): string {
  const shown = visibleText(name);
  return GLYPH.test(shown) ? shown : fallback;
}

/** What a contact's heading shows when its name has nothing visible: email, phone, or "Unnamed contact". */
export function contactFallback(localize: LocalizeController, contact: Contact): string {
  const phone = contact.phone ? formatPhone(contact.phone, localize.lang) : '';
  return (
    displayName(contact.email, '') || displayName(phone, '') || localize.t.detail.unnamedContact
  );
}

export function initials(name: unknown): string {
  const words = visibleText(name)
    .split(/\s+/)
    .map(word => GLYPH.exec(word)?.[0] ?? '')
    .filter(Boolean);
  const first = words[0] ?? '';
  const last = words.length > 1 ? words[words.length - 1]! : '';
  return (first + last).toLocaleUpperCase();
}

/**
 * A `mailto:` URL that opens a message to `email` and nothing more, or undefined when `email` is
 * no well-formed address. Each side of the `@` is percent-encoded, so `?`, `&`, `=` or `%` in the
 * address stay part of it and never add headers (cc, bcc, subject, body).
 */
export function mailtoHref(email: unknown): string | undefined {
  if (typeof email !== 'string' || /\s/.test(email) || !isValidEmail(email)) return undefined;
  const at = email.lastIndexOf('@');
  return `mailto:${encodeURIComponent(email.slice(0, at))}@${encodeURIComponent(email.slice(at + 1))}`;
}

/** A `tel:` URL for an E.164 number (a leading + and digits only), else undefined. */
export function telHref(phone: unknown): string | undefined {
  return typeof phone === 'string' && E164.test(phone) ? `tel:${phone}` : undefined;
}

/** A stable colour per record, so a contact keeps its avatar colour everywhere. */
export function toneOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % AVATAR_TONES;
}

export function avatar(id: string, name: unknown) {
  return html`<span class="avatar tone-${toneOf(id)}" part="avatar" aria-hidden="true"
    >${initials(name)}</span
  >`;
}

/**
 * A record's header: initials, the name as the focusable `#heading`, what goes under the name
 * (`subtitle`), and the record's actions. A name with nothing visible in it (empty, or only
 * invisible and direction-control characters) shows `fallback` instead, in the heading and the
 * initials alike.
 */
export function recordHeader(
  id: string,
  name: unknown,
  subtitle: unknown,
  actions: unknown,
  fallback = '',
) {
  const shown = displayName(name, fallback);
  return html`<header class="header" part="header">
    ${avatar(id, shown)}
    <div class="title">
      <h2 id="heading" part="heading" tabindex="-1" dir="auto">${shown}</h2>
      ${subtitle}
    </div>
    <div class="actions" part="actions">${actions}</div>
  </header>`;
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
  // Only a well-formed address becomes a link, encoded; anything else shows as plain text.
  const href = mailtoHref(email);
  return href ? html`<a href=${href} dir="ltr">${email}</a>` : email;
}

export function phoneValue(localize: LocalizeController, phone: string | undefined) {
  if (!phone) return notSet(localize);
  const shown = formatPhone(phone, localize.lang);
  const href = telHref(phone);
  return href ? html`<a href=${href}>${shown}</a>` : shown;
}

export function channelsValue(localize: LocalizeController, contact: Contact) {
  const t = localize.t;
  const channels = [...new Set((contact.identities ?? []).map(identity => identity.channel))];
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
  return (contact.pendingActions ?? []).some(action => action?.type === 'add-contact-info');
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

/** The translated name of a channel, or the host's own channel name as it is. */
export function channelName(t: Translation, channel: string): string {
  return ownEntry(t.common.channels, channel) ?? String(channel);
}

/** The translated status of a conversation, or the adapter's own status as it is. */
export function statusName(t: Translation, status: string): string {
  return ownEntry(t.common.conversationStatus, status) ?? String(status);
}

/** Where a contact's name came from, translated; the adapter's own value as it is. */
export function nameSourceText(t: Translation, source: string | undefined): string | undefined {
  if (!source) return undefined;
  return ownEntry(t.detail.nameSource, source) ?? String(source);
}

/** A contact's company cell: a button when `onOpen` is given, else its name as text. */
export function companyCell(
  localize: LocalizeController,
  relations: ContactRelations,
  onOpen?: (company: Company) => void,
) {
  if (!relations.companyId) return notSet(localize);
  const company = relations.company;
  if (company) {
    const name = displayName(company.name, displayName(company.domain, ''));
    if (!onOpen) return name;
    return html`<button type="button" class="link" dir="auto" @click=${() => onOpen(company)}>
      ${name}
    </button>`;
  }
  if (relations.companyTask.status === TaskStatus.ERROR) {
    return html`<span class="muted"
      >${describeError(localize.t, relations.companyTask.error)}</span
    >`;
  }
  return html`<span class="muted">${localize.t.common.loading}</span>`;
}

export interface ConversationsRenderOptions {
  /** A conversation to mark, e.g. the one on screen. */
  currentId?: string | undefined;
  /** The mark's text. */
  currentLabel?: string;
}

/** A contact's "Recent conversations" section, with its own loading, empty and error states. */
export function conversationsSection(
  localize: LocalizeController,
  relations: ContactRelations,
  options: ConversationsRenderOptions = {},
) {
  const t = localize.t;
  const task = relations.conversationsTask;
  let body: unknown;
  if (task.value && task.status !== TaskStatus.ERROR) {
    body = task.value.length
      ? html`<ul class="conversations" aria-labelledby="conversations-heading">
          ${task.value.map(conversation => conversationItem(localize, conversation, options))}
        </ul>`
      : html`<p class="muted">${t.detail.noConversations}</p>`;
  } else if (task.status === TaskStatus.ERROR) {
    body = html`<div class="alert alert--danger" role="alert">
      <p>${t.detail.loadConversationsFailed} ${describeError(t, task.error)}</p>
      <div class="alert-actions">
        <button type="button" @click=${() => task.run()}>${t.common.retry}</button>
      </div>
    </div>`;
  } else {
    body = html`<p class="muted" aria-busy="true">${t.detail.loadingConversations}</p>`;
  }
  return html`<section class="section" part="conversations" aria-labelledby="conversations-heading">
    <h3 id="conversations-heading">${t.detail.recentConversations}</h3>
    ${body}
  </section>`;
}

function conversationItem(
  localize: LocalizeController,
  conversation: ConversationSummary,
  options: ConversationsRenderOptions,
) {
  const t = localize.t;
  const status = statusName(t, conversation.status);
  const current = options.currentLabel && conversation.id === options.currentId;
  return html`<li class="conversation ${current ? 'conversation--current' : ''}">
    <div class="conversation-meta">
      <span class="channel">${channelName(t, conversation.channel)}</span>
      <span class="status status--${conversation.status}">${status}</span>
      ${current ? html`<span class="current">${options.currentLabel}</span>` : nothing}
      <time datetime=${conversation.lastActivityAt}
        >${localize.formatDate(conversation.lastActivityAt, {
          dateStyle: 'short',
          timeStyle: 'short',
        })}</time
      >
    </div>
    <p class="preview" dir="auto">${conversation.lastMessagePreview ?? t.detail.noPreview}</p>
  </li>`;
}
