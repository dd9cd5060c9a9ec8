/**
 * What the benchmark page needs from each implementation under test: ours (the panel over the
 * in-memory adapter) and the baselines (a naive Lit list, @vaadin/grid fed two ways).
 */
import type { Dataset } from '../../src/adapter/in-memory/in-memory-adapter.js';

/** What a query should show: how many records match and the first one's name. */
export interface Expected {
  total: number;
  first: string;
}

/** The focused row, as the accessibility tree sees it. */
export interface FocusedRow {
  /** 1-based position in the whole list (aria-posinset, or the grid's row index + 1). */
  position: number;
  name: string;
  /** Whether the row lies inside the scrolling viewport. */
  visible: boolean;
}

export interface Impl {
  /** Puts the element into the stage; the first rows follow asynchronously. */
  mount(stage: HTMLElement): void;
  /** Whether the DOM shows the results of a query: its count and its first record. */
  shows(expected: Expected): boolean;
  /** The text field the typing session types into. */
  searchField(): HTMLInputElement | null;
  /** Moves focus into the list, on its first row when it has a roving focus. */
  focusList(): void;
  /** The key (Playwright notation) that jumps to the last record. */
  readonly jumpKey: string;
  focusedRow(): FocusedRow | undefined;
  /** The element scrolled by the wheel session. */
  scroller(): HTMLElement | null;
}

/** Builds an implementation once the data exists; the time it takes is its "seed" time. */
export type ImplFactory = (data: Dataset) => Impl;
