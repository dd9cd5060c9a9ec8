/**
 * Records and adapter wrappers shared by the element tests: a small hand-written dataset, and a
 * proxy over the in-memory adapter that counts calls, records their arguments, and injects failures.
 */
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { InMemoryAdapterOptions } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { Company, Contact, ConversationSummary } from '../../src/model/types.js';

export const AT = '2026-10-01T12:00:00.000Z';

export function company(partial: Partial<Company> & Pick<Company, 'id' | 'name'>): Company {
  return { createdAt: AT, updatedAt: AT, version: 1, ...partial };
}

export function contact(partial: Partial<Contact> & Pick<Contact, 'id' | 'name'>): Contact {
  return {
    nameSource: 'agent',
    identities: [],
    pendingActions: [],
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...partial,
  };
}

export const ACME = company({ id: 'co_acme', name: 'Acme Ltda', domain: 'acme.com.br' });
export const GLOBEX = company({ id: 'co_globex', name: 'Globex', domain: 'globex.com' });

export const ANA = contact({
  id: 'ct_ana',
  name: 'Ana Souza',
  nameSource: 'channel',
  email: 'ana@example.com',
  phone: '+5511987654321',
  companyId: ACME.id,
  identities: [
    {
      channel: 'whatsapp',
      address: '+5511987654321',
      displayName: 'Ana',
      lastSeenAt: '2026-09-30T10:00:00.000Z',
    },
  ],
  lastActivityAt: '2026-09-30T10:00:00.000Z',
});

export const BRUNO = contact({
  id: 'ct_bruno',
  name: 'Bruno Lima',
  email: 'bruno@example.com',
  companyId: ACME.id,
});

export const PENDING = contact({
  id: 'ct_pending',
  name: 'insta.fan',
  nameSource: 'channel',
  identities: [{ channel: 'instagram', address: 'insta.fan', lastSeenAt: AT }],
  pendingActions: [{ id: 'pa_1', type: 'add-contact-info', createdAt: AT }],
});

export const CONVERSATIONS: ConversationSummary[] = [
  {
    id: 'cv_1',
    contactId: ANA.id,
    channel: 'whatsapp',
    status: 'open',
    lastMessagePreview: 'Is my order on its way?',
    lastActivityAt: '2026-09-30T10:00:00.000Z',
  },
  {
    id: 'cv_2',
    contactId: ANA.id,
    channel: 'email',
    status: 'resolved',
    lastMessagePreview: 'Thanks, all sorted.',
    lastActivityAt: '2026-08-01T09:00:00.000Z',
  },
];

export function makeAdapter(options: Omit<InMemoryAdapterOptions, 'data'> = {}) {
  return new InMemoryContactsAdapter({
    data: structuredClone({
      companies: [ACME, GLOBEX],
      contacts: [ANA, BRUNO, PENDING],
      conversations: CONVERSATIONS,
    }),
    ...options,
  });
}

// The spy ships in `contacts-elements/testing.js`; the element tests use it by its old name.
export { type SpyAdapter, spyAdapter as spy } from '../../src/adapter/spy/spy-adapter.js';

/** Sets an input's value as typing would, firing `input`. */
export function typeInto(input: HTMLElement, value: string): void {
  (input as HTMLInputElement).value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** The element focused inside nested shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The rendered text below `root`, through nested shadow roots. */
export function deepText(root: Element): string {
  let text = '';
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE) text += child.nodeValue ?? '';
      else walk(child);
    }
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
  };
  walk(root);
  return text;
}

export function nextFrame(): Promise<void> {
  return new Promise(resolve => requestAnimationFrame(() => resolve()));
}
