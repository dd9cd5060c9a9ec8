/**
 * Registers `<contacts-panel>` and the elements it renders: its virtual listbox, `<contact-detail>`
 * and the internal forms of its create dialog. Every registration is guarded, so the sidebar's
 * define module can register the same internal elements.
 */
import '../company-form/define.js';
import '../contact-detail/define.js';
import '../contact-form/define.js';
import '../contacts-virtual-listbox/define.js';

import { ContactsPanel } from './contacts-panel.js';

if (!customElements.get('contacts-panel')) {
  customElements.define('contacts-panel', ContactsPanel);
}
