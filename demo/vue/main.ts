/**
 * A Vue 3 host of the contacts elements. The panel and the conversation sidebar share one adapter
 * bound as a property (`:adapter.prop`); their events reach Vue through `@contacts-select` and
 * `@contact-resolved`. The template is compiled at run time, so Vue's full build is imported and
 * told which tags are custom elements; with single-file components the same option goes to the
 * Vue plugin's `template.compilerOptions` instead (see the README).
 */
import 'contacts-elements/define.js';

import type {
  ArrivingConversation,
  ContactResolvedEvent,
  ContactsSelectEvent,
} from 'contacts-elements';
import { InMemoryContactsAdapter } from 'contacts-elements/in-memory.js';
import { generateDataset } from 'contacts-elements/testing.js';
import { createApp, markRaw, ref } from 'vue/dist/vue.esm-browser.js';

// markRaw: should the adapter ever land in reactive state, Vue must not wrap it in a deep proxy
// (every read of its indexes would be tracked, and the elements compare adapters by identity).
const adapter = markRaw(new InMemoryContactsAdapter({ data: generateDataset({ contacts: 500 }) }));

const conversation: ArrivingConversation = {
  channel: 'whatsapp',
  address: '+5511912345678',
  displayName: 'Helena Prado',
  phone: '+5511912345678',
  conversationId: 'vue-demo-1',
  preview: 'Oi! Meu pedido chegou quebrado.',
};

const app = createApp({
  setup() {
    const selected = ref('nothing yet');
    const resolved = ref('resolving…');
    return {
      adapter,
      conversation,
      selected,
      resolved,
      onSelect: (event: ContactsSelectEvent) => {
        selected.value = `${event.detail.kind} ${event.detail.id}`;
      },
      onResolved: (event: ContactResolvedEvent) => {
        resolved.value = event.detail.contact.name;
      },
    };
  },
  template: `
    <div class="app">
      <h1>Vue host</h1>
      <div class="workspace">
        <contacts-panel :adapter.prop="adapter" @contacts-select="onSelect"></contacts-panel>
        <conversation-contact-sidebar
          :adapter.prop="adapter"
          :conversation.prop="conversation"
          @contact-resolved="onResolved"
        ></conversation-contact-sidebar>
      </div>
      <p>
        Selected in the panel: <output id="selected">{{ selected }}</output>
        · Conversation contact: <output id="resolved">{{ resolved }}</output>
      </p>
    </div>
  `,
});
// Without this, Vue tries to resolve the tags as Vue components and warns for each.
app.config.compilerOptions.isCustomElement = tag =>
  tag === 'contacts-panel' || tag === 'contact-detail' || tag === 'conversation-contact-sidebar';
app.mount('#app');
