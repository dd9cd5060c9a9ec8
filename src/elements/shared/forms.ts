/**
 * The internal forms, and other pieces a first paint does not need, load on first use, so a list,
 * a detail or a sidebar paints without them. `loadForm(kind)` imports and registers a form once
 * (`loadOnce`); `focusForm` (form-dialogs.ts), which loads with the dialogs, moves focus into it.
 */
import { loadOnce } from '../../controllers/load-once.js';

/** Which internal form a dialog or editor holds. */
export type FormKind = 'contact' | 'company';

const modules: Record<FormKind, () => Promise<unknown>> = {
  contact: loadOnce(() => import('../contact-form/define.js')),
  company: loadOnce(() => import('../company-form/define.js')),
};

/** Imports and registers the form of `kind`; resolves once its tag is defined. */
export async function loadForm(kind: FormKind): Promise<void> {
  await modules[kind]();
}
