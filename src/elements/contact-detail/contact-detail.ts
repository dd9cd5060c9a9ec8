import { Task, TaskStatus, initialState } from '@lit/task';
import { LitElement, type PropertyValues, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';

import { isAbortError, isContactsError } from '../../adapter/errors.js';
import type { ContactsAdapter, ContactsChange, Page } from '../../adapter/types.js';
import { AdapterController } from '../../controllers/adapter-controller.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import type { CompanySavedEvent } from '../../events/company-saved.js';
import type { ContactSavedEvent } from '../../events/contact-saved.js';
import { ContactsErrorEvent } from '../../events/contacts-error.js';
import type { ContactsOpenExistingEvent } from '../../events/contacts-open-existing.js';
import { ContactsSelectEvent } from '../../events/contacts-select.js';
import { ConversationStartEvent } from '../../events/conversation-start.js';
import { ConversationStartedEvent } from '../../events/conversation-started.js';
import { reachableChannels } from '../../model/matching.js';
import {
  type CountryCode,
  DEFAULT_COUNTRY,
  formatPhone,
  loadPhoneLibrary,
} from '../../model/phone.js';
import type { Channel, Company, Contact } from '../../model/types.js';
import { CompanyForm } from '../company-form/company-form.js';
import { ContactForm, type ContactFormField } from '../contact-form/contact-form.js';
import { ContactRelations } from '../shared/contact-relations.js';
import {
  avatar,
  channelsValue,
  emailValue,
  fieldRow,
  newest,
  notSet,
  pendingNotice,
  phoneValue,
  skeleton,
  timeValue,
} from '../shared/contact-view.js';
import { channelName, describeError } from '../shared/errors.js';
import { themeStyles } from '../shared/theme.styles.js';
import { styles } from './contact-detail.styles.js';

const RECENT_CONVERSATIONS = 5;
const COMPANY_CONTACTS = 50;

type StartState =
  | { phase: 'starting'; channel: Channel }
  | { phase: 'started'; channel: Channel }
  | { phase: 'failed'; channel: Channel; error: unknown };

interface CompanyView {
  company: Company;
  contacts: Page<Contact>;
}

/** What the edit dialog holds, and the field to focus in it. */
type Editing = { kind: 'contact'; focus: ContactFormField } | { kind: 'company' };

/**
 * One contact: its name, initials, email and phone (as links), company, the channels it reached
 * you on, when it was created and last active, a pending action when it lacks contact information,
 * its recent conversations, "Start conversation", and "Edit" in a modal dialog. With `company-id`
 * it shows that company instead: name, domain and its contacts.
 *
 * The adapter comes from an explicit `adapter` property or from context (the property wins); with
 * neither, the element says "No data adapter connected". Changes the adapter pushes show up live;
 * an open edit form keeps what the agent typed, and saving it then reports the conflict.
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
 * @csspart conversations - The "Recent conversations" section.
 * @csspart contacts - A company's contacts.
 * @csspart empty - The no-adapter, no-selection and not-found states.
 * @csspart error - A load failure, with Retry.
 * @csspart skeleton - The loading placeholder.
 * @csspart dialog - The edit dialog.
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

  private readonly localize = new LocalizeController(this);

  private readonly contactTask = new Task(this, {
    args: () => [this.adapters.adapter, this.companyId ? undefined : this.contactId] as const,
    task: async ([adapter, id], { signal }) => {
      if (!adapter || !id) return initialState;
      try {
        const [contact] = await Promise.all([
          adapter.getContact(id, { signal }),
          // Phones display in the locale's format once the library is in.
          loadPhoneLibrary().catch(() => undefined),
        ]);
        return contact;
      } catch (error) {
        this.reportError('get-contact', error);
        throw error;
      }
    },
  });

  private readonly relations = new ContactRelations(this, {
    adapter: () => this.adapters.adapter,
    contactId: () => (this.companyId ? undefined : this.contactId),
    companyId: () => this.contact?.companyId,
    onError: (operation, error) => this.reportError(operation, error),
    limit: RECENT_CONVERSATIONS,
  });

  private readonly companyTask = new Task(this, {
    args: () => [this.adapters.adapter, this.companyId, this.companyRevision] as const,
    task: async ([adapter, id], { signal }): Promise<CompanyView | typeof initialState> => {
      if (!adapter || !id) return initialState;
      try {
        const [company, contacts] = await Promise.all([
          adapter.getCompany(id, { signal }),
          adapter.listContacts({ companyId: id, limit: COMPANY_CONTACTS }, { signal }),
          loadPhoneLibrary().catch(() => undefined),
        ]);
        return { company, contacts };
      } catch (error) {
        this.reportError('get-company', error);
        throw error;
      }
    },
  });

  // ---- Internal state -------------------------------------------------------------------------

  /** Newer versions of the shown records, pushed by the adapter or returned by a save. */
  @state() private liveContact?: Contact;
  @state() private liveCompany?: Company;
  @state() private companyRevision = 0;
  @state() private editing?: Editing;
  @state() private start?: StartState;
  @state() private chosenChannel?: Channel;
  @state() private announcement = '';

  @query('dialog') private dialog?: HTMLDialogElement;

  /** Where focus goes back to when the dialog closes. */
  private opener?: HTMLElement;
  /** After the agent navigated to another record, its heading takes focus once it renders. */
  private focusHeading = false;

  // ---- Public methods -------------------------------------------------------------------------

  /**
   * Opens the edit dialog for the shown contact (or company), focusing `focus` (default Name).
   * Does nothing until the record has loaded.
   */
  async edit(focus: ContactFormField = 'name'): Promise<void> {
    const editing: Editing | undefined = this.companyId
      ? this.company
        ? { kind: 'company' }
        : undefined
      : this.contact
        ? { kind: 'contact', focus }
        : undefined;
    if (!editing) return;
    const active = this.shadowRoot?.activeElement;
    this.opener = active instanceof HTMLElement ? active : undefined;
    this.editing = editing;
    await this.updateComplete;
    const dialog = this.dialog;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const form = dialog.querySelector('contacts-contact-form, contacts-company-form');
    if (form instanceof ContactForm && editing.kind === 'contact') {
      await form.updateComplete;
      await form.focusField(editing.focus);
    } else if (form instanceof CompanyForm) {
      await form.updateComplete;
      await form.focusField('name');
    }
  }

  // ---- Implementation -------------------------------------------------------------------------

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
      this.start = undefined;
      this.chosenChannel = undefined;
      this.closeDialog();
    }
  }

  private reportError(operation: string, error: unknown): void {
    if (isAbortError(error)) return;
    this.dispatchEvent(new ContactsErrorEvent({ operation, error }));
  }

  private onAdapterChange(change: ContactsChange): void {
    // The contact's own company and its conversations are the relations' business.
    this.relations.handleChange(change);
    switch (change.type) {
      case 'contact': {
        const { contact } = change;
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
      case 'company':
        if (change.company.id === this.companyId) this.liveCompany = change.company;
        break;
    }
  }

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

  protected override updated(): void {
    if (!this.focusHeading) return;
    const heading = this.renderRoot.querySelector<HTMLElement>('#heading');
    if (heading && !this.dialog?.open) {
      this.focusHeading = false;
      heading.focus();
    }
  }

  private announce(message: string): void {
    // Cleared first so the same message twice is announced twice.
    this.announcement = '';
    requestAnimationFrame(() => (this.announcement = message));
  }

  private closeDialog(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  private readonly onDialogClose = () => {
    this.editing = undefined;
    const opener = this.opener;
    this.opener = undefined;
    // Focus the browser or a navigation already placed outside the dialog stays where it is;
    // only focus lost to the page (the opener was removed) comes back to Edit.
    const inner = this.shadowRoot?.activeElement;
    const placed = inner
      ? !this.dialog?.contains(inner)
      : document.activeElement !== null && document.activeElement !== document.body;
    if (this.focusHeading || placed) return;
    const target =
      opener?.isConnected && !opener.hasAttribute('disabled')
        ? opener
        : this.renderRoot.querySelector<HTMLElement>('#edit');
    target?.focus();
  };

  private readonly onContactSaved = (event: ContactSavedEvent) => {
    const { contact } = event.detail;
    if (contact.id === this.contactId) {
      this.liveContact = newest(contact.id, this.liveContact, contact);
    }
    this.closeDialog();
    this.announce(this.localize.t.detail.contactSaved);
  };

  private readonly onCompanySaved = (event: CompanySavedEvent) => {
    const { company } = event.detail;
    this.liveCompany = newest(company.id, this.liveCompany, company);
    this.closeDialog();
    this.announce(this.localize.t.detail.companySaved);
  };

  private readonly onOpenExisting = (event: ContactsOpenExistingEvent) => {
    const { contactId } = event.detail;
    this.opener = undefined;
    this.focusHeading = true;
    this.closeDialog();
    this.companyId = undefined;
    this.contactId = contactId;
  };

  /** Channels to start on, the most recently used identity first. */
  private channelsOf(contact: Contact): Channel[] {
    const identities = [...contact.identities].sort((a, b) =>
      (b.lastSeenAt ?? '').localeCompare(a.lastSeenAt ?? ''),
    );
    return reachableChannels({ ...contact, identities });
  }

  /** The channel "Start conversation" uses: the agent's choice, else the most recent one. */
  private channelFor(contact: Contact): Channel | undefined {
    const channels = this.channelsOf(contact);
    const chosen = this.chosenChannel;
    return chosen && channels.includes(chosen) ? chosen : channels[0];
  }

  private readonly onStartClick = () => {
    const contact = this.contact;
    const channel = contact && this.channelFor(contact);
    if (channel) void this.startConversation(channel);
  };

  private async startConversation(channel: Channel): Promise<void> {
    const contact = this.contact;
    const adapter = this.adapters.adapter;
    if (!contact || !adapter || this.start?.phase === 'starting') return;
    const intent = new ConversationStartEvent({ contact, channel });
    this.dispatchEvent(intent);
    if (intent.defaultPrevented) return;
    this.start = { phase: 'starting', channel };
    try {
      const conversation = await adapter.startConversation(contact.id, channel);
      this.start = { phase: 'started', channel };
      this.relations.refreshConversations();
      this.dispatchEvent(new ConversationStartedEvent({ contact, conversation }));
    } catch (error) {
      if (isAbortError(error)) return;
      this.reportError('start-conversation', error);
      this.start = { phase: 'failed', channel, error };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#start-error')?.focus();
    }
  }

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    return html`${this.renderBody()}
      <div class="visually-hidden" role="status">${this.announcement}</div>
      ${this.renderDialog()}`;
  }

  private renderBody() {
    const t = this.localize.t;
    if (!this.adapters.adapter) {
      return this.renderEmpty(t.common.noAdapter, t.common.noAdapterHint);
    }
    if (this.companyId) return this.renderCompanyState();
    if (this.contactId) return this.renderContactState();
    return this.renderEmpty(t.detail.noSelection, t.detail.noSelectionHint);
  }

  private renderEmpty(title: string, hint: string) {
    return html`<div class="empty" part="empty">
      <p class="empty-title">${title}</p>
      <p class="hint">${hint}</p>
    </div>`;
  }

  private renderContactState() {
    const t = this.localize.t;
    const contact = this.contact;
    if (contact) return this.renderContact(contact);
    if (this.contactTask.status === TaskStatus.ERROR) {
      return this.renderLoadError(
        this.contactTask.error,
        t.detail.contactNotFound,
        t.detail.loadContactFailed,
        () => this.contactTask.run(),
      );
    }
    return skeleton(t.detail.loadingContact);
  }

  private renderCompanyState() {
    const t = this.localize.t;
    const view = this.companyTask.value;
    const company = this.company;
    if (view && company) return this.renderCompany(company, view.contacts);
    if (this.companyTask.status === TaskStatus.ERROR) {
      return this.renderLoadError(
        this.companyTask.error,
        t.detail.companyNotFound,
        t.detail.loadCompanyFailed,
        () => this.companyTask.run(),
      );
    }
    return skeleton(t.detail.loadingCompany);
  }

  private renderLoadError(error: unknown, notFound: string, failed: string, retry: () => unknown) {
    const t = this.localize.t;
    if (isContactsError(error, 'not-found')) {
      return html`<div class="empty" part="empty">
        <h2 class="empty-title">${notFound}</h2>
        <p class="hint">${t.common.errorNotFound}</p>
      </div>`;
    }
    return html`<div class="alert alert--danger load-error" part="error" role="alert">
      <p><strong>${failed}</strong></p>
      <p>${describeError(t, error)}</p>
      <div class="alert-actions">
        <button type="button" @click=${retry}>${t.common.retry}</button>
      </div>
    </div>`;
  }

  private renderHeader(id: string, name: string, subtitle: string | undefined) {
    const t = this.localize.t;
    return html`<header class="header" part="header">
      ${avatar(id, name)}
      <div class="title">
        <h2 id="heading" part="heading" tabindex="-1" dir="auto">${name}</h2>
        ${subtitle ? html`<p class="subtitle">${subtitle}</p>` : nothing}
      </div>
      <div class="actions" part="actions">
        <button id="edit" type="button" @click=${() => this.edit()}>${t.detail.edit}</button>
      </div>
    </header>`;
  }

  private renderContact(contact: Contact) {
    const t = this.localize.t;
    return html`<div class="base" part="base">
      ${this.renderHeader(contact.id, contact.name, t.detail.nameSource[contact.nameSource])}
      ${pendingNotice(this.localize, contact, () => this.edit('email'))}
      ${this.renderStart(contact)}
      <dl class="fields" part="fields">
        ${fieldRow(t.detail.email, emailValue(this.localize, contact.email))}
        ${fieldRow(t.detail.phone, phoneValue(this.localize, contact.phone))}
        ${fieldRow(
          t.detail.company,
          this.relations.renderCompany(this.localize, company =>
            this.navigate('company', company.id),
          ),
        )}
        ${fieldRow(t.detail.channels, channelsValue(this.localize, contact))}
        ${fieldRow(t.detail.created, timeValue(this.localize, contact.createdAt))}
        ${fieldRow(t.detail.lastActivity, timeValue(this.localize, contact.lastActivityAt))}
      </dl>
      ${this.relations.renderConversations(this.localize)}
    </div>`;
  }

  private renderStart(contact: Contact) {
    const t = this.localize.t;
    const channels = this.channelsOf(contact);
    const channel = this.channelFor(contact);
    const start = this.start;
    const busy = start?.phase === 'starting';
    return html`<div class="start" part="start">
      <div class="start-row">
        ${
          channels.length > 1
            ? html`<label for="channel">${t.detail.channel}</label>
                <select
                  id="channel"
                  @change=${(event: Event) =>
                    (this.chosenChannel = (event.target as HTMLSelectElement).value)}
                >
                  ${channels.map(
                    option =>
                      html`<option value=${option} ?selected=${option === channel}>
                        ${channelName(t, option)}
                      </option>`,
                  )}
                </select>`
            : nothing
        }
        <button
          id="start"
          type="button"
          class="primary"
          ?disabled=${!channel}
          aria-disabled=${busy ? 'true' : 'false'}
          aria-describedby=${ifDefined(channel ? undefined : 'no-channel')}
          @click=${this.onStartClick}
        >
          ${t.detail.startConversation}
        </button>
        ${
          channels.length === 1 && channel
            ? html`<span class="muted">${t.detail.onChannel(channelName(t, channel))}</span>`
            : nothing
        }
      </div>
      ${
        channel ? nothing : html`<p class="hint" id="no-channel">${t.detail.noReachableChannel}</p>`
      }
      <p class="start-status" role="status">${this.renderStartStatus()}</p>
      ${
        start?.phase === 'failed'
          ? html`<div id="start-error" class="alert alert--danger" role="alert" tabindex="-1">
              <p><strong>${t.detail.startFailed(channelName(t, start.channel))}</strong></p>
              <p>${describeError(t, start.error)}</p>
              <div class="alert-actions">
                <button type="button" @click=${() => this.startConversation(start.channel)}>
                  ${t.common.retry}
                </button>
              </div>
            </div>`
          : nothing
      }
    </div>`;
  }

  private renderStartStatus() {
    const t = this.localize.t;
    const start = this.start;
    if (start?.phase === 'starting') return t.detail.starting(channelName(t, start.channel));
    if (start?.phase === 'started') {
      return html`<span class="success">${t.detail.started(channelName(t, start.channel))}</span>`;
    }
    return nothing;
  }

  private renderCompany(company: Company, contacts: Page<Contact>) {
    const t = this.localize.t;
    const count = contacts.total;
    const more = count - contacts.items.length;
    return html`<div class="base" part="base">
      ${this.renderHeader(company.id, company.name, t.detail.companyKind)}
      <dl class="fields" part="fields">
        ${fieldRow(t.detail.domain, company.domain ?? notSet(this.localize))}
        ${fieldRow(t.detail.created, timeValue(this.localize, company.createdAt))}
      </dl>
      <section class="section" part="contacts" aria-labelledby="contacts-heading">
        <h3 id="contacts-heading">${t.detail.companyContacts}</h3>
        ${
          count
            ? html`<p class="muted">
                  ${t.detail.contactCount(count, this.localize.formatNumber(count))}
                </p>
                <ul class="company-contacts" aria-labelledby="contacts-heading">
                  ${contacts.items.map(
                    contact =>
                      html`<li>
                        <button
                          type="button"
                          class="link"
                          @click=${() => this.navigate('contact', contact.id)}
                        >
                          ${contact.name}
                        </button>
                        <span class="muted"
                          >${
                            contact.email ??
                            (contact.phone ? formatPhone(contact.phone, this.localize.lang) : '')
                          }</span
                        >
                      </li>`,
                  )}
                </ul>
                ${
                  more > 0
                    ? html`<p class="muted">
                        ${t.detail.moreContacts(this.localize.formatNumber(more))}
                      </p>`
                    : nothing
                }`
            : html`<p class="muted">${t.detail.noCompanyContacts}</p>`
        }
      </section>
    </div>`;
  }

  private renderDialog() {
    const t = this.localize.t;
    const editing = this.editing;
    const title = editing?.kind === 'company' ? t.detail.editCompany : t.detail.editContact;
    return html`<dialog
      part="dialog"
      aria-labelledby="dialog-heading"
      @close=${this.onDialogClose}
      @contacts-form-cancel=${this.closeDialog}
      @contact-saved=${this.onContactSaved}
      @company-saved=${this.onCompanySaved}
      @contacts-open-existing=${this.onOpenExisting}
    >
      <h2 id="dialog-heading">${title}</h2>
      ${
        editing?.kind === 'contact'
          ? html`<contacts-contact-form
              exportparts="form, field, actions: form-actions, error: form-error, listbox: form-listbox"
              .adapter=${this.adapters.adapter}
              .contact=${this.contact}
              default-country=${this.defaultCountry}
              initial-focus=${editing.focus}
            ></contacts-contact-form>`
          : nothing
      }
      ${
        editing?.kind === 'company'
          ? html`<contacts-company-form
              exportparts="form, field, actions: form-actions, error: form-error"
              .adapter=${this.adapters.adapter}
              .company=${this.company}
              initial-focus="name"
            ></contacts-company-form>`
          : nothing
      }
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contact-detail': ContactDetail;
  }
}
