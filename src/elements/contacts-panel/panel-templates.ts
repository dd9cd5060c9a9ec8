/**
 * The stateless pieces of the panel's markup and wording: each is a function of what it shows
 * and of the handlers it calls, so the element class keeps the state and the composition.
 */
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';

import {
  QUERY_TABS,
  type QueryRow,
  type QueryState,
  type QueryTab,
} from '../../controllers/paged-query-controller.js';
import { isContactsError } from '../../adapter/errors.js';
import type { ContactsAdapter } from '../../adapter/types.js';
import type { ContactsOpenExistingEvent } from '../../events/contacts-open-existing.js';
import type { ContactsSelectEvent } from '../../events/contacts-select.js';
import type { Translation } from '../../i18n/translation.js';
import { type CountryCode, formatPhone } from '../../model/phone.js';
import type { Company, Contact } from '../../model/types.js';
// Types only: template checks know the tag; the panel loads the details after its first render.
import type {} from '../contact-detail/contact-detail.js';
import type { ListboxOption } from '../contacts-virtual-listbox/contacts-virtual-listbox.js';
import { describeError } from '../shared/errors.js';
import type { FormKind } from '../shared/forms.js';

const SKELETON_ROWS = 8;

/** What the plus button of a tab creates. */
export function kindOf(tab: QueryTab): FormKind {
  return tab === 'companies' ? 'company' : 'contact';
}

/** The tab listing records of `kind`. */
export function tabOf(kind: FormKind): QueryTab {
  return kind === 'company' ? 'companies' : 'contacts';
}

export function noAdapterTemplate(t: Translation) {
  return html`<div class="base no-adapter" part="base">
    <div class="empty" part="empty">
      <p class="empty-title">${t.common.noAdapter}</p>
      <p class="hint">${t.common.noAdapterHint}</p>
    </div>
  </div>`;
}

export function tabsTemplate(
  t: Translation,
  shown: QueryTab,
  onKeyDown: (event: KeyboardEvent) => void,
  onPick: (tab: QueryTab) => void,
) {
  const labels: Record<QueryTab, string> = {
    contacts: t.panel.contactsTab,
    companies: t.panel.companiesTab,
  };
  return html`<div class="header" part="header">
    <div class="tabs" part="tabs" role="tablist" aria-label=${t.panel.tabs} @keydown=${onKeyDown}>
      ${QUERY_TABS.map(tab => {
        const selected = tab === shown;
        return html`<button
          id="tab-${tab}"
          class="tab"
          part=${selected ? 'tab tab-selected' : 'tab'}
          type="button"
          role="tab"
          aria-selected=${selected ? 'true' : 'false'}
          aria-controls="tabpanel"
          tabindex=${selected ? '0' : '-1'}
          @click=${() => onPick(tab)}
        >
          ${labels[tab]}
        </button>`;
      })}
    </div>
  </div>`;
}

/** The tab a key in the tab list moves to (the arrows follow the reading direction). */
export function tabForKey(key: string, shown: QueryTab, rtl: boolean): QueryTab | undefined {
  const index = QUERY_TABS.indexOf(shown);
  let next: number;
  switch (key) {
    case 'ArrowRight':
      next = index + (rtl ? -1 : 1);
      break;
    case 'ArrowLeft':
      next = index + (rtl ? 1 : -1);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = QUERY_TABS.length - 1;
      break;
    default:
      return undefined;
  }
  return QUERY_TABS[(next + QUERY_TABS.length) % QUERY_TABS.length];
}

/** The search field and the plus button. */
export function toolbarTemplate(
  t: Translation,
  tab: QueryTab,
  search: string,
  onInput: (event: Event) => void,
  onKeyDown: (event: KeyboardEvent) => void,
  onCreate: () => void,
) {
  const contacts = tab === 'contacts';
  return html`<div class="toolbar" part="toolbar">
    <label class="visually-hidden" for="search"
      >${contacts ? t.panel.searchContacts : t.panel.searchCompanies}</label
    >
    <input
      id="search"
      class="search"
      part="search"
      type="search"
      autocomplete="off"
      spellcheck="false"
      placeholder=${contacts ? t.panel.searchContactsPlaceholder : t.panel.searchCompaniesPlaceholder}
      .value=${live(search)}
      @input=${onInput}
      @keydown=${onKeyDown}
    />
    <button id="new" class="primary new" part="new-button" type="button" @click=${onCreate}>
      <span class="plus" aria-hidden="true">+</span>
      <span>${contacts ? t.panel.newContact : t.panel.newCompany}</span>
    </button>
  </div>`;
}

