import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, type PropertyValues, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';

import type { ContactsError } from '../../adapter/errors.js';
import type { ContactsAdapter, ContactsChange, Page } from '../../adapter/types.js';
import { AdapterController } from '../../controllers/adapter-controller.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import type { StartConversationController } from '../../controllers/start-conversation-controller.js';
import { RetryCountdown, StatusController } from '../../controllers/status-controller.js';
import type { CompanySavedEvent } from '../../events/company-saved.js';
import type { ContactSavedEvent } from '../../events/contact-saved.js';
import { ContactsSelectEvent } from '../../events/contacts-select.js';
import { common } from '../../i18n/en/common.js';
import { detail } from '../../i18n/en/detail.js';
import { type CountryCode, DEFAULT_COUNTRY, loadPhoneLibrary } from '../../model/phone.js';
import type { Channel, Company, Contact } from '../../model/types.js';
import type { CompanyView, CompanyViewOpenEvent } from '../company-view/company-view.js';
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
import { readCompany, readContact, unreadableRecord } from '../shared/contact-view-records.js';
import { loadForm } from '../shared/forms.js';
import { fillSheet } from '../shared/lazy-sheet.js';
import { loadOnce } from '../../controllers/load-once.js';
import { themeStyles } from '../shared/theme.styles.js';
import { startSheet, styles } from './contact-detail.styles.js';
import type * as CompanyDataModule from './company-data.js';
import type { DeleteDialog } from './delete-dialog.js';
import type { EditDialog, Editing } from './edit-dialog.js';
import type * as StartConversationView from './start-conversation.js';
import type * as MergeWaysModule from '../shared/merge-ways.js';

const RECENT_CONVERSATIONS = 5;
const COMPANY_CONTACTS = 50;

/**
 * What a company shows with, its view registered, once loaded: only a detail with `company-id`
 * needs it.
 */
let companyData: typeof CompanyDataModule | undefined;
const loadCompanyData = loadOnce(async () => (companyData = await import('./company-data.js')));

/** The edit dialog loads with the first edit. */
const loadEditDialog = loadOnce(() => import('./edit-dialog.js'));

/** Delete, the deleted state and the Undo notice load once the detail has painted. */
const loadDeleteDialog = loadOnce(() => import('./delete-dialog.js'));

/** The markup of "Start conversation", once loaded. */
let startView: typeof StartConversationView | undefined;
const loadStartView = loadOnce(async () => {
  const view = await import('./start-conversation.js');
  fillSheet(startSheet, view.fieldStyles, view.startStyles);
  startView = view;
});

/** The ways into a merge, loaded beside the first contact when the adapter merges. */
let mergeWays: typeof MergeWaysModule | undefined;
const loadMergeWays = loadOnce(async () => (mergeWays = await import('../shared/merge-ways.js')));

/**
 * What a contact renders with, loaded beside the first contact so it never shows without it.
 * Never rejects: a failed load is tried again by the next call.
 */
function loadContactView(): Promise<unknown> {
  return Promise.all([loadRecordView(), loadStartView().catch(() => undefined)]);
}

interface CompanyData {
  company: Company;
  contacts: Page<Contact>;
}

