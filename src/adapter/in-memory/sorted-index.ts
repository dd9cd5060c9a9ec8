/**
 * Record ids kept sorted by their folded name (then id), next to each record's search haystack,
 * so a list page is a slice and a search is one pass over flat arrays.
 */

function keyOf(hay: string): string {
  const end = hay.indexOf('\n');
  return end < 0 ? hay : hay.slice(0, end);
}

function compare(keyA: string, idA: string, keyB: string, idB: string): number {
  if (keyA !== keyB) return keyA < keyB ? -1 : 1;
  return idA === idB ? 0 : idA < idB ? -1 : 1;
}

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

export class SortedIndex {
  private order: string[] = [];
  private hays: string[] = [];
  private readonly hayById = new Map<string, string>();

  get ids(): readonly string[] {
    return this.order;
  }

  get size(): number {
    return this.order.length;
  }

  hayOf(id: string): string | undefined {
    return this.hayById.get(id);
  }

  /** Adds a record; with `sorted` false it is appended and {@link sort} must run before reads. */
  add(id: string, hay: string, sorted: boolean): void {
    this.hayById.set(id, hay);
    if (!sorted) {
      this.order.push(id);
      this.hays.push(hay);
      return;
    }
    const at = this.lowerBound(this.order, keyOf(hay), id);
    this.order.splice(at, 0, id);
    this.hays.splice(at, 0, hay);
  }

  remove(id: string): void {
    const hay = this.hayById.get(id);
    if (hay === undefined) return;
    const at = this.lowerBound(this.order, keyOf(hay), id);
    if (this.order[at] === id) {
      this.order.splice(at, 1);
      this.hays.splice(at, 1);
    }
    this.hayById.delete(id);
  }

  sort(): void {
    const rows = this.order.map((id, i) => ({ id, hay: this.hays[i]!, key: keyOf(this.hays[i]!) }));
    rows.sort((a, b) => compare(a.key, a.id, b.key, b.id));
    this.order = rows.map(r => r.id);
    this.hays = rows.map(r => r.hay);
  }

  /** Ids whose haystack passes `test`, in order. */
  filter(test: (hay: string, id: string) => boolean): string[] {
    const out: string[] = [];
    const { order, hays } = this;
    for (let i = 0; i < order.length; i++) if (test(hays[i]!, order[i]!)) out.push(order[i]!);
    return out;
  }

  cursorOf(id: string): string {
    return encodeCursor(keyOf(this.hayById.get(id) ?? ''), id);
  }

  /** Where a page continuing after `cursor` starts in `ids` (a subsequence of this index). */
  positionAfterCursor(ids: readonly string[], cursor: string): number {
    const decoded = decodeCursor(cursor);
    if (!decoded) return 0;
    const [key, id] = decoded;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const midId = ids[mid]!;
      if (compare(keyOf(this.hayById.get(midId) ?? ''), midId, key, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerBound(ids: readonly string[], key: string, id: string): number {
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const midId = ids[mid]!;
      if (compare(keyOf(this.hayById.get(midId) ?? ''), midId, key, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
