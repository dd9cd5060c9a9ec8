import { LitElement, type PropertyValues, type RenderOptions, html, render } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';

import { cssomStyle } from '../shared/cssom-style.js';
import { styles } from './contacts-virtual-listbox.styles.js';
import {
  FixedRowVirtualizer,
  type RevealAlign,
  type VirtualRange,
} from './fixed-row-virtualizer.js';

/** The row height until a rendered row is measured; the panel's CSS default (3rem) at 16 px. */
const DEFAULT_ROW_HEIGHT = 48;
const OVERSCAN = 5;
const TYPE_AHEAD_RESET = 600;

/** Where the list is: its active option (-1 for none yet) and its scroll position. */
export interface ListboxPosition {
  active: number;
  scrollTop: number;
}

/** What the host shows in one option. */
export interface ListboxOption {
  selected: boolean;
  /** The record is not loaded yet; `content` is a placeholder. */
  loading: boolean;
  content: unknown;
}

/** Type-ahead: the option to make active for what was typed, or undefined to stay. */
export type ListboxSeek = (
  typed: string,
  active: number,
  current: () => boolean,
) => Promise<number | undefined>;

/** The last option of a list whose length is not known yet, or undefined to stay. */
export type ListboxFindEnd = (current: () => boolean) => Promise<number | undefined>;

/** The agent picked option `index` (click, Enter or Space). Internal to the panel. */
export class ListboxActivateEvent extends Event {
  static readonly eventName = 'contacts-listbox-activate' as const;
  readonly index: number;

  constructor(index: number) {
    super(ListboxActivateEvent.eventName);
    this.index = index;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'contacts-listbox-activate': ListboxActivateEvent;
  }
}

function createVirtualizer(): FixedRowVirtualizer {
  return new FixedRowVirtualizer({ rowHeight: DEFAULT_ROW_HEIGHT, overscan: OVERSCAN });
}

/**
 * Row windows and scroll shifts for a list of any length, with a virtualizer's measured row
 * height and viewport: for a host that keeps positions of lists not on screen.
 */
export class ListboxGeometry {
  private readonly virtualizer: FixedRowVirtualizer;

  constructor(virtualizer: FixedRowVirtualizer = createVirtualizer()) {
    this.virtualizer = virtualizer;
  }

  rangeFor(count: number, scrollTop: number): VirtualRange {
    return this.counted(count, v => v.range(scrollTop));
  }

  /** The scroll position showing what `scrollTop` showed, once `rows` rows came before it. */
  scrollTopShifted(count: number, scrollTop: number, rows: number): number {
    return this.counted(count, v => v.scrollTopAt(v.offsetAt(scrollTop) + rows * v.rowHeight));
  }

  private counted<R>(count: number, read: (virtualizer: FixedRowVirtualizer) => R): R {
    const v = this.virtualizer;
    const saved = v.count;
    v.count = count;
    try {
      return read(v);
    } finally {
      v.count = saved;
    }
  }
}

/**
 * A single-select listbox of fixed-height rows, virtualized: only the visible options (plus a
 * few) are in the DOM, and the scroll range is scaled past the browsers' element-height limits,
 * so End reaches the last of 1,000,000 rows. Arrow keys, Home, End, Page Up/Down and type-ahead
 * move the active option (`aria-activedescendant`); Enter, Space or a click fire
 * `contacts-listbox-activate`. The host supplies the rows through callbacks and decides what
 * activation means.
 *
 * The element itself is the focusable listbox (`role="listbox"`, named by the host's
 * `aria-label`), and it renders its options into its own light DOM: `aria-activedescendant` only
 * reaches elements in the same tree, so the options live where the listbox element does. Options
 * carry the classes `row`, `active`, `selected`, `loading` and the parts `row`, `row-selected`,
 * `row-loading`, and are styled by the host's stylesheet (their position comes from here).
 *
 * Internal to `<contacts-panel>`.
 *
 * @fires contacts-listbox-activate - The agent picked an option (not bubbling).
 */
export class ContactsVirtualListbox extends LitElement {
  static override styles = styles;

  /** Number of options. */
  @property({ type: Number }) total = 0;

  /**
   * False while `total` counts the options known so far and more may follow: options then say
   * `aria-setsize="-1"` (unknown), and End asks {@link findEnd} for the last one.
   */
  @property({ attribute: false }) totalExact = true;

  /**
   * The active option and scroll position, read and written here. A different object (another
   * list shown in this element, or the same list afresh) is scrolled to once rendered.
   */
  @property({ attribute: false }) position: ListboxPosition = { active: -1, scrollTop: 0 };

