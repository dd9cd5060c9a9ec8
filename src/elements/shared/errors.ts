import { isContactsError } from '../../adapter/errors.js';
import type { Translation } from '../../i18n/translation.js';
import { ownEntry } from './lookup.js';

/** The translated explanation of an adapter failure, for error states and alerts. */
export function describeError(t: Translation, error: unknown): string {
  if (!isContactsError(error)) return t.common.errorUnknown;
  switch (error.code) {
    case 'network':
      return t.common.errorNetwork;
    case 'unavailable':
      return t.common.errorUnavailable;
    case 'not-found':
      return t.common.errorNotFound;
    case 'unauthorized':
      return t.common.errorUnauthorized;
    case 'invalid-response':
      return t.common.errorInvalidResponse;
    case 'validation': {
      const code = error.fields ? Object.values(error.fields)[0] : undefined;
      return ownEntry<string>(t.common.validation, code) ?? t.common.errorUnknown;
    }
    default:
      return t.common.errorUnknown;
  }
}

/** "Retrying in N s" for an error whose server said when to come back, while it counts down. */
export function retryCountdown(t: Translation, seconds: number | undefined): string | undefined {
  return seconds === undefined ? undefined : t.common.retryingIn(seconds);
}
