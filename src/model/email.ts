/**
 * The WHATWG "valid e-mail address" production, the rule `<input type=email>` applies
 * (a deliberate departure from RFC 5322: no quoted local parts, no comments, ASCII only).
 */
const WHATWG_EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Strips what the browser's value sanitisation strips for type=email: line breaks and outer white space. */
function sanitize(raw: string): string {
  return raw.replace(/[\r\n]/g, '').replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
}

export function isValidEmail(raw: string): boolean {
  return WHATWG_EMAIL.test(sanitize(raw));
}

/** The stored form: trimmed and lower-cased. Returns `undefined` for an invalid address. */
export function normalizeEmail(raw: string): string | undefined {
  const value = sanitize(raw);
  return WHATWG_EMAIL.test(value) ? value.toLowerCase() : undefined;
}
