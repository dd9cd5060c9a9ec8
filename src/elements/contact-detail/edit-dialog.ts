/**
 * The detail's edit dialog, loaded with the first edit: the contact or company form in a modal
 * `<dialog>`, on the shared `FormDialogs`. Focus goes to the asked field and, when the dialog
 * closes, back to Edit, unless the browser or a navigation already placed it; a save that
 * outlives the dialog is reported with Reopen.
 */
import { type LitElement, html, nothing } from 'lit';

import type { ContactsAdapter } from '../../adapter/types.js';
import type { SaveSnapshot } from '../../controllers/save-outcome-controller.js';
import type { CompanySavedEvent } from '../../events/company-saved.js';
import type { ContactSavedEvent } from '../../events/contact-saved.js';
import type { ContactsOpenExistingEvent } from '../../events/contacts-open-existing.js';
import { addLaterStrings } from '../../i18n/en/later.js';
import type { Translation } from '../../i18n/translation.js';
import type { CountryCode } from '../../model/phone.js';
import type { Company, Contact } from '../../model/types.js';
import type { ContactFormField } from '../contact-form/contact-form.js';
import { FormDialogs, focusForm } from '../shared/form-dialogs.js';

// This part shows strings a first paint leaves out.
addLaterStrings();

/** What the edit dialog holds, and the field to focus in it. */
export type Editing = { kind: 'contact'; focus: ContactFormField } | { kind: 'company' };

export interface EditDialogOptions {
  adapter: () => ContactsAdapter | undefined;
  defaultCountry: () => CountryCode;
  contact: () => Contact | undefined;
  company: () => Company | undefined;
  /** The form saved its record; the dialog closes. */
  onSaved: (event: ContactSavedEvent | CompanySavedEvent) => void;
  /** The agent chose "Open existing contact"; the dialog closes. */
  onOpenExisting: (contactId: string) => void;
  /** Whether the detail moves focus itself once the dialog has closed (after a navigation). */
  focusMoves: () => boolean;
  /** Where focus goes when what opened the dialog is gone. */
  fallback: () => HTMLElement | null | undefined;
  /** Opens the form of a failed save again (`SaveOutcomeOptions.reopen`). */
  reopen: (snapshot: SaveSnapshot) => Promise<void> | void;
}

export class EditDialog extends FormDialogs {
  private editing?: Editing;
  private readonly host: LitElement;
  private readonly options: EditDialogOptions;

  constructor(host: LitElement, options: EditDialogOptions) {
    super(
      host,
      // Focus the browser or a navigation already placed outside the dialog stays where it is;
      // only focus lost to the page (the opener was removed) comes back to Edit.
      { keepPlacedFocus: true, fallback: options.fallback },
      { reopen: options.reopen },
    );
    this.host = host;
    this.options = options;
  }

  /** Opens the dialog on `editing`; its form must be loaded. */
  async open(editing: Editing): Promise<void> {
    this.editing = editing;
    this.host.requestUpdate();
    await this.modal.show(
      () => this.host.renderRoot.querySelector('dialog'),
      dialog => focusForm(dialog, editing.kind === 'contact' ? editing.focus : 'name'),
    );
  }

  private readonly onClose = this.modal.closeListener(() => {
    this.editing = undefined;
    this.host.requestUpdate();
    return !this.options.focusMoves();
  });

  private readonly close = () => this.modal.close();

  private readonly onSaved = (event: ContactSavedEvent | CompanySavedEvent) => {
    this.options.onSaved(event);
    this.modal.close();
  };

  private readonly onOpenExisting = (event: ContactsOpenExistingEvent) => {
    this.options.onOpenExisting(event.detail.contactId);
    this.modal.close();
  };

  render(t: Translation) {
    const editing = this.editing;
    const title = editing?.kind === 'company' ? t.detail.editCompany : t.detail.editContact;
    return html`<dialog
      part="dialog"
      aria-labelledby="dialog-heading"
      @close=${this.onClose}
      @contacts-form-cancel=${this.close}
      @contact-saved=${this.onSaved}
      @company-saved=${this.onSaved}
      @contacts-open-existing=${this.onOpenExisting}
    >
      <h2 id="dialog-heading">${title}</h2>
      ${
        editing?.kind === 'contact'
          ? html`<contacts-contact-form
              exportparts="form, field, actions: form-actions, error: form-error, listbox: form-listbox"
              .adapter=${this.options.adapter()}
              .contact=${this.options.contact()}
              default-country=${this.options.defaultCountry()}
              initial-focus=${editing.focus}
            ></contacts-contact-form>`
          : nothing
      }
      ${
        editing?.kind === 'company'
          ? html`<contacts-company-form
              exportparts="form, field, actions: form-actions, error: form-error"
              .adapter=${this.options.adapter()}
              .company=${this.options.company()}
              initial-focus="name"
            ></contacts-company-form>`
          : nothing
      }
    </dialog>`;
  }
}