/**
 * One contact: its name, initials, email and phone (as links), company, the channels it reached
 * you on, when it was created and last active, a pending action when it lacks contact information,
 * its recent conversations, "Start conversation", and "Edit" in a modal dialog. With `company-id`
 * it shows that company instead: name, domain and its contacts.
 *
 * The adapter comes from an explicit `adapter` property or from context (the property wins); with
 * neither, the element says "No data adapter connected". Changes the adapter pushes show up live;
 * an open edit form keeps what the agent typed, and saving it then reports the conflict. A
 * contact merged into another (here or elsewhere) is followed: the detail shows the one it went
 * into.
 *
 * @summary The details of a contact or a company, with editing and "Start conversation".
 *
 * @fires contact-save - Cancelable. The agent saved the edit form; prevent it to write yourself.
 * @fires contact-saved - The adapter wrote the contact.
 * @fires company-save - Cancelable. The agent saved the company form.
 * @fires company-saved - The adapter wrote the company.
 * @fires contact-conversation-start - Cancelable. The agent pressed "Start conversation"; prevent
 * it to open your own composer instead of asking the adapter.
 * @fires contact-conversation-started - The adapter started the conversation.
 * @fires contacts-select - Cancelable. The agent opened a related record (the contact's company, or
 * a company's contact); unless prevented, the element shows it.
 * @fires contacts-open-existing - The agent chose "Open existing contact" in the edit form; the
 * element shows that contact.
 * @fires contact-delete - Cancelable. The agent confirmed "Delete contact" or "Delete company"
 * (offered when the adapter can delete); prevent it to write nothing.
 * @fires contact-deleted - The adapter deleted the record; the detail shows it as deleted, with Undo.
 * @fires contact-restored - Undo brought back a record deleted or merged inside the detail.
 * @fires contacts-merge - Cancelable. The agent pressed Merge in the merge dialog ("Merge with…",
 * "Compare and merge" in "Possible duplicates", or "Merge into …" in the edit form); prevent it
 * to merge yourself. Offered only when the adapter has `mergeContacts`.
 * @fires contacts-merged - The adapter merged two contacts; the detail shows the merged one.
 * @fires contacts-error - An adapter call failed; the element also shows the failure.
 *
 * @csspart base - The wrapper of the whole detail.
 * @csspart header - The avatar, the name and the Edit button.
 * @csspart avatar - The initials.
 * @csspart heading - The record's name.
 * @csspart actions - The Edit button.
 * @csspart pending - The "Missing contact information" notice.
 * @csspart start - The channel choice and the "Start conversation" button.
 * @csspart fields - The list of the record's fields.
 * @csspart merge - The "Merge with…" button's row.
 * @csspart duplicates - The "Possible duplicates" section.
 * @csspart merge-dialog - The "Merge contacts" dialog and its picker.
 * @csspart conversations - The "Recent conversations" section.
 * @csspart contacts - A company's contacts.
 * @csspart empty - The no-adapter, no-selection and not-found states.
 * @csspart error - A load failure, with Retry.
 * @csspart skeleton - The loading placeholder.
 * @csspart dialog - The edit dialog, and the delete confirmation (also `delete-dialog`).
 * @csspart delete-dialog - The confirmation of "Delete contact" or "Delete company".
 * @csspart undo - The live region of the Undo notice.
 * @csspart undo-notice - The notice after a merge or a delete, with Undo and Dismiss.
 * @csspart form - The edit form, from the inner form element.
 * @csspart field - Each field of the edit form.
 * @csspart form-actions - Save and Cancel of the edit form.
 * @csspart form-error - The edit form's error or conflict message.
 * @csspart form-listbox - The edit form's list of matching companies.
 *
 * @cssproperty --contact-detail-padding - Space around the content. Default `1rem`.
 * @cssproperty --contact-detail-gap - Space between sections. Default `1.25rem`.
 * @cssproperty --contact-detail-avatar-size - Size of the initials circle. Default `3rem`.
 * @cssproperty --contact-detail-dialog-width - Width of the edit dialog. Default `32rem`.
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
 * @cssproperty --contacts-color-accent - Shared: links and primary buttons.
 * @cssproperty --contacts-color-on-accent - Shared: text on the accent colour.
 * @cssproperty --contacts-color-danger - Shared: errors.
 * @cssproperty --contacts-color-danger-surface - Shared: background of errors.
 * @cssproperty --contacts-color-warning - Shared: warnings and pending actions.
 * @cssproperty --contacts-color-warning-surface - Shared: background of warnings.
 * @cssproperty --contacts-color-success - Shared: success messages.
 * @cssproperty --contacts-color-focus - Shared: the focus ring.
 * @cssproperty --contacts-radius - Shared: corner radius.
 * @cssproperty --contacts-space - Shared: the base spacing unit. Default `0.5rem`.
 */
export class ContactDetail extends LitElement {
  static override styles = [themeStyles, styles];

  // ---- Public properties ----------------------------------------------------------------------

  /** The data adapter. Wins over one provided by context. */
  @property({ attribute: false }) adapter?: ContactsAdapter;

  /** The contact to show. */
  @property({ attribute: 'contact-id' }) contactId?: string;

  /** A company to show instead of a contact. */
  @property({ attribute: 'company-id' }) companyId?: string;

  /** Country assumed for phone numbers typed without `+` in the edit form. */
  @property({ attribute: 'default-country' }) defaultCountry: CountryCode = DEFAULT_COUNTRY;

  // ---- Controllers ----------------------------------------------------------------------------

  private readonly adapters = new AdapterController(this, {
    onChange: change => this.onAdapterChange(change),
  });

  private readonly localize = new LocalizeController(this, { common, detail });

  private readonly status = new StatusController(this);

  /** The automatic retry of a failed load when the server said when to come back. */
  private readonly countdown = new RetryCountdown(this);

