/**
 * Registers the company form. An internal element: every container that renders it imports this,
 * so the registration is guarded. Its `HTMLElementTagNameMap` entry sits beside the class.
 */
import { CompanyForm } from './company-form.js';

if (!customElements.get('contacts-company-form')) {
  customElements.define('contacts-company-form', CompanyForm);
}
