import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement, html as litHtml } from 'lit';

import { ModalController } from '../../src/controllers/modal-controller.js';
import { deepActiveElement } from '../elements/contacts-fixtures.js';
import { findByRole, getByRole, waitFor } from '../helpers/queries.js';

/** Two dialogs, "First" and "Second", each with a Name field and a way to open the other. */
class ModalProbe extends LitElement {
  readonly closed: string[] = [];
  /** Whether closing "First" may move focus. */
  restoreFirst = true;
  removeOpener = false;

  readonly modal = new ModalController(this, {
    outsideOpener: true,
    fallback: () => this.renderRoot.querySelector<HTMLElement>('#fallback'),
  });

  readonly onFirstClose = this.modal.closeListener(() => {
    this.closed.push('first');
    return this.restoreFirst;
  });

  readonly onSecondClose = this.modal.closeListener(() => {
    this.closed.push('second');
  });

  open(id: 'first' | 'second') {
    return this.modal.show(
      () => this.renderRoot.querySelector<HTMLDialogElement>(`#${id}`),
      dialog => dialog.querySelector('input')?.focus(),
    );
  }

  override render() {
    return litHtml`${
      this.removeOpener
        ? ''
        : litHtml`<button id="opener" @click=${() => this.open('first')}>Open first</button>`
    }
      <button id="fallback">Fallback</button>
      <dialog id="first" aria-label="First" @close=${this.onFirstClose}>
        <label>Name <input /></label>
        <button @click=${() => this.open('second')}>Open second</button>
        <button @click=${() => this.modal.close()}>Close</button>
      </dialog>
      <dialog id="second" aria-label="Second" @close=${this.onSecondClose}>
        <label>Name <input /></label>
      </dialog>`;
  }
}
customElements.define('modal-probe', ModalProbe);

async function probe() {
  return fixture<ModalProbe>(html`<modal-probe></modal-probe>`);
}

function dialogNamed(el: ModalProbe, name: string) {
  return getByRole(el, 'dialog', { name }) as HTMLDialogElement;
}

describe('ModalController', () => {
  it('shows the dialog as a modal, focuses its field, and gives focus back on Escape', async () => {
    const el = await probe();
    const opener = getByRole(el, 'button', { name: 'Open first' });
    opener.focus();
    opener.click();
    const dialog = (await findByRole(el, 'dialog', { name: 'First' })) as HTMLDialogElement;
    await waitFor(() => deepActiveElement() === getByRole(dialog, 'textbox', { name: 'Name' }));
    expect(dialog.matches(':modal')).to.equal(true);
    expect(el.modal.open).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await waitFor(() => el.closed.includes('first'));
    expect(dialog.open).to.equal(false);
    expect(el.modal.open).to.equal(false);
    await waitFor(() => deepActiveElement() === opener, 1000, 'focus back on the opener');
  });

  it('hands over from one dialog to another, and returns focus to what opened the first', async () => {
    const el = await probe();
    const opener = getByRole(el, 'button', { name: 'Open first' });
    opener.focus();
    await el.open('first');
    const first = dialogNamed(el, 'First');
    getByRole(first, 'button', { name: 'Open second' }).click();
    await waitFor(() => el.modal.current?.id === 'second');
    await waitFor(() => el.closed.includes('first'), 1000, 'the first dialog closed');
    expect(first.open).to.equal(false);
    const second = dialogNamed(el, 'Second');
    await waitFor(() => deepActiveElement() === getByRole(second, 'textbox', { name: 'Name' }));
    el.modal.close();
    await waitFor(() => el.closed.includes('second'));
    await waitFor(() => deepActiveElement() === opener, 1000, 'focus back on the first opener');
  });

  it('falls back when the opener has gone', async () => {
    const el = await probe();
    const fallback = getByRole(el, 'button', { name: 'Fallback' });
    getByRole(el, 'button', { name: 'Open first' }).focus();
    await el.open('first');
    el.removeOpener = true;
    el.requestUpdate();
    await el.updateComplete;
    getByRole(dialogNamed(el, 'First'), 'button', { name: 'Close' }).click();
    await waitFor(() => deepActiveElement() === fallback, 1000, 'focus on the fallback');
  });

  it('leaves focus alone when the close hook says so', async () => {
    const el = await probe();
    el.restoreFirst = false;
    const opener = getByRole(el, 'button', { name: 'Open first' });
    const fallback = getByRole(el, 'button', { name: 'Fallback' });
    opener.focus();
    await el.open('first');
    el.modal.close();
    // The element moves focus itself, as a navigation would.
    fallback.focus();
    await waitFor(() => el.closed.includes('first'));
    expect(deepActiveElement()).to.equal(fallback);
  });

  it('returns focus to a control of the page that opened it', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><button>Page button</button><modal-probe></modal-probe></div>`,
    );
    const el = wrapper.querySelector<ModalProbe>('modal-probe')!;
    const pageButton = getByRole(wrapper, 'button', { name: 'Page button' });
    pageButton.focus();
    await el.open('second');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => el.closed.includes('second'));
    await waitFor(() => deepActiveElement() === pageButton, 1000, 'focus back on the page button');
  });
});
