/**
 * The panel's create dialog ("New contact" / "New company"): opened modal with focus in the form's
 * Name field; a saved or opened record becomes the selection; on close, focus goes where the
 * outcome says. Kept on its own so the panel can move to a shared modal piece in one step.
 */
import { type LitElement, html, nothing } from 'lit';

import type { ContactsAdapter } from '../../adapter/types.js';
import type { CompanyOpenExistingEvent } from '../../events/company-open-existing.js';
import type { CompanySavedEvent } from '../../events/company-saved.js';
import type { ContactSavedEvent } from '../../events/contact-saved.js';
import type { ContactsOpenExistingEvent } from '../../events/contacts-open-existing.js';
import type { Translation } from '../../i18n/translation.js';
import type { CountryCode } from '../../model/phone.js';
import { CompanyForm } from '../company-form/company-form.js';
import { ContactForm } from '../contact-form/contact-form.js';

/** What the plus button creates. */
export type ContactsPanelCreateKind = 'contact' | 'company';

export interface CreateDialogOptions {
  /** Selects the record saved or opened, firing `contacts-select`; false when the host vetoed. */
  adopt: (kind: ContactsPanelCreateKind, id: string) => boolean;
  /** Moves focus once the dialog closed on a saved or opened record. */
  focusAfterDone: () => void;
  /** Where focus returns when the dialog is dismissed and its opener is gone. */
  fallbackFocus: () => HTMLElement | undefined;
}

export class CreateDialog {
  /** What the dialog holds; undefined once closed. */
  kind?: ContactsPanelCreateKind;

  private readonly host: LitElement;
  private readonly options: CreateDialogOptions;
  /** Whether the dialog closed because its record was saved or opened. */
  private done = false;
  private opener?: HTMLElement;

  constructor(host: LitElement, options: CreateDialogOptions) {
    this.host = host;
    this.options = options;
  }

  /** Opens the dialog for `kind`, remembering the focused control to return to. */
  async open(kind: ContactsPanelCreateKind): Promise<void> {
    const active = this.host.shadowRoot?.activeElement;
    this.opener = active instanceof HTMLElement ? active : undefined;
    this.kind = kind;
    this.done = false;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.dialog;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const form = dialog.querySelector('contacts-contact-form, contacts-company-form');
    if (form instanceof ContactForm || form instanceof CompanyForm) {
      await form.updateComplete;
      await form.focusField('name');
    }
  }

  render(t: Translation, adapter: ContactsAdapter | undefined, defaultCountry: CountryCode) {
    const kind = this.kind;
    return html`<dialog
      part="dialog"
      aria-labelledby="dialog-heading"
      @close=${this.onClose}
      @contacts-form-cancel=${this.onFormCancel}
      @contact-saved=${this.onContactSaved}
      @company-saved=${this.onCompanySaved}
      @contacts-open-existing=${this.onOpenExistingContact}
      @company-open-existing=${this.onOpenExistingCompany}
    >
      <h2 id="dialog-heading">${kind === 'company' ? t.panel.newCompany : t.panel.newContact}</h2>
      ${
        kind === 'contact'
          ? html`<contacts-contact-form
              exportparts="form, field, actions: form-actions, error: form-error"
              .adapter=${adapter}
              default-country=${defaultCountry}
              initial-focus="name"
            ></contacts-contact-form>`
          : nothing
      }
      ${
        kind === 'company'
          ? html`<contacts-company-form
              exportparts="form, field, actions: form-actions, error: form-error"
              .adapter=${adapter}
              initial-focus="name"
            ></contacts-company-form>`
          : nothing
      }
    </dialog>`;
  }

  private get dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog');
  }

  private close(done: boolean): void {
    this.done = done;
    if (this.dialog?.open) this.dialog.close();
  }

  private readonly onClose = () => {
    this.kind = undefined;
    this.host.requestUpdate();
    if (this.done) {
      this.done = false;
      this.opener = undefined;
      void this.host.updateComplete.then(() => this.options.focusAfterDone());
      return;
    }
    const opener = this.opener?.isConnected ? this.opener : this.options.fallbackFocus();
    this.opener = undefined;
    opener?.focus();
  };

  private readonly onFormCancel = () => this.close(false);

  private readonly onContactSaved = (event: ContactSavedEvent) => {
    this.close(this.options.adopt('contact', event.detail.contact.id));
  };

  private readonly onCompanySaved = (event: CompanySavedEvent) => {
    this.close(this.options.adopt('company', event.detail.company.id));
  };

  private readonly onOpenExistingContact = (event: ContactsOpenExistingEvent) => {
    this.close(this.options.adopt('contact', event.detail.contactId));
  };

  private readonly onOpenExistingCompany = (event: CompanyOpenExistingEvent) => {
    this.close(this.options.adopt('company', event.detail.companyId));
  };
}
