/**
 * What the panel shows only after its list: the modules load on first use, once per page (later
 * calls share the promise; a failed import may be tried again). The list's first paint then
 * carries neither the details nor the create dialog and its forms.
 */
import { loadOnce } from '../../controllers/load-once.js';

/** Imports and registers `<contact-detail>`; the panel calls it once its list has answered. */
export const loadDetail = loadOnce(() => import('../contact-detail/define.js'));

/** Imports the create dialog module (its forms load when it opens). */
export const loadCreateDialog = loadOnce(() => import('./create-dialog.js'));
