import { common } from './common.js';
import { detail } from './detail.js';
import { form } from './form.js';
import { commonLater, detailLater, sidebarLater } from './later.js';
import { mergeLater } from './merge.js';
import { panel } from './panel.js';
import { sidebar } from './sidebar.js';

/** English, built in. Other locales provide an object of the same shape. */
export const en = {
  common: { ...common, ...commonLater },
  panel,
  detail: { ...detail, ...detailLater, ...mergeLater },
  form,
  sidebar: { ...sidebar, ...sidebarLater },
};
