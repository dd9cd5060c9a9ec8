/**
 * Delete in `<contact-detail>`, loaded after its first paint: "Delete contact" beside Edit (and
 * "Delete company" in the company view) when the adapter can delete, the confirmation in a modal
 * `<dialog>` saying what goes with the record, the write, the "deleted" state the detail shows
 * for a record deleted here or elsewhere, and the detail's Undo notice (`UndoNotice`), which
 * brings the record back.
 *
 * Confirming fires the cancelable `contact-delete` (prevented: nothing is written and the dialog
 * stays), then calls the adapter with the version shown and one idempotency key per intent. A
 * failure keeps the dialog open and says why: a conflict shows the record as it is now (and the
 * next Delete is a new intent on that version), a lost connection offers Retry with the same key.
 */
import { type LitElement, type ReactiveController, css, html, nothing } from 'lit';

import { isAbortError, isContactsError } from '../../adapter/errors.js';
import type { ContactsAdapter, ContactsChange, RecordKind } from '../../adapter/types.js';
import { newIdempotencyKey } from '../../adapter/util.js';
import { ModalController } from '../../controllers/modal-controller.js';
import { ContactDeleteEvent } from '../../events/contact-delete.js';
import { ContactDeletedEvent } from '../../events/contact-deleted.js';
import { ContactsErrorEvent } from '../../events/contacts-error.js';
import { ContactsSelectEvent } from '../../events/contacts-select.js';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { Company, Contact } from '../../model/types.js';
import type { CompanyView } from '../company-view/company-view.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { describeError } from '../shared/errors.js';
import { dialogSheet, fillSheet } from '../shared/lazy-sheet.js';
import { displayName } from '../shared/record-view.js';
import { UndoNotice, type UndoableAction, adoptLater } from '../shared/undo-notice.js';

const styles = css`
  #delete-dialog p {
    margin-block: 0 calc(var(--_space) * 1.5);
  }

  .delete-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
`;
let sheet: CSSStyleSheet | undefined;

export interface DeleteDialogOptions {
  adapter: () => ContactsAdapter | undefined;
  /** The contact shown, or undefined while the detail shows a company or nothing. */
  contact: () => Contact | undefined;
  company: () => Company | undefined;
  /** Shows records a restore answered, for an adapter that pushes no changes. */
  show: (contacts: Contact[], companies: Company[]) => void;
}

/** The detail, as far as Delete reads and moves it (its public properties). */
type DetailHost = LitElement & { contactId?: string | undefined; companyId?: string | undefined };

/** The record the dialog asks about, as it was when the agent opened it (or after a conflict). */
interface Target {
  kind: RecordKind;
  id: string;
  name: string;
  version: number;
  /** A company's contacts, as the company view counts them. */
  contacts: number;
}

export class DeleteDialog implements ReactiveController {
  readonly modal: ModalController;
  readonly notice: UndoNotice;
  private readonly host: DetailHost;
  private readonly localize: LocalizeController;
  private readonly options: DeleteDialogOptions;
  private target?: Target;
  /** One per intent: kept by Retry, new after a conflict or when the dialog opens again. */
  private key = '';
  private busy = false;
  private error?: unknown;
  /** Records deleted, here or elsewhere, as `kind:id`, until they come back. */
  private readonly removed = new Set<string>();

