import { common } from './common.js';
import { detail } from './detail.js';
import { detailView } from './detail-view.js';
import { form } from './form.js';
import { panel } from './panel.js';
import { sidebar } from './sidebar.js';

/** English, built in. Other locales provide an object of the same shape. */
export const en = { common, panel, detail: { ...detail, ...detailView }, form, sidebar };
