import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';

import { ContactsError } from '../../src/adapter/errors.js';
import type { ContactsAdapter } from '../../src/adapter/types.js';
import { StartConversationController } from '../../src/controllers/start-conversation-controller.js';
import type { ConversationStartedEvent } from '../../src/events/conversation-started.js';
import type { Contact } from '../../src/model/types.js';
import { ANA, PENDING, makeAdapter, spy } from '../elements/contacts-fixtures.js';
import { getByRole, waitFor } from '../helpers/queries.js';

class StartProbe extends LitElement {
  adapter?: ContactsAdapter;
  contact?: Contact;
  readonly errors: string[] = [];
  started = 0;

  readonly starter = new StartConversationController(this, {
    adapter: () => this.adapter,
    contact: () => this.contact,
    onStarted: () => this.started++,
    onError: operation => this.errors.push(operation),
  });

  override render() {
    const state = this.starter.state;
    return litHtml`<button @click=${() => this.starter.start()}>Start conversation</button>
      <p role="status">${state ? `${state.phase} on ${state.channel}` : ''}</p>`;
  }
}
customElements.define('start-probe', StartProbe);

async function probe(adapter: ContactsAdapter, contact: Contact) {
  const el = await fixture<StartProbe>(html`<start-probe></start-probe>`);
  el.adapter = adapter;
  el.contact = contact;
  return el;
}

describe('StartConversationController', () => {
  it('offers the reachable channels, the most recently used first, and follows the choice', async () => {
    const el = await probe(makeAdapter(), ANA);
    const channels = el.starter.channels(ANA);
    expect(channels.length).to.be.greaterThan(1);
    expect(el.starter.channelFor(ANA)).to.equal(channels[0]);
    el.starter.choose(channels[1]!);
    expect(el.starter.channelFor(ANA)).to.equal(channels[1]);
    el.starter.choose('carrier-pigeon');
    expect(el.starter.channelFor(ANA)).to.equal(channels[0]);
    expect(el.starter.channels(PENDING)).to.include(PENDING.identities[0]!.channel);
  });

  it('asks first, then starts through the adapter and tells the host', async () => {
    const adapter = spy(makeAdapter());
    const el = await probe(adapter, ANA);
    const intent = oneEvent(el, 'contact-conversation-start');
    const started = oneEvent(
      el,
      'contact-conversation-started',
    ) as Promise<ConversationStartedEvent>;
    getByRole(el, 'button', { name: 'Start conversation' }).click();
    expect((await intent).detail.contact.id).to.equal(ANA.id);
    const { detail } = await started;
    expect(detail.conversation.contactId).to.equal(ANA.id);
    const status = getByRole(el, 'status');
    await waitFor(() => /^started on /.test(status.textContent ?? ''), 1000, 'the outcome shown');
    expect(adapter.calls.startConversation).to.have.length(1);
    expect(el.started).to.equal(1);
  });

  it('leaves the start to the host when it prevents the intent', async () => {
    const adapter = spy(makeAdapter());
    const el = await probe(adapter, ANA);
    el.addEventListener('contact-conversation-start', event => event.preventDefault());
    expect(await el.starter.start()).to.equal('skipped');
    expect(adapter.calls.startConversation).to.equal(undefined);
    expect(el.starter.state).to.equal(undefined);
  });

  it('reports a failure and keeps the channel for Retry', async () => {
    const adapter = spy(makeAdapter());
    adapter.failNext('startConversation', 1, new ContactsError('unavailable', 'down'));
    const el = await probe(adapter, ANA);
    const channel = el.starter.channelFor(ANA)!;
    expect(await el.starter.start()).to.equal('failed');
    expect(el.errors).to.deep.equal(['start-conversation']);
    expect(el.starter.state).to.include({ phase: 'failed', channel });
    expect(await el.starter.start(channel)).to.equal('started');
  });
});
