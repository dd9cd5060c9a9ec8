/**
 * Registers `<conversation-contact-sidebar>` and the elements it renders: the contact form (edit
 * in place and "New contact") and `<contacts-panel>` ("All contacts"), with theirs. Every
 * registration is guarded, so the other elements' define modules can register the same ones.
 */
import '../contact-form/define.js';
import '../contacts-panel/define.js';

import { ConversationContactSidebar } from './conversation-contact-sidebar.js';

if (!customElements.get('conversation-contact-sidebar')) {
  customElements.define('conversation-contact-sidebar', ConversationContactSidebar);
}
