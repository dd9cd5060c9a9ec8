import { TaskStatus } from '@lit/task';
import { LitElement, type PropertyValues, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';

import type { ContactsAdapter, ContactsChange } from '../../adapter/types.js';
import { AdapterController } from '../../controllers/adapter-controller.js';
import {
  ConversationResolverController,
  conversationKey,
} from '../../controllers/conversation-resolver-controller.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { RetryCountdown, StatusController } from '../../controllers/status-controller.js';
import type { ContactSavedEvent } from '../../events/contact-saved.js';
import type { ContactsOpenExistingEvent } from '../../events/contacts-open-existing.js';
import { common } from '../../i18n/en/common.js';
import { detail } from '../../i18n/en/detail.js';
import { sidebar } from '../../i18n/en/sidebar.js';
import { type CountryCode, DEFAULT_COUNTRY, loadPhoneLibrary } from '../../model/phone.js';
import type { ArrivingConversation, Contact, ContactDraft } from '../../model/types.js';
import type { ContactFormField } from '../contact-form/contact-form.js';
import { ContactRelations } from '../shared/contact-relations.js';
import {
  emptyState,
  loadError,
  loadRecordView,
  newest,
  recordView,
  skeleton,
} from '../shared/contact-view.js';
import { readContact } from '../shared/contact-view-records.js';
import { ownEntry } from '../shared/lookup.js';
import { loadForm } from '../shared/forms.js';
import { loadOnce } from '../../controllers/load-once.js';
import { themeStyles } from '../shared/theme.styles.js';
import { styles } from './conversation-contact-sidebar.styles.js';
import type { SidebarDialogs } from './sidebar-dialogs.js';

const RECENT_CONVERSATIONS = 5;

/** `<contacts-panel>` registers when "All contacts" first opens. */
const loadPanel = loadOnce(() => import('../contacts-panel/define.js'));

/** The dialogs, and what reports a save after its form closed: loaded when the first form opens. */
const loadDialogsModule = loadOnce(() => import('./sidebar-dialogs.js'));

/**
 * The contact side of a conversation screen. Given the conversation that is open (its channel,
 * the sender's address on it, the channel's display name, and an email or phone when the channel
 * provides them) it finds the contact through the adapter's `resolveConversation`: the same
 * channel identity, then the same email, then the same phone, otherwise a new contact named from
 * the display name, with a pending action when neither email nor phone is known. It reports the
 * outcome with `contact-resolved` so the host can link its conversation. Each conversation is
 * resolved once: setting the same conversation again, or re-rendering, does not call the adapter
 * again; another conversation does, and a resolve still running for the previous one is aborted.
 * A host that already knows the contact sets `contact-id` instead (it wins over `conversation`).
 *
 * The sidebar shows the contact's name, email, phone, company, channels, a pending action, and
 * its recent conversations. "Edit contact" (and "Add contact information") replace that view with
 * the contact form in place, with the form's validation, duplicate warnings, conflict handling,
 * and nothing typed lost on a failed save. "New contact" and "All contacts" open the create form
 * and the full contacts list in modal dialogs without leaving the page; the host can open them
 * from its own navigation with `openNewContact()` and `openAllContacts()`. In the list the agent
 * can choose another contact and link it to the conversation (`conversation-contact-relink`).
 *
 * The adapter comes from an explicit `adapter` property or from context (the property wins); with
 * neither, the sidebar says "No data adapter connected". Changes the adapter pushes (an edit in
 * another element, a pending action resolved) show up live.
 *
 * @summary The conversation's contact, with in-place editing, new contact and all contacts.
 *
 * @fires contact-resolved - The adapter found or created the conversation's contact.
 * @fires conversation-contact-relink - Cancelable. The agent chose another contact for the
 * conversation; unless prevented the sidebar shows it. Persisting the link is up to the host.
 * @fires contact-save - Cancelable, from the edit and create forms; prevent it to write yourself.
 * @fires contact-saved - The adapter wrote the contact (edited in place or created).
 * @fires contacts-open-existing - The agent chose "Open existing contact" in a form. From the edit
 * form the sidebar offers that contact as the conversation's (a relink); from the create form it
 * shows it in "All contacts".
 * @fires contacts-select - From the list in "All contacts": the agent selected a record there.
 * @fires contact-restored - Undo brought back what a merge or a delete made in the sidebar took.
 * @fires contacts-merge - Cancelable. The agent pressed Merge after "Merge into …" in the editor;
 * prevent it to merge yourself. Offered only when the adapter has `mergeContacts`.
 * @fires contacts-merged - The adapter merged the conversation's contact into another, which the
 * sidebar then shows for the conversation.
 * @fires contacts-error - An adapter call failed; the sidebar also shows the failure.
 *
 * @csspart base - The `<aside>` landmark around everything.
 * @csspart toolbar - The "New contact" and "All contacts" buttons.
 * @csspart contact - The read view of the contact.
 * @csspart header - The avatar, the name and "Edit contact".
 * @csspart avatar - The initials.
 * @csspart heading - The contact's name.
 * @csspart outcome - How the conversation found the contact (created, matched by…).
 * @csspart actions - The "Edit contact" button.
 * @csspart pending - The "Missing contact information" notice.
 * @csspart fields - The list of the contact's fields.
 * @csspart conversations - The "Recent conversations" section.
 * @csspart editor - The in-place edit form and its heading.
 * @csspart empty - The no-adapter, no-conversation and not-found states.
 * @csspart error - A failure to resolve or load the contact, with Retry.
 * @csspart skeleton - The placeholder while the contact is resolved or loaded.
 * @csspart dialog - Both dialogs; also `new-dialog` or `all-dialog`.
 * @csspart new-dialog - The "New contact" dialog.
 * @csspart all-dialog - The "All contacts" dialog.
 * @csspart panel - The `<contacts-panel>` inside "All contacts".
 * @csspart relink - The "Link to this conversation" bar of "All contacts".
 * @csspart form - The edit or create form, from the inner form element.
 * @csspart field - Each field of the forms.
 * @csspart form-actions - Save and Cancel of the forms.
 * @csspart form-error - A form's error or conflict message.
 * @csspart form-listbox - A form's list of matching companies.
 * @csspart undo - The live region of the Undo notice, after a merge or a delete made in the sidebar.
 * @csspart undo-notice - That notice, with Undo and Dismiss.
 * @csspart merge-dialog - The "Merge contacts" dialog.
 *
 * @cssproperty --conversation-contact-sidebar-padding - Space around the content. Default `1rem`.
 * @cssproperty --conversation-contact-sidebar-gap - Space between sections. Default `1rem`.
 * @cssproperty --conversation-contact-sidebar-avatar-size - Size of the initials. Default `2.5rem`.
 * @cssproperty --conversation-contact-sidebar-dialog-width - Width of "New contact". Default `32rem`.
 * @cssproperty --conversation-contact-sidebar-drawer-width - Width of "All contacts". Default `72rem`.
 * @cssproperty --conversation-contact-sidebar-drawer-height - Height of "All contacts". Default `44rem`.
 * @cssproperty --contacts-color-scheme - Shared: `light`, `dark`, or `light dark` (the default:
 * follow the system). Set on any ancestor to force a scheme.
 * @cssproperty --contacts-font-family - Shared: the font.
 * @cssproperty --contacts-font-size - Shared: the base font size. Default `0.9375rem`.
 * @cssproperty --contacts-line-height - Shared: the line height of body text. Default `1.45`.
 * @cssproperty --contacts-color-text - Shared: text colour.
 * @cssproperty --contacts-color-text-muted - Shared: secondary text colour.
 * @cssproperty --contacts-color-surface - Shared: background.
 * @cssproperty --contacts-color-surface-raised - Shared: background of raised areas.
 * @cssproperty --contacts-color-border - Shared: borders of controls.
 * @cssproperty --contacts-color-divider - Shared: separators.
 * @cssproperty --contacts-color-accent - Shared: links, primary buttons, the current conversation.
 * @cssproperty --contacts-color-on-accent - Shared: text on the accent colour.
 * @cssproperty --contacts-color-danger - Shared: errors.
 * @cssproperty --contacts-color-danger-surface - Shared: background of errors.
 * @cssproperty --contacts-color-warning - Shared: pending actions.
 * @cssproperty --contacts-color-warning-surface - Shared: background of pending actions.
 * @cssproperty --contacts-color-success - Shared: success messages.
 * @cssproperty --contacts-color-focus - Shared: the focus ring.
 * @cssproperty --contacts-radius - Shared: corner radius.
 * @cssproperty --contacts-space - Shared: the base spacing unit. Default `0.5rem`.
 */
export class ConversationContactSidebar extends LitElement {
  static override styles = [themeStyles, styles];

  // ---- Public properties ----------------------------------------------------------------------

  /** The data adapter. Wins over one provided by context. */
  @property({ attribute: false }) adapter?: ContactsAdapter;

  /** The open conversation, as it arrived on its channel. Its contact is resolved once. */
  @property({ attribute: false }) conversation?: ArrivingConversation;

  /** A contact the host already linked to the conversation; shown without resolving. */
  @property({ attribute: 'contact-id' }) contactId?: string;

  /** Country assumed for phone numbers typed without `+` in the forms. */
  @property({ attribute: 'default-country' }) defaultCountry: CountryCode = DEFAULT_COUNTRY;

  // ---- Controllers ----------------------------------------------------------------------------

  private readonly adapters = new AdapterController(this, {
    onChange: change => this.onAdapterChange(change),
  });

  private readonly localize = new LocalizeController(this, { common, detail, sidebar });

  private readonly status = new StatusController(this);

  /** The automatic retry of a failed resolve or load when the server said when to come back. */
  private readonly countdown = new RetryCountdown(this);

  private readonly resolver = new ConversationResolverController(this, {
    adapter: () => this.adapters.adapter,
    conversation: () => this.conversation,
    contactId: () => this.contactId,
    onStart: () => this.countdown.cancel(),
    onError: (operation, error) => {
      this.status.reportError(operation, error);
      this.countdown.arm(error, () => this.resolver.retry());
    },
    // The contact shows with what it renders with: phones in the locale's format, its view.
    prepare: () => Promise.all([loadPhoneLibrary().catch(() => undefined), loadRecordView()]),
    // Changes pushed while resolving may be newer than what the resolve returned.
    onResolved: ({ contact }, pushed) => {
      this.liveContact = newest(contact.id, this.liveContact, pushed);
    },
  });

  private readonly relations = new ContactRelations(this, {
    adapter: () => this.adapters.adapter,
    contactId: () => this.contact?.id,
    companyId: () => this.contact?.companyId,
    onError: (operation, error) => this.status.reportError(operation, error),
    limit: RECENT_CONVERSATIONS,
  });

  /**
   * "New contact" and "All contacts", whose focus returns to what opened them (ours or the
   * host's), and the report of a save that ends after its editor or dialog closed (or the
   * conversation changed), with Reopen: created when the first of them opens.
   */
  private dialogs?: SidebarDialogs;

  // ---- Internal state -------------------------------------------------------------------------

  /** A newer version of the shown contact, pushed by the adapter or returned by a save. */
  @state() private liveContact?: Contact;
  /** The in-place edit form is open, first focusing this field. */
  @state() private editing?: ContactFormField;
  /**
   * A contact edited in place that is not the conversation's: an edit reopened after the host
   * switched conversation while its save was in flight.
   */
  @state() private editingOther?: Contact;

  private lastKey?: string;
  /** Where focus goes back to when the editor closes. */
  private editOpener?: HTMLElement;
  /** After a relink, the chosen contact's heading takes focus once it renders. */
  private linkPending = false;
  private focusAfterEdit = false;

  // ---- Public methods -------------------------------------------------------------------------

  /**
   * Replaces the read view with the edit form, focusing `focus` (default Name). Does nothing until
   * the contact is shown.
   */
  async edit(focus: ContactFormField = 'name'): Promise<void> {
    if (!this.editingOther && !this.contact) return;
    const opener = this.activeInside();
    const [dialogs] = await Promise.all([this.loadDialogs(), loadForm('contact')]);
    // The contact may have gone while the form loaded.
    if (!this.editingOther && !this.contact) return;
    this.editOpener = opener;
    this.editing = focus;
    await this.updateComplete;
    await dialogs.focusEditor(focus);
  }

  /** Opens the "New contact" dialog, optionally filled with `prefill` (e.g. an email). */
  async openNewContact(prefill?: ContactDraft): Promise<void> {
    if (!this.adapters.adapter) return;
    const [dialogs] = await Promise.all([this.loadDialogs(), loadForm('contact')]);
    await dialogs.openNew(prefill);
  }

  /** Opens "All contacts": the contacts panel in a dialog, with its search focused. */
  async openAllContacts(): Promise<void> {
    if (!this.adapters.adapter) return;
    const [dialogs] = await Promise.all([this.loadDialogs(), loadPanel()]);
    await dialogs.openAll();
  }

  // ---- Implementation -------------------------------------------------------------------------

  private async loadDialogs(): Promise<SidebarDialogs> {
    const { SidebarDialogs } = await loadDialogsModule();
    this.dialogs ??= new SidebarDialogs(this, {
      adapter: () => this.adapters.adapter,
      defaultCountry: () => this.defaultCountry,
      contact: () => this.contact,
      openAll: () => this.openAllContacts(),
      relink: id => this.relink(id),
      linkPending: () => this.linkPending,
      onCreated: name => this.status.announce(this.localize.t.sidebar.contactCreated(name)),
      reopen: snapshot =>
        snapshot.mode === 'create' ? this.openNewContact() : this.reopenEdit(snapshot.recordId),
      follow: this.follow,
    });
    return this.dialogs;
  }

  /** The shown contact: the newest of the resolved, pushed and saved versions. */
  private get contact(): Contact | undefined {
    const shown = this.resolver.value;
    return shown ? newest(shown.contact.id, shown.contact, this.liveContact) : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('adapter')) this.adapters.setExplicit(this.adapter);
    const key = conversationKey(this.conversation);
    if (key !== this.lastKey || changed.has('contactId')) {
      // Another conversation or contact: the relink and the open editor belonged to the last one.
      this.lastKey = key;
      this.resolver.unlink();
      if (this.editing) {
        this.focusAfterEdit = this.editorHasFocus();
        this.editing = undefined;
      }
      this.editingOther = undefined;
    }
    // A contact pushed before the first one resolved still needs its view.
    if (this.contact && !recordView) {
      void loadRecordView().then(() => {
        if (recordView) this.requestUpdate();
      });
    }
  }

  protected override firstUpdated(): void {
    // Made once the sidebar has painted, so its first form or dialog does not wait for it, and it
    // follows a merge of the contact shown.
    this.loadDialogs().catch(() => undefined);
  }

  protected override updated(): void {
    const contact = this.contact;
    if (!contact || this.editing) return;
    if (this.linkPending && contact.id === this.resolver.linkedId) {
      this.linkPending = false;
      this.status.announce(this.localize.t.sidebar.linked(contact.name));
      if (this.dialogs?.modal.current?.id !== 'all-dialog') this.focusHeading();
    }
    if (this.focusAfterEdit) {
      this.focusAfterEdit = false;
      const opener = this.editOpener;
      this.editOpener = undefined;
      const target =
        opener?.isConnected && this.renderRoot.contains(opener)
          ? opener
          : this.renderRoot.querySelector<HTMLElement>('#edit-contact');
      target?.focus();
    }
  }

  private onAdapterChange(change: ContactsChange): void {
    this.relations.handleChange(change);
    if (change.type !== 'contact') return;
    const contact = readContact(change.contact);
    if (!contact) return;
    if (contact.id === this.contact?.id) {
      this.liveContact = newest(contact.id, this.liveContact, contact) ?? contact;
    } else {
      this.resolver.notePushed(contact);
    }
  }

  /**
   * The conversation's contact was merged into `id`: shows that one for the conversation. After
   * the agent's own merge (`merged`), its heading takes focus.
   */
  private readonly follow = (id: string, merged?: Contact) => {
    this.editing = this.editingOther = undefined;
    if (merged) {
      this.liveContact = merged;
      this.linkPending = true;
    }
    this.resolver.link(id);
  };

  private activeInside(): HTMLElement | undefined {
    const active = this.shadowRoot?.activeElement;
    return active instanceof HTMLElement ? active : undefined;
  }

  private editorHasFocus(): boolean {
    const active = this.shadowRoot?.activeElement;
    return Boolean(active && this.renderRoot.querySelector('.editor')?.contains(active));
  }

  private focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>('#heading')?.focus();
  }

  private closeEditor(): void {
    if (!this.editing) return;
    this.focusAfterEdit = this.editorHasFocus();
    this.editing = undefined;
    this.editingOther = undefined;
  }

  /** Reopens the editor on the contact whose save failed, the conversation's or another one. */
  private async reopenEdit(id: string | undefined): Promise<void> {
    const adapter = this.adapters.adapter;
    if (id && id !== this.contact?.id && adapter) {
      try {
        this.editingOther = await adapter.getContact(id);
      } catch (error) {
        this.status.reportError('get-contact', error);
        return;
      }
    }
    await this.edit();
  }

  /** Offers `toContactId` as the conversation's contact; false when nothing changed. */
  /** Every relink comes from the dialogs or the in-place editor, so they are loaded. */
  private relink(toContactId: string): boolean {
    if (!this.dialogs?.relink(this.resolver, this.conversation, toContactId)) return false;
    this.linkPending = true;
    this.editing = undefined;
    return true;
  }

  private readonly onEditSaved = (event: ContactSavedEvent) => {
    const contact = readContact(event.detail.contact);
    if (contact) this.liveContact = newest(contact.id, this.liveContact, contact);
    this.closeEditor();
    this.status.announce(this.localize.t.sidebar.contactSaved);
  };

  private readonly onEditOpenExisting = (event: ContactsOpenExistingEvent) => {
    // The value the agent typed already belongs to another contact: most likely the same person.
    this.relink(event.detail.contactId);
  };

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    const t = this.localize.t;
    const hasAdapter = Boolean(this.adapters.adapter);
    return html`<aside class="base" part="base" aria-label=${t.sidebar.landmark}>
      ${hasAdapter ? this.renderToolbar() : nothing} ${this.renderBody()} ${this.status.region()}
      ${this.dialogs?.renderOutcome(t)} ${hasAdapter ? this.dialogs?.render(t) : nothing}
    </aside>`;
  }

  private renderToolbar() {
    const t = this.localize.t;
    return html`<div class="toolbar" part="toolbar">
      <button type="button" @click=${() => this.openNewContact()}>
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M8 3v10M3 8h10" />
        </svg>
        ${t.sidebar.newContact}
      </button>
      <button type="button" @click=${() => this.openAllContacts()}>${t.sidebar.allContacts}</button>
    </div>`;
  }

  private renderBody() {
    const t = this.localize.t;
    if (!this.adapters.adapter) return emptyState(t.common.noAdapter, t.common.noAdapterHint);
    const contact = this.contact;
    const editor = this.editing && this.dialogs;
    if (editor && this.editingOther) return this.renderEditor(editor, this.editingOther);
    if (editor && contact) return this.renderEditor(editor, contact);
    if (contact && recordView) return this.renderContact(contact);
    if (contact) return skeleton(t.sidebar.loadingContact, 'skeleton');
    const status = this.resolver.status;
    if (status === TaskStatus.ERROR) {
      const resolving = !this.contactId && !this.resolver.linkedId;
      const text = {
        notFound: t.sidebar.contactNotFound,
        failed: resolving ? t.sidebar.resolveFailed : t.sidebar.loadFailed,
        notFoundAs: 'p' as const,
      };
      return loadError(
        this.localize,
        this.resolver.error,
        text,
        () => this.resolver.retry(),
        '',
        this.countdown.seconds,
      );
    }
    if (status === TaskStatus.PENDING) {
      const resolving = !this.contactId && !this.resolver.linkedId && Boolean(this.conversation);
      return skeleton(resolving ? t.sidebar.resolving : t.sidebar.loadingContact, 'skeleton');
    }
    return emptyState(t.sidebar.noConversation, t.sidebar.noConversationHint);
  }

  private renderEditor(dialogs: SidebarDialogs, contact: Contact) {
    return dialogs.renderEditor(this.localize.t, contact, {
      onSaved: this.onEditSaved,
      onCancel: () => this.closeEditor(),
      onOpenExisting: this.onEditOpenExisting,
    });
  }

  private renderContact(contact: Contact) {
    const t = this.localize.t;
    const view = recordView!;
    return html`<div class="contact" part="contact">
      ${view.recordHeader(
        contact.id,
        contact.name,
        html`<p class="subtitle">${view.nameSourceText(t, contact.nameSource)}</p>
          ${this.renderOutcome()}`,
        html`<button id="edit-contact" type="button" @click=${() => this.edit()}>
          <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M3 13l1-3.5L10.5 3 13 5.5 6.5 12z" />
          </svg>
          ${t.sidebar.editContact}
        </button>`,
        view.contactFallback(this.localize, contact),
      )}
      ${view.pendingNotice(this.localize, contact, () => this.edit('email'))}
      <dl class="fields" part="fields">
        ${view.fieldRow(t.detail.email, view.emailValue(this.localize, contact.email))}
        ${view.fieldRow(t.detail.phone, view.phoneValue(this.localize, contact.phone))}
        ${view.fieldRow(t.detail.company, view.companyCell(this.localize, this.relations))}
        ${view.fieldRow(t.detail.channels, view.channelsValue(this.localize, contact))}
      </dl>
      ${view.conversationsSection(this.localize, this.relations, {
        currentId: this.conversation?.conversationId,
        currentLabel: t.sidebar.currentConversation,
      })}
    </div>`;
  }

  private renderOutcome() {
    const shown = this.resolver.value;
    if (!shown?.outcome) return nothing;
    const outcomes = this.localize.t.sidebar.outcome;
    const text =
      shown.outcome === 'created' ? outcomes.created : ownEntry(outcomes, shown.matchedBy);
    return text ? html`<p class="outcome" part="outcome">${text}</p>` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conversation-contact-sidebar': ConversationContactSidebar;
  }
}
