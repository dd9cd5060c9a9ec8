/**
 * `contacts-elements/model.js`: the data model's rules (validation, normalisation, search folding,
 * matching) and the error type, with no DOM and no adapter, so a server or a worker applies the
 * very rules the elements apply.
 */
export * from './model/index.js';
export * from './model/records.js';
export { ContactsError, isAbortError, isContactsError } from './adapter/errors.js';
export type {
  ContactsErrorCode,
  ContactsErrorDetails,
  ContactsErrorInit,
  SkippedRecord,
  SkippedRecords,
} from './adapter/errors.js';
