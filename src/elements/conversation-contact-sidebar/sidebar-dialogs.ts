/**
 * The sidebar's two modal dialogs and its in-place editor, loaded when the first of them opens:
 * "New contact", with the contact form, and "All contacts", the contacts panel with a bar that
 * links the chosen contact to the conversation. On the shared `FormDialogs`, so focus returns to
 * what opened a dialog (the sidebar's buttons or the host's own), and a save that outlives its
 * form is reported with Reopen.
 */
import { type LitElement, html, nothing } from 'lit';

import type { ContactsAdapter } from '../../adapter/types.js';
import { relink } from '../../controllers/conversation-relink.js';
import type { ConversationResolverController } from '../../controllers/conversation-resolver-controller.js';
import type { SaveSnapshot } from '../../controllers/save-outcome-controller.js';
import type { ContactSavedEvent } from '../../events/contact-saved.js';
import type { ContactsOpenExistingEvent } from '../../events/contacts-open-existing.js';
import type { ContactsSelectEvent } from '../../events/contacts-select.js';
import { addLaterStrings } from '../../i18n/en/later.js';
import type { Translation } from '../../i18n/translation.js';
import type { CountryCode } from '../../model/phone.js';
import type { ArrivingConversation, Contact, ContactDraft } from '../../model/types.js';
import type { ContactFormField } from '../contact-form/contact-form.js';
import type { ContactsPanel } from '../contacts-panel/contacts-panel.js';
import { FormDialogs, focusForm } from '../shared/form-dialogs.js';
import type { MergeWays } from '../shared/merge-ways.js';
import { fillSheet } from '../shared/lazy-sheet.js';
import { UndoNotice } from '../shared/undo-notice.js';
import { drawerSheet } from './conversation-contact-sidebar.styles.js';
import { drawerStyles } from './sidebar-dialogs.styles.js';

// This part shows strings a first paint leaves out.
addLaterStrings();

export interface SidebarDialogsOptions {
  adapter: () => ContactsAdapter | undefined;
  defaultCountry: () => CountryCode;
  /** The conversation's contact, shown by the sidebar. */
  contact: () => Contact | undefined;
  /** Opens "All contacts" through the sidebar (which loads the panel first). */
  openAll: () => Promise<void>;
  /** Offers `id` as the conversation's contact; false when nothing changed. */
  relink: (id: string) => boolean;
  /** Whether a relink is waiting for its contact, whose heading then takes focus. */
  linkPending: () => boolean;
  /** "New contact" saved a contact, named `name`. */
  onCreated: (name: string) => void;
  /** Opens the form of a failed save again (`SaveOutcomeOptions.reopen`). */
  reopen: (snapshot: SaveSnapshot) => Promise<void> | void;
  /** The conversation's contact was merged into `id`: `merged` by the agent, here. */
  follow: (id: string, merged?: Contact) => void;
}

/** What the sidebar does when its in-place editor saves, is cancelled or opens an existing contact. */
export interface EditorHandlers {
  onSaved: (event: ContactSavedEvent) => void;
  onCancel: () => void;
  onOpenExisting: (event: ContactsOpenExistingEvent) => void;
}

export class SidebarDialogs extends FormDialogs {
  /** "New contact" is open, with these values to start from. */
  private creating?: { prefill?: ContactDraft | undefined };
  private browsing = false;
  /** The contact last selected in "All contacts". */
  private picked?: string;

  private readonly host: LitElement;
  private readonly options: SidebarDialogsOptions;
  /**
   * The merge dialog behind the editor's "Merge into …", and the following of a merged contact,
   * for an adapter that merges; null while it loads.
   */
  private merging?: MergeWays | null;

  /**
   * The Undo notice after a merge or a delete made in the sidebar (from its editor or a dialog);
   * one made in a detail inside "All contacts" shows there.
   */
  readonly notice: UndoNotice;

