/**
 * A React 19 host of the contacts elements, written with `createElement` so it needs no JSX
 * setup. The panel and the conversation sidebar share one adapter passed as a property; their
 * events reach React through `on<event-name>` props.
 */
import 'contacts-elements/define.js';

import type {
  ArrivingConversation,
  ContactResolvedEvent,
  ContactsSelectEvent,
} from 'contacts-elements';
import { InMemoryContactsAdapter } from 'contacts-elements/in-memory.js';
import { generateDataset } from 'contacts-elements/testing.js';
import { type ChangeEvent, createElement as h, StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

const adapter = new InMemoryContactsAdapter({ data: generateDataset({ contacts: 500 }) });

const conversation: ArrivingConversation = {
  channel: 'whatsapp',
  address: '+5511912345678',
  displayName: 'Helena Prado',
  phone: '+5511912345678',
  conversationId: 'react-demo-1',
  preview: 'Oi! Meu pedido chegou quebrado.',
};

const LANGUAGES = [
  ['en', 'English'],
  ['pt-BR', 'Português (Brasil)'],
  ['es', 'Español'],
] as const;

function App() {
  const [lang, setLang] = useState('en');
  const [selected, setSelected] = useState('nothing yet');
  const [resolved, setResolved] = useState('resolving…');

  return h(
    'div',
    { className: 'app', lang },
    h(
      'header',
      null,
      h('h1', null, 'React host'),
      h(
        'label',
        null,
        'Language ',
        h(
          'select',
          {
            value: lang,
            onChange: (event: ChangeEvent<HTMLSelectElement>) => setLang(event.target.value),
          },
          LANGUAGES.map(([value, label]) => h('option', { key: value, value }, label)),
        ),
      ),
    ),
    h(
      'div',
      { className: 'workspace' },
      h('contacts-panel', {
        adapter,
        'oncontacts-select': (event: ContactsSelectEvent) =>
          setSelected(`${event.detail.kind} ${event.detail.id}`),
      }),
      h('conversation-contact-sidebar', {
        adapter,
        conversation,
        'oncontact-resolved': (event: ContactResolvedEvent) =>
          setResolved(event.detail.contact.name),
      }),
    ),
    h(
      'p',
      null,
      'Selected in the panel: ',
      h('output', { id: 'selected' }, selected),
      ' · Conversation contact: ',
      h('output', { id: 'resolved' }, resolved),
    ),
  );
}

createRoot(document.querySelector('#root')!).render(h(StrictMode, null, h(App)));
