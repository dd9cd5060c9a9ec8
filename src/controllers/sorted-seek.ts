/**
 * Seeking in a sorted list whose rows load on demand (a page at a time, through an adapter): the
 * first position at or after a key, the position of one record, and the target of type-ahead.
 * The searches are binary searches over the whole list, and a loaded page narrows a search to
 * itself before another is asked for, so 1,000,000 rows take about fifteen requests.
 *
 * No DOM and no adapter: the list is anything with positions, a total and a way to wait for a
 * row, and the caller says how a row sorts. A total that is a lower bound (`totalExact` false) is
 * not taken for the end: while the last known row sorts before the key, the search reads on past
 * it, twice as far each time, so no record beyond the known total is skipped.
 */

/** A sorted list read by position; rows not loaded yet can be waited for. */
export interface SortedRows<T> {
  /** Rows in the list; undefined until known. */
  readonly total?: number;
  /** False while `total` is a lower bound: rows past it may exist, and loading them raises it. */
  readonly totalExact?: boolean;
  /** The row at `index` when it is loaded. */
  at(index: number): T | undefined;
  /** Loads the row at `index` (with its page) and resolves with it. */
  ensure(index: number): Promise<T | undefined>;
}

/** The key a row sorts by, as the list orders it. */
export type SortKeyOf<T> = (row: T) => string;

/**
 * Whether the seek is still wanted. Checked after every wait: a stale seek asks for nothing more
 * and answers undefined.
 */
export type StillWanted = () => boolean;

/** The first position whose row sorts at or after `key`; `total` when none does. */
export async function lowerBound<T>(
  rows: SortedRows<T>,
  key: string,
  keyOf: SortKeyOf<T>,
  current: StillWanted,
): Promise<number | undefined> {
  let lo = 0;
  let hi = rows.total ?? 0;
  let reach = Math.max(hi, 1);
  while (rows.totalExact === false && hi > lo) {
    const last = rows.at(hi - 1) ?? (await rows.ensure(hi - 1));
    if (!current()) return undefined;
    if (!last || keyOf(last) >= key) break;
    // Every row up to the known end sorts before `key`: look further on.
    lo = hi;
    const probe = hi - 1 + reach;
    reach *= 2;
    await rows.ensure(probe);
    if (!current()) return undefined;
    hi = Math.min(probe + 1, rows.total ?? 0);
    lo = Math.min(lo, hi);
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const row = rows.at(mid) ?? (await rows.ensure(mid));
    if (!current() || !row) return undefined;
    // Narrow to the loaded rows around `mid` before asking for another page.
    let a = mid;
    let b = mid;
    while (a - 1 >= lo && rows.at(a - 1)) a--;
    while (b + 1 < hi && rows.at(b + 1)) b++;
    if (keyOf(rows.at(b)!) < key) {
      lo = b + 1;
    } else if (keyOf(rows.at(a)!) >= key) {
      hi = a;
    } else {
      let l = a + 1;
      let h = b;
      while (l < h) {
        const m = (l + h) >>> 1;
        if (keyOf(rows.at(m)!) < key) l = m + 1;
        else h = m;
      }
      return l;
    }
  }
  return lo;
}

/**
 * The position of `record` in the list: found by its key, then among the rows sharing that key
 * (they follow one another), looking at most `span` rows past the first of them.
 */
export async function seekRecord<T extends { id: string }>(
  rows: SortedRows<T>,
  record: T,
  keyOf: SortKeyOf<T>,
  current: StillWanted,
  span: number,
): Promise<number | undefined> {
  const key = keyOf(record);
  const from = await lowerBound(rows, key, keyOf, current);
  if (from === undefined) return undefined;
  const end = rows.totalExact === false ? from + span : Math.min(rows.total ?? 0, from + span);
  for (let i = from; i < end; i++) {
    const row = rows.at(i) ?? (await rows.ensure(i));
    if (!current() || !row || keyOf(row) !== key) return undefined;
    if (row.id === record.id) return i;
  }
  return undefined;
}

/**
 * Type-ahead over a sorted list: the matches of a prefix are one run of rows, found by binary
 * search. One character, or the same one repeated, steps through that run; more characters stay
 * on the active row while it still matches (undefined: nothing to move to). `typed` is already
 * in the keys' form (folded, for names).
 */
export async function typeAheadTarget<T>(
  rows: SortedRows<T>,
  typed: string,
  active: number,
  keyOf: SortKeyOf<T>,
  current: StillWanted,
): Promise<number | undefined> {
  const total = rows.total ?? 0;
  if (!total || !typed.trim()) return undefined;
  const chars = [...typed];
  const cycling = chars.every(char => char === chars[0]);
  const prefix = cycling ? chars[0]! : typed;
  const matches = (row: T | undefined) => !!row && keyOf(row).startsWith(prefix);
  if (active >= 0 && matches(rows.at(active))) {
    if (!cycling) return undefined;
    const more = active + 1 < total || rows.totalExact === false;
    const following = more ? await rows.ensure(active + 1) : undefined;
    if (!current()) return undefined;
    if (matches(following)) return active + 1;
  }
  const first = await lowerBound(rows, prefix, keyOf, current);
  if (first === undefined || !current() || first >= (rows.total ?? 0)) return undefined;
  const row = rows.at(first) ?? (await rows.ensure(first));
  return matches(row) && current() ? first : undefined;
}
