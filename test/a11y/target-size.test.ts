/**
 * WCAG 2.2 SC 2.5.8 Target Size (Minimum): every pointer target in every element, in each of
 * its states, is at least 24 by 24 CSS pixels, or is undersized but spaced so that a 24 px circle
 * centred on it touches no other target (the SC's spacing exception), or is a link inside a
 * sentence (the inline exception). Measured with getBoundingClientRect through shadow roots.
 */
import { expect, fixture, html } from '@open-wc/testing';

import '../../src/elements/contact-detail/define.js';
import '../../src/elements/contacts-panel/define.js';
import '../../src/elements/conversation-contact-sidebar/define.js';

import type { ContactDetail } from '../../src/elements/contact-detail/contact-detail.js';
import type { ContactsPanel } from '../../src/elements/contacts-panel/contacts-panel.js';
import type { ConversationContactSidebar } from '../../src/elements/conversation-contact-sidebar/conversation-contact-sidebar.js';
import { loadPhoneLibrary } from '../../src/model/phone.js';
import { ANA, ACME, PENDING, makeAdapter, typeInto } from '../elements/contacts-fixtures.js';
import {
  deepElements,
  findByRole,
  getByRole,
  nameOf,
  roleOf,
  waitFor,
} from '../helpers/queries.js';

const MIN = 24;
const TARGETS = [
  'button',
  'a[href]',
  'input:not([type="hidden"])',
  'select',
  'textarea',
  'summary',
  '[role="option"]',
  '[role="tab"]',
  '[role="button"]',
  '[role="link"]',
  '[role="checkbox"]',
  '[role="switch"]',
  '[role="menuitem"]',
].join(', ');

interface Target {
  element: HTMLElement;
  rect: DOMRect;
}

let measured = 0;
let states = 0;
/** Undersized targets allowed by an exception, for the log. */
const exempted = new Map<string, string>();

function visible(element: HTMLElement): boolean {
  if (!element.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })) return false;
  const dialog = element.closest('dialog');
  if (dialog && !dialog.open) return false;
  const rect = element.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0;
}

