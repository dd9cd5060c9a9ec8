import { LitElement, type PropertyValues, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';

import type { ContactsAdapter, ContactsChange } from '../../adapter/types.js';
import { AdapterController } from '../../controllers/adapter-controller.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import {
  DEFAULT_PAGE_SIZE,
  PagedQueryController,
  QUERY_TABS,
  type QueryRow,
  type QueryState,
  type QueryTab,
  afterNextPaint,
} from '../../controllers/paged-query-controller.js';
import type { PagedRows } from '../../controllers/paged-rows.js';
import { StatusController } from '../../controllers/status-controller.js';
import type { ContactsOpenExistingEvent } from '../../events/contacts-open-existing.js';
import { ContactsSelectEvent } from '../../events/contacts-select.js';
import { common } from '../../i18n/en/common.js';
import { panel } from '../../i18n/en/panel.js';
import { type CountryCode, DEFAULT_COUNTRY } from '../../model/phone.js';
import {
  type ContactsVirtualListbox,
  type ListboxActivateEvent,
  ListboxGeometry,
  type ListboxOption,
} from '../contacts-virtual-listbox/contacts-virtual-listbox.js';
import { themeStyles } from '../shared/theme.styles.js';
import { CompanyNames } from './company-names.js';
import { styles } from './contacts-panel.styles.js';
import type { ContactsPanelCreateKind, CreateDialog } from './create-dialog.js';
import {
  countMessage,
  detailTemplate,
  emptyTemplate,
  filterTemplate,
  kindOf,
  loadErrorTemplate,
  noAdapterTemplate,
  optionTemplate,
  skeletonTemplate,
  tabForKey,
  tabOf,
  tabsTemplate,
  toolbarTemplate,
} from './panel-templates.js';
import { loadCreateDialog, loadDetail } from './on-demand.js';

export type { ContactsPanelCreateKind } from './create-dialog.js';

/** The two lists of the panel. */
export type ContactsPanelTab = QueryTab;