  /** The contact shown before the sidebar followed it into a merge, to go back on Undo. */
  private followedFrom?: string;

  constructor(host: LitElement, options: SidebarDialogsOptions) {
    super(host, { outsideOpener: true }, { reopen: options.reopen });
    fillSheet(drawerSheet, drawerStyles);
    this.host = host;
    this.options = options;
    this.notice = new UndoNotice(host, {
      adapter: options.adapter,
      // Undoing the merge the sidebar followed gives the conversation back to its own contact.
      onRestored: action => {
        if (action.type !== 'merged' || action.result.mergedId !== this.followedFrom) return;
        this.followedFrom = undefined;
        options.follow(action.result.mergedId);
      },
    });
  }

  /** "Save failed" with Reopen for a save whose form was gone, and the Undo notice. */
  override renderOutcome(t: Translation) {
    return html`${super.renderOutcome(t)}${this.notice.render(t)}`;
  }

  /** Loads the merge dialog and the following of merges once the adapter can merge. */
  private mergeWays(): void {
    if (this.merging !== undefined || !this.options.adapter()?.mergeContacts) return;
    this.merging = null;
    import('../shared/merge-ways.js').then(
      ({ MergeWays }) => {
        const { contact } = this.options;
        this.merging = new MergeWays(this.host, {
          contact,
          follow: (id, merged) => {
            // A merge is followed twice when its pushed removal comes before its answer: the
            // contact to go back to is the one shown before the first.
            const shown = contact()?.id;
            if (shown !== id) this.followedFrom = shown;
            this.options.follow(id, merged);
          },
        });
      },
      () => (this.merging = undefined),
    );
  }

  /**
   * Offers `toContactId` as the conversation's contact instead of the one shown, asking the host
   * first (`conversation-contact-relink`); false when nothing changed.
   */
  relink(
    resolver: ConversationResolverController,
    conversation: ArrivingConversation | undefined,
    toContactId: string,
  ): boolean {
    return relink(this.host, resolver, conversation, this.options.contact(), toContactId);
  }

  /** Opens "New contact", optionally filled with `prefill`; its form must be loaded. */
  async openNew(prefill?: ContactDraft): Promise<void> {
    this.creating = { prefill };
    this.host.requestUpdate();
    await this.modal.show(
      () => this.dialog('#new-dialog'),
      dialog => focusForm(dialog),
    );
  }

  /** Opens "All contacts" with the panel's search focused; the panel must be defined. */
  async openAll(): Promise<void> {
    this.browsing = true;
    this.picked = undefined;
    this.host.requestUpdate();
    await this.modal.show(
      () => this.dialog('#all-dialog'),
      async () => {
        const panel = this.panel();
        if (panel) {
          await panel.updateComplete;
          await panel.focusSearch();
        }
      },
    );
  }

  /** Focuses `field` of the in-place editor's form, once it has rendered. */
  focusEditor(field: ContactFormField): Promise<void> {
    const editor = this.host.renderRoot.querySelector('.editor');
    return editor ? focusForm(editor, field) : Promise.resolve();
  }

  render(t: Translation) {
    this.mergeWays();
    return html`${this.renderNewDialog(t)} ${this.renderAllDialog(t)}`;
  }

  /** The in-place editor of `contact`, which replaces the sidebar's read view. */
  renderEditor(t: Translation, contact: Contact, handlers: EditorHandlers) {
    return html`<section
      class="editor"
      part="editor"
      aria-labelledby="editor-heading"
      @contact-saved=${handlers.onSaved}
      @contacts-form-cancel=${handlers.onCancel}
      @contacts-open-existing=${handlers.onOpenExisting}
    >
      <h2 id="editor-heading">${t.sidebar.editContact}</h2>
      <contacts-contact-form
        id="edit-form"
        exportparts="form, field, actions: form-actions, error: form-error, listbox: form-listbox"
        .adapter=${this.options.adapter()}
        .contact=${contact}
        default-country=${this.options.defaultCountry()}
      ></contacts-contact-form>
    </section>`;
  }

