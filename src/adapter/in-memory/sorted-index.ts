/**
 * Records kept by slot (a small integer per record) and sorted by a key (the folded name, then
 * id), each with its search haystack and a bitmask of the ASCII letters and digits the haystack
 * holds. Lists and search results are arrays of slots in list order, so a page is a slice and a
 * search is one pass over flat arrays: the masks answer one-character queries alone and skip most
 * records for longer ones, and a longer query narrows an earlier result instead of the whole
 * store.
 *
 * Memory order matters as much as the algorithm: a pass over 1,000,000 haystacks scattered over
 * the heap waits on the memory for every record (several times slower than the string search
 * itself). A bulk load therefore sorts first and then gives slots and builds haystacks in list
 * order, so a search in list order reads memory front to back.
 */
import type { SearchTerms } from '../../model/search.js';

/** Slots in list order. */
export type Slots = Int32Array;

export interface SortedIndexOptions<T> {
  /** The sort key; records with equal keys are ordered by id. */
  key: (value: T) => string;
  /** The text a search looks through; its first field (up to a newline) must be the key. */
  haystack: (value: T) => string;
}

const SEP = '\n';

function encodeCursor(key: string, id: string): string {
  const bytes = new TextEncoder().encode(JSON.stringify([key, id]));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, c => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // An unreadable cursor starts from the beginning.
  }
  return undefined;
}

function compare(keyA: string, idA: string, keyB: string, idB: string): number {
  if (keyA !== keyB) return keyA < keyB ? -1 : 1;
  return idA === idB ? 0 : idA < idB ? -1 : 1;
}

// Masks of the ASCII letters (bit n for a + n) and digits (bit n for 0 + n) a text holds.
let maskLetters = 0;
let maskDigits = 0;

function computeMasks(text: string): void {
  let letters = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) letters |= 1 << (code - 97);
    else if (code >= 48 && code <= 57) digits |= 1 << (code - 48);
  }
  maskLetters = letters;
  maskDigits = digits;
}

type NumberArray = Int32Array | Uint32Array | Uint16Array | Uint8Array;

function grow<A extends NumberArray>(array: A, needed: number): A {
  if (needed <= array.length) return array;
  const next = new (array.constructor as new (length: number) => A)(
    Math.max(needed, array.length * 2),
  );
  next.set(array);
  return next;
}

/**
 * For each record of a result, which characters follow its token (anywhere in its haystack): the
 * next keystroke of that token, one more ASCII letter or digit, is then answered exactly by one bit
 * per record, without reading any text. Built in slices while the user looks at the result.
 */
export interface Followers {
  readonly token: string;
  readonly letters: Uint32Array;
  readonly digits: Uint16Array;
  /** Records built so far (from the start of the result). */
  done: number;
}

interface Pending<T> {
  id: string;
  key: string;
  value: T;
  tags: number;
}

export class SortedIndex<T> {
  private readonly keyOf: (value: T) => string;
  private readonly haystackOf: (value: T) => string;
  // By slot. A free slot holds id '' until it is reused.
  private ids: string[] = [];
  private hays: string[] = [];
  private values: (T | undefined)[] = [];
  private letters = new Uint32Array(16);
  private digits = new Uint16Array(16);
  private tags = new Uint8Array(16);
  private readonly slotById = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  // Slots in list order: order[0, count).
  private order = new Int32Array(16);
  private count = 0;
  /** Records added for a bulk load, placed by {@link sort}. */
  private pending: Pending<T>[] = [];

