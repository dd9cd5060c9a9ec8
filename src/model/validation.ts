/**
 * The one validation module used by the forms and by every adapter, so a record the UI accepts
 * is a record the adapter accepts. Errors are codes; the elements translate them.
 */
import { normalizeDomain } from './domain.js';
import { normalizeEmail } from './email.js';
import { type CountryCode, DEFAULT_COUNTRY, parsePhone } from './phone.js';
import type { CompanyDraft, CompanyPatch, ContactDraft, ContactPatch } from './types.js';

export const MAX_NAME_LENGTH = 500;

export type ValidationCode =
  | 'contact-info-required'
  | 'invalid-email'
  | 'invalid-phone'
  | 'name-required'
  | 'name-too-long'
  | 'invalid-domain'
  | 'unknown-company';

/** Field names a validation error can point at; `form` is an error about the record as a whole. */
export type ValidationField = 'form' | 'name' | 'email' | 'phone' | 'companyId' | 'domain';

export type FieldErrors = Partial<Record<ValidationField, ValidationCode>>;

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export interface ValidationOptions {
  /** Country assumed for phone numbers typed without an international prefix. */
  defaultCountry?: CountryCode;
}

/** English messages for each code; elements show translated ones. */
export const VALIDATION_MESSAGES: Record<ValidationCode, string> = {
  'contact-info-required': 'A contact needs an email address or a phone number.',
  'invalid-email': 'Enter an email address like name@example.com.',
  'invalid-phone': 'Enter a phone number with its area code, or + and the country code.',
  'name-required': 'Enter a name.',
  'name-too-long': `Use at most ${MAX_NAME_LENGTH} characters.`,
  'invalid-domain': 'Enter a domain like example.com.',
  'unknown-company': 'That company does not exist.',
};

export interface ContactFields {
  name?: string;
  email?: string;
  phone?: string;
  companyId?: string;
}

/** Normalised fields of a valid update: `null` clears, absent leaves alone. */
export interface ContactPatchFields {
  name?: string;
  email?: string | null;
  phone?: string | null;
  companyId?: string | null;
}

function clean(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

async function checkEmailAndPhone(
  email: string | undefined,
  phone: string | undefined,
  errors: FieldErrors,
  options: ValidationOptions,
): Promise<{ email?: string; phone?: string }> {
  const out: { email?: string; phone?: string } = {};
  if (email !== undefined) {
    const normal = normalizeEmail(email);
    if (normal) out.email = normal;
    else errors.email = 'invalid-email';
  }
  if (phone !== undefined) {
    const parsed = await parsePhone(phone, options.defaultCountry ?? DEFAULT_COUNTRY);
    if (parsed.ok) out.phone = parsed.e164;
    else errors.phone = 'invalid-phone';
  }
  return out;
}

function checkName(name: string | undefined, errors: FieldErrors): void {
  if (name !== undefined && name.length > MAX_NAME_LENGTH) errors.name = 'name-too-long';
}

/** Validates a new contact: an email or a phone is required, and each must be well-formed. */
export async function validateContactDraft(
  draft: ContactDraft,
  options: ValidationOptions = {},
): Promise<Validated<ContactFields>> {
  const errors: FieldErrors = {};
  const name = clean(draft.name);
  const email = clean(draft.email);
  const phone = clean(draft.phone);
  checkName(name, errors);
  if (email === undefined && phone === undefined) errors.form = 'contact-info-required';
  const normal = await checkEmailAndPhone(email, phone, errors, options);
  if (Object.keys(errors).length) return { ok: false, errors };
  const value: ContactFields = { ...normal };
  if (name !== undefined) value.name = name;
  const companyId = clean(draft.companyId);
  if (companyId !== undefined) value.companyId = companyId;
  return { ok: true, value };
}

/**
 * Validates an update against the record it changes: the result must still have an email or
 * a phone when the contact had one (clearing both is refused), and new values must be well-formed.
 */
export async function validateContactPatch(
  patch: ContactPatch,
  current: { email?: string; phone?: string },
  options: ValidationOptions = {},
): Promise<Validated<ContactPatchFields>> {
  const errors: FieldErrors = {};
  const value: ContactPatchFields = {};
  if (patch.name !== undefined) {
    const name = clean(patch.name);
    if (name === undefined) errors.name = 'name-required';
    else {
      checkName(name, errors);
      value.name = name;
    }
  }
  const email = patch.email === undefined ? undefined : clean(patch.email);
  const phone = patch.phone === undefined ? undefined : clean(patch.phone);
  const normal = await checkEmailAndPhone(email, phone, errors, options);
  if (patch.email !== undefined) value.email = normal.email ?? null;
  if (patch.phone !== undefined) value.phone = normal.phone ?? null;
  const hadInfo = Boolean(current.email || current.phone);
  const nextEmail = patch.email === undefined ? current.email : email;
  const nextPhone = patch.phone === undefined ? current.phone : phone;
  if (hadInfo && !nextEmail && !nextPhone) errors.form = 'contact-info-required';
  if (patch.companyId !== undefined) value.companyId = clean(patch.companyId ?? undefined) ?? null;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value };
}

export interface CompanyFields {
  name: string;
  domain?: string;
}

export function validateCompanyDraft(draft: CompanyDraft): Validated<CompanyFields> {
  const errors: FieldErrors = {};
  const name = clean(draft.name);
  if (name === undefined) errors.name = 'name-required';
  else checkName(name, errors);
  const rawDomain = clean(draft.domain);
  const domain = rawDomain === undefined ? undefined : normalizeDomain(rawDomain);
  if (rawDomain !== undefined && domain === undefined) errors.domain = 'invalid-domain';
  if (Object.keys(errors).length || name === undefined) return { ok: false, errors };
  return { ok: true, value: domain ? { name, domain } : { name } };
}

export function validateCompanyPatch(
  patch: CompanyPatch,
): Validated<{ name?: string; domain?: string | null }> {
  const errors: FieldErrors = {};
  const value: { name?: string; domain?: string | null } = {};
  if (patch.name !== undefined) {
    const name = clean(patch.name);
    if (name === undefined) errors.name = 'name-required';
    else {
      checkName(name, errors);
      value.name = name;
    }
  }
  if (patch.domain !== undefined) {
    const raw = clean(patch.domain ?? undefined);
    const domain = raw === undefined ? undefined : normalizeDomain(raw);
    if (raw !== undefined && domain === undefined) errors.domain = 'invalid-domain';
    value.domain = domain ?? null;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value };
}
