import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import '../../src/elements/contact-detail/define.js';
import '../../src/elements/contacts-panel/define.js';
import '../../src/elements/conversation-contact-sidebar/define.js';

import { ContactsError } from '../../src/adapter/errors.js';
import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type {
  DeleteOptions,
  DeleteResult,
  MergeResult,
  RecordKind,
  RequestOptions,
  RestoreResult,
} from '../../src/adapter/types.js';
import type { ContactDetail } from '../../src/elements/contact-detail/contact-detail.js';
import type { ContactsPanel } from '../../src/elements/contacts-panel/contacts-panel.js';
import type { ConversationContactSidebar } from '../../src/elements/conversation-contact-sidebar/conversation-contact-sidebar.js';
import type { ContactDeletedDetail } from '../../src/events/contact-deleted.js';
import { ContactsMergedEvent } from '../../src/events/contacts-merged.js';
import {
  findByRole,
  getByRole,
  nameOf,
  queryAllByRole,
  queryByRole,
  waitFor,
} from '../helpers/queries.js';
import { without } from '../helpers/capabilities.js';
import {
  ACME,
  ANA,
  BRUNO,
  CONVERSATIONS,
  GLOBEX,
  PENDING,
  deepActiveElement,
  deepText,
  typeInto,
} from './contacts-fixtures.js';

/** Generous, for a loaded CI box; nothing here measures time. */
const WAIT = 6000;

/**
 * The in-memory adapter, recording the deletes and restores the elements ask for, and able to
 * fail the next one.
 */
class UndoableAdapter extends InMemoryContactsAdapter {
  readonly deletes: { kind: RecordKind; id: string; options: DeleteOptions }[] = [];
  readonly restores: string[] = [];
  /** Rejects the next delete or restore with this error. */
  failDelete?: ContactsError;
  failRestore?: ContactsError;

  /** Merges `mergedId` into Ana, as the merge dialog (another part) would. */
  async mergePoint(mergedId: string): Promise<MergeResult> {
    const [primary, secondary] = await Promise.all([
      this.getContact(ANA.id),
      this.getContact(mergedId),
    ]);
    return this.mergeContacts(
      ANA.id,
      mergedId,
      {},
      {
        idempotencyKey: `merge-${mergedId}`,
        expectedVersions: { primary: primary.version, secondary: secondary.version },
      },
    );
  }

  override async deleteContact(id: string, options: DeleteOptions): Promise<DeleteResult> {
    this.record('contact', id, options);
    return super.deleteContact(id, options);
  }

  override async deleteCompany(id: string, options: DeleteOptions): Promise<DeleteResult> {
    this.record('company', id, options);
    return super.deleteCompany(id, options);
  }

  override async restore(token: string, options?: RequestOptions): Promise<RestoreResult> {
    this.restores.push(token);
    const failure = this.failRestore;
    this.failRestore = undefined;
    if (failure) throw failure;
    return super.restore(token, options);
  }

  private record(kind: RecordKind, id: string, options: DeleteOptions): void {
    this.deletes.push({ kind, id, options });
    const failure = this.failDelete;
    this.failDelete = undefined;
    if (failure) throw failure;
  }
}

function makeUndoable() {
  return new UndoableAdapter({
    data: structuredClone({
      companies: [ACME, GLOBEX],
      contacts: [ANA, BRUNO, PENDING],
      conversations: CONVERSATIONS,
    }),
  });
}

function detail(adapter: unknown, contactId?: string, companyId?: string) {
  return fixture<ContactDetail>(
    html`<contact-detail
      .adapter=${adapter}
      .contactId=${contactId}
      .companyId=${companyId}
    ></contact-detail>`,
  );
}

/** The restore point token of the next `contact-deleted` event from `el`. */
function deletedToken(el: HTMLElement): Promise<string> {
  return new Promise(resolve =>
    el.addEventListener('contact-deleted', event => resolve(event.detail.restorePoint.token), {
      once: true,
    }),
  );
}

/** The status message holding `text`, among the live regions below `root`. */
function statusWith(root: Element, text: string | RegExp) {
  return waitFor(
    () =>
      queryAllByRole(root, 'status').find(status =>
        typeof text === 'string'
          ? (status.textContent ?? '').includes(text)
          : text.test(status.textContent ?? ''),
      ),
    WAIT,
    `status ${String(text)}`,
  );
}

