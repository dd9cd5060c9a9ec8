/**
 * Registers `<contacts-contact-merge>`, the merge dialog. An internal element, loaded with the
 * first way into a merge (`shared/merge-ways.ts`); the registration is guarded so every element
 * can load it. Its `HTMLElementTagNameMap` entry sits beside the class.
 */
import { ContactMerge } from './contact-merge.js';

if (!customElements.get('contacts-contact-merge')) {
  customElements.define('contacts-contact-merge', ContactMerge);
}
