/**
 * The data side of two lists shown in turn, contacts and companies: for each, its search and
 * filter, the rows of its query loaded page by page, its selection and where the list was left.
 * The controller runs a list's query when the search or filter changes (the shown rows stay until
 * the new query answers, and an older query never lands): at once after a pause in typing, else
 * after a pause as long as the adapter takes to answer. It refreshes the rows in view after the
 * adapter reports changes, counts the contacts with a pending action, and finds where a record
 * sits in its list.
 *
 * It knows no element: the host gives it the adapter, the page size and the list geometry, and
 * hears of failures and first answers through callbacks.
 *
 * Any order: with the adapter's `order` absent or `'name'`, reveal and type-ahead binary-search
 * the list (exact, about fifteen requests for 1,000,000 rows). With another order nothing is
 * binary-searched: reveal asks the adapter's `positionOf` when offered, and otherwise reveals
 * only a record among the loaded rows (the details still show the selection; the list does not
 * scroll). Type-ahead scans the loaded rows from the active one on; when none matches and the
 * adapter offers `positionOf`, it searches the adapter for the typed prefix and moves to the
 * first name-prefix match of that search by its position; else it leaves the active row as is.
 *
 * Lower-bound totals (`totalExact: false`, a server that stops counting a broad search): the rows
 * are sized to the total known so far and grow as later pages report more (see `PagedRows`);
 * binary searches read on past the known total rather than take it for the end, and
 * {@link PagedQueryController.findEnd} settles it for End.
 *
 * A failure whose error carries `retryAfterMs` (a server's `Retry-After`) is retried by itself
 * once that time has passed; {@link QueryState.retryAt} lets the host show the countdown.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

import { isContactsError } from '../adapter/errors.js';
import type { ContactsAdapter } from '../adapter/types.js';
import type { Company, Contact } from '../model/types.js';
import { loadOnce } from './load-once.js';
import { PagedRows } from './paged-rows.js';

/** The two lists. */
export type QueryTab = 'contacts' | 'companies';

export const QUERY_TABS: readonly QueryTab[] = ['contacts', 'companies'];

export type QueryRow = Contact | Company;

/** Records per adapter request, unless the host asks otherwise. */
export const DEFAULT_PAGE_SIZE = 50;
/** Longest pause in typing before a slow adapter is asked for a search. */
const MAX_SEARCH_DELAY = 300;
/**
 * The pause in typing after an answer (ms, or as long as the adapter takes, when longer) before
 * the pending toggle's count is asked: a count per keystroke would double the backend's work
 * while the agent types, for a number read once typing stops.
 */
const COUNT_DELAY = 250;

/** Seeking beyond the loaded rows (reveal, type-ahead): loaded on first use. */
const loadSeek = loadOnce(() => import('./list-seek.js'));
/** Refreshing the rows in view after a change, and the pending count: loaded after the first rows. */
const loadRefresh = loadOnce(() => import('./list-refresh.js'));

/** Runs `callback` once the next frame is painted: for work that must not hold that frame back. */
export function afterNextPaint(callback: () => void): void {
  requestAnimationFrame(() => setTimeout(callback));
}

/** Where a list was left: its active option (-1 for none yet) and its scroll position. */
export interface ListPosition {
  active: number;
  scrollTop: number;
}

/** The row arithmetic of the list on screen, to keep the same records in view after a refresh. */
export interface ListGeometry {
  /** The rows a list of `count` rows shows (`first`) and renders (`start` to `end`). */
  rangeFor(count: number, scrollTop: number): { first: number; start: number; end: number };
  /** The scroll position showing what `scrollTop` showed, once `rows` rows came before it. */
  scrollTopShifted(count: number, scrollTop: number, rows: number): number;
}

export interface PagedQueryOptions {
  adapter: () => ContactsAdapter | undefined;
  /** Records per request; values below 1 mean the default. */
  pageSize: () => number;
  geometry: () => ListGeometry;
  /** An adapter call failed (aborts excluded); `operation` names it, as `contacts-error` does. */
  onError: (operation: string, error: unknown) => void;
  /**
   * A list's query answered for the first time, its total changed after a refresh, or a total
   * that was a lower bound became exact.
   */
  onAnswer?: (tab: QueryTab) => void;
}

