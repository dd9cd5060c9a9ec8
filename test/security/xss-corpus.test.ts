/**
 * Every record field is attacker-controlled (a WhatsApp profile name, an Instagram handle, a
 * message preview, a company name typed by anyone). An XSS corpus is seeded straight into the
 * in-memory store, past validation, in every field, and each element renders it: nothing runs
 * (the flag the payloads would set stays unset), no markup is created from it, the text shows as
 * typed, and no link ends up with a scheme other than http, https, mailto or tel.
 */
import { expect, fixture, html } from '@open-wc/testing';

import '../../src/elements/contact-detail/define.js';
import '../../src/elements/contacts-panel/define.js';
import '../../src/elements/conversation-contact-sidebar/define.js';

import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { ContactDetail } from '../../src/elements/contact-detail/contact-detail.js';
import type { ContactsPanel } from '../../src/elements/contacts-panel/contacts-panel.js';
import type { ConversationContactSidebar } from '../../src/elements/conversation-contact-sidebar/conversation-contact-sidebar.js';
import { loadPhoneLibrary } from '../../src/model/phone.js';
import type { Company, Contact, ConversationSummary } from '../../src/model/types.js';
import { deepElements, findByRole, getByRole, waitFor } from '../helpers/queries.js';
import { AT } from '../elements/contacts-fixtures.js';

declare global {
  interface Window {
    __xss?: unknown;
  }
}

/** Each payload sets window.__xss if it ever runs. */
export const CORPUS: readonly string[] = [
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload="window.__xss=2">',
  "'><svg/onload=window.__xss=3>",
  'javascript:window.__xss=4',
  'JaVaScRiPt:window.__xss=5//@example.com',
  'data:text/html,<script>window.__xss=6</script>',
  '</script><script>window.__xss=7</script>',
  '<a href="javascript:window.__xss=8">click me</a>',
  '<iframe srcdoc="<script>parent.__xss=9</script>"></iframe>',
  '<style>*{display:none!important}</style>',
  '${window.__xss=10}{{constructor.constructor("window.__xss=11")()}}',
  '&lt;b&gt;not bold&lt;/b&gt; &amp;amp;',
  // Right-to-left override: "gnp.exe" reads as "exe.png".
  'invoice\u202Egnp.exe',
  '\u202Ejavascript:window.__xss=12',
  // Emoji with zero-width joiners and a flag sequence.
  '👩\u200D👩\u200D👧\u200D👦 Família 🏳️\u200D🌈 Ñandú',
  // 10 kB, with a payload at the end, past where a truncation would look.
  `${'Ω'.repeat(10 * 1024)}<img src=x onerror="window.__xss=13">`,
  // Names of Object.prototype members: string-keyed tables must not answer for them.
  '__proto__',
  'constructor',
  'toString',
  // A lone surrogate.
  'Ana \uD800',
];

/**
 * What a heading shows for a name: direction controls and zero-width characters left out (the
 * joiners of emoji sequences stay), so a name cannot reorder or hide what follows it.
 */
function shown(payload: string): string {
  return payload.replace(/[\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g, '').trim();
}

const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);
/** Elements record data must never produce. (The sidebar's own icons are inline SVG.) */
const FORBIDDEN_TAGS = [
  'script',
  'img',
  'iframe',
  'object',
  'embed',
  'frame',
  'base',
  'meta',
  'link',
  'style',
];

function dataset() {
  const companies: Company[] = CORPUS.map((payload, i) => ({
    id: `co_${i}`,
    name: payload,
    domain: payload,
    createdAt: AT,
    updatedAt: AT,
    version: 1,
  }));
  const contacts: Contact[] = CORPUS.map((payload, i) => ({
    id: `ct_${i}`,
    name: payload,
    nameSource: 'channel',
    // Not valid email or phone: seeded past validation on purpose.
    email: payload,
    phone: payload,
    companyId: `co_${i}`,
    identities: [
      { channel: payload, address: payload, displayName: payload, lastSeenAt: AT },
      { channel: 'whatsapp', address: payload, displayName: payload, lastSeenAt: AT },
    ],
    pendingActions: [{ id: `pa_${i}`, type: 'add-contact-info', createdAt: AT }],
    createdAt: AT,
    updatedAt: AT,
    lastActivityAt: AT,
    version: 1,
  }));
  const conversations: ConversationSummary[] = CORPUS.flatMap((payload, i) => [
    {
      id: `cv_${i}_a`,
      contactId: `ct_${i}`,
      channel: payload,
      status: 'open',
      lastMessagePreview: payload,
      lastActivityAt: AT,
    },
    {
      id: `cv_${i}_b`,
      contactId: `ct_${i}`,
      channel: 'whatsapp',
      status: payload as ConversationSummary['status'],
      lastMessagePreview: payload,
      lastActivityAt: '2026-09-01T00:00:00.000Z',
    },
  ]);
  return { companies, contacts, conversations };
}

