/**
 * Search folding: case- and accent-insensitive text (`jose` finds `José`), digits-only phone
 * matching (`98765` finds `+55 11 98765-4321`). Records are folded once into a haystack string;
 * a query is parsed once into tokens that must all occur in it.
 */
import type { Company, Contact } from './types.js';

const MARKS = /\p{M}/gu;
/** Any character beyond ASCII (only those can decompose into a letter and marks). */
const NON_ASCII = /[\u0080-\uffff]/;
const NON_DIGIT = /\D/g;
const E164 = /^\+\d+$/;

// Names repeat (first names, family names, whole names in imports): loading many records folds
// each distinct text once. Bounded, so a long session of unique names does not grow it forever.
const FOLD_CACHE_SIZE = 4096;
const foldCache = new Map<string, string>();

/** Lower-cases and strips diacritics, so comparisons ignore case and accents. */
export function fold(text: string): string {
  let folded = foldCache.get(text);
  if (folded === undefined) {
    // ASCII has no marks to strip: lower-casing is all (and much faster than normalising).
    folded = NON_ASCII.test(text)
      ? text.normalize('NFD').replace(MARKS, '').toLowerCase()
      : text.toLowerCase();
    if (foldCache.size >= FOLD_CACHE_SIZE) foldCache.clear();
    foldCache.set(text, folded);
  }
  return folded;
}

export function digitsOf(text: string): string {
  return E164.test(text) ? text.slice(1) : text.replace(NON_DIGIT, '');
}

// Fields in a haystack are separated by a character no token can contain.
const SEP = '\n';

// Haystacks are joined, not concatenated: a flat string, where `+` would build a rope that the
// first search flattens (allocating again, for every record).
export function contactHaystack(contact: Pick<Contact, 'name' | 'email' | 'phone'>): string {
  return [
    fold(contact.name),
    contact.email ?? '',
    contact.phone ? digitsOf(contact.phone) : '',
  ].join(SEP);
}

export function companyHaystack(company: Pick<Company, 'name' | 'domain'>): string {
  return [fold(company.name), company.domain ?? ''].join(SEP);
}

/** A parsed query: every token must occur in a record's haystack. No tokens matches everything. */
export interface SearchTerms {
  readonly tokens: readonly string[];
}

const PHONE_LIKE = /^[\d\s()+\-./]+$/;

export function parseSearch(query: string | undefined): SearchTerms {
  const text = (query ?? '').trim();
  if (!text) return { tokens: [] };
  // A query made of phone characters is one number however it is punctuated.
  if (PHONE_LIKE.test(text) && /\d/.test(text)) return { tokens: [digitsOf(text)] };
  return { tokens: [...new Set(fold(text).split(/\s+/).filter(Boolean))] };
}

export function matches(haystack: string, terms: SearchTerms): boolean {
  for (const token of terms.tokens) if (!haystack.includes(token)) return false;
  return true;
}

/**
 * True when every record matching `next` also matches `previous`, so a search can narrow the
 * previous result set instead of scanning everything (each earlier token lies inside a later one).
 */
export function narrows(previous: SearchTerms, next: SearchTerms): boolean {
  return previous.tokens.every(old => next.tokens.some(token => token.includes(old)));
}

export function termsKey(terms: SearchTerms): string {
  return terms.tokens.join(SEP);
}
