/**
 * Registers `<contacts-panel>` and its internal virtual listbox. What the panel shows later loads
 * on first use, so the list paints without it: `<contact-detail>` once the list has answered (or a
 * record is selected), and the create dialog with its forms when it first opens. Every
 * registration is guarded, so the sidebar's define module can register the same internal elements.
 */
import '../contacts-virtual-listbox/define.js';

import { ContactsPanel } from './contacts-panel.js';

if (!customElements.get('contacts-panel')) {
  customElements.define('contacts-panel', ContactsPanel);
}
