import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LitElement } from 'lit';

import { ContactsError } from '../../src/adapter/errors.js';
import { StatusController } from '../../src/controllers/status-controller.js';
import type { ContactsErrorEvent } from '../../src/events/contacts-error.js';
import { getByRole, waitFor } from '../helpers/queries.js';

class StatusProbe extends LitElement {
  readonly status = new StatusController(this);

  override render() {
    return this.status.region();
  }
}
customElements.define('status-probe', StatusProbe);

describe('StatusController', () => {
  it('fires contacts-error from the host, bubbling out of shadow roots', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><status-probe></status-probe></div>`);
    const el = wrapper.querySelector<StatusProbe>('status-probe')!;
    const error = new ContactsError('network', 'offline');
    const heard = oneEvent(wrapper, 'contacts-error') as Promise<ContactsErrorEvent>;
    el.status.reportError('get-contact', error);
    const event = await heard;
    expect(event.target).to.equal(el);
    expect(event.detail).to.deep.equal({ operation: 'get-contact', error });
  });

  it('does not report an aborted call', async () => {
    const el = await fixture<StatusProbe>(html`<status-probe></status-probe>`);
    let heard = 0;
    el.addEventListener('contacts-error', () => heard++);
    el.status.reportError('list-contacts', new DOMException('stale', 'AbortError'));
    el.status.reportError('list-contacts', new Error('down'));
    expect(heard).to.equal(1);
  });

  it('announces in a polite live region, the same message twice as twice', async () => {
    const el = await fixture<StatusProbe>(html`<status-probe></status-probe>`);
    const region = getByRole(el, 'status', { hidden: true });
    el.status.announce('Contact saved.');
    await waitFor(() => region.textContent === 'Contact saved.');
    el.status.announce('Contact saved.');
    await el.updateComplete;
    expect(region.textContent).to.equal('');
    await waitFor(() => region.textContent === 'Contact saved.');
  });

  it('words a message when it is said, and says nothing for undefined', async () => {
    const el = await fixture<StatusProbe>(html`<status-probe></status-probe>`);
    const region = getByRole(el, 'status', { hidden: true });
    let count = 1;
    let run: () => void = () => {};
    el.status.announce(() => `${count} contacts`, { schedule: callback => (run = callback) });
    count = 2;
    run();
    await waitFor(() => region.textContent === '2 contacts');
    el.status.announce(() => undefined, { schedule: callback => callback() });
    await el.updateComplete;
    expect(region.textContent).to.equal('');
  });
});
