/**
 * Phone numbers: parsed and normalised to E.164 with libphonenumber-js, which is loaded on
 * first use so its metadata stays out of the first-paint bundle.
 */
import type * as PhoneLibModule from 'libphonenumber-js/min';
import type { CountryCode } from 'libphonenumber-js/min';

export type { CountryCode };

/** The country assumed for numbers typed without `+` unless a caller configures another. */
export const DEFAULT_COUNTRY: CountryCode = 'BR';

type PhoneLib = typeof PhoneLibModule;

let loaded: PhoneLib | undefined;
let loading: Promise<PhoneLib> | undefined;

/** Loads the phone library once; later calls share the same promise. */
export function loadPhoneLibrary(): Promise<PhoneLib> {
  loading ??= import('libphonenumber-js/min').then(lib => (loaded = lib));
  return loading;
}

/** The phone library when it has already loaded, for synchronous display paths. */
export function phoneLibraryIfLoaded(): PhoneLib | undefined {
  return loaded;
}

export type PhoneParseResult =
  { ok: true; e164: string; country?: CountryCode } | { ok: false; raw: string };

/**
 * Parses a typed or channel-provided number. Accepts national formats for `defaultCountry`,
 * international formats with `+` or `00`, and returns the raw input untouched when it is not a
 * possible number, so a caller can show it back rather than lose it.
 */
export async function parsePhone(
  raw: string,
  defaultCountry: CountryCode = DEFAULT_COUNTRY,
): Promise<PhoneParseResult> {
  const lib = await loadPhoneLibrary();
  return parsePhoneWith(lib, raw, defaultCountry);
}

export function parsePhoneWith(
  lib: PhoneLib,
  raw: string,
  defaultCountry: CountryCode = DEFAULT_COUNTRY,
): PhoneParseResult {
  let text = raw.trim();
  if (/^00[1-9]/.test(text.replace(/[\s().-]/g, ''))) {
    text = '+' + text.replace(/[\s().-]/g, '').slice(2);
  }
  // Letters are not part of a phone number; libphonenumber would otherwise read them as keypad digits.
  if (!text || /[a-z]/i.test(text.replace(/\b(ext|x)\.?\s*\d+$/i, ''))) return { ok: false, raw };
  const number = lib.parsePhoneNumberFromString(text, { defaultCountry, extract: false });
  if (!number || !number.isPossible()) return { ok: false, raw };
  return { ok: true, e164: number.number, country: number.country };
}

/**
 * Formats an E.164 number for display: national format when the number belongs to the
 * locale's region, international otherwise. Falls back to the E.164 string until the library
 * has loaded or when it cannot parse the value.
 */
export function formatPhone(e164: string, locale?: string): string {
  const lib = loaded;
  if (!lib) return e164;
  const number = lib.parsePhoneNumberFromString(e164);
  if (!number) return e164;
  const region = locale ? regionOf(locale) : undefined;
  return region && number.country === region
    ? number.formatNational()
    : number.formatInternational();
}

function regionOf(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).maximize().region;
  } catch {
    return undefined;
  }
}
