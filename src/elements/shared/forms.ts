/**
 * The internal forms, and other pieces a first paint does not need, load on first use, so a list,
 * a detail or a sidebar paints without them. `loadForm(kind)` imports and registers a form once
 * (`loadOnce`), and `focusForm` moves focus into a form once it has upgraded and rendered. The
 * form classes are known here by type only, so importing this costs nothing.
 */
import type { CompanyForm } from '../company-form/company-form.js';
import type { ContactForm, ContactFormField } from '../contact-form/contact-form.js';
import { loadOnce } from '../../controllers/load-once.js';

/** Which internal form a dialog or editor holds. */
export type FormKind = 'contact' | 'company';

const FORMS = 'contacts-contact-form, contacts-company-form';

const modules: Record<FormKind, () => Promise<unknown>> = {
  contact: loadOnce(() => import('../contact-form/define.js')),
  company: loadOnce(() => import('../company-form/define.js')),
};

/** Imports and registers the form of `kind`; resolves once its tag is defined. */
export async function loadForm(kind: FormKind): Promise<void> {
  await modules[kind]();
}

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
