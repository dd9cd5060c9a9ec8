/**
 * Registers `<contact-detail>` and the internal elements it renders: its company view and the
 * forms. Every registration is guarded, so the panel's and the sidebar's define modules can
 * register the same internal elements. The
 * `HTMLElementTagNameMap` entries sit beside each class, so templates that render these tags
 * type-check (tsc, lit-analyzer) without importing a registering module.
 */
import '../company-form/define.js';
import '../company-view/define.js';
import '../contact-form/define.js';

import { ContactDetail } from './contact-detail.js';

if (!customElements.get('contact-detail')) {
  customElements.define('contact-detail', ContactDetail);
}
