import type { detailLater } from './later.js';
import type { mergeLater } from './merge.js';

const firstPaint = {
  noSelection: 'No contact selected',
  noSelectionHint: 'Select a contact or a company to see its details.',
  loadingContact: 'Loading contact…',
  loadingCompany: 'Loading company…',
  contactNotFound: 'Contact not found',
  companyNotFound: 'Company not found',
  loadContactFailed: 'Could not load this contact',
  loadCompanyFailed: 'Could not load this company',
  edit: 'Edit',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  domain: 'Domain',
  channels: 'Channels',
  created: 'Created',
  lastActivity: 'Last activity',
  contactSaved: 'Contact saved.',
  companySaved: 'Company saved.',
};

/**
 * Strings of the contact and company detail: here those its first paint shows. The rest
 * (`detailLater`, later.ts) join this object when a part showing them loads: the record view,
 * "Start conversation", the company view, the edit dialog. `en` (index.ts) holds them all.
 */
export const detail = firstPaint as typeof firstPaint & typeof detailLater & typeof mergeLater;
