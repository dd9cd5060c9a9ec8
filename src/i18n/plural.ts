/**
 * Plural forms chosen by `Intl.PluralRules`, so each locale picks its own categories (English
 * `one`/`other`, Portuguese counting 0 and 1 as `one`, Spanish `many` for whole millions) instead
 * of a hand-written `count === 1`. Translations call it with the words already built around the
 * formatted number; a category a locale leaves out falls back to `other`.
 */

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Rules by language, made once each: counts are worded on every render of a list. */
const rules = new Map<string, Intl.PluralRules>();

function rulesFor(lang: string): Intl.PluralRules {
  let found = rules.get(lang);
  if (!found) {
    let locale = 'en';
    try {
      locale = Intl.getCanonicalLocales(lang)[0] ?? 'en';
    } catch {
      // A malformed tag counts in English, as the rest of the localisation does.
    }
    found = new Intl.PluralRules(locale);
    rules.set(lang, found);
  }
  return found;
}

/** The form of `forms` that `count` takes in `lang`, e.g. `plural('en', 1, { one, other })`. */
export function plural(lang: string, count: number, forms: PluralForms): string {
  return forms[rulesFor(lang).select(count)] ?? forms.other;
}