  constructor(host: DetailHost, localize: LocalizeController, options: DeleteDialogOptions) {
    fillSheet(dialogSheet, dialogStyles);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(styles.cssText);
    }
    adoptLater(host, sheet);
    this.host = host;
    this.localize = localize;
    this.options = options;
    this.modal = new ModalController(host, {
      keepPlacedFocus: true,
      fallback: () => host.renderRoot.querySelector<HTMLElement>('#gone-heading, #heading'),
    });
    this.notice = new UndoNotice(host, {
      adapter: options.adapter,
      onRestored: (action, { contacts, companies }) => {
        this.restored(action, contacts, companies);
        options.show(contacts, companies);
      },
    });
    // The company view's "Delete company" bubbles up from it.
    host.renderRoot.addEventListener(
      'contacts-company-view-delete',
      () => void this.open('company'),
    );
    host.addController(this);
    host.requestUpdate();
  }

  hostUpdated(): void {
    // The company view offers "Delete company" when the adapter can delete companies.
    const view = this.host.renderRoot.querySelector<CompanyView>('contacts-company-view');
    if (view) view.deletable = Boolean(this.options.adapter()?.deleteCompany);
  }

  /** Opens the confirmation for the shown contact or company. */
  async open(kind: RecordKind): Promise<void> {
    const t = this.localize.t;
    const record = kind === 'contact' ? this.options.contact() : this.options.company();
    if (!record) return;
    const fallback = kind === 'contact' ? t.detail.unnamedContact : t.detail.unnamedCompany;
    const view = this.host.renderRoot.querySelector<CompanyView>('contacts-company-view');
    this.target = {
      kind,
      id: record.id,
      name: displayName(record.name, fallback),
      version: record.version,
      contacts: view?.contacts?.total ?? 0,
    };
    this.key = newIdempotencyKey();
    this.error = undefined;
    this.host.requestUpdate();
    await this.modal.show(
      () => this.host.renderRoot.querySelector<HTMLDialogElement>('#delete-dialog'),
      dialog => dialog.querySelector<HTMLElement>('#delete-cancel')?.focus(),
    );
  }

  /**
   * What the detail shows instead of its record once that record is deleted (here or elsewhere);
   * undefined while it is not.
   */
  gone() {
    const { companyId, contactId } = this.host;
    const kind = companyId ? 'company' : 'contact';
    if (!this.removed.has(`${kind}:${companyId || contactId}`)) return undefined;
    const u = this.localize.t.common.undo;
    return html`<div class="empty" part="empty">
      <h2 id="gone-heading" class="empty-title" tabindex="-1">
        ${kind === 'contact' ? u.contactGone : u.companyGone}
      </h2>
      <p class="hint">${u.goneHint}</p>
    </div>`;
  }

  /**
   * Follows a change pushed by the adapter: a record removed elsewhere shows as deleted, one
   * restored shows again. True when the shown company's contacts may have changed.
   */
  handleChange(change: ContactsChange): boolean {
    if (change.type === 'removed') {
      // A contact merged into another is followed to the merged one, not shown as deleted.
      if (!change.mergedInto) this.removed.add(`${change.kind}:${change.id}`);
      this.host.requestUpdate();
      return change.kind === 'contact' && Boolean(this.host.companyId);
    }
    if (change.action === 'restored' && change.type !== 'conversation') {
      const record = change.type === 'contact' ? change.contact : change.company;
      this.removed.delete(`${change.type}:${record.id}`);
    }
    return false;
  }

  // ---- Implementation -------------------------------------------------------------------------

  private restored(action: UndoableAction, contacts: Contact[], companies: Company[]): void {
    for (const contact of contacts) this.removed.delete(`contact:${contact.id}`);
    for (const company of companies) this.removed.delete(`company:${company.id}`);
    // After a delete the deleted record shows again; after a merge, the contact merged into.
    const [kind, id] =
      action.type === 'merged'
        ? ['contact' as const, action.result.contact.id]
        : [action.result.kind, action.result.id];
    if (!(kind === 'contact' ? contacts : companies).some(item => item.id === id)) return;
    const { host } = this;
    const shown = host.companyId ? ['company', host.companyId] : ['contact', host.contactId];
    if (kind === shown[0] && id === shown[1]) return;
    // The detail moved on meanwhile: it goes back to the record, unless the host takes over.
    const select = new ContactsSelectEvent({ kind, id });
    host.dispatchEvent(select);
    if (select.defaultPrevented) return;
    host.companyId = kind === 'company' ? id : undefined;
    if (kind === 'contact') host.contactId = id;
  }

  private readonly onConfirm = async () => {
    const target = this.target;
    const adapter = this.options.adapter();
    if (!target || !adapter || this.busy) return;
    const intent = new ContactDeleteEvent({
      kind: target.kind,
      id: target.id,
      expectedVersion: target.version,
    });
    this.host.dispatchEvent(intent);
    if (intent.defaultPrevented) return;
    this.busy = true;
    this.error = undefined;
    this.host.requestUpdate();
    const options = { expectedVersion: target.version, idempotencyKey: this.key };
    try {
      const remove = target.kind === 'contact' ? adapter.deleteContact : adapter.deleteCompany;
      if (!remove) throw new Error(`The adapter cannot delete a ${target.kind}.`);
      const result = await remove.call(adapter, target.id, options);
      this.busy = false;
      this.removed.add(`${target.kind}:${target.id}`);
      this.target = undefined;
      this.modal.close();
      this.host.requestUpdate();
      this.host.dispatchEvent(new ContactDeletedEvent({ kind: target.kind, ...result }));
    } catch (error) {
      this.busy = false;
      if (this.target !== target) return;
      this.error = error;
      this.host.requestUpdate();
      if (isAbortError(error)) return;
      this.host.dispatchEvent(
        new ContactsErrorEvent({ operation: `delete-${target.kind}`, error }),
      );
      if (isContactsError(error, 'conflict')) await this.refresh(adapter, target);
      if (isContactsError(error, 'not-found')) this.removed.add(`${target.kind}:${target.id}`);
      await this.host.updateComplete;
      this.host.renderRoot.querySelector<HTMLElement>('#delete-error')?.focus();
    }
  };

  /** After a conflict: the record as it is now, shown in the dialog and the detail. */
  private async refresh(adapter: ContactsAdapter, target: Target): Promise<void> {
    try {
      const fresh =
        target.kind === 'contact'
          ? await adapter.getContact(target.id)
          : await adapter.getCompany(target.id);
      if (this.target !== target) return;
      const t = this.localize.t;
      const fallback =
        target.kind === 'contact' ? t.detail.unnamedContact : t.detail.unnamedCompany;
      this.target = { ...target, name: displayName(fresh.name, fallback), version: fresh.version };
      // Another Delete is another intent: on the version now shown.
      this.key = newIdempotencyKey();
      this.host.requestUpdate();
    } catch (error) {
      this.host.dispatchEvent(new ContactsErrorEvent({ operation: `get-${target.kind}`, error }));
    }
  }

  private readonly onClose = (event: Event) =>
    this.modal.handleClose(event, () => {
      this.target = undefined;
      this.error = undefined;
      this.host.requestUpdate();
    });

  private readonly onCancel = () => this.modal.close();

  // ---- Rendering ------------------------------------------------------------------------------

  /** "Delete contact", when the adapter can delete contacts. */
  button() {
    if (!this.options.adapter()?.deleteContact) return nothing;
    return html`<button id="delete" type="button" @click=${() => this.open('contact')}>
      ${this.localize.t.common.undo.deleteContact}
    </button>`;
  }

  /** The confirmation dialog and the Undo notice. */
  render() {
    const t = this.localize.t;
    return html`${this.renderDialog()}${this.notice.render(t)}`;
  }

  private renderDialog() {
    const t = this.localize.t;
    const u = t.common.undo;
    const target = this.target;
    const error = this.error;
    const gone = isContactsError(error, 'not-found');
    const conflict = isContactsError(error, 'conflict');
    return html`<dialog
      id="delete-dialog"
      part="dialog delete-dialog"
      aria-labelledby="delete-heading"
      aria-describedby="delete-consequence"
      @close=${this.onClose}
    >
      ${
        target
          ? html`<h2 id="delete-heading" dir="auto">${u.confirmTitle(target.name)}</h2>
              <p id="delete-consequence">${this.consequence(target)} ${u.undoHint}</p>
              ${
                error
                  ? html`<div
                      id="delete-error"
                      class="alert alert--danger"
                      role="alert"
                      tabindex="-1"
                    >
                      <p>
                        ${
                          conflict
                            ? u.conflict(target.name)
                            : gone
                              ? u.alreadyGone
                              : `${u.deleteFailed} ${describeError(t, error)}`
                        }
                      </p>
                    </div>`
                  : nothing
              }
              <div class="delete-actions">
                ${
                  gone
                    ? nothing
                    : html`<button
                        id="delete-confirm"
                        type="button"
                        class="primary"
                        aria-disabled=${this.busy ? 'true' : 'false'}
                        @click=${this.onConfirm}
                      >
                        ${this.busy ? u.deleting : error && !conflict ? t.common.retry : u.delete}
                      </button>`
                }
                <button id="delete-cancel" type="button" @click=${this.onCancel}>
                  ${gone ? t.common.close : t.common.cancel}
                </button>
              </div>`
          : nothing
      }
    </dialog>`;
  }

  private consequence(target: Target): string {
    const u = this.localize.t.common.undo;
    if (target.kind === 'contact') return u.contactConsequence;
    if (!target.contacts) return u.companyNoContacts;
    return u.companyConsequence(target.contacts, this.localize.formatNumber(target.contacts));
  }
}
