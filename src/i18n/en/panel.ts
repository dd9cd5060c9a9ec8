import { plural } from '../plural.js';

/** Strings of the panel. */
export const panel = {
  tabs: 'Contacts and companies',
  contactsTab: 'Contacts',
  companiesTab: 'Companies',
  searchContacts: 'Search contacts',
  searchCompanies: 'Search companies',
  searchContactsPlaceholder: 'Name, email or phone',
  searchCompaniesPlaceholder: 'Name or domain',
  newContact: 'New contact',
  newCompany: 'New company',
  contactsList: 'Contacts',
  companiesList: 'Companies',
  pendingFilter: 'Pending actions',
  pendingMarker: 'Pending action',
  noEmailOrPhone: 'No email or phone',
  loadingContacts: 'Loading contacts…',
  loadingCompanies: 'Loading companies…',
  loadingRow: 'Loading…',
  contactCount: (count: number, formatted: string) =>
    plural('en', count, { one: `${formatted} contact`, other: `${formatted} contacts` }),
  companyCount: (count: number, formatted: string) =>
    plural('en', count, { one: `${formatted} company`, other: `${formatted} companies` }),
  pendingCount: (count: number, formatted: string) =>
    plural('en', count, {
      one: `${formatted} contact with pending actions`,
      other: `${formatted} contacts with pending actions`,
    }),
  /** A count that is a lower bound (the backend stopped counting), as the counts above take it. */
  atLeast: (formatted: string) => `${formatted}+`,
  noContactsMatch: (query: string) => `No contacts match "${query}"`,
  noCompaniesMatch: (query: string) => `No companies match "${query}"`,
  noPendingContacts: 'No contacts with pending actions',
  noPendingContactsMatch: (query: string) => `No contacts with pending actions match "${query}"`,
  noResultsHint: 'Check the spelling, or search by email or phone number.',
  noCompanyResultsHint: 'Check the spelling, or search by domain.',
  clearSearch: 'Clear search',
  noContactsYet: 'No contacts yet',
  noContactsYetHint: 'Contacts appear here when conversations start. You can also add one now.',
  noCompaniesYet: 'No companies yet',
  noCompaniesYetHint: 'Add a company to group its contacts.',
  loadContactsFailed: 'Could not load contacts',
  loadCompaniesFailed: 'Could not load companies',
  loadUnauthorized:
    'You are signed out or have no access to these records. Sign in again, then retry.',
  loadInvalidResponse:
    'The server answered something unexpected. Retry; if it keeps happening, tell your administrator.',
  retryingIn: (_seconds: number, formatted: string) => `Retrying in ${formatted} s`,
  unavailableRow: 'Unavailable record',
  backToList: 'Back to list',
};
