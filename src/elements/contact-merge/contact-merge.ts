import { LitElement, type TemplateResult, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';

import { isAbortError, isContactsError } from '../../adapter/errors.js';
import type { ContactsAdapter, MergeChoices, MergeResult, MergeSide } from '../../adapter/types.js';
import { newIdempotencyKey } from '../../adapter/util.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { ContactsErrorEvent } from '../../events/contacts-error.js';
import { ContactsMergeEvent } from '../../events/contacts-merge.js';
import { ContactsMergedEvent } from '../../events/contacts-merged.js';
import { common } from '../../i18n/en/common.js';
import { detail } from '../../i18n/en/detail.js';
import { form } from '../../i18n/en/form.js';
import { addLaterStrings } from '../../i18n/en/later.js';
import { addMergeStrings } from '../../i18n/en/merge.js';
import { formatPhone } from '../../model/phone.js';
import type { Contact } from '../../model/types.js';
import { describeError } from '../shared/errors.js';
import { channelName, displayName } from '../shared/record-view.js';
import { styles } from './contact-merge.styles.js';

// This part shows strings a first paint leaves out.
addLaterStrings();
addMergeStrings();

/** The fields a merge chooses between, in the order the dialog shows them. */
export type MergeField = keyof MergeChoices;
const FIELDS: readonly MergeField[] = ['name', 'email', 'phone', 'companyId'];

/** How many contacts the picker lists for a search. */
const PICK_LIMIT = 20;
/** How long typing pauses before the picker searches. */
const SEARCH_DELAY = 200;
/** Conversations counted for the preview; more show as "100+". */
const COUNT_LIMIT = 100;

type Problem = { kind: 'conflict' } | { kind: 'not-found' } | { kind: 'failed'; error: unknown };

/** A contact's value of `field`, or undefined when it has none. */
function valueOf(contact: Contact, field: MergeField): string | undefined {
  const value = contact[field];
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * The merge dialog, in two steps: a searchable picker of the contact to merge (when opened with
 * `pick`), then the comparison (`compare`): both contacts side by side, one radio group per field
 * where they differ, and a live preview of the result with the channels of both and how many
 * conversations move. Merge fires the cancelable `contacts-merge`, then asks the adapter with one
 * idempotency key per intent (kept when Retry repeats it) and the versions shown; on success the
 * dialog closes and fires `contacts-merged`. A failure keeps the dialog and every choice: a
 * conflict reloads both contacts and keeps the choices that still apply.
 *
 * Focus returns to what opened the dialog, or, when that is gone (the form that offered "Merge
 * into" closed), to `fallback()`.
 *
 * @summary Internal: picks and merges two contacts.
 *
 * @fires contacts-merge - Cancelable. The agent pressed Merge; prevent it to merge yourself.
 * @fires contacts-merged - The adapter merged the contacts.
 * @fires contacts-error - The merge, or a lookup for it, failed; the dialog also shows it.
 *
 * @csspart dialog - The dialog.
 */
export class ContactMerge extends LitElement {
  static override styles = styles;

  // ---- Public properties ----------------------------------------------------------------------

  /** The adapter to merge through; the hosting element passes its own. */
  @property({ attribute: false }) adapter?: ContactsAdapter;

  /** Where focus goes when the dialog closes and what opened it is gone. */
  @property({ attribute: false }) fallback?: () => HTMLElement | null | undefined;

  /** Awaited after `contacts-merged`, before focus moves: the host showing the merged contact. */
  @property({ attribute: false }) settle?: () => Promise<unknown>;

  // ---- Controllers ----------------------------------------------------------------------------

  private readonly localize = new LocalizeController(this, { common, detail, form });

  // ---- Internal state -------------------------------------------------------------------------

  @state() private step?: 'pick' | 'compare';
  @state() private primary?: Contact;
  @state() private secondary?: Contact;
  @state() private choices: MergeChoices = {};
  @state() private problem?: Problem;
  @state() private busy = false;
  @state() private query = '';
  @state() private results?: Contact[];
  @state() private companyNames: Record<string, string> = {};
  /** Conversations of the secondary, counted up to COUNT_LIMIT; undefined until known. */
  @state() private moving?: number;

  /** One key per merge intent: Retry reuses it; a reload after a conflict starts a new one. */
  private key = newIdempotencyKey();
  private opener?: HTMLElement;
  private searchTimer?: ReturnType<typeof setTimeout>;
  private lookups?: AbortController;

  // ---- Public methods -------------------------------------------------------------------------

  /** Opens the picker of the contact to merge into `primary`, with its search focused. */
  async pick(primary: Contact): Promise<void> {
    this.reset();
    this.primary = primary;
    this.step = 'pick';
    await this.show('#merge-search');
    this.search();
  }

  /**
   * Opens the comparison of `primary` (which stays) and `secondary` (merged into it), with
   * `choices` preselected; fields without a choice start on the primary's value, or the
   * secondary's when the primary has none.
   */
  async compare(primary: Contact, secondary: Contact, choices: MergeChoices = {}): Promise<void> {
    if (this.step !== 'pick') this.reset();
    this.primary = primary;
    this.secondary = secondary;
    this.choices = { ...choices };
    this.key = newIdempotencyKey();
    this.step = 'compare';
    this.loadRelated();
    await this.show('input[type=radio]:checked, #merge');
  }

  /** Whether a merge is waiting for the adapter. */
  get merging(): boolean {
    return this.busy;
  }

  /** Closes the dialog, keeping nothing. */
  close(): void {
    this.dialog?.close();
  }

  // ---- Implementation -------------------------------------------------------------------------

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  private reset(): void {
    this.lookups?.abort();
    clearTimeout(this.searchTimer);
    this.primary = this.secondary = this.problem = this.results = this.moving = undefined;
    this.choices = {};
    this.companyNames = {};
    this.query = '';
    this.busy = false;
  }

  private async show(focus: string): Promise<void> {
    const dialog = this.dialog;
    if (!dialog?.open) this.opener = deepActive();
    await this.updateComplete;
    const shown = this.dialog;
    if (!shown) return;
    if (!shown.open) shown.showModal();
    shown.querySelector<HTMLElement>(focus)?.focus();
  }

  private readonly onClose = () => {
    this.step = undefined;
    this.reset();
    const opener = this.opener;
    this.opener = undefined;
    (opener?.isConnected ? opener : this.fallback?.())?.focus();
  };

  private signal(): AbortSignal {
    this.lookups?.abort();
    this.lookups = new AbortController();
    return this.lookups.signal;
  }

  private report(operation: string, error: unknown): void {
    if (!isAbortError(error)) this.dispatchEvent(new ContactsErrorEvent({ operation, error }));
  }

  private readonly onSearchInput = (event: Event) => {
    this.query = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.search(), SEARCH_DELAY);
  };

  private search(): void {
    const adapter = this.adapter;
    const primary = this.primary;
    if (!adapter || !primary) return;
    const signal = this.signal();
    const search = this.query.trim();
    this.results = this.problem = undefined;
    adapter
      .listContacts({ ...(search ? { search } : {}), limit: PICK_LIMIT + 1 }, { signal })
      .then(page => {
        if (signal.aborted) return;
        this.results = page.items.filter(item => item.id !== primary.id).slice(0, PICK_LIMIT);
      })
      .catch(error => {
        if (signal.aborted) return;
        this.results = [];
        this.problem = { kind: 'failed', error };
        this.report('list-contacts', error);
      });
  }

  private choose(secondary: Contact): void {
    if (this.primary) void this.compare(this.primary, secondary);
  }

  /** The company names and the count of conversations that move, for the preview. */
  private loadRelated(): void {
    const adapter = this.adapter;
    const { primary, secondary } = this;
    if (!adapter || !primary || !secondary) return;
    const signal = this.signal();
    for (const id of new Set([primary.companyId, secondary.companyId])) {
      if (!id || this.companyNames[id]) continue;
      adapter.getCompany(id, { signal }).then(
        company => {
          const name = displayName(company.name, displayName(company.domain, id));
          this.companyNames = { ...this.companyNames, [id]: name };
        },
        () => undefined,
      );
    }
    adapter.listConversations(secondary.id, { limit: COUNT_LIMIT }, { signal }).then(
      conversations => {
        if (!signal.aborted) this.moving = conversations.length;
      },
      () => undefined,
    );
  }

  /** The side whose value the merged contact takes for `field`. */
  private sideOf(field: MergeField): MergeSide {
    const chosen = this.choices[field];
    if (chosen) return chosen;
    return this.primary && valueOf(this.primary, field) ? 'primary' : 'secondary';
  }

  private differs(field: MergeField): boolean {
    const { primary, secondary } = this;
    return Boolean(primary && secondary && valueOf(primary, field) !== valueOf(secondary, field));
  }

  /** The choices sent: one per field where the contacts differ, as the dialog shows them. */
  private sentChoices(): MergeChoices {
    const sent: MergeChoices = {};
    for (const field of FIELDS) if (this.differs(field)) sent[field] = this.sideOf(field);
    return sent;
  }

  private readonly merge = async () => {
    const adapter = this.adapter;
    const { primary, secondary } = this;
    if (this.busy || !adapter?.mergeContacts || !primary || !secondary) return;
    const choices = this.sentChoices();
    const intent = new ContactsMergeEvent({
      primaryId: primary.id,
      secondaryId: secondary.id,
      choices,
    });
    this.dispatchEvent(intent);
    if (intent.defaultPrevented) return;
    this.busy = true;
    this.problem = undefined;
    let result: MergeResult;
    try {
      result = await adapter.mergeContacts(primary.id, secondary.id, choices, {
        idempotencyKey: this.key,
        expectedVersions: { primary: primary.version, secondary: secondary.version },
      });
    } catch (error) {
      this.busy = false;
      this.report('merge-contacts', error);
      await this.failed(error);
      return;
    }
    this.busy = false;
    this.dispatchEvent(new ContactsMergedEvent(result));
    await this.settle?.();
    this.close();
  };

  private async failed(error: unknown): Promise<void> {
    if (isContactsError(error, 'conflict')) {
      await this.reload();
    } else {
      this.problem = isContactsError(error, 'not-found')
        ? { kind: 'not-found' }
        : { kind: 'failed', error };
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#merge-problem')?.focus();
  }

  /** After a conflict: both contacts as they are now, the choices that still apply, a new key. */
  private async reload(): Promise<void> {
    const adapter = this.adapter;
    const { primary, secondary } = this;
    if (!adapter || !primary || !secondary) return;
    try {
      [this.primary, this.secondary] = await Promise.all([
        adapter.getContact(primary.id),
        adapter.getContact(secondary.id),
      ]);
    } catch (error) {
      this.report('get-contact', error);
      this.problem = isContactsError(error, 'not-found')
        ? { kind: 'not-found' }
        : { kind: 'failed', error };
      return;
    }
    const kept: MergeChoices = {};
    for (const field of FIELDS) {
      const side = this.choices[field];
      if (side && this.differs(field)) kept[field] = side;
    }
    this.choices = kept;
    this.key = newIdempotencyKey();
    this.problem = { kind: 'conflict' };
    this.loadRelated();
  }

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    const t = this.localize.t;
    const primary = this.primary;
    const heading =
      this.step === 'pick' && primary
        ? t.detail.mergePickTitle(displayName(primary.name, t.detail.unnamedContact))
        : t.detail.mergeTitle;
    return html`<dialog part="dialog" aria-labelledby="merge-heading" @close=${this.onClose}>
      <h2 id="merge-heading">${heading}</h2>
      <div class="body">
        ${this.step === 'pick' ? this.renderPicker() : nothing}
        ${this.step === 'compare' ? this.renderCompare() : nothing}
      </div>
    </dialog>`;
  }

  private renderPicker() {
    const t = this.localize.t;
    const results = this.results;
    let list: TemplateResult;
    if (!results) list = html`<p class="muted">${t.detail.mergeSearching}</p>`;
    else if (!results.length) list = html`<p class="muted">${t.detail.mergeNoResults}</p>`;
    else {
      list = html`<ul aria-label=${t.detail.mergeSearch}>
        ${results.map(
          contact =>
            html`<li>
              <button type="button" class="result" @click=${() => this.choose(contact)}>
                <span dir="auto">${this.nameOf(contact)}</span>
                <span class="muted" dir="ltr">${this.reachOf(contact)}</span>
              </button>
            </li>`,
        )}
      </ul>`;
    }
    return html`<p class="hint" id="merge-pick-hint">${t.detail.mergePickHint}</p>
      ${this.renderProblem()}
      <input
        id="merge-search"
        type="search"
        autocomplete="off"
        spellcheck="false"
        aria-label=${t.detail.mergeSearch}
        aria-describedby="merge-pick-hint"
        .value=${live(this.query)}
        @input=${this.onSearchInput}
      />
      <div aria-live="polite">${list}</div>
      <div class="actions">
        <button type="button" @click=${() => this.close()}>${t.common.cancel}</button>
      </div>`;
  }

  private renderCompare() {
    const t = this.localize.t;
    const { primary, secondary } = this;
    if (!primary || !secondary) return nothing;
    const blocked = this.busy || this.problem?.kind === 'not-found';
    return html`<p class="hint">${t.detail.mergeHint}</p>
      ${this.renderProblem()}
      <div class="compare">
        <div class="row" aria-hidden="true">
          <span></span>
          <span class="side">${t.detail.mergeStays}</span>
          <span class="side">${t.detail.mergeGoes}</span>
        </div>
        ${FIELDS.map(field => this.renderField(field, primary, secondary))}
        <div class="row">
          <span class="label">${t.detail.channels}</span>
          <span>${this.channelsOf([primary])}</span>
          <span>${this.channelsOf([secondary])}</span>
        </div>
      </div>
      ${this.renderPreview(primary, secondary)}
      <div class="actions">
        <button
          id="merge"
          type="button"
          class="primary"
          aria-disabled=${blocked ? 'true' : 'false'}
          @click=${this.merge}
        >
          ${t.detail.merge}
        </button>
        <button type="button" @click=${() => this.close()}>${t.common.cancel}</button>
        <span class="status" role="status">${this.busy ? t.detail.merging : nothing}</span>
      </div>`;
  }

  private labelOf(field: MergeField): string {
    const t = this.localize.t;
    return field === 'companyId' ? t.form.company : t.form[field];
  }

  /** How a field's value reads, "None" without one. */
  private shown(contact: Contact, field: MergeField): string {
    const t = this.localize.t;
    const value = valueOf(contact, field);
    if (!value) return t.detail.mergeNone;
    if (field === 'phone') return formatPhone(value, this.localize.lang);
    if (field === 'companyId') return this.companyNames[value] ?? t.common.loading;
    return field === 'name' ? displayName(value, t.detail.mergeNone) : value;
  }

  private renderField(field: MergeField, primary: Contact, secondary: Contact) {
    const label = this.labelOf(field);
    if (!this.differs(field)) {
      return html`<div class="row">
        <span class="label">${label}</span>
        <span class="same" dir="auto">${this.shown(primary, field)}</span>
      </div>`;
    }
    const side = this.sideOf(field);
    const option = (value: MergeSide, contact: Contact) =>
      html`<label class="choice">
        <input
          type="radio"
          name="merge-${field}"
          value=${value}
          .checked=${live(side === value)}
          @change=${() => (this.choices = { ...this.choices, [field]: value })}
        />
        <span dir="auto">${this.shown(contact, field)}</span>
      </label>`;
    return html`<div class="row" role="radiogroup" aria-labelledby="merge-label-${field}">
      <span class="label" id="merge-label-${field}">${label}</span>
      ${option('primary', primary)} ${option('secondary', secondary)}
    </div>`;
  }

  private renderPreview(primary: Contact, secondary: Contact) {
    const t = this.localize.t;
    const row = (field: MergeField) => {
      const from = this.sideOf(field) === 'primary' ? primary : secondary;
      return html`<dt>${this.labelOf(field)}</dt>
        <dd dir="auto">${this.shown(from, field)}</dd>`;
    };
    const moving = this.moving;
    const count =
      moving === undefined
        ? t.common.loading
        : t.detail.mergeConversations(
            moving,
            moving >= COUNT_LIMIT
              ? `${this.localize.formatNumber(COUNT_LIMIT)}+`
              : this.localize.formatNumber(moving),
          );
    return html`<section class="preview" aria-labelledby="merge-result">
      <h3 id="merge-result">${t.detail.mergeResult}</h3>
      <dl>
        ${FIELDS.map(row)}
        <dt>${t.detail.channels}</dt>
        <dd>${this.channelsOf([primary, secondary])}</dd>
      </dl>
      <p>${count}</p>
    </section>`;
  }

  private channelsOf(contacts: Contact[]): string {
    const t = this.localize.t;
    const channels = new Set(
      contacts.flatMap(contact => (contact.identities ?? []).map(identity => identity.channel)),
    );
    return channels.size
      ? [...channels].map(channel => channelName(t, channel)).join(', ')
      : t.detail.mergeNone;
  }

  private renderProblem() {
    const t = this.localize.t;
    const problem = this.problem;
    if (!problem) return nothing;
    let body: TemplateResult;
    if (problem.kind === 'conflict') {
      body = html`<p><strong>${t.detail.mergeConflict}</strong></p>
        <p>${t.detail.mergeConflictHint}</p>`;
    } else if (problem.kind === 'not-found') {
      body = html`<p><strong>${t.detail.mergeNotFound}</strong></p>`;
    } else {
      const retry = this.step === 'compare' ? this.merge : () => this.search();
      body = html`<p><strong>${t.detail.mergeFailed}</strong> ${describeError(t, problem.error)}</p>
        ${this.step === 'compare' ? html`<p>${t.detail.mergeRetryHint}</p>` : nothing}
        <div class="alert-actions">
          <button type="button" @click=${retry}>${t.common.retry}</button>
        </div>`;
    }
    const tone = problem.kind === 'conflict' ? 'warning' : 'danger';
    return html`<div id="merge-problem" class="alert alert--${tone}" role="alert" tabindex="-1">
      ${body}
    </div>`;
  }

  private nameOf(contact: Contact): string {
    return displayName(contact.name, this.localize.t.detail.unnamedContact);
  }

  private reachOf(contact: Contact): string {
    return contact.email ?? (contact.phone ? formatPhone(contact.phone, this.localize.lang) : '');
  }
}

/** The element focused now, through shadow roots. */
function deepActive(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'contacts-contact-merge': ContactMerge;
  }
}
