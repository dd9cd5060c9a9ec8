/**
 * The rows of one list query (a tab, a search, a filter), loaded page by page through the adapter
 * as the viewport needs them. Sequential pages continue from the previous page's cursor; a jump
 * (End, a dragged scrollbar, type-ahead) asks for an `offset`. Rows are kept by absolute
 * position, only around the viewport, so scrolling through 1,000,000 records keeps a few thousand.
 *
 * Any backend: an answer shorter than asked (a server capping pages) is followed by requests for
 * the rest of the page, by its cursor or else by offset, until the page is whole, so a row shows
 * "Loading…" only while a request for it is in flight. An answer that brings no row while `total`
 * says more, or that is not a page at all (no `items` array), fails the page with an
 * `invalid-response` error instead of asking forever. Records an adapter left out (`skipped`)
 * and entries without an id hold their position as unavailable rows and are reported once each
 * through `onSkipped`. An id repeated within one answer is kept once: the repeat is taken as not
 * holding a position, so the rows after it close up over it and keep their true positions.
 *
 * Lower-bound totals: an answer with `totalExact: false` sizes the rows to the total known so
 * far, never less than before; as the rows in view near that end, the page after it is asked for
 * too, so the list grows as later pages report more, and the answer that reaches the end settles
 * the exact total. `findEnd` (list-seek.ts, loaded on first use) reads ahead until it does (the
 * End key).
 *
 * One instance per query: a new search builds a new instance and disposes of the old one, whose
 * requests are aborted and whose late answers are ignored, so a stale response never lands.
 */
import { ContactsError, type SkippedRecords, isAbortError } from '../adapter/errors.js';
import type { Page, PageRequest } from '../adapter/types.js';

export type PageFetcher<T> = (request: PageRequest, signal: AbortSignal) => Promise<Page<T>>;

export interface PagedRowsOptions<T> {
  fetch: PageFetcher<T>;
  pageSize: number;
  /** Called after any answer changed what the rows show (rows, total, error). */
  onUpdate: () => void;
  /** Called when a total that was a lower bound became exact: the end of the list was reached. */
  onSettled?: () => void;
  /** Called once per failed request (aborts excluded). */
  onError?: (error: unknown) => void;
  /**
   * Called for each record an answer left out (the adapter's `skipped`, or an entry without an
   * id) at `position`; its row shows as unavailable.
   */
  onSkipped?: (error: unknown, position: number, id?: string) => void;
  /** Rows kept before those far from the viewport are dropped. Default 3,000. */
  maxRows?: number;
}

interface Loading {
  controller: AbortController;
  /** Window loads are abandoned when the viewport moves on; explicit loads are awaited. */
  window: boolean;
  done: Promise<void>;
}

export class PagedRows<T extends { id: string }> {
  readonly pageSize: number;
  /**
   * Records matching the query; undefined until the first answer. While {@link totalExact} is
   * false, the records known to match so far (more may follow).
   */
  total?: number;
  /** False while the adapter's total is a lower bound (`totalExact: false`), until the end is reached. */
  totalExact = true;
  /** The last failure, cleared by {@link retry}. */
  error?: unknown;

  private readonly fetcher: PageFetcher<T>;
  private readonly onUpdate: () => void;
  private readonly onSettled?: () => void;
  private readonly onError?: (error: unknown) => void;
  private readonly onSkipped?: (error: unknown, position: number, id?: string) => void;
  private readonly maxRows: number;
  private readonly rows = new Map<number, T>();
  /** Positions whose record an answer left out. */
  private readonly unavailable = new Set<number>();
  /** Cursors to continue after a row, by the row's position. */
  private readonly cursorAfter = new Map<number, string>();
  /** Pages loaded since the last refresh; rows of other pages may be outdated. */
  private readonly fresh = new Set<number>();
  private readonly failed = new Set<number>();
  private readonly loading = new Map<number, Loading>();
  private generation = 0;
  /** Set by {@link dispose}: nothing arriving afterwards is applied. */
  disposed = false;
  private lastWindow: [number, number] = [0, 0];
  /** Set by a refresh: the next lower bound replaces the known total instead of raising it. */
  private staleBound = false;
  private settled?: () => void;
  /** Resolves when the first answer (or failure) arrives. */
  readonly ready: Promise<void>;

  constructor(options: PagedRowsOptions<T>) {
    this.fetcher = options.fetch;
    this.pageSize = Math.max(1, Math.floor(options.pageSize));
    this.onUpdate = options.onUpdate;
    this.onSettled = options.onSettled;
    this.onError = options.onError;
    this.onSkipped = options.onSkipped;
    this.maxRows = Math.max(options.maxRows ?? 3000, this.pageSize * 4);
    this.ready = new Promise(resolve => (this.settled = resolve));
  }

  /** Whether the first answer has arrived. */
  get loaded(): boolean {
    return this.total !== undefined;
  }

  /** Whether any page is on its way. */
  get busy(): boolean {
    return this.loading.size > 0;
  }

  at(index: number): T | undefined {
    return this.rows.get(index);
  }

