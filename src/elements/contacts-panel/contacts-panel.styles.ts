import { css, unsafeCSS } from 'lit';

import { dialogSheet } from '../shared/lazy-sheet.js';

// Kept out of the template literal because lit-analyzer's CSS data predates container queries.
// Listed after the base styles: an @container block adds no specificity, so it must come later.
const container = unsafeCSS(`
  :host {
    container: contacts-panel / inline-size;
  }

  @container contacts-panel (max-width: 42rem) {
    .body {
      grid-template-columns: minmax(0, 1fr);
    }

    .list-pane,
    .detail-pane {
      grid-area: 1 / 1;
      border-inline-end: none;
    }

    /* The hidden side stays laid out (visibility, not display), so the list keeps its scroll
       position and the details their loaded record. */
    .base[data-view='detail'] .list-pane,
    .base[data-view='list'] .detail-pane {
      visibility: hidden;
    }

    .detail-bar {
      display: flex;
    }
  }
`);

export const styles = [
  dialogSheet,
  css`
    :host {
      --_row-height: var(--contacts-panel-row-height, 3rem);
      --_list-width: var(--contacts-panel-list-width, 22rem);
      --_dialog-width: var(--contacts-panel-dialog-width, 32rem);
      display: block;
      block-size: var(--contacts-panel-block-size, 36rem);
      background: var(--_surface);
    }

    .base {
      display: grid;
      grid-template-rows: auto minmax(0, 1fr);
      block-size: 100%;
      border: 1px solid var(--_divider);
      border-radius: var(--_radius);
      overflow: hidden;
      background: var(--_surface);
    }

    .base.no-adapter {
      grid-template-rows: minmax(0, 1fr);
      align-items: center;
    }

    /* ---- Tabs ---- */

    .header {
      display: flex;
      align-items: end;
      gap: var(--_space);
      padding-inline: calc(var(--_space) * 1.5);
      padding-block-start: var(--_space);
      border-block-end: 1px solid var(--_divider);
    }

    .tabs {
      display: flex;
      gap: calc(var(--_space) / 2);
    }

    .tab {
      min-block-size: 2.5rem;
      border: none;
      border-block-end: 3px solid transparent;
      border-radius: var(--_radius) var(--_radius) 0 0;
      background: none;
      color: var(--_muted);
      font-weight: 600;
    }

    .tab:hover {
      color: var(--_text);
      background: var(--_raised);
    }

    .tab[aria-selected='true'] {
      color: var(--_accent);
      border-block-end-color: var(--_accent);
    }

    .tab:focus-visible {
      outline-offset: -2px;
    }

    /* ---- Body: list beside details ---- */

    .body {
      display: grid;
      grid-template-columns: minmax(14rem, var(--_list-width)) minmax(0, 1fr);
      min-block-size: 0;
    }

    .list-pane {
      position: relative;
      display: flex;
      flex-direction: column;
      min-block-size: 0;
      border-inline-end: 1px solid var(--_divider);
      background: var(--_surface);
    }

    .list,
    .skeleton,
    .empty {
      flex: 1 1 auto;
    }

    .toolbar {
      display: flex;
      gap: var(--_space);
      padding: var(--_space);
      padding-block-end: calc(var(--_space) / 2);
    }

    .search {
      flex: 1 1 auto;
      min-inline-size: 0;
      min-block-size: 2.25rem;
      padding-inline: calc(var(--_space) * 1.25);
      font: inherit;
      color: var(--_text);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }

    .search::placeholder {
      color: var(--_muted);
      opacity: 1;
    }

    .search:focus-visible {
      outline-offset: 0;
    }

    .new {
      flex: none;
      padding-inline: calc(var(--_space) * 1.25);
      white-space: nowrap;
    }

    .plus {
      font-size: 1.25em;
      line-height: 1;
    }

    .filters {
      display: flex;
      padding-inline: var(--_space);
      padding-block-end: var(--_space);
    }

    .filter {
      min-block-size: 2rem;
      padding-inline: calc(var(--_space) * 1.25);
      border-radius: 999px;
      font-size: 0.875em;
    }

    .filter[aria-pressed='true'] {
      border-color: var(--_warning);
      background: var(--_warning-surface);
      color: var(--_warning);
      font-weight: 600;
    }

    .check {
      inline-size: 0.85em;
      block-size: 0.85em;
      border: 1.5px solid currentColor;
      border-radius: 0.2em;
    }

    .filter[aria-pressed='true'] .check {
      background: currentColor;
      box-shadow: inset 0 0 0 2px var(--_warning-surface);
    }

    .badge {
      min-inline-size: 1.5em;
      padding-inline: 0.4em;
      border-radius: 999px;
      background: var(--_raised);
      color: var(--_text);
      font-variant-numeric: tabular-nums;
      text-align: center;
    }

    /* ---- The list (scrolling and its sizer: <contacts-virtual-listbox>; rows: here) ---- */

    .list {
      border-block-start: 1px solid var(--_divider);
    }

    .list:focus-visible {
      outline-offset: -2px;
    }

    .row {
      position: absolute;
      inset-block-start: 0;
      inset-inline: 0;
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      grid-template-rows: auto auto;
      align-content: center;
      column-gap: var(--_space);
      block-size: var(--_row-height);
      padding-inline: calc(var(--_space) * 1.5);
      border-block-end: 1px solid var(--_divider);
      line-height: 1.25;
      cursor: pointer;
    }

    .row:hover {
      background: var(--_raised);
    }

    .row.selected {
      background: color-mix(in srgb, var(--_accent) 14%, var(--_surface));
      box-shadow: inset 3px 0 0 var(--_accent);
    }

    :host(:dir(rtl)) .row.selected {
      box-shadow: inset -3px 0 0 var(--_accent);
    }

    .list:focus-visible .row.active {
      outline: 2px solid var(--_focus);
      outline-offset: -3px;
    }

    .list:focus .row.active:not(.selected) {
      background: var(--_raised);
    }

    .row.loading {
      cursor: default;
    }

    .name {
      grid-column: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-weight: 600;
    }

    .meta {
      grid-column: 1 / -1;
      display: flex;
      gap: var(--_space);
      min-inline-size: 0;
      color: var(--_muted);
      font-size: 0.875em;
      white-space: nowrap;
    }

    .reach {
      overflow: hidden;
      text-overflow: ellipsis;
    }

    .company {
      flex: none;
      max-inline-size: 50%;
      overflow: hidden;
      text-overflow: ellipsis;
    }

    .company::before {
      /* Decoration only: the empty alternative keeps it out of the row's accessible name. */
      content: '·' / '';
      margin-inline-end: var(--_space);
    }

    .pending {
      grid-column: 2;
      grid-row: 1;
      align-self: center;
      padding-inline: 0.5em;
      border-radius: 999px;
      background: var(--_warning-surface);
      color: var(--_warning);
      font-size: 0.75em;
      font-weight: 600;
      white-space: nowrap;
    }

    .muted {
      color: var(--_muted);
    }

    /* ---- States ---- */

    .skeleton {
      display: grid;
      align-content: start;
      border-block-start: 1px solid var(--_divider);
    }

    .bone-row {
      display: grid;
      align-content: center;
      gap: 0.375rem;
      block-size: var(--_row-height);
      padding-inline: calc(var(--_space) * 1.5);
      border-block-end: 1px solid var(--_divider);
    }

    .bone {
      display: block;
      block-size: 0.75rem;
      inline-size: 70%;
      border-radius: var(--_radius);
      background: var(--_raised);
      animation: pulse 1.4s ease-in-out infinite;
    }

    .bone--short {
      inline-size: 45%;
    }

    @keyframes pulse {
      50% {
        opacity: 0.45;
      }
    }

    .empty {
      display: grid;
      align-content: start;
      justify-items: center;
      gap: var(--_space);
      padding: calc(var(--_space) * 4) calc(var(--_space) * 2);
      text-align: center;
      border-block-start: 1px solid var(--_divider);
    }

    .no-adapter .empty {
      border: none;
    }

    .empty p {
      margin: 0;
    }

    .empty-title {
      font-weight: 600;
      font-size: 1.0625em;
      overflow-wrap: anywhere;
    }

    .hint {
      color: var(--_muted);
    }

    .load-error {
      margin: var(--_space);
      align-self: start;
    }

    /* ---- Details ---- */

    .detail-pane {
      display: grid;
      grid-template-rows: auto minmax(0, 1fr);
      min-block-size: 0;
      background: var(--_surface);
    }

    .detail-bar {
      display: none;
      padding: var(--_space);
      border-block-end: 1px solid var(--_divider);
    }

    .back {
      border-color: transparent;
      padding-inline: var(--_space);
    }

    .chevron {
      inline-size: 0.55em;
      block-size: 0.55em;
      border-block-start: 2px solid currentColor;
      border-inline-start: 2px solid currentColor;
      transform: rotate(-45deg);
    }

    :host(:dir(rtl)) .chevron {
      transform: rotate(45deg);
    }

    contact-detail {
      grid-row: 2;
      overflow-y: auto;
      min-block-size: 0;
    }

    @media (forced-colors: active) {
      .row.selected {
        outline: 2px solid Highlight;
        outline-offset: -2px;
      }
      .tab[aria-selected='true'] {
        border-block-end-color: Highlight;
      }
      .pending,
      .badge {
        border: 1px solid CanvasText;
      }
    }

    @media (prefers-reduced-motion: reduce) {
      .bone {
        animation: none;
      }
    }
  `,
  container,
];
