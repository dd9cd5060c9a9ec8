import { plural } from '../plural.js';

/** Strings of the contact and company forms. */
export const form = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  domain: 'Domain',
  nameHint: 'Optional. Without a name, the contact is named after its email or phone number.',
  contactInfoHint: 'Enter an email address, a phone number, or both.',
  phoneHint: (country: string) => `Numbers typed without + are read as ${country} numbers.`,
  domainHint: 'Optional, e.g. example.com.',
  companySearching: 'Searching companies…',
  noCompany: 'No company',
  noCompaniesFound: 'No companies found',
  companiesFound: (count: number, formatted: string) =>
    plural('en', count, {
      one: `${formatted} company found`,
      other: `${formatted} companies found`,
    }),
  duplicateEmail: 'A contact with this email already exists.',
  duplicatePhone: 'A contact with this phone number already exists.',
  duplicateDomain: 'A company with this domain already exists.',
  openExistingContact: 'Open existing contact',
  openExistingCompany: 'Open existing company',
  mergeInto: (name: string) => `Merge into ${name}`,
  conflictContact: 'This contact was changed by someone else.',
  conflictCompany: 'This company was changed by someone else.',
  conflictHint:
    'Reload to see the latest version (your edits are discarded), or overwrite it with your edits.',
  reload: 'Reload',
  overwrite: 'Overwrite',
  notSavedContact: 'The contact was not saved.',
  notSavedCompany: 'The company was not saved.',
  retryHint: 'Everything you typed is kept. Press Save to try again.',
  errorTimeout:
    'The server did not answer in time; the save may have gone through. Press Save again: it is never saved twice.',
  errorInvalidResponse:
    'The server answered in a way this app does not understand; the save may have gone through. Press Save again: it is never saved twice.',
  errorUnauthorized:
    'You are not allowed to save this, or your session has ended. Sign in again or ask for access.',
  errorRetryAfter: (seconds: number) =>
    `The contacts service is busy. Wait ${seconds} s, then press Save again.`,
  errorUnknownField: (fields: string) =>
    `The server refused a field this form does not show (${fields}). Ask your administrator; your values are kept.`,
  errorRefused: 'The server refused these values without saying which. Check them and save again.',
  conflictBoth: 'Both of you changed these fields. Choose which value to keep, then Overwrite.',
  conflictMine: (value: string) => `Mine: ${value}`,
  conflictTheirs: (value: string) => `Theirs: ${value}`,
  emptyValue: '(empty)',
  saveFailed: 'Save failed',
  reopen: 'Reopen',
  dismiss: 'Dismiss',
  savedAfterClose: 'Saved.',
};
