/**
 * Registers the contact form and its company picker. Internal elements: every container that
 * renders them imports this, so each registration is guarded. Their `HTMLElementTagNameMap`
 * entries sit beside the classes, so a container's templates type-check without importing this.
 */
import { CompanyPicker } from './company-picker.js';
import { ContactForm } from './contact-form.js';

if (!customElements.get('contacts-company-picker')) {
  customElements.define('contacts-company-picker', CompanyPicker);
}
if (!customElements.get('contacts-contact-form')) {
  customElements.define('contacts-contact-form', ContactForm);
}