  private dialog(selector: string): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector<HTMLDialogElement>(selector);
  }

  private panel(): ContactsPanel | null {
    return this.host.renderRoot.querySelector('contacts-panel');
  }

  private readonly close = () => this.modal.close();

  private readonly onNewClose = this.modal.closeListener(() => {
    this.creating = undefined;
    this.host.requestUpdate();
  });

  private readonly onCreated = (event: ContactSavedEvent) => {
    this.options.onCreated(event.detail.contact.name);
    this.modal.close();
  };

  private readonly onNewOpenExisting = async (event: ContactsOpenExistingEvent) => {
    await this.options.openAll();
    const panel = this.panel();
    if (!panel) return;
    panel.tab = 'contacts';
    await panel.select(event.detail.contactId);
    this.picked = event.detail.contactId;
    this.host.requestUpdate();
  };

  // After a relink the chosen contact's heading takes focus instead of the opener.
  private readonly onAllClose = this.modal.closeListener(() => {
    this.browsing = false;
    this.picked = undefined;
    this.host.requestUpdate();
    return !this.options.linkPending();
  });

  private readonly onPanelSelect = (event: ContactsSelectEvent) => {
    const { kind, id } = event.detail;
    if (kind !== 'contact') return;
    // Read once the dispatch is over, so a listener further up that vetoes the selection counts.
    queueMicrotask(() => {
      if (event.defaultPrevented) return;
      this.picked = id ?? undefined;
      this.host.requestUpdate();
    });
  };

  private readonly onLinkClick = () => {
    const picked = this.picked;
    if (picked && this.options.relink(picked)) this.modal.close();
  };

  private renderNewDialog(t: Translation) {
    const creating = this.creating;
    return html`<dialog
      id="new-dialog"
      part="dialog new-dialog"
      aria-labelledby="new-heading"
      @close=${this.onNewClose}
      @contacts-form-cancel=${this.close}
      @contact-saved=${this.onCreated}
      @contacts-open-existing=${this.onNewOpenExisting}
    >
      <h2 id="new-heading">${t.sidebar.newContact}</h2>
      ${
        creating
          ? html`<contacts-contact-form
              exportparts="form, field, actions: form-actions, error: form-error, listbox: form-listbox"
              .adapter=${this.options.adapter()}
              .draft=${creating.prefill}
              default-country=${this.options.defaultCountry()}
            ></contacts-contact-form>`
          : nothing
      }
    </dialog>`;
  }

  private renderAllDialog(t: Translation) {
    return html`<dialog
      id="all-dialog"
      class="drawer"
      part="dialog all-dialog"
      aria-labelledby="all-heading"
      @close=${this.onAllClose}
      @contacts-select=${this.onPanelSelect}
    >
      <div class="drawer-header">
        <h2 id="all-heading">${t.sidebar.allContacts}</h2>
        <button type="button" @click=${this.close}>${t.common.close}</button>
      </div>
      ${
        this.browsing
          ? html`<contacts-panel
              part="panel"
              .adapter=${this.options.adapter()}
              default-country=${this.options.defaultCountry()}
            ></contacts-panel>`
          : nothing
      }
      ${this.browsing ? this.renderRelink(t) : nothing}
    </dialog>`;
  }

  private renderRelink(t: Translation) {
    const contact = this.options.contact();
    if (!contact) return nothing;
    const picked = this.picked;
    return html`<div class="relink" part="relink">
      <p class="hint" id="relink-hint">${t.sidebar.linkHint}</p>
      <button
        type="button"
        class="primary"
        ?disabled=${!picked || picked === contact.id}
        aria-describedby="relink-hint"
        @click=${this.onLinkClick}
      >
        ${t.sidebar.linkToConversation}
      </button>
    </div>`;
  }
}