  constructor(options: SortedIndexOptions<T>) {
    this.keyOf = options.key;
    this.haystackOf = options.haystack;
  }

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    return this.slotById.has(id);
  }

  get(id: string): T | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : this.values[slot];
  }

  valueAt(slot: number): T {
    return this.values[slot]!;
  }

  idAt(slot: number): string {
    return this.ids[slot]!;
  }

  /** The caller's bit flags of a slot (e.g. "has a pending action"). */
  tagsAt(slot: number): number {
    return this.tags[slot]!;
  }

  /** Every slot in list order. A view: valid until the next change. */
  all(): Slots {
    return this.order.subarray(0, this.count);
  }

  /** The slots of the records with these ids (unknown ids skipped), in list order. */
  slotsOf(ids: Iterable<string>): Slots {
    const slots: number[] = [];
    for (const id of ids) {
      const slot = this.slotById.get(id);
      if (slot !== undefined) slots.push(slot);
    }
    slots.sort((a, b) => compare(this.keyAt(a), this.ids[a]!, this.keyAt(b), this.ids[b]!));
    return Int32Array.from(slots);
  }

  /**
   * Adds a record, or replaces the one with the same id, at its place in the order. With `bulk`,
   * records are only collected, and {@link sort} places them all at once (loading).
   */
  set(id: string, value: T, tags: number, bulk = false): void {
    if (bulk) {
      this.pending.push({ id, key: this.keyOf(value), value, tags });
      return;
    }
    const hay = this.haystackOf(value);
    let slot = this.slotById.get(id);
    if (slot !== undefined) {
      if (this.hays[slot] === hay) {
        this.values[slot] = value;
        this.tags[slot] = tags;
        return;
      }
      this.removeFromOrder(slot);
    } else {
      slot = this.freeSlots.pop() ?? this.ids.length;
      this.slotById.set(id, slot);
    }
    this.store(slot, id, hay, value, tags);
    this.order = grow(this.order, this.count + 1);
    const at = this.lowerBound(this.keyAt(slot), id);
    this.order.copyWithin(at + 1, at, this.count);
    this.order[at] = slot;
    this.count++;
  }

  delete(id: string): void {
    const slot = this.slotById.get(id);
    if (slot === undefined) return;
    this.removeFromOrder(slot);
    this.slotById.delete(id);
    this.ids[slot] = '';
    this.hays[slot] = '';
    this.values[slot] = undefined;
    this.letters[slot] = 0;
    this.digits[slot] = 0;
    this.tags[slot] = 0;
    this.freeSlots.push(slot);
  }

  /**
   * Places the records of a bulk load: sorted, then given slots and haystacks in list order, so
   * that memory order is list order. Records already placed are placed again with them.
   */
  sort(): void {
    if (!this.pending.length) return;
    // Records placed before, then the new ones in the order they came: a repeated id keeps the
    // last record given for it.
    const latest = new Map<string, Pending<T>>();
    for (const slot of this.all()) {
      const id = this.ids[slot]!;
      latest.set(id, {
        id,
        key: this.keyAt(slot),
        value: this.values[slot]!,
        tags: this.tags[slot]!,
      });
    }
    for (const record of this.pending) latest.set(record.id, record);
    this.pending = [];
    const records = [...latest.values()];
    records.sort((a, b) => compare(a.key, a.id, b.key, b.id));
    this.slotById.clear();
    this.freeSlots.length = 0;
    const n = latest.size;
    this.ids = new Array<string>(n);
    this.hays = new Array<string>(n);
    this.values = new Array<T>(n);
    this.letters = new Uint32Array(Math.max(16, n));
    this.digits = new Uint16Array(Math.max(16, n));
    this.tags = new Uint8Array(Math.max(16, n));
    this.order = new Int32Array(Math.max(16, n));
    let slot = 0;
    for (const record of records) {
      this.slotById.set(record.id, slot);
      this.store(slot, record.id, this.haystackOf(record.value), record.value, record.tags);
      this.order[slot] = slot;
      slot++;
    }
    this.count = n;
  }

  /** Slots of `base` (default: all) whose tags have every bit of `mask` (or, `present` false, not every bit). */
  withTags(base: Slots | null, mask: number, present: boolean): Slots {
    const source = base ?? this.all();
    const out = new Int32Array(source.length);
    const { tags } = this;
    let n = 0;
    for (let i = 0; i < source.length; i++) {
      const slot = source[i]!;
      if (((tags[slot]! & mask) === mask) === present) out[n++] = slot;
    }
    return out.slice(0, n);
  }

  /** Slots of `base` (default: all) whose record passes `test`. */
  filter(base: Slots | null, test: (value: T, slot: number) => boolean): Slots {
    const source = base ?? this.all();
    const out = new Int32Array(source.length);
    let n = 0;
    for (let i = 0; i < source.length; i++) {
      const slot = source[i]!;
      if (test(this.values[slot]!, slot)) out[n++] = slot;
    }
    return out.slice(0, n);
  }

  /** Slots of `base` (default: all) whose haystack holds every token of `terms`, in order. */
  search(terms: SearchTerms, base: Slots | null): Slots {
    const source = base ?? this.all();
    let needLetters = 0;
    let needDigits = 0;
    // One ASCII letter or digit is answered by the masks alone; longer tokens (longest, and
    // rarest, first) by the haystack.
    const checked: string[] = [];
    for (const token of terms.tokens) {
      computeMasks(token);
      needLetters |= maskLetters;
      needDigits |= maskDigits;
      if (token.length > 1 || (maskLetters | maskDigits) === 0) checked.push(token);
    }
    checked.sort((a, b) => b.length - a.length);
    const { hays, letters, digits } = this;
    const out = new Int32Array(source.length);
    let n = 0;
    outer: for (let i = 0; i < source.length; i++) {
      const slot = source[i]!;
      if ((letters[slot]! & needLetters) !== needLetters) continue;
      if ((digits[slot]! & needDigits) !== needDigits) continue;
      if (checked.length) {
        const hay = hays[slot]!;
        for (let k = 0; k < checked.length; k++) if (!hay.includes(checked[k]!)) continue outer;
      }
      out[n++] = slot;
    }
    return out.slice(0, n);
  }

  /** Starts {@link Followers} of `token` for a result; {@link buildFollowers} fills them. */
  followers(slots: Slots, token: string): Followers {
    return {
      token,
      letters: new Uint32Array(slots.length),
      digits: new Uint16Array(slots.length),
      done: 0,
    };
  }

  /** Builds followers until `deadline` (a performance.now() time); true once complete. */
  buildFollowers(followers: Followers, slots: Slots, deadline: number): boolean {
    const { token, letters, digits } = followers;
    const { hays } = this;
    const length = token.length;
    let i = followers.done;
    while (i < slots.length) {
      const end = Math.min(slots.length, i + 2048);
      for (; i < end; i++) {
        const hay = hays[slots[i]!]!;
        let l = 0;
        let d = 0;
        for (let at = hay.indexOf(token); at >= 0; at = hay.indexOf(token, at + 1)) {
          const code = hay.charCodeAt(at + length);
          if (code >= 97 && code <= 122) l |= 1 << (code - 97);
          else if (code >= 48 && code <= 57) d |= 1 << (code - 48);
        }
        letters[i] = l;
        digits[i] = d;
      }
      followers.done = i;
      if (performance.now() > deadline) break;
    }
    return i >= slots.length;
  }

  /**
   * The slots of a result whose token is followed by `char` (an ASCII letter or digit), from
   * complete followers: the result of the token extended by that character.
   */
  followedBy(followers: Followers, slots: Slots, char: string): Slots {
    const code = char.charCodeAt(0);
    const letter = code >= 97 && code <= 122;
    const bits: Uint32Array | Uint16Array = letter ? followers.letters : followers.digits;
    const bit = 1 << (code - (letter ? 97 : 48));
    const out = new Int32Array(slots.length);
    let n = 0;
    for (let i = 0; i < slots.length; i++) if (bits[i]! & bit) out[n++] = slots[i]!;
    return out.slice(0, n);
  }

  cursorOf(slot: number): string {
    return encodeCursor(this.keyAt(slot), this.ids[slot]!);
  }

  /** Where a page continuing after `cursor` starts in `slots` (a subsequence of the order). */
  positionAfterCursor(slots: Slots, cursor: string): number {
    const decoded = decodeCursor(cursor);
    if (!decoded) return 0;
    const [key, id] = decoded;
    let lo = 0;
    let hi = slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const slot = slots[mid]!;
      if (compare(this.keyAt(slot), this.ids[slot]!, key, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where the record `id` is in `slots` (a subsequence of the order); -1 when not there. */
  positionOf(slots: Slots, id: string): number {
    const slot = this.slotById.get(id);
    if (slot === undefined) return -1;
    const key = this.keyAt(slot);
    let lo = 0;
    let hi = slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = slots[mid]!;
      if (compare(this.keyAt(other), this.ids[other]!, key, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return slots[lo] === slot ? lo : -1;
  }

  /** The sort key: the haystack's first field. */
  private keyAt(slot: number): string {
    const hay = this.hays[slot]!;
    const end = hay.indexOf(SEP);
    return end < 0 ? hay : hay.slice(0, end);
  }

  private store(slot: number, id: string, hay: string, value: T, tags: number): void {
    this.ids[slot] = id;
    this.hays[slot] = hay;
    this.values[slot] = value;
    this.letters = grow(this.letters, slot + 1);
    this.digits = grow(this.digits, slot + 1);
    this.tags = grow(this.tags, slot + 1);
    computeMasks(hay);
    this.letters[slot] = maskLetters;
    this.digits[slot] = maskDigits;
    this.tags[slot] = tags;
  }

  private removeFromOrder(slot: number): void {
    const at = this.lowerBound(this.keyAt(slot), this.ids[slot]!);
    if (this.order[at] !== slot) return;
    this.order.copyWithin(at, at + 1, this.count);
    this.count--;
  }

  private lowerBound(key: string, id: string): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const slot = this.order[mid]!;
      if (compare(this.keyAt(slot), this.ids[slot]!, key, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
