/**
 * What each query of a typing session should show, worked out independently of the
 * implementations under test: shared by the benchmark page (bench/app.ts) and the server
 * benchmark (bench/server.mjs, which passes it to the page as `expected`).
 */
import type { Dataset } from '../src/adapter/in-memory/in-memory-adapter.js';
import { contactHaystack, matches, parseSearch } from '../src/model/search.js';
import type { Expected } from './impl/types.js';

/**
 * What each query of the session should show, by one linear scan per query over the folded
 * haystacks with the library's matching rules (independent of the implementations under test).
 */
export function reference(data: Dataset, queries: string[]): Map<string, Expected> {
  const hays = data.contacts.map(contact => contactHaystack(contact));
  const keys = hays.map(hay => hay.slice(0, hay.indexOf('\n')));
  const before = (a: number, b: number) =>
    keys[a]! !== keys[b]! ? keys[a]! < keys[b]! : data.contacts[a]!.id < data.contacts[b]!.id;
  const result = new Map<string, Expected>();
  for (const query of new Set(['', ...queries])) {
    const terms = parseSearch(query);
    let total = 0;
    let first = -1;
    for (let i = 0; i < hays.length; i++) {
      if (!matches(hays[i]!, terms)) continue;
      total++;
      if (first < 0 || before(i, first)) first = i;
    }
    result.set(query, { total, first: first < 0 ? '' : data.contacts[first]!.name });
  }
  let last = 0;
  for (let i = 1; i < hays.length; i++) if (before(last, i)) last = i;
  result.set('\u0000last', { total: hays.length, first: data.contacts[last]?.name ?? '' });
  return result;
}