  private readonly contactTask = new Task(this, {
    args: () => [this.adapters.adapter, this.companyId ? undefined : this.contactId] as const,
    task: async ([adapter, id], { signal }) => {
      this.countdown.cancel();
      if (!adapter || !id) return initialState;
      try {
        const [answer] = await Promise.all([
          adapter.getContact(id, { signal }),
          // Phones display in the locale's format once the library is in.
          loadPhoneLibrary().catch(() => undefined),
          loadContactView(),
          adapter.mergeContacts && loadMergeWays().catch(() => undefined),
        ]);
        // A record without an id, or another one than asked for, cannot be shown as this contact.
        const contact = readContact(answer);
        if (contact?.id !== id) throw unreadableRecord('a contact', contact ? 'id' : '');
        return contact;
      } catch (error) {
        // Merged elsewhere: the contact it was merged into shows instead.
        const into = (error as ContactsError | undefined)?.mergedInto;
        if (into) return void (this.contactId = into);
        this.status.reportError('get-contact', error);
        this.countdown.arm(error, () => this.contactTask.run());
        throw error;
      }
    },
  });

  private readonly relations = new ContactRelations(this, {
    adapter: () => this.adapters.adapter,
    contactId: () => (this.companyId ? undefined : this.contactId),
    companyId: () => this.contact?.companyId,
    onError: (operation, error) => this.status.reportError(operation, error),
    limit: RECENT_CONVERSATIONS,
  });

  private readonly companyTask = new Task(this, {
    args: () => [this.adapters.adapter, this.companyId, this.companyRevision] as const,
    task: async ([adapter, id], { signal }): Promise<CompanyData | typeof initialState> => {
      this.countdown.cancel();
      if (!adapter || !id) return initialState;
      // Loaded beside the data, so the view is defined once there is something to show.
      const view = loadCompanyData();
      let company: Company;
      let page: Page<Contact> | undefined;
      try {
        let answer: unknown;
        [answer, page] = await Promise.all([
          adapter.getCompany(id, { signal }),
          adapter.listContacts({ companyId: id, limit: COMPANY_CONTACTS }, { signal }),
          loadPhoneLibrary().catch(() => undefined),
          view.catch(() => undefined),
        ]);
        const read = readCompany(answer);
        if (read?.id !== id) throw unreadableRecord('a company', read ? 'id' : '');
        company = read;
      } catch (error) {
        this.status.reportError('get-company', error);
        this.countdown.arm(error, () => this.companyTask.run());
        throw error;
      }
      // A failed load is no adapter failure: it shows the load error, whose Retry tries again.
      const { companyContacts } = await view;
      const report = (operation: string, error: unknown) =>
        this.status.reportError(operation, error);
      return { company, contacts: companyContacts(page, report) };
    },
  });

  /** "Start conversation": created with the first contact shown, as its markup loads with it. */
  private starter?: StartConversationController;

  /**
   * The edit dialog's focus handling, and the report of a save that ends after the dialog closed
   * (with Reopen): created with the first edit form.
   */
  private dialogs?: EditDialog;

  /** Delete, its confirmation, the deleted state and the Undo notice: made after first paint. */
  private removal?: DeleteDialog;
  /**
   * "Merge with…", "Possible duplicates", the merge dialog and following a merged contact: created
   * with the first contact, for an adapter that merges.
   */
  private merging?: MergeWaysModule.MergeWays;

  // ---- Internal state -------------------------------------------------------------------------

  /** Newer versions of the shown records, pushed by the adapter or returned by a save. */
  @state() private liveContact?: Contact;
  @state() private liveCompany?: Company;
  @state() private companyRevision = 0;
  @query('contacts-company-view') private companyView?: CompanyView;

  /** After the agent navigated to another record, its heading takes focus once it renders. */
  private focusHeading = false;

  // ---- Public methods -------------------------------------------------------------------------

  /**
   * Opens the edit dialog for the shown contact (or company), focusing `focus` (default Name).
   * Does nothing until the record has loaded.
   */
  async edit(focus: ContactFormField = 'name'): Promise<void> {
    const wanted = this.editable(focus);
    if (!wanted) return;
    const [dialogs] = await Promise.all([this.loadDialogs(), loadForm(wanted.kind)]);
    // The record may have gone while the form loaded.
    const editing = this.editable(focus);
    if (editing) await dialogs.open(editing);
  }

  // ---- Implementation -------------------------------------------------------------------------

  private async loadDialogs(): Promise<EditDialog> {
    const { EditDialog } = await loadEditDialog();
    this.dialogs ??= new EditDialog(this, {
      adapter: () => this.adapters.adapter,
      defaultCountry: () => this.defaultCountry,
      contact: () => this.contact,
      company: () => this.company,
      onSaved: event => this.onSaved(event),
      onOpenExisting: contactId => {
        this.focusHeading = true;
        this.companyId = undefined;
        this.contactId = contactId;
      },
      focusMoves: () => this.focusHeading,
      fallback: () =>
        this.renderRoot.querySelector<HTMLElement>('#edit') ?? this.companyView?.editControl,
      reopen: () => this.edit(),
    });
    return this.dialogs;
  }