/** Everything one list remembers while the other is shown. */
export class QueryState {
  search = '';
  /** Contacts only: show only those with a pending action. */
  pending = false;
  selectedId: string | null = null;
  /** The rows shown. */
  rows?: PagedRows<QueryRow>;
  /** A newer query still waiting for its first answer; the shown rows stay until it arrives. */
  next?: PagedRows<QueryRow>;
  /**
   * Replaced, not changed, when the list must be shown afresh (a new query, a shift after a
   * refresh): a list given another position object scrolls to it.
   */
  position: ListPosition = { active: -1, scrollTop: 0 };
  /** Contacts only: how many match the search and have a pending action. */
  pendingTotal?: number;
  /** False when {@link pendingTotal} is a lower bound (at least that many). */
  pendingExact = true;
  pendingCount?: AbortController;
  /** The pending count waiting for a pause in typing. */
  countTimer?: ReturnType<typeof setTimeout>;
  refreshToken = 0;
  /**
   * When the failed list retries by itself (ms since the epoch, as `Date.now()`): set while the
   * last failure said when to come back (`retryAfterMs`).
   */
  retryAt?: number;
  retryTimer?: ReturnType<typeof setInterval>;
  /**
   * A selection the list could not show yet (a record just created, not in the rows loaded): the
   * next refresh looks for it again.
   */
  unrevealed?: { id: string; found: (index: number) => void };

  /** Abandons the pending count, asked or waiting to be. */
  cancelCount(): void {
    clearTimeout(this.countTimer);
    this.pendingCount?.abort();
  }

  /** Stops the automatic retry. */
  clearRetry(): void {
    clearInterval(this.retryTimer);
    this.retryTimer = undefined;
    this.retryAt = undefined;
  }

  reset(): void {
    this.clearRetry();
    this.rows?.dispose();
    this.next?.dispose();
    this.cancelCount();
    this.rows = undefined;
    this.next = undefined;
    this.pendingCount = undefined;
    this.pendingTotal = undefined;
    this.pendingExact = true;
    this.unrevealed = undefined;
    this.position = { active: -1, scrollTop: 0 };
    this.refreshToken++;
  }
}

export class PagedQueryController implements ReactiveController {
  readonly lists: Readonly<Record<QueryTab, QueryState>> = {
    contacts: new QueryState(),
    companies: new QueryState(),
  };

  private readonly host: ReactiveControllerHost;
  private readonly options: PagedQueryOptions;
  /** How long the adapter took to answer the last search; slow adapters get a typing pause. */
  private latency = 0;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private readonly stale = new Set<QueryTab>();
  private locateToken = 0;
  /** Records already reported as left out of a page, so each is reported once. */
  private readonly reportedSkips = new Set<string>();

  constructor(host: ReactiveControllerHost, options: PagedQueryOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    // A search waiting for a pause in typing (run) is not cancelled here: the host loses its
    // adapter while disconnected (AdapterController) and resets the lists, and disposed rows ask
    // nothing; back, it runs the current query afresh.
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    for (const tab of QUERY_TABS) this.lists[tab].clearRetry();
  }

  /** Forgets every loaded row: the adapter, or how it is asked, changed. */
  reset(): void {
    this.reportedSkips.clear();
    for (const tab of QUERY_TABS) this.lists[tab].reset();
    this.host.requestUpdate();
  }

  /** Starts a list's query unless it has one. */
  ensure(tab: QueryTab): void {
    const state = this.lists[tab];
    if (this.options.adapter() && !state.rows && !state.next) this.run(tab);
  }