  /** The positions of the rows loaded, in order (for scans of a list that is not sorted). */
  loadedIndexes(): number[] {
    return [...this.rows.keys()].sort((a, b) => a - b);
  }

  /** Whether the record at `index` was left out of its answer (it will not load). */
  isUnavailable(index: number): boolean {
    return this.unavailable.has(index);
  }

  /** Position of a loaded record, preferring the one nearest `near`; -1 when not loaded. */
  indexOf(id: string, near = 0): number {
    let best = -1;
    for (const [index, row] of this.rows) {
      if (row.id === id && (best < 0 || Math.abs(index - near) < Math.abs(best - near))) {
        best = index;
      }
    }
    return best;
  }

  /** Loads what rows [start, end) still need, and abandons window loads no longer needed. */
  request(start: number, end: number): void {
    if (this.disposed) return;
    this.lastWindow = [start, end];
    // Near the known end of a list that may hold more, the rows after it are wanted too.
    if (!this.totalExact && this.total !== undefined && end >= this.total) end = this.total + 1;
    const pages = this.pagesOf(start, end);
    for (const [page, loading] of this.loading) {
      if (loading.window && !pages.includes(page)) {
        loading.controller.abort();
        this.loading.delete(page);
      }
    }
    for (const page of pages) {
      if (!this.fresh.has(page) && !this.failed.has(page) && !this.loading.has(page)) {
        void this.load(page, true);
      }
    }
  }

  /** Loads the page holding row `index` (unless it is fresh) and waits for it. */
  async ensure(index: number): Promise<T | undefined> {
    const page = Math.floor(index / this.pageSize);
    if (!this.fresh.has(page)) {
      const loading = this.loading.get(page);
      if (loading) loading.window = false;
      await (loading?.done ?? this.load(page, false));
    }
    return this.rows.get(index);
  }

  /**
   * Reloads the rows of [start, end) after the data changed elsewhere. The rows shown stay until
   * their replacements arrive; rows elsewhere are dropped, since their positions may have moved.
   */
  async refresh(start: number, end: number): Promise<void> {
    if (this.disposed) return;
    this.generation++;
    for (const loading of this.loading.values()) loading.controller.abort();
    this.loading.clear();
    this.fresh.clear();
    this.failed.clear();
    this.cursorAfter.clear();
    const pages = this.pagesOf(start, end);
    const keepFrom = pages[0]! * this.pageSize;
    const keepTo = (pages[pages.length - 1]! + 1) * this.pageSize;
    for (const index of [...this.rows.keys()]) {
      if (index < keepFrom || index >= keepTo) this.rows.delete(index);
    }
    this.unavailable.clear();
    this.lastWindow = [start, end];
    this.staleBound = true;
    await Promise.all(pages.map(page => this.load(page, false)));
  }

  /** Clears the failure and loads the current window again. */
  retry(): void {
    this.error = undefined;
    this.failed.clear();
    this.request(...this.lastWindow);
    this.onUpdate();
  }

  /** Aborts every request; nothing this instance receives afterwards is applied. */
  dispose(): void {
    this.disposed = true;
    for (const loading of this.loading.values()) loading.controller.abort();
    this.loading.clear();
    this.settled?.();
  }

  private pagesOf(start: number, end: number): number[] {
    const last = this.total === undefined || !this.totalExact ? end : Math.min(end, this.total);
    const from = Math.floor(Math.max(0, start) / this.pageSize);
    const to = Math.max(from, Math.floor((Math.max(last, start + 1) - 1) / this.pageSize));
    const pages: number[] = [];
    for (let page = from; page <= to; page++) pages.push(page);
    return pages;
  }

  private load(page: number, window: boolean): Promise<void> {
    const controller = new AbortController();
    const generation = this.generation;
    const done = this.fill(page, controller).then(
      () => {
        if (this.current(generation, controller)) this.loading.delete(page);
      },
      (error: unknown) => {
        if (!this.current(generation, controller)) return;
        this.loading.delete(page);
        if (isAbortError(error)) return;
        this.failed.add(page);
        this.error = error;
        this.onError?.(error);
        this.settled?.();
        this.onUpdate();
      },
    );
    this.loading.set(page, { controller, window, done });
    return done;
  }

  /**
   * Asks for the rows of `page` until they are all there: an answer shorter than asked is
   * followed by a request for the rest, by its cursor or else by offset. Every answer must bring
   * the list forward, so a backend answering empty pages fails instead of being asked forever.
   */
  private async fill(page: number, controller: AbortController): Promise<void> {
    const generation = this.generation;
    const from = page * this.pageSize;
    const pageEnd = from + this.pageSize;
    let next = from;
    let cursor = this.cursorAfter.get(from - 1);
    // Past a lower-bound total the rows are asked for all the same: more may follow.
    while (next < Math.min(pageEnd, this.totalExact ? (this.total ?? pageEnd) : pageEnd)) {
      const limit = pageEnd - next;
      const request: PageRequest = cursor ? { cursor, limit } : { offset: next, limit };
      const result = await this.fetcher(request, controller.signal);
      if (!this.current(generation, controller)) return;
      const reached = this.accept(result, next, cursor !== undefined);
      if (reached === undefined) {
        // The list shifted since that cursor was made: ask by position instead.
        cursor = undefined;
        continue;
      }
      if (reached <= next && next < (this.total ?? 0)) {
        throw new ContactsError(
          'invalid-response',
          `The adapter answered no rows at ${next} while its total is ${this.total}.`,
        );
      }
      if (reached <= next && !this.totalExact) {
        // No rows past a lower bound: the list ends at the total known.
        this.totalExact = true;
        this.onUpdate();
        this.onSettled?.();
        break;
      }
      next = reached;
      cursor = this.cursorAfter.get(next - 1);
    }
    this.fresh.add(page);
    this.evict(page);
  }