/**
 * The Contacts section: tabs for contacts and companies, a searchable list on the start side and
 * the selected record's details (`<contact-detail>`) on the end side. In a narrow container the
 * list and the details stack, with "Back to list".
 *
 * The list is a single-select listbox, virtualized (by an internal `<contacts-virtual-listbox>`):
 * fixed-height rows, only the visible ones (plus a few) in the DOM, pages loaded through the adapter as they scroll into view,
 * and a scroll range scaled past the browsers' element-height limits, so End reaches the last of
 * 1,000,000 contacts. Arrow keys, Home, End, Page Up/Down and type-ahead move the active option;
 * Enter, Space or a click select it. Searching is case- and accent-insensitive (the adapter
 * matches), a stale answer never replaces a newer one, and a polite live region announces the
 * count. Changes pushed by the adapter show up without losing the scroll position or the
 * selection.
 *
 * The adapter comes from an explicit `adapter` property or from context (the property wins); with
 * neither, the panel says "No data adapter connected".
 *
 * Any backend: pages shorter than `page-size` are completed by further requests, so a row says
 * "Loading…" only while a request for it is in flight; End lands on the last record. A page that
 * is not a page (no `items`) or brings no row while the total says more becomes an error with
 * Retry and a `contacts-error`. Records the adapter left out (`skipped`) or given without an id
 * keep their position as an "Unavailable record" row (so `aria-setsize` stays the total) and are
 * reported once each through `contacts-error`; an id repeated within a page shows once (the
 * repeat holds no position). With the adapter's `order` absent or `'name'`, type-ahead and
 * revealing `selected-id` binary-search the list, exactly. With another order, revealing uses the
 * adapter's `positionOf` when offered; otherwise the selected record shows in the details and the
 * list scrolls to it only when it is among the loaded rows. Type-ahead then scans the loaded rows,
 * then (with `positionOf`) asks an adapter search for the typed prefix, and else stays put.
 * Load errors say what to do (`unauthorized`: sign in again; `invalid-response`: retry), and a
 * failure with `retryAfterMs` counts down ("Retrying in N s") and retries by itself.
 *
 * List and details sit side by side from 42rem of panel width; narrower, they stack (a container
 * query on the panel, so it adapts to where it is placed, not to the window).
 *
 * A record deleted or merged away leaves its list (and the count) as soon as the adapter reports
 * it, and comes back when restored. Delete and its Undo notice live in the details, which show
 * them for the selected record.
 *
 * Each tab keeps its own search, filter, scroll position and selection. When `tab` and
 * `selected-id` change together, the selection applies to the tab being shown.
 *
 * @summary Contacts and companies: tabs, search, a virtualized list, details, and creation.
 *
 * @fires contacts-select - Cancelable. The agent selected a record (in the list, by creating it,
 * or from the details); prevent it to keep the current selection.
 * @fires contacts-error - An adapter call failed; the panel also shows the failure.
 * @fires contact-save - Cancelable, from the create form (and the details' edit form).
 * @fires contact-saved - A contact was created (or edited in the details).
 * @fires company-save - Cancelable, from the company form.
 * @fires company-saved - A company was created (or edited in the details).
 * @fires contacts-open-existing - The agent chose "Open existing contact" in a form; the panel
 * selects that contact.
 * @fires company-open-existing - The agent chose "Open existing company"; the panel selects it.
 * @fires contact-delete - Cancelable, from the details' "Delete contact" or "Delete company".
 * @fires contact-deleted - The details deleted a record, and offer Undo.
 * @fires contact-restored - Undo in the details brought a record back.
 *
 * @csspart base - The wrapper of the whole panel.
 * @csspart header - The bar holding the tabs.
 * @csspart tabs - The tab list.
 * @csspart tab - Each tab; the selected one also has `tab-selected`.
 * @csspart list-pane - The start side: toolbar, filter and list.
 * @csspart toolbar - The search field and the plus button.
 * @csspart search - The search field.
 * @csspart new-button - The plus button ("New contact" / "New company").
 * @csspart filter - The "Pending actions" toggle.
 * @csspart list - The scrolling listbox.
 * @csspart row - Each row; the selected one also has `row-selected`, a loading one `row-loading`.
 * @csspart pending-marker - The "Pending action" marker of a row.
 * @csspart skeleton - The loading placeholder.
 * @csspart empty - The no-adapter, no-records and no-results states.
 * @csspart error - A load failure, with Retry.
 * @csspart detail-pane - The end side, around the details.
 * @csspart back-button - "Back to list", shown when list and details stack.
 * @csspart detail - The base of the embedded `<contact-detail>`.
 * @csspart dialog - The create dialog.
 * @csspart form - The create form, from the inner form element.
 * @csspart field - Each field of the create form.
 * @csspart form-actions - Save and Cancel of the create form.
 * @csspart form-error - The create form's error message.
 *
 * @cssproperty --contacts-panel-block-size - Height of the panel. Default `36rem`.
 * @cssproperty --contacts-panel-list-width - Width of the list beside the details. Default `22rem`.
 * @cssproperty --contacts-panel-row-height - Height of every list row (fixed; measured once
 * rendered). Default `3rem`.
 * @cssproperty --contacts-panel-dialog-width - Width of the create dialog. Default `32rem`.
 * @cssproperty --contacts-font-family - Shared: the font.
 * @cssproperty --contacts-font-size - Shared: the base font size. Default `0.9375rem`.
 * @cssproperty --contacts-color-text - Shared: text colour.
 * @cssproperty --contacts-color-text-muted - Shared: secondary text colour.
 * @cssproperty --contacts-color-surface - Shared: background.
 * @cssproperty --contacts-color-surface-raised - Shared: background of raised areas and hover.
 * @cssproperty --contacts-color-border - Shared: borders of controls.
 * @cssproperty --contacts-color-divider - Shared: separators.
 * @cssproperty --contacts-color-accent - Shared: selection, links and primary buttons.
 * @cssproperty --contacts-color-on-accent - Shared: text on the accent colour.
 * @cssproperty --contacts-color-danger - Shared: errors.
 * @cssproperty --contacts-color-danger-surface - Shared: background of errors.
 * @cssproperty --contacts-color-warning - Shared: pending-action markers.
 * @cssproperty --contacts-color-warning-surface - Shared: background of pending-action markers.
 * @cssproperty --contacts-color-focus - Shared: the focus ring.
 * @cssproperty --contacts-radius - Shared: corner radius.
 * @cssproperty --contacts-space - Shared: the base spacing unit. Default `0.5rem`.
 */
