/**
 * What an element needs only once the agent opens one of its forms: the `ModalController` of its
 * dialogs, and the `SaveOutcomeController` that reports a save which outlived its form ("Save
 * failed" with Reopen, or "Saved."), and the dialogs' look (`dialogSheet`). Elements create it
 * with their first form, through `loadFormDialogs()` (shared/forms.ts), so their first paint
 * carries none of it.
 */
import type { LitElement } from 'lit';

import {
  ModalController,
  type ModalControllerOptions,
} from '../../controllers/modal-controller.js';
import {
  SaveOutcomeController,
  type SaveOutcomeOptions,
} from '../../controllers/save-outcome-controller.js';
import type { Translation } from '../../i18n/translation.js';
import type { CompanyForm } from '../company-form/company-form.js';
import type { ContactForm, ContactFormField } from '../contact-form/contact-form.js';
import { dialogStyles } from './dialog.styles.js';
import { dialogSheet, fillSheet } from './lazy-sheet.js';
import { saveOutcomeTemplate } from './save-outcome.js';

const FORMS = 'contacts-contact-form, contacts-company-form';

/** Focuses `field` of the first form below `root` (a company form always starts at Name). */
export async function focusForm(root: ParentNode, field: ContactFormField = 'name'): Promise<void> {
  const form = root.querySelector<ContactForm | CompanyForm>(FORMS);
  if (!form) return;
  const defined = await customElements.whenDefined(form.localName);
  // A form removed before its definition arrived never upgrades: nothing to focus then.
  if (!(form instanceof defined)) return;
  await form.updateComplete;
  await (form.localName === 'contacts-contact-form'
    ? (form as ContactForm).focusField(field)
    : (form as CompanyForm).focusField('name'));
}

export class FormDialogs {
  readonly modal: ModalController;
  /** Watches the saves of forms rendered from now on in the host's shadow root. */
  readonly outcome: SaveOutcomeController;

  constructor(host: LitElement, modal: ModalControllerOptions, outcome: SaveOutcomeOptions) {
    fillSheet(dialogSheet, dialogStyles);
    this.modal = new ModalController(host, modal);
    this.outcome = new SaveOutcomeController(host, outcome);
  }

  /** "Save failed" with Reopen, or "Saved.", for a save whose form was gone when it ended. */
  renderOutcome(t: Translation) {
    return saveOutcomeTemplate(t, this.outcome);
  }
}
