import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';

import { InMemoryContactsAdapter } from '../../src/adapter/in-memory/in-memory-adapter.js';
import { generateDataset } from '../../src/adapter/seed/generate.js';
import type { ContactsAdapter } from '../../src/adapter/types.js';
import {
  PagedQueryController,
  type QueryTab,
} from '../../src/controllers/paged-query-controller.js';
import { waitFor } from '../helpers/queries.js';

class QueryProbe extends LitElement {
  adapter?: ContactsAdapter;
  readonly answers: QueryTab[] = [];
  readonly errors: string[] = [];
  readonly query = new PagedQueryController(this, {
    adapter: () => this.adapter,
    pageSize: () => 50,
    geometry: () => ({
      rangeFor: (count, scrollTop) => {
        const first = Math.min(count, Math.floor(scrollTop / 48));
        return { first, start: first, end: Math.min(count, first + 10) };
      },
      scrollTopShifted: (_count, scrollTop, rows) => scrollTop + rows * 48,
    }),
    onError: operation => this.errors.push(operation),
    onAnswer: tab => this.answers.push(tab),
  });
}
customElements.define('query-probe', QueryProbe);

async function mount(adapter: ContactsAdapter) {
  const el = await fixture<QueryProbe>(html`<query-probe .adapter=${adapter}></query-probe>`);
  return { el, query: el.query };
}

describe('PagedQueryController', () => {
  let adapter: InMemoryContactsAdapter;

  before(() => {
    adapter = new InMemoryContactsAdapter({ data: generateDataset({ contacts: 2_000 }) });
  });

  it('runs a list query once, keeps the shown rows until a new search answers', async () => {
    const { el, query } = await mount(adapter);
    query.ensure('contacts');
    query.ensure('contacts');
    const contacts = query.lists.contacts;
    await waitFor(() => contacts.rows?.loaded);
    expect(contacts.rows!.total).to.equal(2_000);
    expect(el.answers).to.deep.equal(['contacts']);
    const shown = contacts.rows;
    const position = contacts.position;
    query.search('contacts', 'a');
    expect(contacts.rows).to.equal(shown);
    await waitFor(() => contacts.rows !== shown && !contacts.next);
    expect(contacts.rows!.total).to.be.below(2_000);
    // Shown afresh: a new position object, at the top.
    expect(contacts.position).not.to.equal(position);
    expect(contacts.position).to.deep.equal({ active: -1, scrollTop: 0 });
  });

  it('counts the contacts with a pending action for the search', async () => {
    const { query } = await mount(adapter);
    query.ensure('contacts');
    const expected = (await adapter.listContacts({ pending: true, limit: 1 })).total;
    await waitFor(() => query.lists.contacts.pendingTotal !== undefined);
    expect(query.lists.contacts.pendingTotal).to.equal(expected);
  });

  it('locates a record far down its list by binary search', async () => {
    const { query } = await mount(adapter);
    query.ensure('contacts');
    const state = query.lists.contacts;
    await waitFor(() => state.rows?.loaded);
    const [target] = (await adapter.listContacts({ offset: 1_777, limit: 1 })).items;
    state.selectedId = target!.id;
    let found: number | undefined;
    await query.locate('contacts', target!.id, index => (found = index));
    expect(found).to.equal(1_777);
  });

  it('forgets every list on reset', async () => {
    const { query } = await mount(adapter);
    query.ensure('companies');
    await waitFor(() => query.lists.companies.rows?.loaded);
    query.reset();
    expect(query.lists.companies.rows).to.equal(undefined);
    expect(query.lists.contacts.rows).to.equal(undefined);
  });
});