export class ContactsPanel extends LitElement {
  static override styles = [themeStyles, styles];

  // ---- Public properties ----------------------------------------------------------------------

  /** The data adapter. Wins over one provided by context. */
  @property({ attribute: false }) adapter?: ContactsAdapter;

  /** The list shown. */
  @property({ reflect: true }) tab: ContactsPanelTab = 'contacts';

  /** The selected record of the shown tab (each tab remembers its own). */
  @property({ attribute: 'selected-id' }) selectedId: string | null = null;

  /** Country assumed for phone numbers typed without `+` in the create form. */
  @property({ attribute: 'default-country' }) defaultCountry: CountryCode = DEFAULT_COUNTRY;

  /** Records per adapter request. */
  @property({ attribute: 'page-size', type: Number }) pageSize: number = DEFAULT_PAGE_SIZE;

  // ---- Controllers ----------------------------------------------------------------------------

  private readonly adapters = new AdapterController(this, {
    onAdapterChange: () => this.resetData(),
    onChange: change => this.onAdapterChange(change),
  });

  private readonly localize = new LocalizeController(this, { common, panel });

  private readonly status = new StatusController(this);

  private readonly query = new PagedQueryController(this, {
    adapter: () => this.adapters.adapter,
    pageSize: () => this.pageSize,
    // Without a list on screen, the default row height stands in for the measured one.
    geometry: () => this.list?.geometry ?? this.offscreenGeometry,
    onError: (operation, error) => this.status.reportError(operation, error),
    onAnswer: tab => {
      if (tab === this.tab) this.announceCount(tab);
    },
  });

  /** The create dialog, loaded when it first opens; the list paints without it. */
  private creator?: CreateDialog;

  private readonly companyNames = new CompanyNames({
    adapter: () => this.adapters.adapter,
    onLoad: () => this.requestUpdate(),
    onError: (operation, error) => this.status.reportError(operation, error),
  });

  // ---- Internal state -------------------------------------------------------------------------

  /** Which side shows when list and details stack. */
  @state() private view: 'list' | 'detail' = 'list';

  @query('#list') private list?: ContactsVirtualListbox;
  @query('#search') private search?: HTMLInputElement;
  @query('#new') private newButton?: HTMLButtonElement;
  @query('#back') private backButton?: HTMLButtonElement;

  private readonly offscreenGeometry = new ListboxGeometry();

  // ---- Public methods -------------------------------------------------------------------------

  /** Opens the create dialog for a contact or a company (default: the shown tab's kind). */
  async openCreate(kind: ContactsPanelCreateKind = kindOf(this.tab)): Promise<void> {
    if (!this.adapters.adapter) return;
    if (this.tab !== tabOf(kind)) this.tab = tabOf(kind);
    await (await this.loadCreator()).open(kind);
  }

  /** Moves focus to the search field of the shown tab. */
  async focusSearch(): Promise<void> {
    await this.updateComplete;
    this.search?.focus();
  }

  /**
   * Selects a record of the shown tab (null clears the selection), shows its details and scrolls
   * the list to it. Programmatic, so no `contacts-select` is fired.
   */
  async select(id: string | null): Promise<void> {
    this.selectedId = id;
    if (id) this.view = 'detail';
    await this.updateComplete;
  }