/** One well-formed email and phone per contact too, so the mailto: and tel: links render. */
function linkedDataset() {
  const data = dataset();
  data.contacts = data.contacts.map((contact, i) => ({
    ...contact,
    // Valid by the WHATWG rule, yet full of characters that matter in attributes and URLs.
    email: `o'brien+${i}&x=y?subject=#!$%*/=^_{|}~@example.com`,
    phone: `+55119876543${String(i).padStart(2, '0')}`,
  }));
  return data;
}

let checks = 0;
let links = 0;

/** The invariants, over everything rendered below `root`, shadow roots included. */
async function assertInert(root: Element, where: string) {
  // onerror fires after the image fails to load: give it time.
  await new Promise(resolve => setTimeout(resolve, 100));
  expect(window.__xss, `${where}: a payload ran`).to.be.undefined;
  const elements = deepElements(root);
  for (const element of elements) {
    const tag = element.localName;
    expect(FORBIDDEN_TAGS, `${where}: <${tag}> in the rendered tree`).not.to.include(tag);
    for (const attribute of Array.from(element.attributes)) {
      expect(attribute.name.startsWith('on'), `${where}: ${tag}[${attribute.name}]`).to.be.false;
    }
    if (element.namespaceURI === 'http://www.w3.org/2000/svg' && tag === 'svg') {
      // Only the elements' own decorative icons.
      expect(element.getAttribute('aria-hidden'), `${where}: an svg that is not an icon`).to.equal(
        'true',
      );
    }
    if (element instanceof HTMLAnchorElement || element instanceof HTMLAreaElement) {
      if (!element.hasAttribute('href')) continue;
      links++;
      const url = new URL(element.href, location.href);
      expect(ALLOWED_SCHEMES, `${where}: link to ${element.href.slice(0, 80)}`).to.include(
        url.protocol,
      );
      if (url.protocol === 'mailto:') {
        // The address only: no header field (cc, bcc, subject, body) smuggled in from the record.
        expect(url.search, `${where}: ${element.href}`).to.equal('');
        expect(decodeURIComponent(url.pathname), where).to.equal(element.textContent!.trim());
      }
      if (url.protocol === 'tel:') expect(url.pathname, where).to.match(/^\+\d+$/);
    }
    if (element instanceof HTMLIFrameElement || element instanceof HTMLFormElement) {
      const target = element instanceof HTMLFormElement ? element.action : element.src;
      if (target) expect(new URL(target).protocol).to.match(/^https?:$/);
    }
  }
  checks++;
}

/** The rendered text, through shadow roots, as one string. */
function deepText(root: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE) parts.push(child.nodeValue ?? '');
      else walk(child);
    }
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
  };
  walk(root);
  return parts.join('');
}

function listLabel(el: Element) {
  return el.shadowRoot!.querySelector('[role="listbox"]')?.getAttribute('aria-label');
}

function headingText(el: Element): string {
  return (
    deepElements(el)
      .find(node => node.matches('[part~="heading"], h1, h2'))
      ?.textContent?.trim() ?? ''
  );
}

