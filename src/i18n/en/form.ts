/** Strings of the form. */
export const form = {};
