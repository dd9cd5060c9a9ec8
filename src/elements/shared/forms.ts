/**
 * The internal forms load on first use, so a list, a detail or a sidebar paints without them.
 * `loadForm(kind)` imports and registers a form once (later calls share the promise; a failed
 * load may be tried again), and `focusForm` moves focus into a form once it has upgraded and
 * rendered. The form classes are known here by type only, so importing this costs nothing.
 */
import type { CompanyForm } from '../company-form/company-form.js';
import type { ContactForm, ContactFormField } from '../contact-form/contact-form.js';

/** Which internal form a dialog or editor holds. */
export type FormKind = 'contact' | 'company';

const FORMS = 'contacts-contact-form, contacts-company-form';

const modules: Record<FormKind, () => Promise<unknown>> = {
  contact: () => import('../contact-form/define.js'),
  company: () => import('../company-form/define.js'),
};
const loading = new Map<FormKind, Promise<void>>();

/** Imports and registers the form of `kind`; resolves once its tag is defined. */
export function loadForm(kind: FormKind): Promise<void> {
  let promise = loading.get(kind);
  if (!promise) {
    promise = modules[kind]().then(() => undefined);
    promise.catch(() => loading.delete(kind));
    loading.set(kind, promise);
  }
  return promise;
}

/** Focuses `field` of the first form below `root` (a company form always starts at Name). */
export async function focusForm(root: ParentNode, field: ContactFormField = 'name'): Promise<void> {
  const form = root.querySelector<ContactForm | CompanyForm>(FORMS);
  if (!form) return;
  await customElements.whenDefined(form.localName);
  await form.updateComplete;
  await (form.localName === 'contacts-contact-form'
    ? (form as ContactForm).focusField(field)
    : (form as CompanyForm).focusField('name'));
}
