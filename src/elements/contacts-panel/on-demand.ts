/**
 * What the panel shows only after its list: the modules load on first use, once per page (later
 * calls share the promise; a failed import may be tried again). The list's first paint then
 * carries neither the details nor the create dialog and its forms.
 */
import type * as CreateDialogModule from './create-dialog.js';

let detail: Promise<unknown> | undefined;
let createDialog: Promise<typeof CreateDialogModule> | undefined;

function retryable<T>(promise: Promise<T>, forget: () => void): Promise<T> {
  promise.catch(forget);
  return promise;
}

/** Imports and registers `<contact-detail>`; the panel calls it once its list has answered. */
export function loadDetail(): Promise<unknown> {
  detail ??= retryable(import('../contact-detail/define.js'), () => (detail = undefined));
  return detail;
}

/** Imports the create dialog module (its forms load when it opens). */
export function loadCreateDialog(): Promise<typeof CreateDialogModule> {
  createDialog ??= retryable(import('./create-dialog.js'), () => (createDialog = undefined));
  return createDialog;
}
