/**
 * An adapter wrapper that makes a well-behaved adapter look like someone else's backend: pages
 * capped below what was asked for, and lists in another order. For tests and for a host trying
 * the elements against the shape of its own API before writing the adapter.
 *
 * Reordered lists are built from the wrapped adapter's whole result for the query, on every call:
 * simple and exact, meant for test-sized data, not for a million records.
 */
import { fold } from '../../model/search.js';
import type { Company, Contact } from '../../model/types.js';
import type {
  CompanyQuery,
  ContactQuery,
  ContactsAdapter,
  ListOrder,
  Page,
  PageRequest,
  RecordKind,
  RequestOptions,
} from '../types.js';
import { MAX_PAGE_SIZE, pageSize } from '../util.js';

export interface ReshapeOptions {
  /** The most items any page holds, whatever `limit` asked for (an integer of at least 1). */
  pageCap?: number;
  /**
   * Serves lists in this order and declares it as the adapter's `order`:
   * - `'activity'`: contacts by `lastActivityAt`, companies by `updatedAt`, most recent first,
   *   records without a date last, ties by id;
   * - `'name'`: by the folded name, ties by id.
   *
   * Absent, lists keep the wrapped adapter's order, pages and cursors, and its declared order.
   */
  order?: 'name' | 'activity';
  /**
   * Offers `positionOf`, computed from the whole result in the served order. Absent or false,
   * the wrapper has no `positionOf`, whatever the wrapped adapter offers.
   */
  positionOf?: boolean;
  /**
   * Counts like a server that stops counting (an integer of at least 0): when more than
   * `totalCap` records follow a page, it answers `totalExact: false` with a lower-bound `total`
   * counting only `totalCap` of them. Pages that come within `totalCap` of the end stay exact.
   * Absent, totals stay exact.
   */
  totalCap?: number;
}

type Listed = Contact | Company;

interface Ordering {
  key(record: Listed): string;
  descending: boolean;
}

const ORDERINGS: Record<'name' | 'activity', Ordering> = {
  name: { key: record => fold(record.name), descending: false },
  activity: {
    // Contacts (which have pending actions) by activity; companies, which have none, by update.
    key: record => ('pendingActions' in record ? (record.lastActivityAt ?? '') : record.updatedAt),
    descending: true,
  },
};

/** A place in the order: the key and id of the last record of a page. */
type Place = [key: string, id: string];

