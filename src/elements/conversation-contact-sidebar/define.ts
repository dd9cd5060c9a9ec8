/**
 * Registers `<conversation-contact-sidebar>`. What it renders behind a button loads on first use:
 * the contact form when "Edit contact" or "New contact" opens (`shared/forms.ts`), and
 * `<contacts-panel>` when "All contacts" opens. Every registration is guarded, so the other
 * elements' define modules can register the same ones.
 */
import { ConversationContactSidebar } from './conversation-contact-sidebar.js';

if (!customElements.get('conversation-contact-sidebar')) {
  customElements.define('conversation-contact-sidebar', ConversationContactSidebar);
}
