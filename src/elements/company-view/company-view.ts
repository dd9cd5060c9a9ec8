import { LitElement, html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';

import type { Page } from '../../adapter/types.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { common } from '../../i18n/en/common.js';
import { detail } from '../../i18n/en/detail.js';
import { addLaterStrings } from '../../i18n/en/later.js';
import { formatPhone } from '../../model/phone.js';
import type { Company, Contact } from '../../model/types.js';
import { displayName, fieldRow, notSet, recordHeader, timeValue } from '../shared/record-view.js';
import { themeStyles } from '../shared/theme.styles.js';
import { styles } from './company-view.styles.js';

// This part shows strings a first paint leaves out.
addLaterStrings();

/** The agent pressed Edit. Internal: heard by the element that renders the view. */
export class CompanyViewEditEvent extends Event {
  static readonly eventName = 'contacts-company-view-edit' as const;

  constructor() {
    super(CompanyViewEditEvent.eventName);
  }
}

/**
 * The agent pressed "Delete company". Internal, and bubbling inside the detail's shadow root, where
 * the detail's delete dialog hears it.
 */
export class CompanyViewDeleteEvent extends Event {
  static readonly eventName = 'contacts-company-view-delete' as const;

  constructor() {
    super(CompanyViewDeleteEvent.eventName, { bubbles: true });
  }
}

/** The agent opened one of the company's contacts. Internal, like the edit event. */
export class CompanyViewOpenEvent extends Event {
  static readonly eventName = 'contacts-company-view-open' as const;
  readonly detail: { contactId: string };

  constructor(contactId: string) {
    super(CompanyViewOpenEvent.eventName);
    this.detail = { contactId };
  }
}

/**
 * A company as `<contact-detail company-id>` shows it: its name, domain and creation date, and its
 * contacts (the first page of them, with how many there are). An internal element: the detail
 * loads the company, keeps it live and owns the edit dialog; this view renders it and reports
 * Edit and the opening of a contact.
 *
 * @summary Internal: the company view of `<contact-detail>`.
 *
 * @fires contacts-company-view-edit - The agent pressed Edit.
 * @fires contacts-company-view-open - The agent opened one of the company's contacts.
 * @fires contacts-company-view-delete - The agent pressed "Delete company" (shown when `deletable`).
 *
 * @csspart base - The wrapper of the view.
 * @csspart header - The avatar, the name and the Edit button.
 * @csspart avatar - The initials.
 * @csspart heading - The company's name.
 * @csspart actions - The Edit and "Delete company" buttons.
 * @csspart fields - The list of the company's fields.
 * @csspart contacts - The company's contacts.
 */
export class CompanyView extends LitElement {
  static override styles = [themeStyles, styles];

  // ---- Public properties ----------------------------------------------------------------------

  /** The company to show. */
  @property({ attribute: false }) company?: Company;

  /** The first page of its contacts. */
  @property({ attribute: false }) contacts?: Page<Contact>;

  /** Offers "Delete company" (the adapter can delete companies). */
  @property({ type: Boolean }) deletable = false;

  // ---- Controllers ----------------------------------------------------------------------------

  private readonly localize = new LocalizeController(this, { common, detail });

  // ---- Internal state -------------------------------------------------------------------------

  @query('#edit') private editButton?: HTMLButtonElement;
  @query('#heading') private heading?: HTMLElement;

  // ---- Public methods -------------------------------------------------------------------------

  /** Moves focus to the company's name, once it has rendered. */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.heading?.focus();
  }

  /** The Edit button, where focus returns when the edit dialog's opener has gone. */
  get editControl(): HTMLElement | undefined {
    return this.editButton ?? undefined;
  }

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    const company = this.company;
    if (!company) return nothing;
    const t = this.localize.t;
    return html`<div class="base" part="base">
      ${recordHeader(
        company.id,
        company.name,
        html`<p class="subtitle">${t.detail.companyKind}</p>`,
        html`<button
            id="edit"
            type="button"
            @click=${() => this.dispatchEvent(new CompanyViewEditEvent())}
          >
            ${t.detail.edit}
          </button>
          ${
            this.deletable
              ? html`<button
                  id="delete"
                  type="button"
                  @click=${() => this.dispatchEvent(new CompanyViewDeleteEvent())}
                >
                  ${t.common.undo.deleteCompany}
                </button>`
              : nothing
          }`,
        displayName(company.domain, t.detail.unnamedCompany),
      )}
      <dl class="fields" part="fields">
        ${fieldRow(t.detail.domain, company.domain ?? notSet(this.localize))}
        ${fieldRow(t.detail.created, timeValue(this.localize, company.createdAt))}
      </dl>
      ${this.renderContacts()}
    </div>`;
  }

  private renderContacts() {
    const t = this.localize.t;
    const contacts = this.contacts;
    const items = contacts?.items ?? [];
    const count = Math.max(contacts?.total ?? 0, items.length);
    const more = count - items.length;
    return html`<section class="section" part="contacts" aria-labelledby="contacts-heading">
      <h3 id="contacts-heading">${t.detail.companyContacts}</h3>
      ${
        contacts && count
          ? html`<p class="muted">
                ${t.detail.contactCount(count, this.localize.formatNumber(count))}
              </p>
              <ul class="company-contacts" aria-labelledby="contacts-heading">
                ${items.map(contact => this.renderContact(contact))}
              </ul>
              ${
                more > 0
                  ? html`<p class="muted">
                      ${t.detail.moreContacts(this.localize.formatNumber(more))}
                    </p>`
                  : nothing
              }`
          : html`<p class="muted">${t.detail.noCompanyContacts}</p>`
      }
    </section>`;
  }

  private renderContact(contact: Contact) {
    const reach =
      contact.email ?? (contact.phone ? formatPhone(contact.phone, this.localize.lang) : '');
    return html`<li>
      <button
        type="button"
        class="link"
        dir="auto"
        @click=${() => this.dispatchEvent(new CompanyViewOpenEvent(contact.id))}
      >
        ${displayName(contact.name, reach || this.localize.t.detail.unnamedContact)}
      </button>
      <span class="muted">${reach}</span>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contacts-company-view': CompanyView;
  }
  interface HTMLElementEventMap {
    'contacts-company-view-edit': CompanyViewEditEvent;
    'contacts-company-view-open': CompanyViewOpenEvent;
    'contacts-company-view-delete': CompanyViewDeleteEvent;
  }
}