  /** What the edit dialog would hold for the shown record; undefined until it has loaded. */
  private editable(focus: ContactFormField): Editing | undefined {
    if (this.companyId) return this.company ? { kind: 'company' } : undefined;
    return this.contact ? { kind: 'contact', focus } : undefined;
  }

  /** The shown contact: the newest of the loaded, pushed and saved versions. */
  private get contact(): Contact | undefined {
    if (this.companyId) return undefined;
    return newest(this.contactId, this.contactTask.value, this.liveContact);
  }

  private get company(): Company | undefined {
    return newest(this.companyId, this.companyTask.value?.company, this.liveCompany);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('adapter')) this.adapters.setExplicit(this.adapter);
    if (changed.has('contactId') || changed.has('companyId')) {
      if (this.liveContact?.id !== this.contactId) this.liveContact = undefined;
      if (this.liveCompany?.id !== this.companyId) this.liveCompany = undefined;
      this.starter?.reset();
      this.dialogs?.modal.close();
    }
    // A contact pushed before the first one loaded still needs its view.
    if (this.contact && !(recordView && startView)) {
      void loadContactView().then(() => {
        if (recordView && startView) this.requestUpdate();
      });
    }
  }

  protected override firstUpdated(): void {
    // Fetched once the detail has painted, so a contact selected later, or Edit, does not wait.
    // Delete and the Undo notice follow the view, never competing with it.
    loadEditDialog().catch(() => undefined);
    void loadContactView()
      .then(loadDeleteDialog)
      .then(({ DeleteDialog }) => {
        this.removal = new DeleteDialog(this, this.localize, {
          adapter: () => this.adapters.adapter,
          contact: () => this.contact,
          company: () => this.company,
          show: this.showNewer,
        });
      }, Boolean);
  }

  protected override updated(): void {
    if (!this.focusHeading || this.dialogs?.modal.open) return;
    const view = this.companyView;
    const heading = this.renderRoot.querySelector<HTMLElement>('#heading');
    if (view?.company) {
      this.focusHeading = false;
      void view.focusHeading();
    } else if (heading) {
      this.focusHeading = false;
      heading.focus();
    }
  }

  private onAdapterChange(change: ContactsChange): void {
    // The contact's own company and its conversations are the relations' business.
    this.relations.handleChange(change);
    // Deleted and restored records; a company's contacts may have gone.
    if (this.removal?.handleChange(change)) this.companyRevision++;
    switch (change.type) {
      case 'contact': {
        const contact = readContact(change.contact);
        if (!contact) break;
        if (!this.companyId && contact.id === this.contactId) this.liveContact = contact;
        if (
          this.companyId &&
          (contact.companyId === this.companyId ||
            this.companyTask.value?.contacts.items.some(item => item.id === contact.id))
        ) {
          this.companyRevision++;
        }
        break;
      }
      case 'company': {
        const company = readCompany(change.company);
        if (company && company.id === this.companyId) this.liveCompany = company;
        break;
      }
    }
  }

  /**
   * Shows the records a merge or a restore answered, when they are newer than those shown, so the
   * detail is current with an adapter that pushes no changes.
   */
  private readonly showNewer = (contacts: Contact[], companies: Company[]) => {
    this.liveContact = newest(this.contactId, this.liveContact, ...contacts);
    this.liveCompany = newest(this.companyId, this.liveCompany, ...companies);
  };

  /** Shows a related record unless the host takes over the navigation. */
  private navigate(kind: 'contact' | 'company', id: string): void {
    const event = new ContactsSelectEvent({ kind, id });
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    if (kind === 'company') {
      this.companyId = id;
    } else {
      this.companyId = undefined;
      this.contactId = id;
    }
    this.focusHeading = true;
  }

  /** The edit form saved the shown record: it shows at once, and the save is announced. */
  private onSaved(event: ContactSavedEvent | CompanySavedEvent): void {
    const { detail } = event;
    if ('contact' in detail) {
      const contact = readContact(detail.contact);
      if (contact && contact.id === this.contactId) {
        this.liveContact = newest(contact.id, this.liveContact, contact);
      }
      this.status.announce(this.localize.t.detail.contactSaved);
    } else {
      const company = readCompany(detail.company);
      if (company) this.liveCompany = newest(company.id, this.liveCompany, company);
      this.status.announce(this.localize.t.detail.companySaved);
    }
  }

  /** Starts on `channel` (default: the chosen one); a failure's alert then takes focus. */
  private readonly onStart = async (channel?: Channel) => {
    if ((await this.starter?.start(channel)) === 'failed') {
      this.renderRoot.querySelector<HTMLElement>('#start-error')?.focus();
    }
  };

  private readonly retryContact = () => void this.contactTask.run();

  private readonly retryCompany = () => void this.companyTask.run();

  private readonly onCompanyEdit = () => void this.edit();

  private readonly onCompanyOpen = (event: CompanyViewOpenEvent) =>
    this.navigate('contact', event.detail.contactId);

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    return html`${this.removal?.gone() ?? this.renderBody()} ${this.status.region()}
    ${this.dialogs?.renderOutcome(this.localize.t)} ${this.dialogs?.render(this.localize.t)}
    ${this.removal?.render()}`;
  }

  private renderBody() {
    const t = this.localize.t;
    if (!this.adapters.adapter) return emptyState(t.common.noAdapter, t.common.noAdapterHint);
    if (this.companyId) return this.renderCompanyState();
    if (this.contactId) return this.renderContactState();
    return emptyState(t.detail.noSelection, t.detail.noSelectionHint);
  }

  private renderContactState() {
    const t = this.localize.t;
    const contact = this.contact;
    if (contact && recordView && startView) return this.renderContact(contact);
    const task = this.contactTask;
    if (task.status === TaskStatus.ERROR) {
      const text = { notFound: t.detail.contactNotFound, failed: t.detail.loadContactFailed };
      return loadError(
        this.localize,
        task.error,
        text,
        this.retryContact,
        'load-error',
        this.countdown.seconds,
      );
    }
    return skeleton(t.detail.loadingContact);
  }

  private renderCompanyState() {
    const t = this.localize.t;
    const data = this.companyTask.value;
    const company = this.company;
    if (data && company && companyData) {
      return companyData.companyView(
        company,
        data.contacts,
        this.onCompanyEdit,
        this.onCompanyOpen,
      );
    }
    const task = this.companyTask;
    if (task.status === TaskStatus.ERROR) {
      const text = { notFound: t.detail.companyNotFound, failed: t.detail.loadCompanyFailed };
      return loadError(
        this.localize,
        task.error,
        text,
        this.retryCompany,
        'load-error',
        this.countdown.seconds,
      );
    }
    return skeleton(t.detail.loadingCompany);
  }

  private renderContact(contact: Contact) {
    const t = this.localize.t;
    const view = recordView!;
    const start = startView!;
    const starter = (this.starter ??= new start.StartConversationController(this, {
      adapter: () => this.adapters.adapter,
      contact: () => this.contact,
      onStarted: () => this.relations.refreshConversations(),
      onError: (operation, error) => this.status.reportError(operation, error),
    }));
    const subtitle = view.nameSourceText(t, contact.nameSource);
    return html`<div class="base" part="base">
      ${view.recordHeader(
        contact.id,
        contact.name,
        subtitle ? html`<p class="subtitle">${subtitle}</p>` : nothing,
        html`<button id="edit" type="button" @click=${() => this.edit()}>${t.detail.edit}</button
          >${this.removal?.button()}`,
        view.contactFallback(this.localize, contact),
      )}
      ${view.pendingNotice(this.localize, contact, () => this.edit('email'))}
      ${start.startConversation(this.localize, starter, contact, this.onStart)}
      ${(this.merging ??=
        mergeWays &&
        new mergeWays.MergeWays(this, {
          follow: (id, merged) => {
            this.contactId = id;
            if (merged) this.showNewer([merged], []);
          },
        }))?.ways(t, contact)}
      <dl class="fields" part="fields">
        ${view.fieldRow(t.detail.email, view.emailValue(this.localize, contact.email))}
        ${view.fieldRow(t.detail.phone, view.phoneValue(this.localize, contact.phone))}
        ${view.fieldRow(
          t.detail.company,
          view.companyCell(this.localize, this.relations, company =>
            this.navigate('company', company.id),
          ),
        )}
        ${view.fieldRow(t.detail.channels, view.channelsValue(this.localize, contact))}
        ${view.fieldRow(t.detail.created, view.timeValue(this.localize, contact.createdAt))}
        ${view.fieldRow(
          t.detail.lastActivity,
          view.timeValue(this.localize, contact.lastActivityAt),
        )}
      </dl>
      ${view.conversationsSection(this.localize, this.relations)}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contact-detail': ContactDetail;
  }
}