  /** What option `index` shows. */
  @property({ attribute: false }) renderOption: (index: number) => ListboxOption = () => ({
    selected: false,
    loading: true,
    content: '',
  });

  /** Called after every render with the options rendered, [start, end): load what they need. */
  @property({ attribute: false }) requestRows?: (start: number, end: number) => void;

  /** The selected option nearest `near`, or -1: focus starts on it when it is in view. */
  @property({ attribute: false }) selectedNear?: (near: number) => number;

  @property({ attribute: false }) seek?: ListboxSeek;

  /** Finds the last option when `totalExact` is false (End); without it, End stops at `total`. */
  @property({ attribute: false }) findEnd?: ListboxFindEnd;

  private readonly virtualizer = createVirtualizer();
  /** The same measurements, for the host's arithmetic on lists of other lengths. */
  readonly geometry = new ListboxGeometry(this.virtualizer);
  private readonly resizeObserver = new ResizeObserver(() => this.measure());
  private readonly lightOptions: RenderOptions = { host: this };
  private rendered = { start: 0, end: 0 };
  /** Set when the scroll position must be written back after the next render. */
  private restoring = false;
  private typed = '';
  private typedTimer?: ReturnType<typeof setTimeout>;
  private typeAheadToken = 0;

  constructor() {
    super();
    this.addEventListener('keydown', this.onKeyDown);
    this.addEventListener('focus', this.onFocus);
    this.addEventListener('click', this.onClick);
    this.addEventListener('scroll', this.onScroll);
  }

  /** Makes `index` the active option and scrolls it into view. */
  setActive(index: number, align: RevealAlign = 'nearest'): void {
    const total = this.total;
    if (!total) return;
    this.ensureViewport();
    const target = Math.min(Math.max(index, 0), total - 1);
    const position = this.position;
    position.active = target;
    this.virtualizer.count = total;
    const top = this.virtualizer.scrollTopFor(target, align, position.scrollTop);
    if (top !== position.scrollTop) {
      this.scrollTop = top;
      position.scrollTop = this.scrollTop;
    }
    this.requestUpdate();
  }

  /** Makes `index` active: where it is when fully in view, else centred. */
  reveal(index: number): void {
    this.ensureViewport();
    this.virtualizer.count = this.total;
    const visible = this.virtualizer.isFullyVisible(index, this.position.scrollTop);
    this.setActive(index, visible ? 'nearest' : 'center');
  }

