/**
 * Seeking in the lists of a `PagedQueryController` beyond the rows it has loaded: where a selected
 * record sits (the adapter's `positionOf`, or a binary search of a list in name order) and where
 * type-ahead goes. The controller loads this module on first use, so the first paint of a list
 * carries none of it.
 *
 * Any order: with the adapter's `order` absent or `'name'`, both binary-search the list (exact,
 * about fifteen requests for 1,000,000 rows). With another order nothing is binary-searched: a
 * record is found through `positionOf` when offered, and type-ahead scans the loaded rows from the
 * active one on, then (with `positionOf`) searches the adapter for the typed prefix and moves to
 * the first name-prefix match of that search by its position; else it leaves the active row as is.
 */
import { isContactsError } from '../adapter/errors.js';
import type { CompanyQuery, ContactQuery, ContactsAdapter } from '../adapter/types.js';
import { fold } from '../model/search.js';
import type {
  PagedQueryOptions,
  QueryRow,
  QueryState,
  QueryTab,
} from './paged-query-controller.js';
import type { PagedRows } from './paged-rows.js';
import { type SortedRows, seekRecord, typeAheadTarget } from './sorted-seek.js';

/** One list of the controller as a seek sees it: the adapter, error reporting, the list's state. */
export interface SeekList {
  readonly options: Pick<PagedQueryOptions, 'adapter' | 'onError'>;
  readonly tab: QueryTab;
  readonly state: QueryState;
}

/** The sort key adapters order lists by: the folded name. */
export function sortKey(row: { name: string }): string {
  return fold(row.name);
}

/** Whether lists of `adapter` are in name order, so they may be binary-searched. */
export function nameOrdered(adapter: ContactsAdapter): boolean {
  return adapter.order === undefined || adapter.order === 'name';
}

/** The query a list shows, as the adapter is asked for it. */
function queryOf({ tab, state }: SeekList): ContactQuery | CompanyQuery {
  const search = state.search.trim() || undefined;
  if (tab === 'companies') return { search };
  return { search, pending: state.pending ? true : undefined };
}

/**
 * The position of the record `id`, not among the loaded rows of the list `state`: -1 when it
 * cannot be found, null when the seek should stop without looking again later (the record could
 * not be read).
 */
export async function seekSelected(
  list: SeekList,
  id: string,
  current: () => boolean,
): Promise<number | null> {
  const { options, tab, state } = list;
  const adapter = options.adapter();
  const rows = state.rows;
  if (!adapter || !rows) return null;
  if (adapter.positionOf) return (await positionOf(list, id, current)) ?? -1;
  if (!nameOrdered(adapter)) return -1;
  let record: QueryRow;
  try {
    record = tab === 'contacts' ? await adapter.getContact(id) : await adapter.getCompany(id);
  } catch (error) {
    const operation = tab === 'contacts' ? 'get-contact' : 'get-company';
    if (!isContactsError(error, 'not-found')) options.onError(operation, error);
    return null;
  }
  return (await seekRecord(rows, record, sortKey, current, rows.pageSize)) ?? -1;
}

/**
 * The position of `id` in a list as the adapter's `positionOf` gives it, checked against the
 * row loaded there; undefined when unknown or stale.
 */
async function positionOf(
  list: SeekList,
  id: string,
  current: () => boolean,
): Promise<number | undefined> {
  const { options, tab, state } = list;
  const adapter = options.adapter();
  const rows = state.rows;
  if (!adapter?.positionOf || !rows) return undefined;
  let position: number | null;
  try {
    position = await adapter.positionOf(
      tab === 'contacts' ? 'contact' : 'company',
      id,
      queryOf(list),
    );
  } catch (error) {
    options.onError('position-of', error);
    return undefined;
  }
  if (position === null || !current() || !(position >= 0)) return undefined;
  const row = rows.at(position) ?? (await rows.ensure(position));
  return current() && row?.id === id ? position : undefined;
}

/**
 * The position of the last row of `rows`, reading ahead (twice as far each time) past a total
 * that is a lower bound until an answer reaches the end and settles it; undefined when the rows
 * are disposed of first, or when a request fails (the failure is reported as any other).
 */
export async function findEnd(rows: PagedRows<{ id: string }>): Promise<number | undefined> {
  await rows.ready;
  let reach = Math.max(rows.total ?? 0, rows.pageSize);
  while (!rows.disposed && !rows.error && !rows.totalExact && rows.total !== undefined) {
    await rows.ensure(rows.total - 1 + reach);
    reach *= 2;
  }
  return rows.disposed || rows.error || rows.total === undefined ? undefined : rows.total - 1;
}

/** Type-ahead in a list: the position to make active for what the agent typed. */
export async function typeAhead(
  list: SeekList,
  typed: string,
  active: number,
  current: () => boolean,
): Promise<number | undefined> {
  const { options, state } = list;
  const rows: SortedRows<QueryRow> | undefined = state.rows;
  if (!rows) return undefined;
  const stillWanted = () => current() && state.rows === rows;
  const adapter = options.adapter();
  if (!adapter || nameOrdered(adapter)) {
    const index = await typeAheadTarget(rows, fold(typed), active, sortKey, stillWanted);
    return stillWanted() ? index : undefined;
  }
  return typeAheadUnsorted(list, fold(typed), active, stillWanted);
}

/**
 * Type-ahead in a list in another order than names: the next loaded row whose name starts with
 * what was typed (one character, or the same one repeated, steps on from the active row); then,
 * when the adapter offers `positionOf`, the first match of an adapter search for the prefix.
 */
async function typeAheadUnsorted(
  list: SeekList,
  typed: string,
  active: number,
  current: () => boolean,
): Promise<number | undefined> {
  const { options, tab, state } = list;
  const rows = state.rows;
  if (!rows || !typed.trim()) return undefined;
  const chars = [...typed];
  const cycling = chars.every(char => char === chars[0]);
  const prefix = cycling ? chars[0]! : typed;
  const matches = (row: QueryRow | undefined) =>
    !!row && typeof row.name === 'string' && sortKey(row).startsWith(prefix);
  if (!cycling && active >= 0 && matches(rows.at(active))) return undefined;
  const loaded = rows.loadedIndexes();
  const after = loaded.filter(index => index > active);
  const before = loaded.filter(index => index <= active);
  const found = [...after, ...before].find(index => matches(rows.at(index)));
  if (found !== undefined) return found === active ? undefined : found;
  const adapter = options.adapter();
  if (!adapter?.positionOf) return undefined;
  try {
    const query = { ...queryOf(list), search: prefix, limit: 20 };
    const page =
      tab === 'contacts' ? await adapter.listContacts(query) : await adapter.listCompanies(query);
    if (!current()) return undefined;
    const match = (Array.isArray(page?.items) ? page.items : []).find(row => matches(row));
    if (!match) return undefined;
    return await positionOf(list, match.id, current);
  } catch (error) {
    options.onError(tab === 'contacts' ? 'list-contacts' : 'list-companies', error);
    return undefined;
  }
}
