/**
 * Registers the panel's virtual listbox. Internal: the panel's define module imports this, so the
 * registration is guarded. The `HTMLElementTagNameMap` entry sits beside the class, so the
 * panel's template type-checks without importing this.
 */
import { ContactsVirtualListbox } from './contacts-virtual-listbox.js';

if (!customElements.get('contacts-virtual-listbox')) {
  customElements.define('contacts-virtual-listbox', ContactsVirtualListbox);
}