/** A link that sits in running text: its block holds more text than the link itself. */
function inSentence(element: HTMLElement): boolean {
  if (element.localName !== 'a') return false;
  const block = element.parentElement?.closest('p, li, dd, td, div, span');
  const text = (block?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const own = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
  return text.length > own.length;
}

function distanceToRect(x: number, y: number, rect: DOMRect): number {
  const dx = Math.max(rect.left - x, 0, x - rect.right);
  const dy = Math.max(rect.top - y, 0, y - rect.bottom);
  return Math.hypot(dx, dy);
}

function describe_(target: Target): string {
  const { element, rect } = target;
  const label =
    nameOf(element) || element.getAttribute('aria-label') || element.textContent?.trim();
  return `${element.localName}[${roleOf(element)}] "${(label ?? '').slice(0, 40)}" ${rect.width.toFixed(1)}×${rect.height.toFixed(1)}`;
}

/** The targets of `root` that fail 2.5.8, with why. */
function undersized(root: Element): string[] {
  const targets: Target[] = deepElements(root)
    .filter((e): e is HTMLElement => e instanceof HTMLElement && e.matches(TARGETS))
    .filter(visible)
    .map(element => ({ element, rect: element.getBoundingClientRect() }));
  measured += targets.length;
  const small = targets.filter(t => t.rect.width < MIN - 0.01 || t.rect.height < MIN - 0.01);
  const failures: string[] = [];
  for (const target of small) {
    if (inSentence(target.element)) {
      exempted.set(describe_(target), 'inline');
      continue;
    }
    const x = target.rect.left + target.rect.width / 2;
    const y = target.rect.top + target.rect.height / 2;
    // Spacing exception: the 24 px circle touches no other target and no other small one's circle.
    const crowded = targets.some(other => {
      if (other === target || other.element.contains(target.element)) return false;
      if (target.element.contains(other.element)) return false;
      if (distanceToRect(x, y, other.rect) < MIN / 2) return true;
      if (!small.includes(other)) return false;
      const ox = other.rect.left + other.rect.width / 2;
      const oy = other.rect.top + other.rect.height / 2;
      return Math.hypot(x - ox, y - oy) < MIN;
    });
    if (crowded) failures.push(describe_(target));
    else exempted.set(describe_(target), 'spacing');
  }
  return failures;
}

const report: string[] = [];

function check(root: Element, state: string) {
  states++;
  for (const failure of undersized(root)) report.push(`${state}: ${failure}`);
}

describe('target size (WCAG 2.5.8, 24 × 24 CSS px)', () => {
  before(async function () {
    this.timeout(30_000);
    await loadPhoneLibrary();
  });

  after(() => {
    console.log(`[a11y] target size: ${measured} targets measured in ${states} states`);
    for (const [target, why] of exempted) {
      console.log(`  undersized but exempt (${why}): ${target}`);
    }
  });

  afterEach(() => {
    const failures = report.splice(0);
    expect(failures, `Undersized targets:\n${failures.join('\n')}`).to.deep.equal([]);
  });

  it('<contacts-panel>: list, details, companies, create dialog with errors, empty search', async function () {
    this.timeout(30_000);
    const el = await fixture<ContactsPanel>(
      html`<contacts-panel .adapter=${makeAdapter()}></contacts-panel>`,
    );
    await findByRole(el, 'listbox', { name: 'Contacts' });
    check(el, 'panel list');
    await el.select(ANA.id);
    await findByRole(el, 'heading', { name: ANA.name });
    await findByRole(el, 'link', { name: 'ana@example.com' });
    check(el, 'panel with a contact');
    await el.select(PENDING.id);
    await findByRole(el, 'button', { name: 'Add contact information' });
    check(el, 'panel with a pending contact');

    el.tab = 'companies';
    await findByRole(el, 'listbox', { name: 'Companies' });
    await el.select(ACME.id);
    await findByRole(el, 'heading', { name: ACME.name });
    check(el, 'panel with a company');

    el.tab = 'contacts';
    await el.openCreate('contact');
    const dialog = await findByRole(el, 'dialog', { name: 'New contact' });
    getByRole(dialog, 'button', { name: 'Save' }).click();
    await findByRole(dialog, 'alert');
    typeInto(getByRole(dialog, 'textbox', { name: 'Email' }), 'ana@example.com');
    await findByRole(dialog, 'button', { name: 'Open existing contact' });
    check(el, 'panel create dialog with errors and a duplicate');
    getByRole(dialog, 'button', { name: 'Cancel' }).click();
    await waitFor(() => !(dialog as HTMLDialogElement).open);

    const search = getByRole(el, 'searchbox', { name: 'Search contacts' }) as HTMLInputElement;
    typeInto(search, 'nobody at all');
    await waitFor(() => el.shadowRoot!.querySelector('[part~="empty"]'));
    check(el, 'panel with no results');
  });

  it('<contact-detail>: contact, pending action, edit dialog, company', async function () {
    this.timeout(30_000);
    const el = await fixture<ContactDetail>(
      html`<contact-detail .adapter=${makeAdapter()} contact-id=${ANA.id}></contact-detail>`,
    );
    await findByRole(el, 'heading', { name: ANA.name });
    await findByRole(el, 'region', { name: 'Recent conversations' });
    check(el, 'detail contact');
    el.contactId = PENDING.id;
    await findByRole(el, 'button', { name: 'Add contact information' });
    check(el, 'detail pending');
    await el.edit();
    const dialog = await findByRole(el, 'dialog', { name: 'Edit contact' });
    await findByRole(dialog, 'combobox', { name: /Company/ });
    check(el, 'detail edit dialog');
    getByRole(dialog, 'button', { name: 'Cancel' }).click();
    await waitFor(() => !(dialog as HTMLDialogElement).open);
    el.contactId = undefined;
    el.companyId = ACME.id;
    await findByRole(el, 'heading', { name: ACME.name });
    await findByRole(el, 'button', { name: ANA.name });
    check(el, 'detail company');
  });

  it('<conversation-contact-sidebar>: contact, editor, New contact, All contacts', async function () {
    this.timeout(30_000);
    const el = await fixture<ConversationContactSidebar>(
      html`<conversation-contact-sidebar
        .adapter=${makeAdapter()}
        .conversation=${{
          channel: 'whatsapp',
          address: ANA.phone!,
          displayName: ANA.name,
          conversationId: 'cv_1',
        }}
      ></conversation-contact-sidebar>`,
    );
    await findByRole(el, 'heading', { name: ANA.name });
    await findByRole(el, 'link', { name: /ana@example\.com/ });
    check(el, 'sidebar contact');
    el.conversation = undefined;
    el.contactId = PENDING.id;
    await findByRole(el, 'button', { name: 'Add contact information' });
    check(el, 'sidebar pending');
    await el.edit('email');
    await findByRole(el, 'region', { name: 'Edit contact' });
    check(el, 'sidebar editor');
    getByRole(el, 'button', { name: 'Cancel' }).click();
    await findByRole(el, 'button', { name: 'Edit contact' });
    await el.openNewContact();
    const created = await findByRole(el, 'dialog', { name: 'New contact' });
    check(el, 'sidebar new contact');
    getByRole(created, 'button', { name: 'Cancel' }).click();
    await waitFor(() => !(created as HTMLDialogElement).open);
    await el.openAllContacts();
    const all = await findByRole(el, 'dialog', { name: 'All contacts' });
    await findByRole(all, 'listbox', { name: 'Contacts' });
    check(el, 'sidebar all contacts');
  });
});
