/**
 * Registers every element of the library. Importing this module is the opt-in side effect; the
 * package entry (`index.ts`) only exports classes.
 */
import './elements/contact-detail/define.js';
import './elements/contacts-panel/define.js';
import './elements/conversation-contact-sidebar/define.js';
