import { isContactsError } from '../../adapter/errors.js';
import type { Translation } from '../../i18n/translation.js';
import { describeError } from './errors.js';

/** What a failed save says at the form: what happened, and what to do about it. */
export function saveErrorText(t: Translation, error: unknown): string {
  if (!isContactsError(error)) return describeError(t, error);
  const details = error.details ?? {};
  switch (error.code) {
    case 'network':
      return details.timeoutMs === undefined ? describeError(t, error) : t.form.errorTimeout;
    case 'invalid-response':
      return t.form.errorInvalidResponse;
    case 'unauthorized':
      return t.form.errorUnauthorized;
    case 'unavailable':
      return error.retryAfterMs === undefined
        ? describeError(t, error)
        : t.form.errorRetryAfter(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
    case 'validation': {
      const unknown = Object.keys(details.unknownFields ?? {});
      if (unknown.length) return t.form.errorUnknownField(unknown.join(', '));
      if (!Object.keys(error.fields ?? {}).length) return t.form.errorRefused;
      return describeError(t, error);
    }
    default:
      return describeError(t, error);
  }
}
