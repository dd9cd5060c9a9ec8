/**
 * English strings of Delete (its confirmation and the deleted state) and of the Undo notice shown
 * after a merge or a delete. Only parts loaded on first use show them: they join `common` with the
 * other later strings (later.ts).
 */
import { plural } from '../plural.js';

export const undo = {
  deleteContact: 'Delete contact',
  deleteCompany: 'Delete company',
  /** The confirmation dialog's title. */
  confirmTitle: (name: string) => `Delete ${name}?`,
  contactConsequence: 'Their conversations and channels are deleted with the contact.',
  companyConsequence: (count: number, formatted: string) =>
    plural('en', count, {
      one: `Its ${formatted} contact is kept and unlinked from the company.`,
      other: `Its ${formatted} contacts are kept and unlinked from the company.`,
    }),
  companyNoContacts: 'It has no contacts.',
  undoHint: 'You can undo it right after.',
  delete: 'Delete',
  deleting: 'Deleting…',
  deleteFailed: 'Could not delete.',
  conflict: (name: string) =>
    `${name} changed since you opened it. Check the record as it is now, then delete again.`,
  alreadyGone: 'It was already deleted, or merged into another contact.',
  /** The detail's state once its record is deleted (here or elsewhere). */
  contactGone: 'Contact deleted',
  companyGone: 'Company deleted',
  goneHint: 'It no longer shows in lists or search.',
  /** The Undo notice. */
  contactDeleted: 'Contact deleted.',
  companyDeleted: 'Company deleted.',
  merged: 'Contacts merged.',
  undo: 'Undo',
  dismiss: 'Dismiss',
  undoing: 'Undoing…',
  contactRestored: 'Contact restored.',
  companyRestored: 'Company restored.',
  mergeUndone: 'Merge undone.',
  undoFailed: 'Could not undo.',
  expired: 'It can no longer be undone.',
  taken: 'Another record now holds one of its values (an email, a phone or a channel).',
};
