/** Strings of the panel. */
export const panel = {};
