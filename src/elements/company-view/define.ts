/**
 * Registers the company view of `<contact-detail>`. An internal element: the detail's define
 * module imports this, so the registration is guarded. Its `HTMLElementTagNameMap` entry sits
 * beside the class.
 */
import { CompanyView } from './company-view.js';

if (!customElements.get('contacts-company-view')) {
  customElements.define('contacts-company-view', CompanyView);
}
