/**
 * English strings of merging (issue 13), in the detail's section: "Merge with…", its picker, the
 * "Merge contacts" dialog, "Possible duplicates", and following a contact merged elsewhere. Only
 * the merge parts load them (`addMergeStrings()`), so hosts whose adapter cannot merge never do.
 */
import { plural } from '../plural.js';
import { detail } from './detail.js';

export const mergeLater = {
  mergeWith: 'Merge with…',
  mergePickTitle: (name: string) => `Merge ${name} with…`,
  mergePickHint: 'Choose the contact to merge into this one. This one stays; the other goes away.',
  mergeSearch: 'Search contacts',
  mergeSearching: 'Searching…',
  mergeNoResults: 'No other contacts found.',
  mergeTitle: 'Merge contacts',
  mergeHint:
    'Choose the value to keep where they differ. The channels and conversations of both are kept.',
  mergeStays: 'Stays',
  mergeGoes: 'Merged into it, then removed',
  mergeNone: 'None',
  mergeResult: 'Result',
  mergeConversations: (count: number, formatted: string) =>
    plural('en', count, {
      one: `${formatted} conversation moves to this contact`,
      other: `${formatted} conversations move to this contact`,
    }),
  merge: 'Merge',
  merging: 'Merging…',
  mergeConflict: 'One of these contacts changed since you opened this.',
  mergeConflictHint:
    'The latest values are shown, and your choices that still apply are kept. Check them, then merge again.',
  mergeNotFound:
    'One of these contacts no longer exists: it was merged or deleted elsewhere. Nothing was merged.',
  mergeFailed: 'The contacts were not merged.',
  mergeRetryHint: 'Your choices are kept. Press Retry: the contacts are never merged twice.',
  possibleDuplicates: 'Possible duplicates',
  compareAndMerge: 'Compare and merge',
  mergedElsewhere: 'This contact was merged into another contact, which is shown now.',
};

/** Adds the strings above to the English detail section; each merge part calls it as it loads. */
export function addMergeStrings(): void {
  Object.assign(detail, mergeLater);
}