/** The "Pending actions" toggle of the contacts list, with its count once known. */
export function filterTemplate(
  t: Translation,
  contacts: QueryState,
  formatNumber: (value: number) => string,
  onToggle: () => void,
) {
  const count = contacts.pendingTotal;
  return html`<div class="filters">
    <button
      class="filter"
      part="filter"
      type="button"
      aria-pressed=${contacts.pending ? 'true' : 'false'}
      @click=${onToggle}
    >
      <span class="check" aria-hidden="true"></span>
      <span>${t.panel.pendingFilter}</span>
      ${
        count === undefined
          ? nothing
          : html`<span class="badge"
              >${
                contacts.pendingExact ? formatNumber(count) : t.panel.atLeast(formatNumber(count))
              }</span
            >`
      }
    </button>
  </div>`;
}

export function skeletonTemplate(t: Translation, tab: QueryTab) {
  const label = tab === 'contacts' ? t.panel.loadingContacts : t.panel.loadingCompanies;
  return html`<div class="skeleton" part="skeleton" aria-busy="true">
    <p class="visually-hidden" role="status">${label}</p>
    ${Array.from(
      { length: SKELETON_ROWS },
      () =>
        html`<div class="bone-row" aria-hidden="true">
          <span class="bone"></span><span class="bone bone--short"></span>
        </div>`,
    )}
  </div>`;
}

/** What a list's load failure asks the agent to do. */
export function loadErrorMessage(t: Translation, error: unknown): string {
  if (isContactsError(error, 'unauthorized')) return t.panel.loadUnauthorized;
  if (isContactsError(error, 'invalid-response')) return t.panel.loadInvalidResponse;
  return describeError(t, error);
}

/**
 * A list's load failure with Retry; `retryIn` (seconds) counts down to the automatic retry when
 * the server said when to come back.
 */
export function loadErrorTemplate(
  t: Translation,
  tab: QueryTab,
  error: unknown,
  onRetry: () => void,
  retryIn?: { seconds: number; formatted: string },
) {
  return html`<div class="alert alert--danger load-error" part="error" role="alert">
    <p>
      <strong
        >${tab === 'contacts' ? t.panel.loadContactsFailed : t.panel.loadCompaniesFailed}</strong
      >
    </p>
    <p>${loadErrorMessage(t, error)}</p>
    ${retryIn ? html`<p class="retry-in">${t.panel.retryingIn(retryIn.seconds, retryIn.formatted)}</p>` : nothing}
    <div class="alert-actions">
      <button type="button" @click=${onRetry}>${t.common.retry}</button>
    </div>
  </div>`;
}

/** The title of a list with no records: none yet, or none matching. */
export function emptyTitle(t: Translation, tab: QueryTab, state: QueryState): string {
  const search = state.search.trim();
  if (tab === 'companies') {
    return search ? t.panel.noCompaniesMatch(search) : t.panel.noCompaniesYet;
  }
  if (state.pending) {
    return search ? t.panel.noPendingContactsMatch(search) : t.panel.noPendingContacts;
  }
  return search ? t.panel.noContactsMatch(search) : t.panel.noContactsYet;
}

/** What the live region says once a list's query answered; undefined before. */
export function countMessage(
  t: Translation,
  tab: QueryTab,
  state: QueryState,
  formatNumber: (value: number) => string,
): string | undefined {
  const total = state.rows?.total;
  if (total === undefined) return undefined;
  if (total === 0) return emptyTitle(t, tab, state);
  // A lower bound reads "1,000+ contacts".
  const number = formatNumber(total);
  const formatted = state.rows?.totalExact === false ? t.panel.atLeast(number) : number;
  if (tab === 'companies') return t.panel.companyCount(total, formatted);
  if (state.pending) return t.panel.pendingCount(total, formatted);
  return t.panel.contactCount(total, formatted);
}

export function emptyTemplate(
  t: Translation,
  tab: QueryTab,
  state: QueryState,
  onClearSearch: () => void,
  onCreate: () => void,
) {
  const contacts = tab === 'contacts';
  const filtered = !!state.search.trim() || (contacts && state.pending);
  let hint: string;
  if (filtered) hint = contacts ? t.panel.noResultsHint : t.panel.noCompanyResultsHint;
  else hint = contacts ? t.panel.noContactsYetHint : t.panel.noCompaniesYetHint;
  return html`<div class="empty" part="empty">
    <p class="empty-title">${emptyTitle(t, tab, state)}</p>
    <p class="hint">${hint}</p>
    ${
      filtered
        ? state.search.trim()
          ? html`<button type="button" @click=${onClearSearch}>${t.panel.clearSearch}</button>`
          : nothing
        : html`<button type="button" class="primary" @click=${onCreate}>
            <span class="plus" aria-hidden="true">+</span>
            <span>${contacts ? t.panel.newContact : t.panel.newCompany}</span>
          </button>`
    }
  </div>`;
}

