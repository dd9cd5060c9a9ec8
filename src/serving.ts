/**
 * `contacts-elements/serving.js`: for servers of the HTTP contract in `openapi.yaml` (the
 * reference server in `server/`, the msw handlers, a host's own): how a list's query string, an
 * `If-Match` header and the merge and restore bodies read, and how an error answers.
 */
export {
  companyQueryFrom,
  contactQueryFrom,
  conversationQueryFrom,
  ERROR_STATUS,
  errorAnswer,
  ifMatchVersion,
  mergeFailure,
  mergeRequestFrom,
  restoreRequestFrom,
} from './adapter/rest/serving.js';
export type { ErrorAnswer } from './adapter/rest/serving.js';
export type { ApiErrorCode, ApiOperations, ApiSchemas } from './adapter/rest/api.js';
