/** Strings of the detail. */
export const detail = {};
