/**
 * What a `PagedQueryController` does to a list's rows after the adapter reported a change: the
 * rows in view load again, and the selection, the active record and the record at the top of the
 * viewport stay where the agent left them (at the very top, new records show up). Also the count
 * of the pending toggle, asked once typing pauses. Loaded after a list's first rows, so the first
 * paint of a list carries none of it.
 */
import type { ContactsAdapter } from '../adapter/types.js';
import type { ListGeometry, QueryRow, QueryState } from './paged-query-controller.js';
import type { PagedRows } from './paged-rows.js';

/**
 * Asks how many contacts of the current search have a pending action, into `state`. Resolves
 * with whether the answer was taken (false: abandoned meanwhile, by typing or a newer count);
 * rejects with the adapter's error otherwise.
 */
export async function countPending(state: QueryState, adapter: ContactsAdapter): Promise<boolean> {
  state.cancelCount();
  const controller = new AbortController();
  state.pendingCount = controller;
  try {
    const page = await adapter.listContacts(
      { search: state.search.trim() || undefined, pending: true, limit: 1 },
      { signal: controller.signal },
    );
    if (controller.signal.aborted) return false;
    state.pendingTotal = page.total;
    state.pendingExact = page.totalExact !== false;
    return true;
  } catch (error) {
    if (controller.signal.aborted) return false;
    throw error;
  }
}

/**
 * Reloads the rows in view of `state`'s `rows` and keeps the viewport on the same records.
 * Resolves with whether the total changed, or undefined when a newer refresh or query took over.
 */
export async function refreshInView(
  state: QueryState,
  rows: PagedRows<QueryRow>,
  geometry: () => ListGeometry,
): Promise<boolean | undefined> {
  const totalBefore = rows.total;
  const token = ++state.refreshToken;
  const before = state.position;
  const range = geometry().rangeFor(rows.total ?? 0, before.scrollTop);
  const anchorIndex = range.first;
  const anchorId = rows.at(anchorIndex)?.id;
  const activeId = before.active >= 0 ? rows.at(before.active)?.id : undefined;
  await rows.refresh(range.start, range.end);
  if (token !== state.refreshToken || state.rows !== rows || !rows.loaded) return undefined;
  if (activeId && (state.position.active < range.start || state.position.active >= range.end)) {
    await rows.ensure(state.position.active);
    if (token !== state.refreshToken || state.rows !== rows) return undefined;
  }
  const position = state.position;
  if (activeId) {
    const index = rows.indexOf(activeId, position.active);
    if (index >= 0) position.active = index;
  }
  // At the very top new records show up; anywhere else the viewport stays on the same records.
  const shift = anchorId && position.scrollTop > 0 ? rows.indexOf(anchorId, anchorIndex) : -1;
  if (shift >= 0 && shift !== anchorIndex) {
    const top = geometry().scrollTopShifted(
      rows.total ?? 0,
      position.scrollTop,
      shift - anchorIndex,
    );
    state.position = { active: position.active, scrollTop: Math.round(top) };
  }
  return rows.total !== totalBefore;
}
