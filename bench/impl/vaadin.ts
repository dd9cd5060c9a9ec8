/**
 * Baseline: `<vaadin-grid>` (the "millions of rows" grid), filtered per keystroke by the same
 * linear scan, fed either the whole filtered array (`items`) or a `dataProvider` answering pages
 * of 50 from it.
 */
import '@vaadin/grid/vaadin-grid.js';
import '@vaadin/grid/vaadin-grid-column.js';

import type { Grid, GridDataProviderCallback, GridDataProviderParams } from '@vaadin/grid';
import type { GridColumn } from '@vaadin/grid/vaadin-grid-column.js';

import { type BaselineRow, filterRows, metaOf, prepareBaseline } from './baseline-data.js';
import type { ImplFactory } from './types.js';

type Mode = 'items' | 'provider';

interface RowElement extends HTMLElement {
  index: number;
}

export function createVaadin(mode: Mode): ImplFactory {
  return data => {
    const prepared = prepareBaseline(data);
    let filtered: BaselineRow[] = prepared.rows;
    let grid: Grid<BaselineRow> | undefined;
    let search: HTMLInputElement | undefined;

    const provide = (
      params: GridDataProviderParams<BaselineRow>,
      callback: GridDataProviderCallback<BaselineRow>,
    ) => {
      const from = params.page * params.pageSize;
      callback(filtered.slice(from, from + params.pageSize), filtered.length);
    };

    const show = (rows: BaselineRow[]) => {
      filtered = rows;
      if (!grid) return;
      if (mode === 'items') {
        grid.items = rows;
      } else {
        grid.size = rows.length;
        grid.clearCache();
      }
    };

    const rowsOf = (): RowElement[] =>
      grid ? [...grid.shadowRoot!.querySelectorAll<RowElement>('#items > tr')] : [];
    const nameOf = (row: Element) =>
      row
        .querySelector<HTMLElement & { _content?: HTMLElement }>('td')
        ?._content?.querySelector('.name')?.textContent ?? '';
    /** The grid's scrolling table. */
    const table = () => grid?.shadowRoot?.querySelector<HTMLElement>('#table') ?? null;
    const flatSize = () => (grid as unknown as { _flatSize?: number } | undefined)?._flatSize;

    return {
      jumpKey: 'Control+End',
      mount(stage) {
        search = document.createElement('input');
        search.type = 'search';
        search.setAttribute('aria-label', 'Search contacts');
        search.style.cssText = 'margin: 8px; font: inherit; padding: 6px';
        search.addEventListener('input', () => show(filterRows(prepared.rows, search!.value)));
        grid = document.createElement('vaadin-grid') as Grid<BaselineRow>;
        grid.style.flex = '1 1 auto';
        grid.setAttribute('aria-label', 'Contacts');
        const column = document.createElement('vaadin-grid-column') as GridColumn<BaselineRow>;
        column.header = 'Contact';
        column.renderer = (root, _column, model) => {
          let name = root.firstElementChild as HTMLElement | null;
          let meta = name?.nextElementSibling as HTMLElement | null | undefined;
          if (!name || !meta) {
            name = document.createElement('div');
            name.className = 'name';
            name.style.fontWeight = '600';
            meta = document.createElement('div');
            meta.style.fontSize = '0.85em';
            root.replaceChildren(name, meta);
          }
          name.textContent = model.item.contact.name;
          meta.textContent = metaOf(model.item.contact, prepared.companyNames);
        };
        grid.append(column);
        if (mode === 'items') {
          grid.items = filtered;
        } else {
          grid.pageSize = 50;
          grid.size = filtered.length;
          grid.dataProvider = provide;
        }
        stage.append(search, grid);
      },
      shows(expected) {
        if (flatSize() !== expected.total) return false;
        if (expected.total === 0) return true;
        const first = rowsOf().find(row => row.index === 0 && !row.hidden);
        return !!first && !first.hasAttribute('loading') && nameOf(first) === expected.first;
      },
      searchField: () => search ?? null,
      focusList() {
        const rendered = rowsOf().filter(row => !row.hidden && !row.hasAttribute('loading'));
        rendered.sort((a, b) => a.index - b.index);
        rendered[0]?.querySelector('td')?.focus();
      },
      focusedRow() {
        const cell = grid?.shadowRoot?.activeElement;
        const row = cell?.closest('tr') as RowElement | null | undefined;
        if (!row || row.parentElement?.id !== 'items' || row.hasAttribute('loading')) {
          return undefined;
        }
        const box = row.getBoundingClientRect();
        const bounds = (table() ?? grid!).getBoundingClientRect();
        return {
          position: row.index + 1,
          name: nameOf(row),
          visible: box.top >= bounds.top - 1 && box.bottom <= bounds.bottom + 1,
        };
      },
      scroller: table,
    };
  };
}
