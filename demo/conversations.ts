/**
 * The demo's conversation screen: a conversation list on the left (with "New contact" and
 * "All contacts"), the message pane, and the contact sidebar on the right, plus a form that
 * simulates a conversation arriving on a channel. The sidebar resolves each conversation's
 * contact through the adapter (`resolveConversation`, on whichever data the demo runs on: the
 * reference server, the mock API or the in-browser store); the demo only keeps the link it reports.
 */
import { html, nothing, render } from 'lit';

import type {
  ArrivingConversation,
  ContactsAdapter,
  Channel,
  ContactResolvedEvent,
  ConversationContactRelinkEvent,
  ConversationContactSidebar,
} from '../src/index.js';
import { KNOWN_CHANNELS } from '../src/index.js';

interface DemoConversation {
  arrival: ArrivingConversation & { conversationId: string };
  message: string;
  /** Set once the sidebar reports the resolved contact. */
  contactId?: string;
  outcome?: string;
}

const conversations: DemoConversation[] = [];
let selectedId: string | undefined;
let counter = 0;
let lastOutcome = '';

const CHANNEL_NAMES: Record<string, string> = {
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  phone: 'Phone',
  email: 'Email',
  webchat: 'Web chat',
  instagram: 'Instagram',
  messenger: 'Messenger',
  telegram: 'Telegram',
};

/** Starts the inbox with a few conversations of existing contacts, so it does not open empty. */
export async function seedConversations(adapter: ContactsAdapter): Promise<void> {
  if (conversations.length) return;
  const page = await adapter.listContacts({ limit: 4, offset: 7 });
  for (const contact of page.items) {
    const identity = contact.identities[0];
    if (!identity) continue;
    conversations.push({
      arrival: {
        channel: identity.channel,
        address: identity.address,
        ...(identity.displayName ? { displayName: identity.displayName } : {}),
        conversationId: `demo-${++counter}`,
        preview: 'Hello! I have a question about my order.',
      },
      message: 'Hello! I have a question about my order.',
    });
  }
  selectedId = conversations[0]?.arrival.conversationId;
}

function addressFor(channel: Channel, name: string, email: string, phone: string): string {
  if ((channel === 'whatsapp' || channel === 'sms' || channel === 'phone') && phone) return phone;
  if (channel === 'email' && email) return email;
  const handle = name.trim().toLowerCase().replace(/\s+/g, '.') || 'visitor';
  return channel === 'webchat' ? `visitor-${Date.now().toString(36)}` : `@${handle}`;
}

function simulate(event: SubmitEvent, container: HTMLElement): void {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const data = new FormData(form);
  const channel = String(data.get('channel') ?? 'webchat');
  const displayName = String(data.get('displayName') ?? '').trim();
  const email = String(data.get('email') ?? '').trim();
  const phone = String(data.get('phone') ?? '').trim();
  const message = String(data.get('message') ?? '').trim() || 'Hi, can someone help me?';
  const arrival: DemoConversation['arrival'] = {
    channel,
    address: addressFor(channel, displayName, email, phone),
    conversationId: `demo-${++counter}`,
    preview: message,
    ...(displayName ? { displayName } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
  };
  conversations.unshift({ arrival, message });
  selectedId = arrival.conversationId;
  lastOutcome = '';
  renderScreen(container);
}

function onResolved(event: ContactResolvedEvent, container: HTMLElement): void {
  const conversation = conversations.find(
    c => c.arrival.conversationId === event.detail.conversationId,
  );
  if (!conversation) return;
  conversation.contactId = event.detail.contact.id;
  const how = event.detail.matchedBy ? ` by ${event.detail.matchedBy}` : '';
  conversation.outcome =
    event.detail.outcome === 'created'
      ? `New contact created: ${event.detail.contact.name}`
      : `Existing contact reused${how}: ${event.detail.contact.name}`;
  lastOutcome = conversation.outcome;
  renderScreen(container);
}

/** Where the sidebar goes: beside `<main>`, so its complementary landmark is top level. */
const pane = document.querySelector<HTMLElement>('#context-pane')!;

function sidebar(): ConversationContactSidebar | null {
  return pane.querySelector('conversation-contact-sidebar');
}

function onRelink(event: ConversationContactRelinkEvent, container: HTMLElement): void {
  const conversation = conversations.find(
    c => c.arrival.conversationId === event.detail.conversationId,
  );
  if (!conversation) return;
  conversation.contactId = event.detail.toContactId;
  conversation.outcome = 'Conversation linked to another contact';
  lastOutcome = conversation.outcome;
  renderScreen(container);
}

/** Clears the sidebar when the agent leaves the conversation screen. */
export function leaveScreen(): void {
  render(nothing, pane);
  pane.hidden = true;
}

export function renderScreen(container: HTMLElement): void {
  const selected = conversations.find(c => c.arrival.conversationId === selectedId);
  render(
    html`
      <h1>Inbox</h1>
      <div class="conversation-screen">
        <section class="conversation-list" aria-labelledby="conversations-heading">
          <h2 id="conversations-heading">Conversations</h2>
          <div class="list-actions">
            <button type="button" @click=${() => sidebar()?.openNewContact()}>New contact</button>
            <button type="button" @click=${() => sidebar()?.openAllContacts()}>All contacts</button>
          </div>
          <ul>
            ${conversations.map(
              c => html`
                <li>
                  <button
                    type="button"
                    class="conversation"
                    aria-current=${c.arrival.conversationId === selectedId ? 'true' : 'false'}
                    @click=${() => {
                      selectedId = c.arrival.conversationId;
                      lastOutcome = c.outcome ?? '';
                      renderScreen(container);
                    }}
                  >
                    <span class="who">${c.arrival.displayName ?? c.arrival.address}</span>
                    <span class="channel"
                      >${CHANNEL_NAMES[c.arrival.channel] ?? c.arrival.channel}</span
                    >
                    <span class="preview">${c.message}</span>
                  </button>
                </li>
              `,
            )}
          </ul>
        </section>
        <section class="message-pane" aria-labelledby="messages-heading">
          <h2 id="messages-heading">
            ${selected ? (selected.arrival.displayName ?? selected.arrival.address) : 'No conversation'}
          </h2>
          ${
            selected
              ? html`<p class="bubble">${selected.message}</p>`
              : html`<p>Simulate an incoming conversation to start.</p>`
          }
          <p class="outcome" role="status">${lastOutcome}</p>
          <form class="simulate" @submit=${(e: SubmitEvent) => simulate(e, container)}>
            <fieldset>
              <legend>Simulate incoming conversation</legend>
              <label>
                Channel
                <select name="channel">
                  ${KNOWN_CHANNELS.map(
                    channel => html`<option value=${channel}>${CHANNEL_NAMES[channel]}</option>`,
                  )}
                </select>
              </label>
              <label>Display name <input name="displayName" autocomplete="off" /></label>
              <label>Email <input name="email" type="email" autocomplete="off" /></label>
              <label>Phone <input name="phone" type="tel" autocomplete="off" /></label>
              <label>Message <input name="message" autocomplete="off" /></label>
              <button type="submit">Simulate incoming conversation</button>
            </fieldset>
          </form>
        </section>
      </div>
    `,
    container,
  );
  pane.hidden = false;
  render(
    html`<conversation-contact-sidebar
      .conversation=${selected?.arrival}
      contact-id=${selected?.contactId ?? nothing}
      @contact-resolved=${(e: ContactResolvedEvent) => onResolved(e, container)}
      @conversation-contact-relink=${(e: ConversationContactRelinkEvent) => onRelink(e, container)}
    ></conversation-contact-sidebar>`,
    pane,
  );
}
