/**
 * Baseline: the list most apps start with, a Lit `repeat` over every matching row, no
 * virtualization. Filtering is a linear scan per keystroke.
 */
import { LitElement, css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';

import {
  type BaselineData,
  type BaselineRow,
  filterRows,
  metaOf,
  prepareBaseline,
} from './baseline-data.js';
import type { ImplFactory } from './types.js';

class NaiveList extends LitElement {
  static override properties = { rows: { attribute: false } };

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-block-size: 0;
    }
    input {
      margin: 8px;
      font: inherit;
      padding: 6px;
    }
    [role='listbox'] {
      flex: 1 1 auto;
      overflow: auto;
    }
    [role='option'] {
      box-sizing: border-box;
      block-size: 48px;
      padding: 4px 12px;
      overflow: hidden;
      white-space: nowrap;
      border-block-end: 1px solid #eee;
    }
    [role='option']:focus {
      outline: 2px solid #2563eb;
      outline-offset: -2px;
    }
    .name {
      display: block;
      font-weight: 600;
    }
    .meta {
      display: block;
      font-size: 0.85em;
      color: #555;
    }
  `;

  data: BaselineData = { rows: [], companyNames: new Map() };
  rows: BaselineRow[] = [];

  override render() {
    const total = this.rows.length;
    return html`<input
        id="search"
        type="search"
        aria-label="Search contacts"
        @input=${this.onInput}
      />
      <div id="list" role="listbox" aria-label="Contacts" @keydown=${this.onKeyDown}>
        ${repeat(
          this.rows,
          row => row.contact.id,
          (row, index) =>
            html`<div
              role="option"
              tabindex="-1"
              aria-selected="false"
              aria-posinset=${index + 1}
              aria-setsize=${total}
            >
              <span class="name">${row.contact.name}</span
              ><span class="meta">${metaOf(row.contact, this.data.companyNames)}</span>
            </div>`,
        )}
      </div>`;
  }

  private readonly onInput = (event: Event) => {
    this.rows = filterRows(this.data.rows, (event.target as HTMLInputElement).value);
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    const options = this.renderRoot.querySelectorAll<HTMLElement>('[role="option"]');
    if (event.key === 'End') options[options.length - 1]?.focus();
    else if (event.key === 'Home') options[0]?.focus();
    else return;
    event.preventDefault();
  };
}
customElements.define('bench-naive-list', NaiveList);

declare global {
  interface HTMLElementTagNameMap {
    'bench-naive-list': NaiveList;
  }
}

export const createNaive: ImplFactory = data => {
  const prepared = prepareBaseline(data);
  let list: NaiveList | undefined;
  const root = () => list?.shadowRoot ?? null;
  const listbox = () => root()?.querySelector<HTMLElement>('#list') ?? null;
  return {
    jumpKey: 'End',
    mount(stage) {
      list = document.createElement('bench-naive-list');
      list.style.flex = '1 1 auto';
      list.data = prepared;
      list.rows = prepared.rows;
      stage.append(list);
    },
    shows(expected) {
      const first = listbox()?.firstElementChild;
      if (expected.total === 0) return !!listbox() && !first;
      return (
        !!first &&
        first.getAttribute('aria-setsize') === String(expected.total) &&
        first.querySelector('.name')?.textContent === expected.first
      );
    },
    searchField: () => root()?.querySelector<HTMLInputElement>('#search') ?? null,
    focusList: () => listbox()?.querySelector<HTMLElement>('[role="option"]')?.focus(),
    focusedRow() {
      const row = root()?.activeElement;
      const view = listbox()?.getBoundingClientRect();
      if (!row || row.getAttribute('role') !== 'option' || !view) return undefined;
      const box = row.getBoundingClientRect();
      return {
        position: Number(row.getAttribute('aria-posinset')),
        name: row.querySelector('.name')?.textContent ?? '',
        visible: box.top >= view.top - 1 && box.bottom <= view.bottom + 1,
      };
    },
    scroller: listbox,
  };
};