  private current(generation: number, controller: AbortController): boolean {
    return !this.disposed && generation === this.generation && !controller.signal.aborted;
  }

  /**
   * Stores the rows of an answer asked for at `from`; returns the position after its last row,
   * or undefined when it came by cursor from somewhere else (the list shifted meanwhile).
   */
  private accept(answer: unknown, from: number, viaCursor: boolean): number | undefined {
    const result = checkedPage<T>(answer);
    this.error = undefined;
    const end = this.place(result);
    const bounded = !this.totalExact;
    this.count(result, end);
    if (end > result.offset && result.nextCursor) this.cursorAfter.set(end - 1, result.nextCursor);
    this.settled?.();
    this.onUpdate();
    if (bounded && this.totalExact) this.onSettled?.();
    if (viaCursor && result.offset !== from) {
      this.cursorAfter.delete(from - 1);
      return undefined;
    }
    return end;
  }

  /**
   * Takes the total of an answer reaching `end`. An exact one is the total; a lower bound raises
   * the total known (never below `end`), unless an exact total known since the last refresh is
   * already larger. A lower bound without a `nextCursor` ends the list there.
   */
  private count(result: Page<T>, end: number): void {
    if (result.totalExact !== false || result.nextCursor === null) {
      this.total = result.totalExact === false ? end : result.total;
      this.totalExact = true;
      for (const index of [...this.rows.keys()]) if (index >= this.total) this.rows.delete(index);
    } else {
      const known = this.staleBound ? 0 : (this.total ?? 0);
      const bound = Math.max(result.total, end);
      if (!this.totalExact || this.staleBound || bound > known) {
        this.total = Math.max(known, bound);
        this.totalExact = false;
      }
    }
    this.staleBound = false;
  }

  /**
   * Puts each record of a page at its position: the kept items close up over the skipped ones,
   * so they are laid out again around them; a repeated id is dropped. Returns the position after
   * the last row placed.
   */
  private place(result: Page<T> & SkippedRecords): number {
    const skipped = new Map<number, { error: unknown; id?: string }>();
    for (const entry of result.skipped ?? []) skipped.set(entry.index, entry);
    const seen = new Set<string>();
    let position = result.offset;
    let item = 0;
    const sent = result.items.length + skipped.size;
    for (let index = 0; index < sent; index++) {
      const left = skipped.get(index);
      const record = left ? undefined : result.items[item++];
      const id = record?.id;
      if (!left && typeof id === 'string' && id) {
        if (seen.has(id)) continue;
        seen.add(id);
        this.rows.set(position, record!);
        this.unavailable.delete(position);
      } else {
        this.rows.delete(position);
        if (!this.unavailable.has(position)) {
          this.unavailable.add(position);
          const error =
            left?.error ??
            new ContactsError('invalid-response', `The record at ${position} has no id.`);
          this.onSkipped?.(error, position, left?.id);
        }
      }
      position++;
    }
    return position;
  }

  /** Drops the rows farthest from the viewport once too many are kept, never those of `page`. */
  private evict(page: number): void {
    if (this.rows.size <= this.maxRows) return;
    const [start, end] = this.lastWindow;
    const margin = Math.floor(this.maxRows / 3);
    const keepFrom = start - margin;
    const keepTo = end + margin;
    for (const index of [...this.rows.keys()]) {
      if (index >= keepFrom && index < keepTo) continue;
      if (Math.floor(index / this.pageSize) === page) continue;
      this.rows.delete(index);
      this.unavailable.delete(index);
      this.fresh.delete(Math.floor(index / this.pageSize));
      this.cursorAfter.delete(index);
    }
  }
}

/** `answer` as a page, or an `invalid-response` error for anything else (a host's adapter may lie). */
function checkedPage<T>(answer: unknown): Page<T> & SkippedRecords {
  const page = answer as Partial<Page<T>> | null | undefined;
  const total = page?.total;
  const offset = page?.offset;
  if (
    !page ||
    !Array.isArray(page.items) ||
    typeof total !== 'number' ||
    !(total >= 0) ||
    typeof offset !== 'number' ||
    !(offset >= 0)
  ) {
    throw new ContactsError('invalid-response', 'The adapter answered a list without a page.');
  }
  return page as Page<T> & SkippedRecords;
}
