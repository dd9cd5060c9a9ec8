/**
 * The demo host app: a support platform's shell with two ways into the Contacts section, as in
 * the product description: the home page under "Serve users", and the left menu, where
 * "Conversations" holds "Contacts". The contacts elements get their adapter from context on
 * document.body, the way a host would wire them.
 */
import '../src/define.js';

import { provideContactsAdapter } from '../src/index.js';
import { leaveScreen, renderScreen, seedConversations } from './conversations.js';
import { loadDemoData } from './data.js';

const main = document.querySelector('main')!;
const note = document.querySelector('#data-note')!;

const data = await loadDemoData();
provideContactsAdapter(document.body, data.adapter);
note.textContent = data.description;

type Route = 'home' | 'contacts' | 'conversations';

function renderHome(): void {
  const heading = document.createElement('h1');
  heading.textContent = 'Home';
  const cards = document.createElement('div');
  cards.className = 'cards';
  cards.append(
    card('Serve users', [
      ['Conversations', '#/conversations'],
      ['Contacts', '#/contacts'],
    ]),
  );
  main.replaceChildren(heading, cards);
}

function card(title: string, links: [string, string][]): HTMLElement {
  const section = document.createElement('section');
  section.className = 'card';
  const h2 = document.createElement('h2');
  h2.textContent = title;
  const list = document.createElement('ul');
  for (const [label, href] of links) {
    const item = document.createElement('li');
    const a = document.createElement('a');
    a.href = href;
    a.textContent = label;
    item.append(a);
    list.append(item);
  }
  section.append(h2, list);
  return section;
}

function renderContacts(): void {
  const heading = document.createElement('h1');
  heading.textContent = 'Contacts';
  const panel = document.createElement('contacts-panel');
  main.replaceChildren(heading, panel);
}

function renderConversations(): void {
  // A fresh host per visit: lit's render() owns its container, while the other pages replace children.
  const screen = document.createElement('div');
  screen.className = 'screen';
  main.replaceChildren(screen);
  renderScreen(screen);
}

await seedConversations(data.adapter);

const routes: Record<Route, () => void> = {
  home: renderHome,
  contacts: renderContacts,
  conversations: renderConversations,
};

function route(): void {
  const name = (location.hash.replace(/^#\//, '') || 'home') as Route;
  const render = routes[name] ?? renderHome;
  if (name !== 'conversations') leaveScreen();
  render();
  for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-route]')) {
    if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.focus();
}

window.addEventListener('hashchange', route);
route();
