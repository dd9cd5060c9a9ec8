/**
 * The geometry of a virtual list of fixed-height rows: which rows a scroll position shows, where
 * each one goes, and which scroll position reveals a row. Pure arithmetic, no DOM, so the listbox
 * owns the elements and tests hit the numbers directly.
 *
 * Browsers cap an element's height (Chrome near 33.5M px, Firefox near 17.9M px, and
 * @lit-labs/virtualizer clamps at 8.2M px), so 1,000,000 rows of 48 px (48M px) cannot have a
 * sizer of their natural height. Above `maxScrollHeight` the physical scroll range is scaled:
 * the scroll position maps proportionally to a position in the natural (unscaled) list, so the
 * first pixel shows the first row and the last pixel shows the last one. Below the cap the
 * mapping is 1:1 and nothing is scaled.
 */

export type RevealAlign = 'nearest' | 'start' | 'end' | 'center';

export interface FixedRowVirtualizerOptions {
  /** Height of every row, in px. */
  rowHeight: number;
  /** Rows rendered beyond each edge of the viewport. Default 4. */
  overscan?: number;
  /**
   * The tallest scroll range to create, in px. Default 8,000,000: under every engine's limit and
   * under the clamp of @lit-labs/virtualizer, with room for the viewport.
   */
  maxScrollHeight?: number;
}

export interface VirtualRange {
  /** First row at least partly inside the viewport. */
  first: number;
  /** One past the last row at least partly inside the viewport. */
  last: number;
  /** First row to render (overscan included). */
  start: number;
  /** One past the last row to render (overscan included). */
  end: number;
}

export const DEFAULT_MAX_SCROLL_HEIGHT = 8_000_000;

export class FixedRowVirtualizer {
  /** Number of rows. */
  count = 0;
  /** Height of the scrolling viewport, in px. */
  viewport = 0;
  rowHeight: number;
  overscan: number;
  readonly maxScrollHeight: number;

  constructor(options: FixedRowVirtualizerOptions) {
    this.rowHeight = options.rowHeight;
    this.overscan = options.overscan ?? 4;
    this.maxScrollHeight = options.maxScrollHeight ?? DEFAULT_MAX_SCROLL_HEIGHT;
  }

  /** Height the rows would need at their natural size. */
  get naturalHeight(): number {
    return this.count * this.rowHeight;
  }

  /** Height of the element that creates the scroll range. */
  get scrollHeight(): number {
    return Math.min(this.naturalHeight, this.maxScrollHeight);
  }

  /** Whether the scroll range is compressed (more than one natural px per scrolled px). */
  get scaled(): boolean {
    return this.naturalHeight > this.maxScrollHeight;
  }

  /** Largest physical scroll position. */
  get maxScrollTop(): number {
    return Math.max(0, this.scrollHeight - this.viewport);
  }

  /** Largest natural offset: the last row's end on the viewport's end. */
  get maxOffset(): number {
    return Math.max(0, this.naturalHeight - this.viewport);
  }

  /** Rows that fit in the viewport entirely (at least 1). */
  get rowsPerViewport(): number {
    return Math.max(1, Math.floor(this.viewport / this.rowHeight));
  }

  /** The natural offset (px from the first row's top) shown at a physical scroll position. */
  offsetAt(scrollTop: number): number {
    const max = this.maxScrollTop;
    if (max <= 0) return 0;
    const top = Math.min(Math.max(scrollTop, 0), max);
    return this.scaled ? (top * this.maxOffset) / max : top;
  }

  /** The physical scroll position that shows a natural offset (not rounded). */
  scrollTopAt(offset: number): number {
    const maxOffset = this.maxOffset;
    if (maxOffset <= 0) return 0;
    const clamped = Math.min(Math.max(offset, 0), maxOffset);
    return this.scaled ? (clamped * this.maxScrollTop) / maxOffset : clamped;
  }

  /** The rows to show at a scroll position. */
  range(scrollTop: number): VirtualRange {
    if (this.count <= 0) return { first: 0, last: 0, start: 0, end: 0 };
    const h = this.rowHeight;
    const offset = this.offsetAt(scrollTop);
    // Before the viewport is measured, assume a screenful so the first rows still render.
    const viewport = this.viewport > 0 ? this.viewport : h * 10;
    const first = Math.min(this.count - 1, Math.floor(offset / h));
    const last = Math.min(this.count, Math.max(first + 1, Math.ceil((offset + viewport) / h)));
    return {
      first,
      last,
      start: Math.max(0, first - this.overscan),
      end: Math.min(this.count, last + this.overscan),
    };
  }

  /**
   * Where row `index` goes inside the sizer at a scroll position, in px. Scaled, rows sit at their
   * natural distance from the viewport's top, so they move with the scroll position.
   */
  rowTop(index: number, scrollTop: number): number {
    const natural = index * this.rowHeight;
    if (!this.scaled) return natural;
    const top = Math.min(Math.max(scrollTop, 0), this.maxScrollTop);
    return top + natural - this.offsetAt(top);
  }

  /** Whether row `index` lies entirely inside the viewport at a scroll position. */
  isFullyVisible(index: number, scrollTop: number): boolean {
    const offset = this.offsetAt(scrollTop);
    const top = index * this.rowHeight;
    // Sub-pixel slack: the scaled mapping is exact only up to floating-point rounding.
    return top >= offset - 0.5 && top + this.rowHeight <= offset + this.viewport + 0.5;
  }

  /**
   * A whole-pixel scroll position that shows row `index` entirely (when the viewport is tall
   * enough), aligned as asked; `nearest` keeps the current position when the row is already in
   * view. Whole pixels because browsers may round what they are given, and a scaled pixel covers
   * several natural pixels: of the two pixels around the exact position, the one that keeps the
   * row fully visible wins.
   */
  scrollTopFor(index: number, align: RevealAlign, scrollTop: number): number {
    if (this.count <= 0) return 0;
    const i = Math.min(Math.max(index, 0), this.count - 1);
    const h = this.rowHeight;
    const top = i * h;
    let offset: number;
    switch (align) {
      case 'start':
        offset = top;
        break;
      case 'end':
        offset = top + h - this.viewport;
        break;
      case 'center':
        offset = top - (this.viewport - h) / 2;
        break;
      case 'nearest': {
        if (this.isFullyVisible(i, scrollTop)) return scrollTop;
        offset = top < this.offsetAt(scrollTop) ? top : top + h - this.viewport;
        break;
      }
    }
    const max = this.maxScrollTop;
    if (offset >= this.maxOffset) return max;
    if (offset <= 0) return 0;
    const exact = this.scrollTopAt(offset);
    const below = Math.max(0, Math.floor(exact));
    const above = Math.min(max, Math.ceil(exact));
    const candidates = exact - below <= above - exact ? [below, above] : [above, below];
    return candidates.find(candidate => this.isFullyVisible(i, candidate)) ?? candidates[0]!;
  }
}
