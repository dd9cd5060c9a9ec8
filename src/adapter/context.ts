/**
 * How the adapter reaches the elements: `@lit/context` with a key shared across bundled copies
 * of the library, provided by any ancestor (a Lit element or a plain one such as `document.body`).
 */
import { ContextProvider, createContext } from '@lit/context';

import type { ContactsAdapter } from './types.js';

export const contactsAdapterContext = createContext<ContactsAdapter | undefined>(
  Symbol.for('contacts-elements/adapter'),
);

export type ContactsAdapterProvider = ContextProvider<typeof contactsAdapterContext>;

/**
 * Provides `adapter` to every contacts element inside `element`, including ones already
 * connected. Call `setValue` on the result to swap adapters; every element re-queries.
 */
export function provideContactsAdapter(
  element: HTMLElement,
  adapter: ContactsAdapter,
): ContactsAdapterProvider {
  const provider = new ContextProvider(element, {
    context: contactsAdapterContext,
    initialValue: adapter,
  });
  // Plain elements are not reactive hosts: announce the provider so waiting consumers ask again.
  provider.hostConnected();
  return provider;
}