describe('XSS corpus in every field, in every element', () => {
  before(async function () {
    this.timeout(30_000);
    await loadPhoneLibrary();
  });

  beforeEach(() => {
    delete window.__xss;
  });

  after(() => {
    const fields = 11;
    console.log(
      `[security] XSS corpus: ${CORPUS.length} payloads x ${fields} fields, ${checks} renders checked, ${links} links checked`,
    );
  });

  it('<contact-detail>: every contact and company, and the edit form', async function () {
    this.timeout(60_000);
    for (const data of [dataset(), linkedDataset()]) {
      const adapter = new InMemoryContactsAdapter({ data });
      const el = await fixture<ContactDetail>(
        html`<contact-detail .adapter=${adapter}></contact-detail>`,
      );
      for (const [i, payload] of CORPUS.entries()) {
        el.companyId = undefined;
        el.contactId = `ct_${i}`;
        await waitFor(() => headingText(el) === shown(payload), 10_000, `heading of ct_${i}`);
        // Name, email, phone, identities and the two previews: the payload shows many times.
        await waitFor(() => deepText(el).split(payload).length > 4, 10_000, 'the previews');
        await assertInert(el, `contact-detail ct_${i}`);

        el.contactId = undefined;
        el.companyId = `co_${i}`;
        await waitFor(() => headingText(el) === shown(payload), 10_000, `heading of co_${i}`);
        await assertInert(el, `contact-detail co_${i}`);
      }
      // The edit form holds the values as values, not markup.
      el.companyId = undefined;
      el.contactId = 'ct_0';
      await waitFor(() => headingText(el) === CORPUS[0]);
      await el.edit();
      const dialog = await findByRole(el, 'dialog', { name: 'Edit contact' }, 10_000);
      expect((getByRole(dialog, 'textbox', { name: 'Name' }) as HTMLInputElement).value).to.equal(
        CORPUS[0],
      );
      await assertInert(el, 'contact-detail edit form');
      // A modal left open would make the next fixture inert.
      getByRole(dialog, 'button', { name: 'Cancel' }).click();
      await waitFor(() => !(dialog as HTMLDialogElement).open);
    }
  });

  it('<contacts-panel>: contact and company rows, details and search', async function () {
    this.timeout(60_000);
    for (const data of [dataset(), linkedDataset()]) {
      const adapter = new InMemoryContactsAdapter({ data });
      const el = await fixture<ContactsPanel>(
        html`<contacts-panel .adapter=${adapter}></contacts-panel>`,
      );
      await waitFor(() => listLabel(el) === 'Contacts', 10_000, 'the contacts list');
      await waitFor(() => deepText(el).includes(CORPUS[0]!), 10_000, 'the first rows');
      await assertInert(el, 'panel contact rows');
      for (const [i, payload] of CORPUS.entries()) {
        await el.select(`ct_${i}`);
        const detail = el.shadowRoot!.querySelector('contact-detail')!;
        await waitFor(() => headingText(detail) === shown(payload), 10_000, `details of ct_${i}`);
        await assertInert(el, `panel ct_${i}`);
      }
      // Searching for a payload highlights nothing and finds it as text.
      const search = getByRole(el, 'searchbox', { name: 'Search contacts' }) as HTMLInputElement;
      search.value = '<img src=x';
      search.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await waitFor(
        () =>
          el.shadowRoot!.querySelector('[role="listbox"]')?.getAttribute('aria-busy') === 'false',
      );
      await assertInert(el, 'panel search');

      el.tab = 'companies';
      await waitFor(() => listLabel(el) === 'Companies', 10_000, 'the companies list');
      for (const [i, payload] of CORPUS.entries()) {
        await el.select(`co_${i}`);
        const detail = el.shadowRoot!.querySelector('contact-detail')!;
        await waitFor(() => headingText(detail) === shown(payload), 10_000, `details of co_${i}`);
        await assertInert(el, `panel co_${i}`);
      }
    }
  });

  it('<conversation-contact-sidebar>: arriving conversations and seeded contacts', async function () {
    this.timeout(60_000);
    const adapter = new InMemoryContactsAdapter({ data: dataset() });
    const el = await fixture<ConversationContactSidebar>(
      html`<conversation-contact-sidebar .adapter=${adapter}></conversation-contact-sidebar>`,
    );
    for (const [i, payload] of CORPUS.entries()) {
      // A new person: display name, address, host channel and preview are all payloads.
      el.contactId = undefined;
      el.conversation = {
        channel: i % 2 ? payload : 'instagram',
        address: `${payload} #${i}`,
        displayName: payload,
        email: payload,
        phone: payload,
        conversationId: `arrival_${i}`,
        preview: payload,
      };
      await waitFor(() => headingText(el) === shown(payload), 10_000, `arrival ${i}`);
      await assertInert(el, `sidebar arrival ${i}`);

      el.conversation = undefined;
      el.contactId = `ct_${i}`;
      await waitFor(() => headingText(el) === shown(payload), 10_000, `contact ct_${i}`);
      await assertInert(el, `sidebar ct_${i}`);
    }
    // Editing in place and "All contacts" render the same data again, in other templates.
    getByRole(el, 'button', { name: 'Edit contact' }).click();
    await findByRole(el, 'region', { name: 'Edit contact' }, 10_000);
    await assertInert(el, 'sidebar editor');
    getByRole(el, 'button', { name: 'Cancel' }).click();
    await findByRole(el, 'button', { name: 'Edit contact' }, 10_000);
    getByRole(el, 'button', { name: 'All contacts' }).click();
    const dialog = await findByRole(el, 'dialog', { name: 'All contacts' }, 10_000);
    await findByRole(dialog, 'listbox', { name: 'Contacts' }, 10_000);
    await assertInert(el, 'sidebar all contacts');
  });
});
