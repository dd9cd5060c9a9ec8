/**
 * A company in `<contact-detail>`: loaded with the first `company-id`, so a detail showing
 * contacts carries none of it. Registers `<contacts-company-view>`, reads the company's page of
 * contacts, and renders the view.
 */
import { html } from 'lit';

import type { SkippedRecords } from '../../adapter/errors.js';
import type { Page } from '../../adapter/types.js';
import type { Company, Contact } from '../../model/types.js';
import '../company-view/define.js';
import type { CompanyViewOpenEvent } from '../company-view/company-view.js';
import { readContact, readList, unreadableRecord } from '../shared/contact-view-records.js';

/**
 * A company's page of contacts with only the records that can be shown; those the adapter (or
 * this view) had to leave out are reported through `report` (`contacts-error`), and the rest show.
 */
export function companyContacts(
  page: (Page<Contact> & SkippedRecords) | undefined,
  report: (operation: string, error: unknown) => void,
): Page<Contact> {
  const { items, skipped } = readList(page?.items, readContact);
  // The adapter's own first report says which record broke what.
  const reported = page?.skipped?.[0]?.error;
  if (skipped || reported) {
    report('list-contacts', reported ?? unreadableRecord('contacts', 'items'));
  }
  const total = page && Number.isFinite(page.total) ? page.total : items.length;
  return { ...page, items, total, nextCursor: page?.nextCursor ?? null } as Page<Contact>;
}

/** The company view, with its contacts; Edit and a contact's link go to the detail. */
export function companyView(
  company: Company,
  contacts: Page<Contact>,
  onEdit: () => void,
  onOpen: (event: CompanyViewOpenEvent) => void,
) {
  return html`<contacts-company-view
    exportparts="base, header, avatar, heading, actions, fields, contacts"
    .company=${company}
    .contacts=${contacts}
    @contacts-company-view-edit=${onEdit}
    @contacts-company-view-open=${onOpen}
  ></contacts-company-view>`;
}
