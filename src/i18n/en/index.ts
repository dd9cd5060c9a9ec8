import { common } from './common.js';

/** English, built in. Other locales provide an object of the same shape. */
export const en = { common };
