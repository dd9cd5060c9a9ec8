/**
 * Registers `<contact-detail>`. The internal elements it renders load on first use: the company
 * view with a company to show, the forms when the edit dialog opens (`shared/forms.ts`). Their
 * registrations are guarded, so the other elements can load the same ones. The
 * `HTMLElementTagNameMap` entries sit beside each class, so templates that render these tags
 * type-check (tsc, lit-analyzer) without importing a registering module.
 */
import { ContactDetail } from './contact-detail.js';

if (!customElements.get('contact-detail')) {
  customElements.define('contact-detail', ContactDetail);
}
