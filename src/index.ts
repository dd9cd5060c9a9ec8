/**
 * contacts-elements: element classes, the model, types, errors, context, events and controllers.
 * Importing this module registers no tags; import `contacts-elements/define.js` (or one element's
 * define module) for that. Adapters have their own entries (`contacts-elements/in-memory.js`,
 * `/rest.js`, `/persist.js`), and the data generator and test helpers `contacts-elements/testing.js`,
 * so a host loads only what it uses.
 */
export * from './model/index.js';

export type * from './adapter/types.js';
export { ContactsError, isAbortError, isContactsError } from './adapter/errors.js';
export type {
  ContactsErrorCode,
  ContactsErrorDetails,
  ContactsErrorInit,
  SkippedRecord,
  SkippedRecords,
} from './adapter/errors.js';
export { contactsAdapterContext, provideContactsAdapter } from './adapter/context.js';
export type { ContactsAdapterProvider } from './adapter/context.js';
export { newIdempotencyKey } from './adapter/util.js';

export { AdapterController } from './controllers/adapter-controller.js';
export type { AdapterControllerOptions } from './controllers/adapter-controller.js';
export {
  LocalizeController,
  loadTranslation,
  registerTranslation,
} from './controllers/localize-controller.js';
export type { Translation } from './i18n/translation.js';
export * from './events/index.js';

export { ContactDetail } from './elements/contact-detail/contact-detail.js';
export { ContactForm } from './elements/contact-form/contact-form.js';
export type { ContactFormField } from './elements/contact-form/contact-form.js';
export { CompanyPicker } from './elements/contact-form/company-picker.js';
export { CompanyForm } from './elements/company-form/company-form.js';
export type { CompanyFormField } from './elements/company-form/company-form.js';
export { ContactsPanel } from './elements/contacts-panel/contacts-panel.js';
export type {
  ContactsPanelCreateKind,
  ContactsPanelTab,
} from './elements/contacts-panel/contacts-panel.js';
export { ConversationContactSidebar } from './elements/conversation-contact-sidebar/conversation-contact-sidebar.js';