/**
 * One option of the list: a loading placeholder until `record` is known, else its row. A contact
 * shows its email or else its phone (formatted for `lang`), and its company's name once known.
 */
export function optionTemplate(
  t: Translation,
  lang: string,
  tab: QueryTab,
  record: QueryRow | undefined,
  selectedId: string | null,
  companyName: (id: string) => string | undefined,
  unavailable = false,
): ListboxOption {
  if (!record && unavailable) {
    return {
      selected: false,
      loading: false,
      content: html`<span class="name muted">${t.panel.unavailableRow}</span>`,
    };
  }
  if (!record) {
    return {
      selected: false,
      loading: true,
      content: html`<span class="name muted">${t.panel.loadingRow}</span>`,
    };
  }
  const selected = record.id === selectedId;
  if (tab === 'companies') {
    return { selected, loading: false, content: companyRowTemplate(record as Company) };
  }
  const contact = record as Contact;
  const reach =
    text(contact.email) ?? (text(contact.phone) ? phoneText(contact.phone, lang) : undefined);
  const company = text(contact.companyId) ? companyName(contact.companyId!) : undefined;
  return { selected, loading: false, content: contactRowTemplate(t, contact, reach, company) };
}

/**
 * A contact row: the name, a pending marker, the email or phone (`reach`, formatted) and the
 * company's name once known.
 */
export function contactRowTemplate(
  t: Translation,
  contact: Contact,
  reach: string | undefined,
  company: string | undefined,
) {
  const pending = Array.isArray(contact.pendingActions) && contact.pendingActions.length > 0;
  // Names may be in any script; emails and numbers always read left to right, even in RTL.
  return html`<span class="name" dir="auto">${text(contact.name) ?? ''}</span>
    ${pending ? html`<span class="pending" part="pending-marker">${t.panel.pendingMarker}</span>` : nothing}
    <span class="meta">
      ${reach ? html`<span class="reach" dir="ltr">${reach}</span>` : html`<span class="reach muted">${t.panel.noEmailOrPhone}</span>`}
      ${company ? html`<span class="company" dir="auto">${company}</span>` : nothing}
    </span>`;
}

export function companyRowTemplate(company: Company) {
  const domain = text(company.domain);
  return html`<span class="name" dir="auto">${text(company.name) ?? ''}</span>
    <span class="meta"
      >${domain ? html`<span class="reach" dir="ltr">${domain}</span>` : nothing}</span
    >`;
}

/** A record's value when it is text; a host's adapter may hand over anything. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** A phone number formatted, or as given when it cannot be. */
function phoneText(phone: string | undefined, lang: string): string | undefined {
  try {
    return formatPhone(phone!, lang);
  } catch {
    return phone;
  }
}

export interface DetailPaneOptions {
  adapter: ContactsAdapter | undefined;
  tab: QueryTab;
  /** The selected record of `tab`. */
  selected: string | undefined;
  defaultCountry: CountryCode;
  onBack: () => unknown;
  onSelect: (event: ContactsSelectEvent) => void;
  onOpenExisting: (event: ContactsOpenExistingEvent) => void;
}

/** The end side: "Back to list" (shown when stacked) and the selected record's details. */
export function detailTemplate(t: Translation, options: DetailPaneOptions) {
  const { tab, selected } = options;
  return html`<div class="detail-pane" part="detail-pane">
    <div class="detail-bar">
      <button id="back" class="back" part="back-button" type="button" @click=${options.onBack}>
        <span class="chevron" aria-hidden="true"></span>
        <span>${t.panel.backToList}</span>
      </button>
    </div>
    <contact-detail
      exportparts="base: detail"
      .adapter=${options.adapter}
      .contactId=${tab === 'contacts' ? selected : undefined}
      .companyId=${tab === 'companies' ? selected : undefined}
      default-country=${options.defaultCountry}
      @contacts-select=${options.onSelect}
      @contacts-open-existing=${options.onOpenExisting}
    ></contact-detail>
  </div>`;
}
