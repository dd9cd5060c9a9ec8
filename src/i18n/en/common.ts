/** Strings every element shares. */
export const common = {
  noAdapter: 'No data adapter connected',
  noAdapterHint: 'Connect a contacts data adapter to show contacts here.',
  loading: 'Loading…',
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
  close: 'Close',
  save: 'Save',
  cancel: 'Cancel',
  saving: 'Saving…',
  channels: {
    whatsapp: 'WhatsApp',
    sms: 'SMS',
    phone: 'Phone',
    email: 'Email',
    webchat: 'Web chat',
    instagram: 'Instagram',
    messenger: 'Messenger',
    telegram: 'Telegram',
  } as Record<string, string>,
  conversationStatus: {
    open: 'Open',
    pending: 'Pending',
    snoozed: 'Snoozed',
    resolved: 'Resolved',
  } as Record<string, string>,
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
