import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';

import type { ContactsAdapter } from '../../src/adapter/types.js';
import { relink } from '../../src/controllers/conversation-relink.js';
import { ConversationResolverController } from '../../src/controllers/conversation-resolver-controller.js';
import type { ContactResolvedEvent } from '../../src/events/contact-resolved.js';
import type { ArrivingConversation } from '../../src/model/types.js';
import { ANA, makeAdapter, spy } from '../elements/contacts-fixtures.js';
import { findByRole, waitFor } from '../helpers/queries.js';

class ResolverProbe extends LitElement {
  static override properties = {
    adapter: { attribute: false },
    conversation: { attribute: false },
  };

  declare adapter?: ContactsAdapter;
  declare conversation?: ArrivingConversation;
  readonly errors: string[] = [];

  readonly resolver = new ConversationResolverController(this, {
    adapter: () => this.adapter,
    conversation: () => this.conversation,
    contactId: () => undefined,
    onError: operation => this.errors.push(operation),
  });

  override render() {
    const resolved = this.resolver.value;
    return resolved ? litHtml`<h2>${resolved.contact.name}</h2>` : litHtml`<p>Resolving</p>`;
  }
}
customElements.define('resolver-probe', ResolverProbe);

function arrival(conversationId: string, displayName = 'Someone New'): ArrivingConversation {
  return { channel: 'telegram', address: `@${conversationId}`, displayName, conversationId };
}

async function probe(adapter: ContactsAdapter, conversation: ArrivingConversation) {
  const el = await fixture<ResolverProbe>(
    html`<resolver-probe .adapter=${adapter} .conversation=${conversation}></resolver-probe>`,
  );
  return el;
}

describe('ConversationResolverController', () => {
  it('resolves a conversation once per adapter, even across elements, and tells the host', async () => {
    const adapter = spy(makeAdapter());
    const resolved: ContactResolvedEvent[] = [];
    const listen = (event: ContactResolvedEvent) => resolved.push(event);
    document.addEventListener('contact-resolved', listen);
    try {
      const first = await probe(adapter, arrival('cv_once', 'Once Only'));
      await findByRole(first, 'heading', { name: 'Once Only' });
      expect(resolved).to.have.length(1);
      expect(resolved[0]!.detail).to.include({ outcome: 'created', conversationId: 'cv_once' });
      first.remove();

      // The same conversation again, in a new element: the remembered contact, no second resolve.
      const second = await probe(adapter, arrival('cv_once', 'Once Only'));
      await findByRole(second, 'heading', { name: 'Once Only' });
      expect(adapter.calls.resolveConversation).to.have.length(1);
      expect(resolved).to.have.length(1);

      // Another adapter has its own memory.
      const other = spy(makeAdapter());
      second.adapter = other;
      await findByRole(second, 'heading', { name: 'Once Only' });
      expect(other.calls.resolveConversation).to.have.length(1);
    } finally {
      document.removeEventListener('contact-resolved', listen);
    }
  });

  it('aborts a resolve still running when another conversation opens', async () => {
    const adapter = spy(makeAdapter({ latency: 150 }));
    const el = await probe(adapter, arrival('cv_slow', 'Slow One'));
    await waitFor(() => adapter.calls.resolveConversation?.length === 1);
    const [, options] = adapter.calls.resolveConversation![0] as [unknown, { signal: AbortSignal }];
    el.conversation = arrival('cv_fast', 'Fast One');
    await waitFor(() => options.signal.aborted, 1000, 'the first resolve aborted');
    await findByRole(el, 'heading', { name: 'Fast One' });
    expect(el.errors).to.deep.equal([]);
  });

  it('shows the contact the agent linked unless the host prevents it, and remembers it', async () => {
    const adapter = spy(makeAdapter());
    const el = await probe(adapter, arrival('cv_link', 'Linked Later'));
    await findByRole(el, 'heading', { name: 'Linked Later' });
    const from = el.resolver.value!.contact;
    el.addEventListener('conversation-contact-relink', event => event.preventDefault(), {
      once: true,
    });
    expect(relink(el, el.resolver, el.conversation, from, ANA.id)).to.equal(false);
    expect(relink(el, el.resolver, el.conversation, from, from.id)).to.equal(false);
    const relinked = oneEvent(el, 'conversation-contact-relink');
    expect(relink(el, el.resolver, el.conversation, from, ANA.id)).to.equal(true);
    expect((await relinked).detail).to.deep.equal({
      conversationId: 'cv_link',
      fromContactId: from.id,
      toContactId: ANA.id,
    });
    await findByRole(el, 'heading', { name: ANA.name });
    el.remove();
    const again = await probe(adapter, arrival('cv_link', 'Linked Later'));
    await findByRole(again, 'heading', { name: ANA.name });
    expect(adapter.calls.resolveConversation).to.have.length(1);
  });
});