  /** Before the host shows another list here: records the scroll position, ends type-ahead. */
  keepPosition(): void {
    this.position.scrollTop = this.scrollTop;
    this.typed = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('role')) this.setAttribute('role', 'listbox');
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    // Observing reports the first size too, after layout and outside this update.
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    clearTimeout(this.typedTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('position')) this.restoring = true;
    this.virtualizer.count = this.total;
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    render(this.renderRows(), this, this.lightOptions);
  }

  protected override updated(): void {
    if (this.restoring) {
      this.restoring = false;
      const position = this.position;
      if (this.scrollTop !== position.scrollTop) this.scrollTop = position.scrollTop;
      position.scrollTop = this.scrollTop;
    }
    const { start, end } = this.rendered;
    this.requestRows?.(start, Math.max(end, start + 1));
  }

  // ---- Implementation -------------------------------------------------------------------------

  /** The option made active when the list gets focus: the selected one in view, else the first. */
  private defaultActive(): number {
    this.ensureViewport();
    this.virtualizer.count = this.total;
    const range = this.virtualizer.range(this.position.scrollTop);
    const selected = this.selectedNear?.(range.first) ?? -1;
    return selected >= range.first && selected < range.last ? selected : range.first;
  }

  private activate(index: number): void {
    this.dispatchEvent(new ListboxActivateEvent(index));
  }

  private typeAhead(char: string): void {
    clearTimeout(this.typedTimer);
    this.typed += char;
    this.typedTimer = setTimeout(() => (this.typed = ''), TYPE_AHEAD_RESET);
    void this.findTyped(this.typed);
  }

  /**
   * End in a list that may hold more than `total`: once the last option is found, it becomes
   * active, unless the agent moved on meanwhile.
   */
  private async toEnd(from: number): Promise<void> {
    const token = ++this.typeAheadToken;
    const current = () => token === this.typeAheadToken && this.position.active === from;
    const index = await this.findEnd?.(current);
    if (index !== undefined && current()) this.setActive(index, 'nearest');
  }

  private async findTyped(typed: string): Promise<void> {
    const token = ++this.typeAheadToken;
    const current = () => token === this.typeAheadToken;
    const index = await this.seek?.(typed, this.position.active, current);
    if (index !== undefined && current()) this.setActive(index, 'nearest');
  }

  private readonly onKeyDown = (event: KeyboardEvent) => {
    const total = this.total;
    if (!total || event.altKey || event.ctrlKey || event.metaKey) return;
    const active = this.position.active;
    const from = active >= 0 && active < total ? active : -1;
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
        if (!this.totalExact) void this.toEnd(next);
        break;
      case 'PageDown':
        next = (from < 0 ? this.defaultActive() : from) + page;
        break;
      case 'PageUp':
        next = (from < 0 ? this.defaultActive() : from) - page;
        break;
      case 'Enter':
        event.preventDefault();
        this.activate(from < 0 ? this.defaultActive() : from);
        return;
      case ' ':
        event.preventDefault();
        if (this.typed) this.typeAhead(' ');
        else this.activate(from < 0 ? this.defaultActive() : from);
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

  private readonly onFocus = () => {
    const position = this.position;
    if (position.active < 0 || position.active >= this.total) {
      position.active = this.defaultActive();
      this.requestUpdate();
    }
  };

  private readonly onClick = (event: MouseEvent) => {
    const row = (event.target as Element).closest<HTMLElement>('[role="option"]');
    const index = Number(row?.dataset.index);
    if (row && Number.isInteger(index)) this.activate(index);
  };

  private readonly onScroll = () => {
    const top = this.scrollTop;
    const position = this.position;
    if (top === position.scrollTop) return;
    position.scrollTop = top;
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
    const v = this.virtualizer;
    const viewport = this.clientHeight;
    const row = this.querySelector<HTMLElement>('[role="option"]');
    const height = row ? row.getBoundingClientRect().height : v.rowHeight;
    if (viewport !== v.viewport || (height > 0 && height !== v.rowHeight)) {
      v.viewport = viewport;
      if (height > 0) v.rowHeight = height;
      this.requestUpdate();
    }
  }

  /**
   * The resize observer reports the viewport at the next frame; keyboard and reveal may come
   * first. Whoever calls this renders afterwards, so the rendered range follows.
   */
  private ensureViewport(): void {
    if (!this.virtualizer.viewport) this.virtualizer.viewport = this.clientHeight;
  }

  // ---- Rendering ------------------------------------------------------------------------------

  protected override render() {
    return html`<slot></slot>`;
  }

  /** The options, into the light DOM (see the class description). */
  private renderRows() {
    const total = this.total;
    const virtualizer = this.virtualizer;
    const range = virtualizer.range(this.position.scrollTop);
    this.rendered = { start: range.start, end: range.end };
    const indices: number[] = [];
    for (let i = range.start; i < range.end; i++) indices.push(i);
    // The active option stays in the DOM wherever the list scrolls: aria-activedescendant
    // points at it.
    const active =
      this.position.active >= 0 && this.position.active < total ? this.position.active : -1;
    if (active >= 0 && active < range.start) indices.unshift(active);
    if (active >= range.end) indices.push(active);
    const activeId = active >= 0 ? `row-${active}` : null;
    if (this.getAttribute('aria-activedescendant') !== activeId) {
      if (activeId) this.setAttribute('aria-activedescendant', activeId);
      else this.removeAttribute('aria-activedescendant');
    }
    return html`<div class="sizer" ${cssomStyle({ 'block-size': `${virtualizer.scrollHeight}px` })}>
      ${repeat(
        indices,
        index => index,
        index => this.renderRow(index, total, index === active),
      )}
    </div>`;
  }

  private renderRow(index: number, total: number, active: boolean) {
    const { selected, loading, content } = this.renderOption(index);
    const v = this.virtualizer;
    // A pinned active row far off screen is clamped near the sizer; the sizer clips it.
    const top = Math.min(
      Math.max(v.rowTop(index, this.position.scrollTop), -v.rowHeight),
      v.scrollHeight,
    );
    const state = `${active ? ' active' : ''}${selected ? ' selected' : ''}`;
    let part = 'row';
    if (loading) part = 'row row-loading';
    else if (selected) part = 'row row-selected';
    // Through the CSSOM: styleMap's first render is a style attribute, refused by style-src 'self'.
    return html`<div
      id="row-${index}"
      class="row${state}${loading ? ' loading' : ''}"
      part=${part}
      role="option"
      aria-selected=${selected ? 'true' : 'false'}
      aria-posinset=${index + 1}
      aria-setsize=${this.totalExact ? total : -1}
      data-index=${index}
      ${cssomStyle({ transform: `translateY(${top}px)` })}
    >
      ${content}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contacts-virtual-listbox': ContactsVirtualListbox;
  }
}
