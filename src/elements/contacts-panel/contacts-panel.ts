import { LitElement, type PropertyValues, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';

import { isAbortError, isContactsError } from '../../adapter/errors.js';
import type { ContactsAdapter, ContactsChange } from '../../adapter/types.js';
import { AdapterController } from '../../controllers/adapter-controller.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import type { CompanyOpenExistingEvent } from '../../events/company-open-existing.js';
import type { CompanySavedEvent } from '../../events/company-saved.js';
import type { ContactSavedEvent } from '../../events/contact-saved.js';
import { ContactsErrorEvent } from '../../events/contacts-error.js';
import type { ContactsOpenExistingEvent } from '../../events/contacts-open-existing.js';
import { ContactsSelectEvent } from '../../events/contacts-select.js';
import { type CountryCode, DEFAULT_COUNTRY, formatPhone } from '../../model/phone.js';
import { fold } from '../../model/search.js';
import type { Company, Contact } from '../../model/types.js';
import { CompanyForm } from '../company-form/company-form.js';
// The class module only, which registers nothing: template checks then know <contact-detail>.
import '../contact-detail/contact-detail.js';
import { ContactForm } from '../contact-form/contact-form.js';
import { cssomStyle } from '../shared/cssom-style.js';
import { describeError } from '../shared/errors.js';
import { themeStyles } from '../shared/theme.styles.js';
import { styles } from './contacts-panel.styles.js';
import { FixedRowVirtualizer, type RevealAlign } from './fixed-row-virtualizer.js';
import { PagedRows } from './paged-rows.js';

/** The two lists of the panel. */
export type ContactsPanelTab = 'contacts' | 'companies';

/** What the plus button creates. */
export type ContactsPanelCreateKind = 'contact' | 'company';

type Row = Contact | Company;

const TABS: readonly ContactsPanelTab[] = ['contacts', 'companies'];
const DEFAULT_PAGE_SIZE = 50;
/** The row height until a rendered row is measured; the CSS default (3rem) at 16 px. */
const DEFAULT_ROW_HEIGHT = 48;
const OVERSCAN = 5;
/** Longest pause in typing before a slow adapter is asked for a search. */
const MAX_SEARCH_DELAY = 300;
/**
 * Adapters answering within this (in memory, a fast server) are asked at every keystroke: a
 * pause would only add its own length to every answer.
 */
const IMMEDIATE_SEARCH = 50;
const TYPE_AHEAD_RESET = 600;
const SKELETON_ROWS = 8;

/** The sort key adapters order lists by: the folded name. */
function sortKey(row: { name: string }): string {
  return fold(row.name);
}

/** Runs `callback` once the next frame is painted: for work that must not hold that frame back. */
function afterNextPaint(callback: () => void): void {
  requestAnimationFrame(() => setTimeout(callback));
}

function kindOf(tab: ContactsPanelTab): ContactsPanelCreateKind {
  return tab === 'companies' ? 'company' : 'contact';
}

function tabOf(kind: ContactsPanelCreateKind): ContactsPanelTab {
  return kind === 'company' ? 'companies' : 'contacts';
}

/** Everything one tab remembers while the other is shown. */
class TabState {
  search = '';
  /** Contacts only: show only those with a pending action. */
  pending = false;
  selectedId: string | null = null;
  /** The rows shown. */
  rows?: PagedRows<Row>;
  /** A newer query still waiting for its first answer; the shown rows stay until it arrives. */
  next?: PagedRows<Row>;
  /** The option that keyboard navigation moves (aria-activedescendant); -1 for none yet. */
  active = -1;
  scrollTop = 0;
  pendingTotal?: number;
  pendingCount?: AbortController;
  refreshToken = 0;

  reset(): void {
    this.rows?.dispose();
    this.next?.dispose();
    this.pendingCount?.abort();
    this.rows = undefined;
    this.next = undefined;
    this.pendingCount = undefined;
    this.pendingTotal = undefined;
    this.active = -1;
    this.scrollTop = 0;
    this.refreshToken++;
  }
}

/**
 * The Contacts section: tabs for contacts and companies, a searchable list on the start side and
 * the selected record's details (`<contact-detail>`) on the end side. In a narrow container the
 * list and the details stack, with "Back to list".
 *
 * The list is a single-select listbox virtualized by the panel itself: fixed-height rows, only the
 * visible ones (plus a few) in the DOM, pages loaded through the adapter as they scroll into view,
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
 * List and details sit side by side from 42rem of panel width; narrower, they stack (a container
 * query on the panel, so it adapts to where it is placed, not to the window).
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

  private readonly localize = new LocalizeController(this);

  // ---- Internal state -------------------------------------------------------------------------

  /** Which side shows when list and details stack. */
  @state() private view: 'list' | 'detail' = 'list';
  /** What the create dialog holds. */
  @state() private creating?: ContactsPanelCreateKind;
  @state() private announcement = '';

  @query('#list') private list?: HTMLElement;
  @query('#search') private search?: HTMLInputElement;
  @query('#new') private newButton?: HTMLButtonElement;
  @query('#back') private backButton?: HTMLButtonElement;
  @query('dialog') private dialog?: HTMLDialogElement;

  private readonly states: Record<ContactsPanelTab, TabState> = {
    contacts: new TabState(),
    companies: new TabState(),
  };
  private readonly virtualizer = new FixedRowVirtualizer({
    rowHeight: DEFAULT_ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  private readonly resizeObserver = new ResizeObserver(() => this.measure());
  private observedList?: HTMLElement;
  /** Set when the list's scroll position must be written back after the next render. */
  private restoreScroll = false;
  private rendered = { start: 0, end: 0 };

  private readonly companyNames = new Map<string, string>();
  private readonly companyLoads = new Set<string>();
  private wantedCompanies = new Set<string>();

  /** How long the adapter took to answer the last search; slow adapters get a typing pause. */
  private searchLatency = 0;
  private searchTimer?: ReturnType<typeof setTimeout>;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private readonly staleTabs = new Set<ContactsPanelTab>();
  private typed = '';
  private typedTimer?: ReturnType<typeof setTimeout>;
  private typeAheadToken = 0;
  private revealToken = 0;
  /** Whether the create dialog closed because its record was saved or opened. */
  private createDone = false;
  private createOpener?: HTMLElement;

  // ---- Public methods -------------------------------------------------------------------------

  /** Opens the create dialog for a contact or a company (default: the shown tab's kind). */
  async openCreate(kind: ContactsPanelCreateKind = kindOf(this.tab)): Promise<void> {
    if (!this.adapters.adapter) return;
    const active = this.shadowRoot?.activeElement;
    this.createOpener = active instanceof HTMLElement ? active : undefined;
    if (this.tab !== tabOf(kind)) this.tab = tabOf(kind);
    this.creating = kind;
    this.createDone = false;
    await this.updateComplete;
    const dialog = this.dialog;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const form = dialog.querySelector('contacts-contact-form, contacts-company-form');
    if (form instanceof ContactForm || form instanceof CompanyForm) {
      await form.updateComplete;
      await form.focusField('name');
    }
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

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    this.observedList = undefined;
    clearTimeout(this.searchTimer);
    clearTimeout(this.refreshTimer);
    clearTimeout(this.typedTimer);
    this.refreshTimer = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('adapter')) this.adapters.setExplicit(this.adapter);
    if (changed.has('pageSize') && changed.get('pageSize') !== undefined) this.resetData();
    if (!TABS.includes(this.tab)) this.tab = 'contacts';
    const previousTab = changed.get('tab');
    if (changed.has('tab') && previousTab !== undefined && previousTab !== this.tab) {
      const previous = this.states[previousTab];
      if (previous) previous.scrollTop = this.list?.scrollTop ?? previous.scrollTop;
      this.restoreScroll = true;
      this.typed = '';
      if (changed.has('selectedId')) this.state.selectedId = this.selectedId;
      else this.selectedId = this.state.selectedId;
      if (this.state.rows?.loaded) this.announceCount(this.tab);
    } else if (changed.has('selectedId')) {
      this.state.selectedId = this.selectedId;
    }
    if (changed.has('selectedId') && this.selectedId) void this.reveal(this.tab, this.selectedId);
    if (this.adapters.adapter && !this.state.rows && !this.state.next) this.runQuery(this.tab);
  }

  protected override updated(): void {
    const list = this.list;
    if (list !== this.observedList) {
      if (this.observedList) this.resizeObserver.unobserve(this.observedList);
      // Observing reports the first size too, after layout and outside this update.
      if (list) this.resizeObserver.observe(list);
      this.observedList = list;
    }
    const state = this.state;
    if (list && this.restoreScroll) {
      this.restoreScroll = false;
      if (list.scrollTop !== state.scrollTop) list.scrollTop = state.scrollTop;
      state.scrollTop = list.scrollTop;
    }
    const rows = state.rows;
    if (rows?.loaded && list) {
      rows.request(this.rendered.start, Math.max(this.rendered.end, this.rendered.start + 1));
      if (state.active >= 0 && !rows.at(state.active) && state.active < (rows.total ?? 0)) {
        void rows.ensure(state.active);
      }
    }
    this.loadCompanyNames();
  }

  // ---- Implementation: data -------------------------------------------------------------------

  private get state(): TabState {
    return this.states[this.tab];
  }

  private reportError(operation: string, error: unknown): void {
    if (isAbortError(error)) return;
    this.dispatchEvent(new ContactsErrorEvent({ operation, error }));
  }

  /** Forgets every loaded row: the adapter, or how it is asked, changed. */
  private resetData(): void {
    for (const tab of TABS) this.states[tab].reset();
    this.companyNames.clear();
    this.companyLoads.clear();
    this.restoreScroll = true;
    this.requestUpdate();
  }

  /** Starts the query of a tab for its current search and filter. */
  private runQuery(tab: ContactsPanelTab): void {
    const state = this.states[tab];
    const adapter = this.adapters.adapter;
    clearTimeout(this.searchTimer);
    state.next?.dispose();
    state.next = undefined;
    if (!adapter) return;
    const search = state.search.trim() || undefined;
    const pending = tab === 'contacts' && state.pending ? true : undefined;
    const operation = tab === 'contacts' ? 'list-contacts' : 'list-companies';
    const rows = new PagedRows<Row>({
      fetch:
        tab === 'contacts'
          ? (request, signal) => adapter.listContacts({ ...request, search, pending }, { signal })
          : (request, signal) => adapter.listCompanies({ ...request, search }, { signal }),
      pageSize: this.pageSize > 0 ? this.pageSize : DEFAULT_PAGE_SIZE,
      onUpdate: () => this.requestUpdate(),
      onError: error => this.reportError(operation, error),
    });
    if (state.rows) state.next = rows;
    else state.rows = rows;
    this.requestUpdate();
    const started = performance.now();
    rows.request(0, rows.pageSize);
    void rows.ready.then(() => {
      if (state.next !== rows && state.rows !== rows) return;
      this.searchLatency = performance.now() - started;
      if (state.next === rows) {
        state.rows?.dispose();
        state.rows = rows;
        state.next = undefined;
        state.active = -1;
        state.scrollTop = 0;
        if (tab === this.tab) this.restoreScroll = true;
      }
      if (rows.loaded && tab === this.tab) this.announceCount(tab);
      this.requestUpdate();
    });
    // The toggle's count follows the list by a frame, so it never holds back the rows.
    if (tab === 'contacts') afterNextPaint(() => void this.countPending());
  }

  /** The number shown in the "Pending actions" toggle, for the current search. */
  private async countPending(): Promise<void> {
    const state = this.states.contacts;
    const adapter = this.adapters.adapter;
    state.pendingCount?.abort();
    if (!adapter) return;
    const controller = new AbortController();
    state.pendingCount = controller;
    try {
      const page = await adapter.listContacts(
        { search: state.search.trim() || undefined, pending: true, limit: 1 },
        { signal: controller.signal },
      );
      if (controller.signal.aborted) return;
      state.pendingTotal = page.total;
      this.requestUpdate();
    } catch (error) {
      if (!controller.signal.aborted) this.reportError('count-pending', error);
    }
  }

  private onAdapterChange(change: ContactsChange): void {
    if (change.type === 'company') {
      this.companyNames.set(change.company.id, change.company.name);
      this.markStale('companies');
      // Contact rows show company names.
      this.requestUpdate();
    } else if (change.type === 'contact') {
      this.markStale('contacts');
    }
  }

  /** Refreshes a tab once a burst of changes is over (the same task), not once per change. */
  private markStale(tab: ContactsPanelTab): void {
    this.staleTabs.add(tab);
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      for (const stale of [...this.staleTabs]) void this.refresh(stale);
      this.staleTabs.clear();
    });
  }

  /**
   * Reloads the rows in view after a change, keeping the selection, the active record and the
   * record at the top of the viewport where the agent left them.
   */
  private async refresh(tab: ContactsPanelTab): Promise<void> {
    const state = this.states[tab];
    if (tab === 'contacts') void this.countPending();
    if (state.next || (state.rows && !state.rows.loaded)) {
      // A query is still on its way: ask again, so its answer includes the change.
      if (state.rows && !state.rows.loaded) {
        state.rows.dispose();
        state.rows = undefined;
      }
      this.runQuery(tab);
      return;
    }
    const rows = state.rows;
    if (!rows) return;
    const token = ++state.refreshToken;
    this.virtualizer.count = rows.total ?? 0;
    const range = this.virtualizer.range(state.scrollTop);
    const anchorIndex = range.first;
    const anchorId = rows.at(anchorIndex)?.id;
    const activeId = state.active >= 0 ? rows.at(state.active)?.id : undefined;
    await rows.refresh(range.start, range.end);
    if (token !== state.refreshToken || state.rows !== rows || !rows.loaded) return;
    if (activeId && (state.active < range.start || state.active >= range.end)) {
      await rows.ensure(state.active);
      if (token !== state.refreshToken || state.rows !== rows) return;
    }
    if (activeId) {
      const index = rows.indexOf(activeId, state.active);
      if (index >= 0) state.active = index;
    }
    // At the very top new records show up; anywhere else the viewport stays on the same records.
    const shift = anchorId && state.scrollTop > 0 ? rows.indexOf(anchorId, anchorIndex) : -1;
    if (shift >= 0 && shift !== anchorIndex) {
      this.virtualizer.count = rows.total ?? 0;
      const offset = this.virtualizer.offsetAt(state.scrollTop);
      const delta = (shift - anchorIndex) * this.virtualizer.rowHeight;
      state.scrollTop = Math.round(this.virtualizer.scrollTopAt(offset + delta));
      if (tab === this.tab) this.restoreScroll = true;
    }
    this.requestUpdate();
  }

  /** Fetches the names of companies shown in contact rows, once each. */
  private loadCompanyNames(): void {
    const adapter = this.adapters.adapter;
    if (!adapter) return;
    for (const id of this.wantedCompanies) {
      if (this.companyNames.has(id) || this.companyLoads.has(id)) continue;
      this.companyLoads.add(id);
      adapter.getCompany(id).then(
        company => {
          if (this.adapters.adapter !== adapter) return;
          this.companyNames.set(id, company.name);
          this.requestUpdate();
        },
        (error: unknown) => {
          if (this.adapters.adapter !== adapter) return;
          // A company that is gone just leaves the row without a company name.
          this.companyNames.set(id, '');
          if (!isContactsError(error, 'not-found')) this.reportError('get-company', error);
          this.requestUpdate();
        },
      );
    }
    this.wantedCompanies = new Set();
  }

  /**
   * The first position whose record sorts at or after `key`, by binary search over the whole
   * result. Pages come through the adapter as needed, and a loaded page narrows the search to
   * itself, so 1,000,000 records take about fifteen requests.
   */
  private async lowerBound(
    rows: PagedRows<Row>,
    key: string,
    current: () => boolean,
  ): Promise<number | undefined> {
    let lo = 0;
    let hi = rows.total ?? 0;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const row = rows.at(mid) ?? (await rows.ensure(mid));
      if (!current() || !row) return undefined;
      // Narrow to the loaded rows around `mid` before asking for another page.
      let a = mid;
      let b = mid;
      while (a - 1 >= lo && rows.at(a - 1)) a--;
      while (b + 1 < hi && rows.at(b + 1)) b++;
      if (sortKey(rows.at(b)!) < key) {
        lo = b + 1;
      } else if (sortKey(rows.at(a)!) >= key) {
        hi = a;
      } else {
        let l = a + 1;
        let h = b;
        while (l < h) {
          const m = (l + h) >>> 1;
          if (sortKey(rows.at(m)!) < key) l = m + 1;
          else h = m;
        }
        return l;
      }
    }
    return lo;
  }

  /** Brings a record into view in its tab's list and makes it the active option. */
  private async reveal(tab: ContactsPanelTab, id: string): Promise<void> {
    const token = ++this.revealToken;
    const state = this.states[tab];
    const rows = state.rows;
    const adapter = this.adapters.adapter;
    if (!rows || !adapter) return;
    await rows.ready;
    const current = () =>
      token === this.revealToken && state.rows === rows && state.selectedId === id;
    if (!current() || !rows.loaded) return;
    if (rows.at(state.active)?.id === id) return;
    let index = rows.indexOf(id, Math.max(0, state.active));
    if (index < 0) {
      let record: Row;
      try {
        record = tab === 'contacts' ? await adapter.getContact(id) : await adapter.getCompany(id);
      } catch (error) {
        if (!isContactsError(error, 'not-found')) this.reportError(`get-${kindOf(tab)}`, error);
        return;
      }
      const key = sortKey(record);
      const from = await this.lowerBound(rows, key, current);
      if (from === undefined) return;
      // Records sharing a name follow one another (by id); look through them.
      for (let i = from; i < Math.min(rows.total ?? 0, from + rows.pageSize); i++) {
        const row = rows.at(i) ?? (await rows.ensure(i));
        if (!current() || !row || sortKey(row) !== key) break;
        if (row.id === id) {
          index = i;
          break;
        }
      }
    }
    if (index < 0 || !current()) return;
    if (tab === this.tab) {
      this.ensureViewport();
      this.virtualizer.count = rows.total ?? 0;
      const visible = this.virtualizer.isFullyVisible(index, state.scrollTop);
      this.setActive(index, visible ? 'nearest' : 'center');
    } else {
      state.active = index;
    }
  }

  // ---- Implementation: list interaction -------------------------------------------------------

  /** Makes `index` the active option and scrolls it into view. */
  private setActive(index: number, align: RevealAlign = 'nearest'): void {
    const state = this.state;
    const total = state.rows?.total ?? 0;
    if (!total) return;
    this.ensureViewport();
    const target = Math.min(Math.max(index, 0), total - 1);
    state.active = target;
    this.virtualizer.count = total;
    const top = this.virtualizer.scrollTopFor(target, align, state.scrollTop);
    const list = this.list;
    if (list && top !== state.scrollTop) {
      list.scrollTop = top;
      state.scrollTop = list.scrollTop;
    }
    this.requestUpdate();
  }

  /** The option made active when the list gets focus: the selected one in view, else the first. */
  private defaultActive(): number {
    this.ensureViewport();
    const state = this.state;
    const rows = state.rows;
    this.virtualizer.count = rows?.total ?? 0;
    const range = this.virtualizer.range(state.scrollTop);
    if (rows && state.selectedId) {
      const index = rows.indexOf(state.selectedId, range.first);
      if (index >= range.first && index < range.last) return index;
    }
    return range.first;
  }

  /** Selects the record at `index` as the agent asked; the host hears of it first and may veto. */
  private choose(index: number): void {
    const state = this.state;
    const record = state.rows?.at(index);
    if (!record) return;
    state.active = index;
    this.requestUpdate();
    if (record.id !== state.selectedId) {
      const event = new ContactsSelectEvent({ kind: kindOf(this.tab), id: record.id });
      this.dispatchEvent(event);
      if (event.defaultPrevented) return;
      state.selectedId = record.id;
      this.selectedId = record.id;
    }
    this.view = 'detail';
    void this.focusAfterSelect();
  }

  /** Selects a record that the agent reached another way (created, opened, linked). */
  private adopt(kind: ContactsPanelCreateKind, id: string, fire: boolean): boolean {
    if (fire) {
      const event = new ContactsSelectEvent({ kind, id });
      this.dispatchEvent(event);
      if (event.defaultPrevented) return false;
    }
    const tab = tabOf(kind);
    this.states[tab].selectedId = id;
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

  private typeAhead(char: string): void {
    clearTimeout(this.typedTimer);
    this.typed += char;
    this.typedTimer = setTimeout(() => (this.typed = ''), TYPE_AHEAD_RESET);
    void this.findTyped(fold(this.typed));
  }

  /**
   * Type-ahead over a sorted list: the matches of a prefix are one run of rows, found by binary
   * search. One character, or the same one repeated, steps through that run; more characters
   * stay on the active option while it still matches.
   */
  private async findTyped(typed: string): Promise<void> {
    const token = ++this.typeAheadToken;
    const state = this.state;
    const rows = state.rows;
    if (!rows?.total || !typed.trim()) return;
    const chars = [...typed];
    const cycling = chars.every(char => char === chars[0]);
    const prefix = cycling ? chars[0]! : typed;
    const current = () => token === this.typeAheadToken && state.rows === rows;
    const matches = (row: Row | undefined) => !!row && sortKey(row).startsWith(prefix);
    const active = state.active;
    if (active >= 0 && matches(rows.at(active))) {
      if (!cycling) return;
      const following = active + 1 < rows.total ? await rows.ensure(active + 1) : undefined;
      if (!current()) return;
      if (matches(following)) return this.setActive(active + 1);
    }
    const first = await this.lowerBound(rows, prefix, current);
    if (first === undefined || !current() || first >= (rows.total ?? 0)) return;
    if (matches(rows.at(first) ?? (await rows.ensure(first))) && current()) {
      this.setActive(first, 'nearest');
    }
  }

  private readonly onListKeyDown = (event: KeyboardEvent) => {
    const state = this.state;
    const total = state.rows?.total ?? 0;
    if (!total || event.altKey || event.ctrlKey || event.metaKey) return;
    const from = state.active >= 0 && state.active < total ? state.active : -1;
    this.ensureViewport();
    const page = Math.max(1, this.virtualizer.rowsPerViewport - 1);
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = from < 0 ? this.defaultActive() : from + 1;
        break;
      case 'ArrowUp':
        next = from < 0 ? this.defaultActive() : from - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = total - 1;
        break;
      case 'PageDown':
        next = (from < 0 ? this.defaultActive() : from) + page;
        break;
      case 'PageUp':
        next = (from < 0 ? this.defaultActive() : from) - page;
        break;
      case 'Enter':
        event.preventDefault();
        this.choose(from < 0 ? this.defaultActive() : from);
        return;
      case ' ':
        event.preventDefault();
        if (this.typed) this.typeAhead(' ');
        else this.choose(from < 0 ? this.defaultActive() : from);
        return;
      default:
        if ([...event.key].length === 1) {
          event.preventDefault();
          this.typeAhead(event.key);
        }
        return;
    }
    event.preventDefault();
    this.setActive(next, 'nearest');
  };

  private readonly onListFocus = () => {
    const state = this.state;
    if (state.active < 0 || state.active >= (state.rows?.total ?? 0)) {
      state.active = this.defaultActive();
      this.requestUpdate();
    }
  };

  private readonly onListClick = (event: MouseEvent) => {
    const row = (event.target as Element).closest<HTMLElement>('[role="option"]');
    const index = Number(row?.dataset.index);
    if (row && Number.isInteger(index)) this.choose(index);
  };

  private readonly onListScroll = (event: Event) => {
    const top = (event.currentTarget as HTMLElement).scrollTop;
    const state = this.state;
    if (top === state.scrollTop) return;
    state.scrollTop = top;
    const range = this.virtualizer.range(top);
    // Scaled, rows are placed relative to the scroll position, so every scroll re-renders.
    if (
      this.virtualizer.scaled ||
      range.start !== this.rendered.start ||
      range.end !== this.rendered.end
    ) {
      this.requestUpdate();
    }
  };

  /** Reads the viewport and the row height the CSS gave (text zoom, custom row height). */
  private measure(): void {
    const list = this.list;
    if (!list) return;
    const viewport = list.clientHeight;
    const row = list.querySelector<HTMLElement>('[role="option"]');
    const height = row ? row.getBoundingClientRect().height : this.virtualizer.rowHeight;
    if (viewport !== this.virtualizer.viewport || (height > 0 && height !== this.rowHeight())) {
      this.virtualizer.viewport = viewport;
      if (height > 0) this.virtualizer.rowHeight = height;
      this.requestUpdate();
    }
  }

  private rowHeight(): number {
    return this.virtualizer.rowHeight;
  }

  /**
   * The resize observer reports the viewport at the next frame; keyboard and reveal may come
   * first. Whoever calls this renders afterwards, so the rendered range follows.
   */
  private ensureViewport(): void {
    if (!this.virtualizer.viewport && this.list) this.virtualizer.viewport = this.list.clientHeight;
  }

  // ---- Implementation: toolbar, tabs, dialog --------------------------------------------------

  private readonly onSearchInput = (event: Event) => {
    const tab = this.tab;
    const state = this.states[tab];
    state.search = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    // Abort the search on its way at once; the next one starts now, or after a pause as long as
    // the adapter takes to answer, so a slow backend is not asked once per keystroke.
    state.next?.dispose();
    state.next = undefined;
    const wait = Math.min(MAX_SEARCH_DELAY, this.searchLatency);
    if (wait < IMMEDIATE_SEARCH) this.runQuery(tab);
    else this.searchTimer = setTimeout(() => this.runQuery(tab), wait);
  };

  private readonly onClearSearch = () => {
    this.state.search = '';
    this.runQuery(this.tab);
    void this.focusSearch();
  };

  private readonly onSearchKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' && this.list) {
      event.preventDefault();
      this.list.focus();
    }
  };

  private readonly onPendingToggle = () => {
    const state = this.states.contacts;
    state.pending = !state.pending;
    this.runQuery('contacts');
    this.requestUpdate();
  };

  private readonly onRetry = () => {
    const state = this.state;
    const rows = state.rows;
    if (rows?.loaded) {
      rows.retry();
    } else {
      rows?.dispose();
      state.rows = undefined;
      this.runQuery(this.tab);
    }
    this.requestUpdate();
  };

  private readonly onTabKeyDown = (event: KeyboardEvent) => {
    const index = TABS.indexOf(this.tab);
    const rtl = getComputedStyle(this).direction === 'rtl';
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = index + (rtl ? -1 : 1);
        break;
      case 'ArrowLeft':
        next = index + (rtl ? 1 : -1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = TABS.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    void this.activateTab(TABS[(next + TABS.length) % TABS.length]!, true);
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
      ? (state.rows?.indexOf(state.selectedId, state.active) ?? -1)
      : -1;
    if (index >= 0) this.setActive(index, 'nearest');
    await this.updateComplete;
    (this.list ?? this.search)?.focus();
  };

  private readonly onDialogClose = () => {
    this.creating = undefined;
    if (this.createDone) {
      this.createDone = false;
      this.createOpener = undefined;
      void this.updateComplete.then(() => {
        if (this.stacked()) this.backButton?.focus();
        else (this.list ?? this.newButton)?.focus();
      });
      return;
    }
    const opener = this.createOpener?.isConnected ? this.createOpener : this.newButton;
    this.createOpener = undefined;
    opener?.focus();
  };

  private closeCreate(done: boolean): void {
    this.createDone = done;
    if (this.dialog?.open) this.dialog.close();
  }

  private readonly onContactCreated = (event: ContactSavedEvent) => {
    const { contact } = event.detail;
    this.closeCreate(this.adopt('contact', contact.id, true));
  };

  private readonly onCompanyCreated = (event: CompanySavedEvent) => {
    const { company } = event.detail;
    this.closeCreate(this.adopt('company', company.id, true));
  };

  private readonly onOpenExistingContact = (event: ContactsOpenExistingEvent) => {
    this.closeCreate(this.adopt('contact', event.detail.contactId, true));
  };

  private readonly onOpenExistingCompany = (event: CompanyOpenExistingEvent) => {
    this.closeCreate(this.adopt('company', event.detail.companyId, true));
  };

  private readonly onFormCancel = () => this.closeCreate(false);

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

  private announceCount(tab: ContactsPanelTab): void {
    // Cleared first, so the same count after another search is announced again; worded once the
    // rows are painted (the first number formatting of a page costs a frame).
    this.announcement = '';
    afterNextPaint(() => {
      const message = tab === this.tab ? this.countMessage(tab) : undefined;
      if (message !== undefined) this.announcement = message;
    });
  }

  private countMessage(tab: ContactsPanelTab): string | undefined {
    const t = this.localize.t;
    const state = this.states[tab];
    const total = state.rows?.total;
    if (total === undefined) return undefined;
    if (total === 0) return this.emptyTitle(tab);
    const formatted = this.localize.formatNumber(total);
    if (tab === 'companies') return t.panel.companyCount(total, formatted);
    if (state.pending) return t.panel.pendingCount(total, formatted);
    return t.panel.contactCount(total, formatted);
  }

  private emptyTitle(tab: ContactsPanelTab): string {
    const t = this.localize.t;
    const state = this.states[tab];
    const search = state.search.trim();
    if (tab === 'companies') {
      return search ? t.panel.noCompaniesMatch(search) : t.panel.noCompaniesYet;
    }
    if (state.pending) {
      return search ? t.panel.noPendingContactsMatch(search) : t.panel.noPendingContacts;
    }
    return search ? t.panel.noContactsMatch(search) : t.panel.noContactsYet;
  }

  // ---- Rendering ------------------------------------------------------------------------------

  override render() {
    if (!this.adapters.adapter) return this.renderNoAdapter();
    return html`<div class="base" part="base" data-view=${this.view}>
      ${this.renderTabs()}
      <div id="tabpanel" class="body" role="tabpanel" aria-labelledby="tab-${this.tab}">
        <div class="list-pane" part="list-pane">
          ${this.renderToolbar()} ${this.renderFilter()}
          <div class="visually-hidden" role="status">${this.announcement}</div>
          ${this.renderListState()}
        </div>
        ${this.renderDetail()}
      </div>
      ${this.renderDialog()}
    </div>`;
  }

  private renderNoAdapter() {
    const t = this.localize.t;
    return html`<div class="base no-adapter" part="base">
      <div class="empty" part="empty">
        <p class="empty-title">${t.common.noAdapter}</p>
        <p class="hint">${t.common.noAdapterHint}</p>
      </div>
    </div>`;
  }

  private renderTabs() {
    const t = this.localize.t;
    const labels: Record<ContactsPanelTab, string> = {
      contacts: t.panel.contactsTab,
      companies: t.panel.companiesTab,
    };
    return html`<div class="header" part="header">
      <div
        class="tabs"
        part="tabs"
        role="tablist"
        aria-label=${t.panel.tabs}
        @keydown=${this.onTabKeyDown}
      >
        ${TABS.map(tab => {
          const selected = tab === this.tab;
          return html`<button
            id="tab-${tab}"
            class="tab"
            part=${selected ? 'tab tab-selected' : 'tab'}
            type="button"
            role="tab"
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls="tabpanel"
            tabindex=${selected ? '0' : '-1'}
            @click=${() => this.activateTab(tab, false)}
          >
            ${labels[tab]}
          </button>`;
        })}
      </div>
    </div>`;
  }

  private renderToolbar() {
    const t = this.localize.t;
    const contacts = this.tab === 'contacts';
    return html`<div class="toolbar" part="toolbar">
      <label class="visually-hidden" for="search"
        >${contacts ? t.panel.searchContacts : t.panel.searchCompanies}</label
      >
      <input
        id="search"
        class="search"
        part="search"
        type="search"
        autocomplete="off"
        spellcheck="false"
        placeholder=${contacts ? t.panel.searchContactsPlaceholder : t.panel.searchCompaniesPlaceholder}
        .value=${live(this.state.search)}
        @input=${this.onSearchInput}
        @keydown=${this.onSearchKeyDown}
      />
      <button
        id="new"
        class="primary new"
        part="new-button"
        type="button"
        @click=${() => this.openCreate()}
      >
        <span class="plus" aria-hidden="true">+</span>
        <span>${contacts ? t.panel.newContact : t.panel.newCompany}</span>
      </button>
    </div>`;
  }

  private renderFilter() {
    if (this.tab !== 'contacts') return nothing;
    const t = this.localize.t;
    const state = this.states.contacts;
    const count = state.pendingTotal;
    return html`<div class="filters">
      <button
        class="filter"
        part="filter"
        type="button"
        aria-pressed=${state.pending ? 'true' : 'false'}
        @click=${this.onPendingToggle}
      >
        <span class="check" aria-hidden="true"></span>
        <span>${t.panel.pendingFilter}</span>
        ${
          count === undefined
            ? nothing
            : html`<span class="badge">${this.localize.formatNumber(count)}</span>`
        }
      </button>
    </div>`;
  }

  private renderListState() {
    const state = this.state;
    const rows = state.rows;
    if (!rows || (!rows.loaded && !rows.error)) return this.renderSkeleton();
    if (!rows.loaded) return this.renderError(rows.error);
    if (rows.total === 0) return this.renderEmpty();
    return html`${rows.error ? this.renderError(rows.error) : nothing}${this.renderList(rows)}`;
  }

  private renderSkeleton() {
    const t = this.localize.t;
    const label = this.tab === 'contacts' ? t.panel.loadingContacts : t.panel.loadingCompanies;
    return html`<div class="skeleton" part="skeleton" aria-busy="true">
      <p class="visually-hidden" role="status">${label}</p>
      ${Array.from(
        { length: SKELETON_ROWS },
        () =>
          html`<div class="bone-row" aria-hidden="true">
            <span class="bone"></span><span class="bone bone--short"></span>
          </div>`,
      )}
    </div>`;
  }

  private renderError(error: unknown) {
    const t = this.localize.t;
    return html`<div class="alert alert--danger load-error" part="error" role="alert">
      <p>
        <strong
          >${this.tab === 'contacts' ? t.panel.loadContactsFailed : t.panel.loadCompaniesFailed}</strong
        >
      </p>
      <p>${describeError(t, error)}</p>
      <div class="alert-actions">
        <button type="button" @click=${this.onRetry}>${t.common.retry}</button>
      </div>
    </div>`;
  }

  private renderEmpty() {
    const t = this.localize.t;
    const state = this.state;
    const contacts = this.tab === 'contacts';
    const filtered = !!state.search.trim() || (contacts && state.pending);
    let hint: string;
    if (filtered) hint = contacts ? t.panel.noResultsHint : t.panel.noCompanyResultsHint;
    else hint = contacts ? t.panel.noContactsYetHint : t.panel.noCompaniesYetHint;
    return html`<div class="empty" part="empty">
      <p class="empty-title">${this.emptyTitle(this.tab)}</p>
      <p class="hint">${hint}</p>
      ${
        filtered
          ? state.search.trim()
            ? html`<button type="button" @click=${this.onClearSearch}>
                ${t.panel.clearSearch}
              </button>`
            : nothing
          : html`<button type="button" class="primary" @click=${() => this.openCreate()}>
              <span class="plus" aria-hidden="true">+</span>
              <span>${contacts ? t.panel.newContact : t.panel.newCompany}</span>
            </button>`
      }
    </div>`;
  }

  private renderList(rows: PagedRows<Row>) {
    const t = this.localize.t;
    const state = this.state;
    const total = rows.total ?? 0;
    const virtualizer = this.virtualizer;
    virtualizer.count = total;
    const range = virtualizer.range(state.scrollTop);
    this.rendered = { start: range.start, end: range.end };
    const indices: number[] = [];
    for (let i = range.start; i < range.end; i++) indices.push(i);
    // The active option stays in the DOM wherever the list scrolls: aria-activedescendant
    // points at it.
    const active = state.active >= 0 && state.active < total ? state.active : -1;
    if (active >= 0 && active < range.start) indices.unshift(active);
    if (active >= range.end) indices.push(active);
    const label = this.tab === 'contacts' ? t.panel.contactsList : t.panel.companiesList;
    return html`<div
      id="list"
      class="list"
      part="list"
      role="listbox"
      tabindex="0"
      aria-label=${label}
      aria-activedescendant=${ifDefined(active >= 0 ? `row-${active}` : undefined)}
      aria-busy=${state.next ? 'true' : 'false'}
      @keydown=${this.onListKeyDown}
      @focus=${this.onListFocus}
      @click=${this.onListClick}
      @scroll=${this.onListScroll}
    >
      <div class="sizer" ${cssomStyle({ 'block-size': `${virtualizer.scrollHeight}px` })}>
        ${repeat(
          indices,
          index => index,
          index => this.renderRow(rows, index, total, index === active),
        )}
      </div>
    </div>`;
  }

  private renderRow(rows: PagedRows<Row>, index: number, total: number, active: boolean) {
    const t = this.localize.t;
    const record = rows.at(index);
    const selected = !!record && record.id === this.state.selectedId;
    const v = this.virtualizer;
    // A pinned active row far off screen is clamped near the sizer; the sizer clips it.
    const top = Math.min(
      Math.max(v.rowTop(index, this.state.scrollTop), -v.rowHeight),
      v.scrollHeight,
    );
    const classes = `row${active ? ' active' : ''}${selected ? ' selected' : ''}`;
    // Through the CSSOM: styleMap's first render is a style attribute, refused by style-src 'self'.
    const position = cssomStyle({ transform: `translateY(${top}px)` });
    if (!record) {
      return html`<div
        id="row-${index}"
        class="${classes} loading"
        part="row row-loading"
        role="option"
        aria-selected="false"
        aria-posinset=${index + 1}
        aria-setsize=${total}
        data-index=${index}
        ${position}
      >
        <span class="name muted">${t.panel.loadingRow}</span>
      </div>`;
    }
    return html`<div
      id="row-${index}"
      class=${classes}
      part=${selected ? 'row row-selected' : 'row'}
      role="option"
      aria-selected=${selected ? 'true' : 'false'}
      aria-posinset=${index + 1}
      aria-setsize=${total}
      data-index=${index}
      ${position}
    >
      ${this.tab === 'contacts' ? this.renderContactRow(record as Contact) : this.renderCompanyRow(record as Company)}
    </div>`;
  }

  private renderContactRow(contact: Contact) {
    const t = this.localize.t;
    const reach =
      contact.email ?? (contact.phone ? formatPhone(contact.phone, this.localize.lang) : undefined);
    let company: string | undefined;
    if (contact.companyId) {
      company = this.companyNames.get(contact.companyId);
      if (company === undefined) this.wantedCompanies.add(contact.companyId);
    }
    const pending = contact.pendingActions.length > 0;
    // Names may be in any script; emails and numbers always read left to right, even in RTL.
    return html`<span class="name" dir="auto">${contact.name}</span>
      ${pending ? html`<span class="pending" part="pending-marker">${t.panel.pendingMarker}</span>` : nothing}
      <span class="meta">
        ${reach ? html`<span class="reach" dir="ltr">${reach}</span>` : html`<span class="reach muted">${t.panel.noEmailOrPhone}</span>`}
        ${company ? html`<span class="company" dir="auto">${company}</span>` : nothing}
      </span>`;
  }

  private renderCompanyRow(company: Company) {
    return html`<span class="name" dir="auto">${company.name}</span>
      <span class="meta"
        >${company.domain ? html`<span class="reach" dir="ltr">${company.domain}</span>` : nothing}</span
      >`;
  }

  private renderDetail() {
    const t = this.localize.t;
    const selected = this.state.selectedId ?? undefined;
    return html`<div class="detail-pane" part="detail-pane">
      <div class="detail-bar">
        <button id="back" class="back" part="back-button" type="button" @click=${this.onBack}>
          <span class="chevron" aria-hidden="true"></span>
          <span>${t.panel.backToList}</span>
        </button>
      </div>
      <contact-detail
        exportparts="base: detail"
        .adapter=${this.adapters.adapter}
        .contactId=${this.tab === 'contacts' ? selected : undefined}
        .companyId=${this.tab === 'companies' ? selected : undefined}
        default-country=${this.defaultCountry}
        @contacts-select=${this.onDetailSelect}
        @contacts-open-existing=${this.onDetailOpenExisting}
      ></contact-detail>
    </div>`;
  }

  private renderDialog() {
    const t = this.localize.t;
    const kind = this.creating;
    return html`<dialog
      part="dialog"
      aria-labelledby="dialog-heading"
      @close=${this.onDialogClose}
      @contacts-form-cancel=${this.onFormCancel}
      @contact-saved=${this.onContactCreated}
      @company-saved=${this.onCompanyCreated}
      @contacts-open-existing=${this.onOpenExistingContact}
      @company-open-existing=${this.onOpenExistingCompany}
    >
      <h2 id="dialog-heading">${kind === 'company' ? t.panel.newCompany : t.panel.newContact}</h2>
      ${
        kind === 'contact'
          ? html`<contacts-contact-form
              exportparts="form, field, actions: form-actions, error: form-error"
              .adapter=${this.adapters.adapter}
              default-country=${this.defaultCountry}
              initial-focus="name"
            ></contacts-contact-form>`
          : nothing
      }
      ${
        kind === 'company'
          ? html`<contacts-company-form
              exportparts="form, field, actions: form-actions, error: form-error"
              .adapter=${this.adapters.adapter}
              initial-focus="name"
            ></contacts-company-form>`
          : nothing
      }
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contacts-panel': ContactsPanel;
  }
}