  // ---- Lifecycle ------------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('adapter')) this.adapters.setExplicit(this.adapter);
    if (changed.has('pageSize') && changed.get('pageSize') !== undefined) this.resetData();
    if (!QUERY_TABS.includes(this.tab)) this.tab = 'contacts';
    const previousTab = changed.get('tab');
    if (changed.has('tab') && previousTab !== undefined && previousTab !== this.tab) {
      this.list?.keepPosition();
      if (changed.has('selectedId')) this.state.selectedId = this.selectedId;
      else this.selectedId = this.state.selectedId;
      if (this.state.rows?.loaded) this.announceCount(this.tab);
    } else if (changed.has('selectedId')) {
      this.state.selectedId = this.selectedId;
    }
    if (changed.has('selectedId') && this.selectedId) void this.reveal(this.tab, this.selectedId);
    this.query.ensure(this.tab);
  }

  protected override updated(): void {
    // The list renders what the panel holds (rows, selection, company names, language).
    this.list?.requestUpdate();
    // The details and the create dialog load once the list has its answer (or a record is
    // selected): they never compete with the first page.
    const { rows, selectedId } = this.state;
    if (this.adapters.adapter && (rows?.loaded || rows?.error || selectedId)) {
      void loadDetail();
      loadCreateDialog().catch(() => undefined);
    }
  }

  // ---- Implementation -------------------------------------------------------------------------

  private get state(): QueryState {
    return this.query.lists[this.tab];
  }

  private async loadCreator(): Promise<CreateDialog> {
    const { CreateDialog } = await loadCreateDialog();
    this.creator ??= new CreateDialog(this, {
      adopt: (kind, id) => this.adopt(kind, id, true),
      focusAfterDone: () => {
        if (this.stacked()) this.backButton?.focus();
        else (this.list ?? this.newButton)?.focus();
      },
      fallbackFocus: () => this.newButton,
    });
    return this.creator;
  }

  /** Forgets every loaded row: the adapter, or how it is asked, changed. */
  private resetData(): void {
    this.query.reset();
    this.companyNames.clear();
  }

  private onAdapterChange(change: ContactsChange): void {
    if (change.type === 'company') {
      this.companyNames.set(change.company.id, change.company.name);
      this.query.changed('companies');
      // Contact rows show company names.
      this.requestUpdate();
    } else if (change.type !== 'conversation') {
      // A contact changed, or a record was deleted or merged away: its list drops it.
      this.query.changed(change.type === 'contact' ? 'contacts' : tabOf(change.kind));
    }
  }

  /** Brings a record into view in its tab's list and makes it the active option. */
  private reveal(tab: ContactsPanelTab, id: string): Promise<void> {
    return this.query.locate(tab, id, index => {
      const state = this.query.lists[tab];
      const list = this.list;
      if (tab !== this.tab || !list) {
        state.position.active = index;
        if (tab === this.tab) this.requestUpdate();
        return;
      }
      // The answer may come before the panel renders the rows it belongs to.
      list.total = state.rows?.total ?? 0;
      list.totalExact = state.rows?.totalExact ?? true;
      list.position = state.position;
      list.reveal(index);
    });
  }

  /** Tells the host the agent selected a record; false when the host prevented it. */
  private fireSelect(kind: ContactsPanelCreateKind, id: string): boolean {
    const event = new ContactsSelectEvent({ kind, id });
    this.dispatchEvent(event);
    return !event.defaultPrevented;
  }

  /** Selects a record that the agent reached another way (created, opened, linked). */
  private adopt(kind: ContactsPanelCreateKind, id: string, fire: boolean): boolean {
    if (fire && !this.fireSelect(kind, id)) return false;
    const tab = tabOf(kind);
    this.query.lists[tab].selectedId = id;
    this.tab = tab;
    this.selectedId = id;
    this.view = 'detail';
    return true;
  }

  /** Stacked, the details replace the list: focus goes to "Back to list". */
  private async focusAfterSelect(): Promise<void> {
    await this.updateComplete;
    if (this.stacked()) this.backButton?.focus();
  }

  /** Whether list and details stack (the container query shows "Back to list" then). */
  private stacked(): boolean {
    return !!this.backButton?.checkVisibility();
  }

  /** Announces the count of `tab`, worded once its rows are painted (formatting costs a frame). */
  private announceCount(tab: ContactsPanelTab): void {
    this.status.announce(
      () =>
        tab === this.tab
          ? countMessage(this.localize.t, tab, this.query.lists[tab], this.formatNumber)
          : undefined,
      { schedule: afterNextPaint },
    );
  }

  // ---- Implementation: the list's callbacks ---------------------------------------------------

  /** Selects the record the agent picked; the host hears of it first and may veto. */
  private readonly onActivate = (event: ListboxActivateEvent) => {
    const state = this.state;
    const record = state.rows?.at(event.index);
    if (!record) return;
    state.position.active = event.index;
    this.requestUpdate();
    if (record.id !== state.selectedId) {
      if (!this.fireSelect(kindOf(this.tab), record.id)) return;
      state.selectedId = record.id;
      this.selectedId = record.id;
    }
    this.view = 'detail';
    void this.focusAfterSelect();
  };

  /** The list rendered rows [start, end): their pages and their companies' names load. */
  private readonly onRowsRendered = (start: number, end: number) => {
    this.query.request(this.tab, start, end);
    this.companyNames.load();
  };

  private readonly selectedNear = (near: number) => this.query.selectedIndex(this.tab, near);

  private readonly formatNumber = (value: number) => this.localize.formatNumber(value);

  private readonly seekTyped = (typed: string, active: number, current: () => boolean) =>
    this.query.typeAhead(this.tab, typed, active, current);

  /** End in a list whose total is a lower bound: the last row, once rendered with its total. */
  private readonly findEnd = async (current: () => boolean) => {
    const last = await this.query.findEnd(this.tab);
    if (last === undefined || !current()) return undefined;
    await this.updateComplete;
    return last;
  };

  // ---- Implementation: toolbar, tabs, details -------------------------------------------------

  private readonly onSearchInput = (event: Event) => {
    this.query.search(this.tab, (event.target as HTMLInputElement).value);
  };

  private readonly onClearSearch = () => {
    this.state.search = '';
    this.query.run(this.tab);
    void this.focusSearch();
  };

  private readonly onSearchKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' && this.list) {
      event.preventDefault();
      this.list.focus();
    }
  };

  private readonly onCreate = () => void this.openCreate();

  private readonly onPendingToggle = () => this.query.togglePending();

  private readonly onRetry = () => this.query.retry(this.tab);

  private readonly onTabKeyDown = (event: KeyboardEvent) => {
    const rtl = getComputedStyle(this).direction === 'rtl';
    const tab = tabForKey(event.key, this.tab, rtl);
    if (!tab) return;
    event.preventDefault();
    void this.activateTab(tab, true);
  };

  private async activateTab(tab: ContactsPanelTab, focus: boolean): Promise<void> {
    this.tab = tab;
    await this.updateComplete;
    if (focus) this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus();
  }

  private readonly onBack = async () => {
    this.view = 'list';
    await this.updateComplete;
    const state = this.state;
    const index = state.selectedId
      ? (state.rows?.indexOf(state.selectedId, state.position.active) ?? -1)
      : -1;
    if (index >= 0) this.list?.setActive(index, 'nearest');
    await this.list?.updateComplete;
    (this.list ?? this.search)?.focus();
  };

  /**
   * The details navigated to a related record (a contact's company, a company's contact). The
   * panel's listener runs before the host's, so the outcome is read once dispatching is over.
   */
  private readonly onDetailSelect = (event: ContactsSelectEvent) => {
    queueMicrotask(() => {
      const { kind, id } = event.detail;
      if (!event.defaultPrevented && id) this.adopt(kind, id, false);
    });
  };

  private readonly onDetailOpenExisting = (event: ContactsOpenExistingEvent) => {
    this.adopt('contact', event.detail.contactId, false);
  };

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    const t = this.localize.t;
    if (!this.adapters.adapter) return noAdapterTemplate(t);
    return html`<div class="base" part="base" data-view=${this.view}>
      ${tabsTemplate(t, this.tab, this.onTabKeyDown, tab => void this.activateTab(tab, false))}
      <div id="tabpanel" class="body" role="tabpanel" aria-labelledby="tab-${this.tab}">
        <div class="list-pane" part="list-pane">
          ${this.renderToolbar()} ${this.status.region()} ${this.creator?.renderOutcome(t)}
          ${this.renderListState()}
        </div>
        ${detailTemplate(t, {
          adapter: this.adapters.adapter,
          tab: this.tab,
          selected: this.state.selectedId ?? undefined,
          defaultCountry: this.defaultCountry,
          onBack: this.onBack,
          onSelect: this.onDetailSelect,
          onOpenExisting: this.onDetailOpenExisting,
        })}
      </div>
      ${this.creator?.render(t, this.adapters.adapter, this.defaultCountry) ?? nothing}
    </div>`;
  }

  /** The search field, the plus button and (contacts) the pending filter. */
  private renderToolbar() {
    const t = this.localize.t;
    const { search } = this.state;
    const contacts = this.query.lists.contacts;
    return html`${toolbarTemplate(t, this.tab, search, this.onSearchInput, this.onSearchKeyDown, this.onCreate)}
    ${this.tab === 'contacts' ? filterTemplate(t, contacts, this.formatNumber, this.onPendingToggle) : nothing}`;
  }

  private renderListState() {
    const t = this.localize.t;
    const { rows } = this.state;
    if (!rows || (!rows.loaded && !rows.error)) return skeletonTemplate(t, this.tab);
    const error = rows.error
      ? loadErrorTemplate(t, this.tab, rows.error, this.onRetry, this.retryIn())
      : nothing;
    if (!rows.loaded) return error;
    if (rows.total === 0) {
      return emptyTemplate(t, this.tab, this.state, this.onClearSearch, this.onCreate);
    }
    return html`${error}${this.renderList(rows)}`;
  }

  /** The seconds left before a failed list retries by itself, when the server said when. */
  private retryIn(): { seconds: number; formatted: string } | undefined {
    const at = this.state.retryAt;
    if (at === undefined) return undefined;
    const seconds = Math.max(0, Math.ceil((at - Date.now()) / 1000));
    return { seconds, formatted: this.formatNumber(seconds) };
  }

  private renderList(rows: PagedRows<QueryRow>) {
    const t = this.localize.t;
    const label = this.tab === 'contacts' ? t.panel.contactsList : t.panel.companiesList;
    return html`<contacts-virtual-listbox
      id="list"
      class="list"
      part="list"
      aria-label=${label}
      aria-busy=${this.state.next ? 'true' : 'false'}
      .total=${rows.total ?? 0}
      .totalExact=${rows.totalExact}
      .position=${this.state.position}
      .renderOption=${this.renderOption}
      .requestRows=${this.onRowsRendered}
      .selectedNear=${this.selectedNear}
      .seek=${this.seekTyped}
      .findEnd=${this.findEnd}
      @contacts-listbox-activate=${this.onActivate}
    ></contacts-virtual-listbox>`;
  }

  /** One option of the list, asked for by the list as it renders. */
  private readonly renderOption = (index: number): ListboxOption => {
    const { rows, selectedId } = this.state;
    const { t, lang } = this.localize;
    const record = rows?.at(index);
    const unavailable = !record && !!rows?.isUnavailable(index);
    return optionTemplate(t, lang, this.tab, record, selectedId, this.companyName, unavailable);
  };

  private readonly companyName = (id: string) => this.companyNames.get(id);
}

declare global {
  interface HTMLElementTagNameMap {
    'contacts-panel': ContactsPanel;
  }
}
