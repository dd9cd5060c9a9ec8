import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';

import { provideContactsAdapter } from '../../src/adapter/context.js';
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { ContactsAdapter, ContactsChange } from '../../src/adapter/types.js';
import { AdapterController } from '../../src/controllers/adapter-controller.js';
import { newIdempotencyKey } from '../../src/adapter/util.js';

class AdapterProbe extends LitElement {
  readonly changes: ContactsChange[] = [];
  readonly seen: (ContactsAdapter | undefined)[] = [];
  readonly ctl = new AdapterController(this, {
    onAdapterChange: adapter => this.seen.push(adapter),
    onChange: change => this.changes.push(change),
  });

  set adapter(value: ContactsAdapter | undefined) {
    this.ctl.setExplicit(value);
  }

  override render() {
    return this.ctl.adapter ? litHtml`<p>connected</p>` : litHtml`<p>No data adapter connected</p>`;
  }
}
customElements.define('adapter-probe', AdapterProbe);

describe('AdapterController', () => {
  it('reports no adapter when neither property nor context gives one', async () => {
    const el = await fixture<AdapterProbe>(html`<adapter-probe></adapter-probe>`);
    expect(el.ctl.adapter).to.equal(undefined);
    expect(el.shadowRoot!.textContent).to.contain('No data adapter connected');
  });

  it('takes the adapter from a provider on a plain ancestor element', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const adapter = new InMemoryContactsAdapter();
    provideContactsAdapter(wrapper, adapter);
    const el = document.createElement('adapter-probe') as AdapterProbe;
    wrapper.append(el);
    await el.updateComplete;
    expect(el.ctl.adapter).to.equal(adapter);
  });

  it('picks up a provider attached after the element connected', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><adapter-probe></adapter-probe></div>`);
    const el = wrapper.querySelector('adapter-probe') as AdapterProbe;
    expect(el.ctl.adapter).to.equal(undefined);
    const adapter = new InMemoryContactsAdapter();
    provideContactsAdapter(wrapper, adapter);
    await el.updateComplete;
    expect(el.ctl.adapter).to.equal(adapter);
  });

  it('prefers the explicit property over context, and falls back when it is cleared', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><adapter-probe></adapter-probe></div>`);
    const el = wrapper.querySelector('adapter-probe') as AdapterProbe;
    const fromContext = new InMemoryContactsAdapter();
    const explicit = new InMemoryContactsAdapter();
    provideContactsAdapter(wrapper, fromContext);
    el.adapter = explicit;
    expect(el.ctl.adapter).to.equal(explicit);
    el.adapter = undefined;
    expect(el.ctl.adapter).to.equal(fromContext);
  });

  it('follows a swapped context value and reports each change', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><adapter-probe></adapter-probe></div>`);
    const el = wrapper.querySelector('adapter-probe') as AdapterProbe;
    const first = new InMemoryContactsAdapter();
    const second = new InMemoryContactsAdapter();
    const provider = provideContactsAdapter(wrapper, first);
    provider.setValue(second);
    expect(el.ctl.adapter).to.equal(second);
    expect(el.seen).to.deep.equal([first, second]);
  });

  it('forwards change notifications of the resolved adapter only, while connected', async () => {
    const first = new InMemoryContactsAdapter();
    const second = new InMemoryContactsAdapter();
    const el = await fixture<AdapterProbe>(html`<adapter-probe .adapter=${first}></adapter-probe>`);
    await first.createContact({ email: 'a@example.com' }, { idempotencyKey: newIdempotencyKey() });
    expect(el.changes).to.have.length(1);
    el.adapter = second;
    await first.createContact({ email: 'b@example.com' }, { idempotencyKey: newIdempotencyKey() });
    expect(el.changes, 'old adapter is no longer heard').to.have.length(1);
    el.remove();
    await second.createContact({ email: 'c@example.com' }, { idempotencyKey: newIdempotencyKey() });
    expect(el.changes, 'a disconnected element hears nothing').to.have.length(1);
  });
});
