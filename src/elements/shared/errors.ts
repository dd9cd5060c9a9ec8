import { isContactsError } from '../../adapter/errors.js';
import type { Translation } from '../../i18n/translation.js';

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
    case 'validation': {
      const code = error.fields ? Object.values(error.fields)[0] : undefined;
      return code ? t.common.validation[code] : t.common.errorUnknown;
    }
    default:
      return t.common.errorUnknown;
  }
}

/** The translated name of a channel, or the host's own channel name as it is. */
export function channelName(t: Translation, channel: string): string {
  return t.common.channels[channel] ?? channel;
}