  /**
   * Starts the query of a list for its current search and filter, asking the adapter after `wait`
   * ms (the list shows as busy meanwhile).
   */
  run(tab: QueryTab, wait = 0): void {
    const state = this.lists[tab];
    const adapter = this.options.adapter();
    state.next?.dispose();
    state.next = undefined;
    state.clearRetry();
    if (!adapter) return;
    const search = state.search.trim() || undefined;
    const pending = tab === 'contacts' && state.pending ? true : undefined;
    const operation = tab === 'contacts' ? 'list-contacts' : 'list-companies';
    const pageSize = this.options.pageSize();
    const rows = new PagedRows<QueryRow>({
      fetch:
        tab === 'contacts'
          ? (request, signal) => adapter.listContacts({ ...request, search, pending }, { signal })
          : (request, signal) => adapter.listCompanies({ ...request, search }, { signal }),
      pageSize: pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE,
      onUpdate: () => this.host.requestUpdate(),
      // The count said "1,000+"; now that the end is reached it has its exact value.
      onSettled: () => {
        if (state.rows === rows) this.options.onAnswer?.(tab);
      },
      onError: error => {
        this.options.onError(operation, error);
        if (state.rows === rows || state.next === rows) this.scheduleRetry(tab, error);
      },
      onSkipped: (error, position, id) => {
        const key = `${tab}\n${id ?? `@${position}`}\n${search ?? ''}`;
        if (this.reportedSkips.has(key)) return;
        this.reportedSkips.add(key);
        this.options.onError(operation, error);
      },
    });
    if (state.rows) state.next = rows;
    else state.rows = rows;
    this.host.requestUpdate();
    let started = 0;
    const ask = () => {
      started = performance.now();
      rows.request(0, rows.pageSize);
    };
    // Disposed rows ask nothing: a search typed over ends this wait.
    if (wait) setTimeout(ask, wait);
    else ask();
    void rows.ready.then(() => {
      if (state.next !== rows && state.rows !== rows) return;
      this.latency = performance.now() - started;
      if (state.next === rows) {
        state.rows?.dispose();
        state.rows = rows;
        state.next = undefined;
        state.position = { active: -1, scrollTop: 0 };
      }
      if (rows.loaded) {
        this.options.onAnswer?.(tab);
        // Ready for the first type-ahead and the first change, after the rows are in.
        void loadSeek().catch(() => undefined);
        void loadRefresh().catch(() => undefined);
        // The toggle's count waits for a pause in typing, and for no search on its way: asked
        // beside each search, it would double the adapter's work while the agent types.
        if (tab === 'contacts') {
          state.cancelCount();
          state.countTimer = setTimeout(
            () => void (state.next || this.countPending()),
            Math.max(COUNT_DELAY, this.latency),
          );
        }
      } else {
        // Failed: the count of the query before would pass for this one's (companies have none).
        // Not asked of a failing backend now; the next answer (a Retry) asks it.
        state.cancelCount();
        state.pendingTotal = undefined;
      }
      this.host.requestUpdate();
    });
  }

  /**
   * The agent typed in a list's search. The first keystroke after a pause is asked at once. One
   * typed while the list has a request on its way, or a search waits, abandons that search, and
   * the next starts after a pause as long as the adapter takes to answer, so a slow backend is not
   * asked once per keystroke. A pending count still on its way, the previous search's, is
   * abandoned: the backend's time goes to the search.
   */
  search(tab: QueryTab, text: string): void {
    const state = this.lists[tab];
    state.cancelCount();
    state.search = text;
    const typingOn = state.next || state.rows?.busy;
    this.run(tab, typingOn ? Math.min(MAX_SEARCH_DELAY, this.latency) : 0);
  }

  togglePending(): void {
    const state = this.lists.contacts;
    state.pending = !state.pending;
    this.run('contacts');
    this.host.requestUpdate();
  }

  /** Loads again what failed: the pages of the rows shown, or the whole query. */
  retry(tab: QueryTab): void {
    const state = this.lists[tab];
    state.clearRetry();
    const rows = state.rows;
    if (rows?.loaded) {
      rows.retry();
    } else {
      rows?.dispose();
      state.rows = undefined;
      this.run(tab);
    }
    this.host.requestUpdate();
  }