function compare(ordering: Ordering, a: Place, b: Place): number {
  if (a[0] !== b[0]) return (a[0] < b[0] ? -1 : 1) * (ordering.descending ? -1 : 1);
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

function readCursor(cursor: string): Place | undefined {
  try {
    const value: unknown = JSON.parse(cursor);
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // An unreadable cursor starts from the beginning, as the shipped adapters do.
  }
  return undefined;
}

/**
 * Wraps `inner`: every page holds at most `pageCap` items, and with `order` lists come in that
 * order, with cursors that mark a place in it (records created while a list is paged neither
 * repeat nor hide others). Offsets stay exact, and totals too unless `totalCap` makes them lower
 * bounds. Every other call goes to `inner` as is.
 */
export function reshapeAdapter(
  inner: ContactsAdapter,
  options: ReshapeOptions = {},
): ContactsAdapter {
  const { pageCap = Infinity } = options;
  if (pageCap !== Infinity && !(Number.isInteger(pageCap) && pageCap >= 1)) {
    throw new RangeError(`pageCap must be an integer of at least 1, got ${pageCap}`);
  }
  const { totalCap } = options;
  if (totalCap !== undefined && !(Number.isInteger(totalCap) && totalCap >= 0)) {
    throw new RangeError(`totalCap must be an integer of at least 0, got ${totalCap}`);
  }
  const ordering = options.order ? ORDERINGS[options.order] : undefined;
  const capped = (limit: number | undefined) => Math.min(pageSize(limit), pageCap);

  function listInner(
    kind: RecordKind,
    query: ContactQuery | CompanyQuery,
    signal: AbortSignal | undefined,
  ): Promise<Page<Listed>> {
    const options = signal ? { signal } : {};
    return kind === 'contact'
      ? inner.listContacts(query, options)
      : inner.listCompanies(query as CompanyQuery, options);
  }

  /** The whole result of a query, in the served order. */
  async function everything(
    kind: RecordKind,
    query: ContactQuery | CompanyQuery,
    signal?: AbortSignal,
  ): Promise<Listed[]> {
    const filters = { ...query };
    delete filters.cursor;
    delete filters.offset;
    delete filters.limit;
    const records: Listed[] = [];
    const cursors = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: Page<Listed> = await listInner(
        kind,
        { ...filters, cursor, limit: MAX_PAGE_SIZE },
        signal,
      );
      records.push(...page.items);
      cursor = page.nextCursor;
      if (cursor !== null) {
        if (cursors.has(cursor)) throw new Error(`the wrapped adapter repeated a cursor`);
        cursors.add(cursor);
      }
    } while (cursor !== null);
    if (ordering) {
      const place = (record: Listed): Place => [ordering.key(record), record.id];
      records.sort((a, b) => compare(ordering, place(a), place(b)));
    }
    return records;
  }

  /** The page with a lower-bound total when more than `totalCap` records follow it. */
  function counted<T>(page: Page<T>): Page<T> {
    const end = page.offset + page.items.length;
    if (totalCap === undefined || page.totalExact === false || page.total - end <= totalCap) {
      return page;
    }
    return { ...page, total: end + totalCap, totalExact: false };
  }

  async function list<T extends Listed>(
    kind: RecordKind,
    query: PageRequest,
    signal: AbortSignal | undefined,
  ): Promise<Page<T>> {
    return counted(await ordered<T>(kind, query, signal));
  }

  async function ordered<T extends Listed>(
    kind: RecordKind,
    query: PageRequest,
    signal: AbortSignal | undefined,
  ): Promise<Page<T>> {
    const limit = capped(query.limit);
    if (!ordering) return (await listInner(kind, { ...query, limit }, signal)) as Page<T>;
    const records = (await everything(kind, query, signal)) as T[];
    let start = 0;
    const after = query.cursor ? readCursor(query.cursor) : undefined;
    if (after) {
      start = records.findIndex(r => compare(ordering, [ordering.key(r), r.id], after) > 0);
      if (start < 0) start = records.length;
    } else if (query.offset !== undefined) {
      start = Math.max(0, Math.min(records.length, Math.floor(query.offset)));
    }
    const items = records.slice(start, start + limit);
    const last = items.at(-1);
    return {
      items,
      total: records.length,
      offset: start,
      nextCursor:
        last && start + items.length < records.length
          ? JSON.stringify([ordering.key(last), last.id])
          : null,
    };
  }

  const order: ListOrder | undefined = options.order ?? inner.order;
  const adapter: ContactsAdapter = {
    ...(order === undefined ? {} : { order }),
    listContacts: (query = {}, opts: RequestOptions = {}) =>
      list<Contact>('contact', query, opts.signal),
    listCompanies: (query = {}, opts: RequestOptions = {}) =>
      list<Company>('company', query, opts.signal),
    getContact: (...args) => inner.getContact(...args),
    createContact: (...args) => inner.createContact(...args),
    updateContact: (...args) => inner.updateContact(...args),
    getCompany: (...args) => inner.getCompany(...args),
    createCompany: (...args) => inner.createCompany(...args),
    updateCompany: (...args) => inner.updateCompany(...args),
    listConversations: (...args) => inner.listConversations(...args),
    startConversation: (...args) => inner.startConversation(...args),
    resolveConversation: (...args) => inner.resolveConversation(...args),
  };
  if (inner.subscribe) adapter.subscribe = listener => inner.subscribe!(listener);
  // The optional writes pass through as they are, when the wrapped adapter has them.
  if (inner.mergeContacts) adapter.mergeContacts = (...args) => inner.mergeContacts!(...args);
  if (inner.deleteContact) adapter.deleteContact = (...args) => inner.deleteContact!(...args);
  if (inner.deleteCompany) adapter.deleteCompany = (...args) => inner.deleteCompany!(...args);
  if (inner.restore) adapter.restore = (...args) => inner.restore!(...args);
  if (options.positionOf) {
    adapter.positionOf = async (kind, id, query = {}, opts = {}) => {
      const at = (await everything(kind, query, opts.signal)).findIndex(r => r.id === id);
      return at < 0 ? null : at;
    };
  }
  return adapter;
}
