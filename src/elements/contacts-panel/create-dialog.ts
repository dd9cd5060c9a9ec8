/**
 * The panel's create dialog ("New contact" / "New company"), on the shared `FormDialogs`: the
 * form loads on first use, the dialog opens modal with focus in the form's Name field, and a saved
 * or opened record becomes the selection. On close, a dismissed dialog (Cancel, Escape) gives focus
 * back to what opened it, while a saved or opened record moves focus where the panel says.
 */
import { type LitElement, html, nothing } from 'lit';

import type { ContactsAdapter } from '../../adapter/types.js';
import type { CompanyOpenExistingEvent } from '../../events/company-open-existing.js';
import type { CompanySavedEvent } from '../../events/company-saved.js';
import type { ContactSavedEvent } from '../../events/contact-saved.js';
import type { ContactsOpenExistingEvent } from '../../events/contacts-open-existing.js';
import type { Translation } from '../../i18n/translation.js';
import type { CountryCode } from '../../model/phone.js';
import { FormDialogs, focusForm } from '../shared/form-dialogs.js';
import { type FormKind, loadForm } from '../shared/forms.js';

/** What the plus button creates. */
export type ContactsPanelCreateKind = FormKind;

export interface CreateDialogOptions {
  /** Selects the record saved or opened, firing `contacts-select`; false when the host vetoed. */
  adopt: (kind: ContactsPanelCreateKind, id: string) => boolean;
  /** Moves focus once the dialog closed on a saved or opened record. */
  focusAfterDone: () => void;
  /** Where focus returns when the dialog is dismissed and its opener is gone. */
  fallbackFocus: () => HTMLElement | null | undefined;
}

export class CreateDialog {
  /** What the dialog holds; undefined once closed. */
  kind?: ContactsPanelCreateKind;

  private readonly host: LitElement;
  private readonly options: CreateDialogOptions;
  /**
   * Focus in and out of the dialog, and a create that ends after the dialog closed: reported by
   * the panel, with Reopen.
   */
  private readonly dialogs: FormDialogs;
  private readonly onClose: (event: Event) => void;
  /** Whether the dialog closed because its record was saved or opened. */
  private done = false;

  constructor(host: LitElement, options: CreateDialogOptions) {
    this.host = host;
    this.options = options;
    // Saves start only in this dialog's forms, so the outcome of one is watched from here on.
    this.dialogs = new FormDialogs(
      host,
      { fallback: options.fallbackFocus },
      { reopen: snapshot => this.open(snapshot.noun) },
    );
    this.onClose = this.dialogs.modal.closeListener(() => this.onClosed());
  }

  /** "Save failed" with Reopen, or "Saved.", for a create that outlived the dialog. */
  renderOutcome(t: Translation) {
    return this.dialogs.renderOutcome(t);
  }

  /** Loads the form of `kind`, then opens the dialog with focus in its Name field. */
  async open(kind: ContactsPanelCreateKind): Promise<void> {
    await loadForm(kind);
    this.kind = kind;
    this.done = false;
    this.host.requestUpdate();
    await this.dialogs.modal.show(
      () => this.host.renderRoot.querySelector('dialog'),
      dialog => focusForm(dialog),
    );
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

  private close(done: boolean): void {
    this.done = done;
    this.dialogs.modal.close();
  }

  /** Clears the dialog; after a saved or opened record the panel places focus itself. */
  private onClosed(): false | undefined {
    this.kind = undefined;
    this.host.requestUpdate();
    if (!this.done) return undefined;
    this.done = false;
    void this.host.updateComplete.then(() => this.options.focusAfterDone());
    return false;
  }

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