async function confirmDelete(el: Element, name = 'Delete contact') {
  const button = await findByRole(el, 'button', { name }, WAIT);
  // As a press does: focus first, so the dialog knows where to give it back.
  button.focus();
  button.click();
  const dialog = await findByRole(el, 'dialog', { name: /^Delete .*\?$/ }, WAIT);
  return dialog;
}

describe('Delete and Undo', () => {
  describe('accessibility', () => {
    it('passes axe with the confirmation open, the deleted state and the Undo notice', async () => {
      const el = await detail(makeUndoable(), ANA.id);
      const dialog = await confirmDelete(el);
      await expect(el).to.be.accessible();
      getByRole(dialog, 'button', { name: 'Delete' }).click();
      await findByRole(el, 'heading', { name: 'Contact deleted' }, WAIT);
      await findByRole(el, 'button', { name: 'Undo' }, WAIT);
      await expect(el).to.be.accessible();
    });
  });

  describe('the confirmation', () => {
    it('names the contact, says what goes with it, and Cancel writes nothing', async () => {
      const adapter = makeUndoable();
      const el = await detail(adapter, ANA.id);
      const dialog = await confirmDelete(el);
      expect(nameOf(dialog)).to.equal('Delete Ana Souza?');
      expect(dialog.textContent).to.contain('Their conversations and channels');
      // Focus starts on the safe choice.
      expect(nameOf(deepActiveElement() as HTMLElement)).to.equal('Cancel');
      getByRole(dialog, 'button', { name: 'Cancel' }).click();
      await waitFor(() => !(dialog as HTMLDialogElement).open, WAIT, 'closed');
      expect(adapter.deletes).to.have.length(0);
      await findByRole(el, 'heading', { name: 'Ana Souza' });
      expect(nameOf(deepActiveElement() as HTMLElement)).to.equal('Delete contact');
    });

    it('offers no Delete when the adapter cannot delete', async () => {
      const el = await detail(without(makeUndoable(), 'deleteContact', 'deleteCompany'), ANA.id);
      await findByRole(el, 'heading', { name: 'Ana Souza' });
      await findByRole(el, 'button', { name: 'Start conversation' }, WAIT);
      // The part that would offer it has loaded by the time the contact shows its actions.
      await waitFor(() => el.shadowRoot!.querySelector('[part~="undo"]'), WAIT, 'notice region');
      // (Compared as a boolean: chai's message for a found element would describe the whole DOM.)
      expect(queryByRole(el, 'button', { name: 'Delete contact' }) === null).to.equal(true);
    });

    it('writes nothing when the host prevents contact-delete, and keeps the dialog', async () => {
      const adapter = makeUndoable();
      const el = await detail(adapter, ANA.id);
      let seen: unknown;
      el.addEventListener('contact-delete', event => {
        seen = event.detail;
        event.preventDefault();
      });
      const dialog = (await confirmDelete(el)) as HTMLDialogElement;
      getByRole(dialog, 'button', { name: 'Delete' }).click();
      await el.updateComplete;
      expect(seen).to.deep.equal({ kind: 'contact', id: ANA.id, expectedVersion: ANA.version });
      expect(adapter.deletes).to.have.length(0);
      expect(dialog.open).to.equal(true);
    });

    it('keeps the dialog on a conflict, shows the record as it is now, and deletes that version', async () => {
      const adapter = makeUndoable();
      const el = await detail(adapter, ANA.id);
      const dialog = await confirmDelete(el);
      // Someone renames Ana after the dialog opened (the detail follows live, the dialog holds).
      const renamed = await adapter.updateContact(
        ANA.id,
        { name: 'Ana Clara Souza' },
        { expectedVersion: ANA.version },
      );
      getByRole(dialog, 'button', { name: 'Delete' }).click();
      const alert = await findByRole(dialog, 'alert', undefined, WAIT);
      await waitFor(() => /changed since you opened it/.test(alert.textContent ?? ''), WAIT);
      expect((dialog as HTMLDialogElement).open).to.equal(true);
      await waitFor(() => nameOf(dialog) === 'Delete Ana Clara Souza?', WAIT, 'fresh name');
      const [first] = adapter.deletes;
      expect(first!.options.expectedVersion).to.equal(ANA.version);
      getByRole(dialog, 'button', { name: 'Delete' }).click();
      await findByRole(el, 'heading', { name: 'Contact deleted' }, WAIT);
      const second = adapter.deletes[1]!;
      expect(second.options.expectedVersion).to.equal(renamed.version);
      expect(second.options.idempotencyKey).not.to.equal(first!.options.idempotencyKey);
    });

    it('offers Retry with the same key after a network failure', async () => {
      const adapter = makeUndoable();
      const el = await detail(adapter, ANA.id);
      const errors: string[] = [];
      el.addEventListener('contacts-error', event => errors.push(event.detail.operation));
      const dialog = await confirmDelete(el);
      adapter.failDelete = new ContactsError('network', 'Offline.');
      getByRole(dialog, 'button', { name: 'Delete' }).click();
      const retry = await findByRole(dialog, 'button', { name: 'Retry' }, WAIT);
      expect(getByRole(dialog, 'alert').textContent).to.contain('Could not delete.');
      expect(errors).to.deep.equal(['delete-contact']);
      retry.click();
      await findByRole(el, 'heading', { name: 'Contact deleted' }, WAIT);
      const [first, second] = adapter.deletes;
      expect(second!.options.idempotencyKey).to.equal(first!.options.idempotencyKey);
    });
  });

  describe('delete, then Undo', () => {
    it('fires contact-deleted, shows the deleted state and announces the notice', async () => {
      const adapter = makeUndoable();
      const el = await detail(adapter, ANA.id);
      const deleted: ContactDeletedDetail[] = [];
      el.addEventListener('contact-deleted', event => deleted.push(event.detail));
      const dialog = await confirmDelete(el);
      getByRole(dialog, 'button', { name: 'Delete' }).click();
      const gone = await findByRole(el, 'heading', { name: 'Contact deleted' }, WAIT);
      const status = await statusWith(el, 'Contact deleted.');
      expect(queryByRole(status, 'button', { name: 'Undo' })).to.exist;
      expect(deleted.map(({ kind, id }) => ({ kind, id }))).to.deep.equal([
        { kind: 'contact', id: ANA.id },
      ]);
      // Focus went to the deleted state, not to the notice; Tab reaches Undo from there.
      await waitFor(() => deepActiveElement() === gone, WAIT, 'focus on the deleted state');
      await sendKeys({ press: 'Tab' });
      expect(nameOf(deepActiveElement() as HTMLElement)).to.equal('Undo');
      // The event's restore point is the adapter's own.
      expect(await adapter.restore(deleted[0]!.restorePoint.token)).to.have.nested.property(
        'contacts[0].id',
        ANA.id,
      );
    });

    it('brings the contact back in the detail with Undo, by keyboard', async () => {
      const adapter = makeUndoable();
      const el = await detail(adapter, ANA.id);
      const restored: unknown[] = [];
      el.addEventListener('contact-restored', event => restored.push(event.detail.token));
      const token = deletedToken(el);
      getByRole(await confirmDelete(el), 'button', { name: 'Delete' }).click();
      const undo = await findByRole(el, 'button', { name: 'Undo' }, WAIT);
      undo.focus();
      await sendKeys({ press: 'Enter' });
      await findByRole(el, 'heading', { name: 'Ana Souza' }, WAIT);
      await statusWith(el, 'Contact restored.');
      expect(adapter.restores).to.deep.equal([await token]);
      expect(restored).to.deep.equal([await token]);
      // Undo went from the notice; the focus it had stays in the notice, on Dismiss.
      await waitFor(() => nameOf(deepActiveElement() as HTMLElement) === 'Dismiss', WAIT);
    });

    it('shows the restored version with an adapter that pushes no changes, so an edit saves', async () => {
      const adapter = makeUndoable();
      const el = await detail(without(adapter, 'subscribe'), ANA.id);
      getByRole(await confirmDelete(el), 'button', { name: 'Delete' }).click();
      (await findByRole(el, 'button', { name: 'Undo' }, WAIT)).click();
      await findByRole(el, 'heading', { name: 'Ana Souza' }, WAIT);
      (await findByRole(el, 'button', { name: 'Edit' }, WAIT)).click();
      const form = await findByRole(el, 'dialog', { name: 'Edit contact' }, WAIT);
      typeInto(getByRole(form, 'textbox', { name: 'Name' }), 'Ana Restored');
      getByRole(form, 'button', { name: 'Save' }).click();
      await findByRole(el, 'heading', { name: 'Ana Restored' }, WAIT);
      expect((await adapter.getContact(ANA.id)).name).to.equal('Ana Restored');
    });

    it('says when Undo fails, and Retry uses the same restore point', async () => {
      const adapter = makeUndoable();
      const el = await detail(adapter, ANA.id);
      const token = deletedToken(el);
      getByRole(await confirmDelete(el), 'button', { name: 'Delete' }).click();
      adapter.failRestore = new ContactsError('network', 'Offline.');
      (await findByRole(el, 'button', { name: 'Undo' }, WAIT)).click();
      await statusWith(el, 'Could not undo.');
      (await findByRole(el, 'button', { name: 'Retry' }, WAIT)).click();
      await findByRole(el, 'heading', { name: 'Ana Souza' }, WAIT);
      expect(adapter.restores).to.deep.equal([await token, await token]);
    });

    it('Dismiss removes the notice', async () => {
      const el = await detail(makeUndoable(), ANA.id);
      getByRole(await confirmDelete(el), 'button', { name: 'Delete' }).click();
      (await findByRole(el, 'button', { name: 'Dismiss' }, WAIT)).click();
      await waitFor(() => !queryByRole(el, 'button', { name: 'Undo' }), WAIT, 'no Undo');
      expect(
        queryAllByRole(el, 'status').some(s => /deleted\./.test(s.textContent ?? '')),
      ).to.equal(false);
    });

    it('drops the contact from the panel list and its count, and Undo brings it back', async () => {
      const adapter = makeUndoable();
      const el = await fixture<ContactsPanel>(
        html`<contacts-panel .adapter=${adapter} selected-id=${ANA.id}></contacts-panel>`,
      );
      const list = await findByRole(el, 'listbox', { name: 'Contacts' }, WAIT);
      await waitFor(() => queryAllByRole(list, 'option').length === 3, WAIT, 'three rows');
      await findByRole(el, 'heading', { name: 'Ana Souza' }, WAIT);
      getByRole(await confirmDelete(el), 'button', { name: 'Delete' }).click();
      await waitFor(
        () =>
          queryAllByRole(list, 'option').length === 2 &&
          !queryAllByRole(list, 'option').some(o => nameOf(o).startsWith('Ana Souza')),
        WAIT,
        'Ana gone from the list',
      );
      await waitFor(() => /\b2 contacts\b/.test(deepText(el)), WAIT, 'count of 2');
      (await findByRole(el, 'button', { name: 'Undo' }, WAIT)).click();
      await waitFor(
        () => queryAllByRole(list, 'option').some(o => nameOf(o).startsWith('Ana Souza')),
        WAIT,
        'Ana back in the list',
      );
      await findByRole(el, 'heading', { name: 'Ana Souza' }, WAIT);
      await waitFor(() => /\b3 contacts\b/.test(deepText(el)), WAIT, 'count of 3');
    });

    it('goes back to the contact Undo restores when the detail moved on', async () => {
      const adapter = makeUndoable();
      const el = await detail(adapter, ANA.id);
      const selected: unknown[] = [];
      el.addEventListener('contacts-select', event => selected.push(event.detail));
      getByRole(await confirmDelete(el), 'button', { name: 'Delete' }).click();
      const undo = await findByRole(el, 'button', { name: 'Undo' }, WAIT);
      el.contactId = BRUNO.id;
      await findByRole(el, 'heading', { name: BRUNO.name }, WAIT);
      undo.click();
      await findByRole(el, 'heading', { name: 'Ana Souza' }, WAIT);
      expect(el.contactId).to.equal(ANA.id);
      expect(selected).to.deep.equal([{ kind: 'contact', id: ANA.id }]);
    });

    it('shows the deleted state when the contact is deleted elsewhere', async () => {
      const adapter = makeUndoable();
      const el = await detail(adapter, BRUNO.id);
      await findByRole(el, 'heading', { name: BRUNO.name }, WAIT);
      await waitFor(() => el.shadowRoot!.querySelector('[part~="undo"]'), WAIT, 'loaded');
      await adapter.deleteContact(BRUNO.id, { expectedVersion: BRUNO.version });
      await findByRole(el, 'heading', { name: 'Contact deleted' }, WAIT);
      // Deleted elsewhere: nothing to undo here.
      expect(queryByRole(el, 'button', { name: 'Undo' })).to.equal(null);
    });
  });

  describe('companies', () => {
    it("drops a deleted contact from the company's contacts", async () => {
      const adapter = makeUndoable();
      const el = await detail(adapter, undefined, ACME.id);
      await findByRole(el, 'button', { name: 'Ana Souza' }, WAIT);
      await waitFor(() => el.shadowRoot!.querySelector('[part~="undo"]'), WAIT, 'loaded');
      await adapter.deleteContact(ANA.id, { expectedVersion: ANA.version });
      await waitFor(() => !queryByRole(el, 'button', { name: 'Ana Souza' }), WAIT, 'Ana gone');
    });

    it('deletes a company after saying its contacts are kept', async () => {
      const adapter = makeUndoable();
      const el = await detail(adapter, undefined, ACME.id);
      const dialog = await confirmDelete(el, 'Delete company');
      expect(nameOf(dialog)).to.equal(`Delete ${ACME.name}?`);
      await waitFor(() => /contacts? (is|are) kept and unlinked/.test(dialog.textContent ?? ''));
      getByRole(dialog, 'button', { name: 'Delete' }).click();
      await findByRole(el, 'heading', { name: 'Company deleted' }, WAIT);
      await statusWith(el, 'Company deleted.');
      expect(adapter.deletes.map(d => d.kind)).to.deep.equal(['company']);
      (await findByRole(el, 'button', { name: 'Undo' }, WAIT)).click();
      await findByRole(el, 'heading', { name: ACME.name }, WAIT);
      await statusWith(el, 'Company restored.');
    });
  });

  describe('after a merge', () => {
    it('shows "Contacts merged." with Undo for a merge inside the detail, once', async () => {
      const adapter = makeUndoable();
      const el = await fixture<ContactsPanel>(
        html`<contacts-panel .adapter=${adapter} selected-id=${ANA.id}></contacts-panel>`,
      );
      const inner = await waitFor(
        () => el.shadowRoot!.querySelector('contact-detail'),
        WAIT,
        'detail',
      );
      await findByRole(el, 'heading', { name: 'Ana Souza' }, WAIT);
      await waitFor(() => inner.shadowRoot!.querySelector('[part~="undo"]'), WAIT, 'loaded');
      const { contact, restorePoint } = await adapter.mergePoint(PENDING.id);
      // As the merge dialog does: from inside the detail's shadow root.
      inner
        .shadowRoot!.querySelector('[part~="undo"]')!
        .dispatchEvent(new ContactsMergedEvent({ contact, mergedId: PENDING.id, restorePoint }));
      await statusWith(el, 'Contacts merged.');
      expect(queryAllByRole(el, 'button', { name: 'Undo' })).to.have.length(1);
      queryAllByRole(el, 'button', { name: 'Undo' })[0]!.click();
      await statusWith(el, 'Merge undone.');
      expect(adapter.restores).to.deep.equal([restorePoint.token]);
    });

    it('shows the notice in the sidebar for a merge made from its editor', async () => {
      const adapter = makeUndoable();
      const el = await fixture<ConversationContactSidebar>(
        html`<conversation-contact-sidebar
          .adapter=${adapter}
          contact-id=${PENDING.id}
        ></conversation-contact-sidebar>`,
      );
      await findByRole(el, 'heading', { name: PENDING.name }, WAIT);
      await el.edit('email');
      const editor = await findByRole(el, 'region', { name: 'Edit contact' }, WAIT);
      const { contact, restorePoint } = await adapter.mergePoint(PENDING.id);
      editor.dispatchEvent(
        new ContactsMergedEvent({ contact, mergedId: PENDING.id, restorePoint }),
      );
      const status = await statusWith(el, 'Contacts merged.');
      const undo = getByRole(status, 'button', { name: 'Undo' });
      undo.click();
      await statusWith(el, 'Merge undone.');
      expect(adapter.restores).to.deep.equal([restorePoint.token]);
    });
  });
});
