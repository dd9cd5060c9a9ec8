import type { commonLater } from './later.js';

const firstPaint = {
  noAdapter: 'No data adapter connected',
  noAdapterHint: 'Connect a contacts data adapter to show contacts here.',
  retry: 'Retry',
  errorTitle: 'Something went wrong',
  errorNetwork: 'Could not reach the server. Check the connection and retry.',
  errorUnavailable: 'The contacts service is unavailable right now. Retry in a moment.',
  errorNotFound: 'This record no longer exists.',
  errorUnknown: 'An unexpected error occurred.',
  // Issue 11: errors any backend can give, and the wait a server asks for.
  errorUnauthorized:
    'You are not signed in, or not allowed to see this. Sign in again or ask an administrator for access.',
  errorInvalidResponse:
    'The server sent an answer that could not be read. Retry; if it happens again, tell your administrator.',
  retryingIn: (seconds: number) => `Retrying in ${seconds} s`,
  validation: {
    'contact-info-required': 'A contact needs an email address or a phone number.',
    'invalid-email': 'Enter an email address like name@example.com.',
    'invalid-phone': 'Enter a phone number with its area code, or + and the country code.',
    'name-required': 'Enter a name.',
    'name-too-long': 'Use at most 500 characters.',
    'invalid-domain': 'Enter a domain like example.com.',
    'unknown-company': 'That company does not exist.',
  },
};

/**
 * Strings every element shares: here those a first paint shows. The rest (`commonLater`,
 * later.ts) join this object when a part showing them loads. `en` (index.ts) holds them all.
 */
export const common = firstPaint as typeof firstPaint & typeof commonLater;
