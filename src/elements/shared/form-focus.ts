/**
 * Focus for a dialog or editor that holds one of the internal forms: once the form has rendered,
 * focus goes to the given field (the contact form's Name by default, the company form's Name).
 * The one place that knows the form classes, for `ModalController.show` and the in-place editor.
 */
import { CompanyForm } from '../company-form/company-form.js';
import { ContactForm, type ContactFormField } from '../contact-form/contact-form.js';

const FORMS = 'contacts-contact-form, contacts-company-form';

/** Focuses `field` of the first form below `root` (a company form always starts at Name). */
export async function focusForm(root: ParentNode, field: ContactFormField = 'name'): Promise<void> {
  const form = root.querySelector(FORMS);
  if (form instanceof ContactForm) {
    await form.updateComplete;
    await form.focusField(field);
  } else if (form instanceof CompanyForm) {
    await form.updateComplete;
    await form.focusField('name');
  }
}
