/**
 * Ours: `<contacts-panel>` over the in-memory adapter, seeded with the generated data (or over the
 * adapter given, for the REST run of bench/server.mjs).
 */
import '../../src/define.js';

import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { ContactsPanel } from '../../src/elements/contacts-panel/contacts-panel.js';
import type { ContactsAdapter } from '../../src/adapter/types.js';
import type { Dataset } from '../../src/adapter/in-memory/in-memory-adapter.js';
import type { Impl } from './types.js';

export const createOurs = (
  data: Dataset,
  adapter: ContactsAdapter = new InMemoryContactsAdapter({ data }),
): Impl => {
  let panel: ContactsPanel | undefined;
  const root = () => panel?.shadowRoot ?? null;
  const list = () => root()?.querySelector<HTMLElement>('#list') ?? null;

  return {
    jumpKey: 'End',
    mount(stage) {
      panel = document.createElement('contacts-panel');
      panel.style.setProperty('--contacts-panel-block-size', '100%');
      panel.style.flex = '1 1 auto';
      panel.adapter = adapter;
      stage.append(panel);
    },
    shows(expected) {
      if (expected.total === 0) return !!root()?.querySelector('[part~="empty"]');
      const listbox = list();
      if (!listbox || listbox.getAttribute('aria-busy') === 'true') return false;
      const first = listbox.querySelector('[role="option"][aria-posinset="1"]');
      if (!first || first.querySelector('.name')?.textContent !== expected.first) return false;
      const setsize = first.getAttribute('aria-setsize');
      // A server that stops counting a broad search (a lower-bound total) shows its rows with
      // aria-setsize -1 ("1,000+ contacts"); that is only right when more than a page matches.
      return setsize === String(expected.total) || (setsize === '-1' && expected.total > 50);
    },
    searchField: () => root()?.querySelector<HTMLInputElement>('#search') ?? null,
    focusList: () => list()?.focus(),
    focusedRow() {
      const listbox = list();
      if (!listbox || root()?.activeElement !== listbox) return undefined;
      const id = listbox.getAttribute('aria-activedescendant');
      const row = id ? root()!.getElementById(id) : null;
      if (!row) return undefined;
      const box = row.getBoundingClientRect();
      const view = listbox.getBoundingClientRect();
      return {
        position: Number(row.getAttribute('aria-posinset')),
        name: row.querySelector('.name')?.textContent ?? '',
        visible: box.top >= view.top - 1 && box.bottom <= view.bottom + 1,
      };
    },
    scroller: list,
  };
};