  /** The adapter changed a record of a list: refreshes it once the burst is over (same task). */
  changed(tab: QueryTab): void {
    this.stale.add(tab);
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      for (const stale of [...this.stale]) void this.refresh(stale);
      this.stale.clear();
    });
  }

  /**
   * Finds where the selected record `id` sits in its list and hands the position to `found`,
   * unless the selection or the query changed meanwhile. A record not loaded is sought through
   * the adapter (list-seek.ts).
   */
  async locate(tab: QueryTab, id: string, found: (index: number) => void): Promise<void> {
    const token = ++this.locateToken;
    const state = this.lists[tab];
    const rows = state.rows;
    if (!rows || !this.options.adapter()) return;
    await rows.ready;
    const current = () =>
      token === this.locateToken && state.rows === rows && state.selectedId === id;
    if (!current() || !rows.loaded) return;
    const active = state.position.active;
    if (rows.at(active)?.id === id) return;
    let index = rows.indexOf(id, Math.max(0, active));
    if (index < 0) {
      // Offline, the module may not load: the record is then not sought.
      const seeking = await loadSeek().catch(() => undefined);
      const sought = seeking
        ? await seeking.seekSelected({ options: this.options, tab, state }, id, current)
        : -1;
      if (sought === null) return;
      index = sought;
    }
    if (!current()) return;
    state.unrevealed = index >= 0 ? undefined : { id, found };
    if (index >= 0) found(index);
  }

  /** Type-ahead in a list: the position to make active for what the agent typed. */
  async typeAhead(
    tab: QueryTab,
    typed: string,
    active: number,
    current: () => boolean,
  ): Promise<number | undefined> {
    const seeking = await loadSeek().catch(() => undefined);
    return seeking?.typeAhead(
      { options: this.options, tab, state: this.lists[tab] },
      typed,
      active,
      current,
    );
  }

  /**
   * After a failure that says when to come back (`retryAfterMs`), retries the list then, ticking
   * every second so the host can count down.
   */
  private scheduleRetry(tab: QueryTab, error: unknown): void {
    const state = this.lists[tab];
    state.clearRetry();
    if (!isContactsError(error) || error.retryAfterMs === undefined || !error.retryable) return;
    state.retryAt = Date.now() + error.retryAfterMs;
    state.retryTimer = setInterval(() => {
      if (state.retryAt !== undefined && Date.now() >= state.retryAt) this.retry(tab);
      this.host.requestUpdate();
    }, 250);
    this.host.requestUpdate();
  }

  /** Loads the pages of rows [start, end) of a list, and the page of its active row. */
  request(tab: QueryTab, start: number, end: number): void {
    const state = this.lists[tab];
    const rows = state.rows;
    if (!rows?.loaded) return;
    rows.request(start, end);
    const active = state.position.active;
    if (active >= 0 && !rows.at(active) && active < (rows.total ?? 0)) void rows.ensure(active);
  }

  /**
   * The position of a list's last row: at once when its total is exact, else once the rows read
   * ahead reach the end (list-seek.ts). Undefined when the query changed meanwhile, a request
   * failed, or the module did not load.
   */
  async findEnd(tab: QueryTab): Promise<number | undefined> {
    const rows = this.lists[tab].rows;
    const seeking = rows && (await loadSeek().catch(() => undefined));
    const last = await seeking?.findEnd(rows!);
    return this.lists[tab].rows === rows ? last : undefined;
  }

  /** The position of a list's selected record nearest `near`, or -1 when not loaded. */
  selectedIndex(tab: QueryTab, near: number): number {
    const { rows, selectedId } = this.lists[tab];
    return rows && selectedId ? rows.indexOf(selectedId, near) : -1;
  }

  /** The number shown in the "Pending actions" toggle, for the current search (list-refresh.ts). */
  private async countPending(): Promise<void> {
    const state = this.lists.contacts;
    const adapter = this.options.adapter();
    // Offline, the module may not load: the toggle then shows no count. The module abandons the
    // count before (list-refresh.ts).
    const counting = adapter && (await loadRefresh().catch(() => undefined));
    try {
      if (await counting?.countPending(state, adapter!)) this.host.requestUpdate();
    } catch (error) {
      this.options.onError('count-pending', error);
    }
  }

  /**
   * Reloads the rows in view after a change, keeping the selection, the active record and the
   * record at the top of the viewport where the agent left them.
   */
  private async refresh(tab: QueryTab): Promise<void> {
    const state = this.lists[tab];
    if (tab === 'contacts') void this.countPending();
    if (state.next || (state.rows && !state.rows.loaded)) {
      // A query is still on its way: ask again, so its answer includes the change.
      if (state.rows && !state.rows.loaded) {
        state.rows.dispose();
        state.rows = undefined;
      }
      this.run(tab);
      return;
    }
    const rows = state.rows;
    if (!rows) return;
    // Kept in view: loaded on the first change (fetched after the first answer).
    const refreshing = await loadRefresh().catch(() => undefined);
    if (!refreshing) return;
    const totalChanged = await refreshing.refreshInView(state, rows, () => this.options.geometry());
    if (totalChanged === undefined) return;
    if (totalChanged) this.options.onAnswer?.(tab);
    this.host.requestUpdate();
    const missed = state.unrevealed;
    if (missed && missed.id === state.selectedId) void this.locate(tab, missed.id, missed.found);
  }
}
