/**
 * Play-function steps the element stories share: opening the contact form an element shows, and
 * the save conflict and duplicate warning seen through it.
 */
import { expect, userEvent } from 'storybook/test';

import { inside, nested, replaceText } from './dom.js';
import { apiOf } from './mock-api.js';
import { complete, other } from './sample.js';

type Context = { loaded: Record<string, unknown> };

/** Presses `button` in `host` and returns the contact form it opens, to query. */
export async function openContactForm(host: Element, button: string) {
  await userEvent.click(await inside(host).findByRole('button', { name: button }));
  return inside(await nested(host, 'contacts-contact-form'));
}

/**
 * Opens the form through `button`, edits it, saves the contact behind the form's back, then saves
 * the form: the conflict shows. Returns the form.
 */
export async function saveAfterChangeElsewhere(context: Context, host: Element, button: string) {
  const form = await openContactForm(host, button);
  // The agent edits first: a change that reaches a form nobody has touched yet (the REST adapter
  // streams other agents' changes live) simply refreshes it, and there is no conflict to show.
  await replaceText(await form.findByRole('textbox', { name: 'Name' }), 'Changed here');
  const { store } = apiOf(context);
  const current = await store.getContact(complete.id);
  await store.updateContact(
    complete.id,
    { name: 'Changed elsewhere' },
    { expectedVersion: current.version },
  );
  await userEvent.click(form.getByRole('button', { name: 'Save' }));
  await expect(await form.findByText('This contact was changed by someone else.')).toBeVisible();
  return form;
}

/** Opens the form through `button` and types another contact's email: the warning shows. */
export async function typeDuplicateEmail(host: Element, button: string) {
  const form = await openContactForm(host, button);
  await replaceText(await form.findByRole('textbox', { name: 'Email' }), other.email!);
  await expect(await form.findByText('A contact with this email already exists.')).toBeVisible();
  return form;
}
