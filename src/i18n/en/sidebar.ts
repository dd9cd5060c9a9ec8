/** Strings of the sidebar. */
export const sidebar = {};
