/**
 * A debounced, abortable lookup per key (one per form field): each new request cancels the pending
 * timer and aborts the lookup in flight, so a slow answer for an old value never lands last.
 */
export class DebouncedLookup<K extends string> {
  private readonly delay: number;
  private readonly timers = new Map<K, ReturnType<typeof setTimeout>>();
  private readonly controllers = new Map<K, AbortController>();

  constructor(delay: number) {
    this.delay = delay;
  }

  /** Runs `work` after the delay unless another request for `key` comes first. */
  schedule(key: K, work: (signal: AbortSignal) => Promise<void>): void {
    this.cancel(key);
    const controller = new AbortController();
    this.controllers.set(key, controller);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        work(controller.signal).catch(() => {
          // A failed lookup only means no warning; the save itself still reports duplicates.
        });
      }, this.delay),
    );
  }

  cancel(key: K): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.controllers.get(key)?.abort();
    this.controllers.delete(key);
  }

  cancelAll(): void {
    for (const key of [...this.controllers.keys()]) this.cancel(key);
  }
}

/**
 * The entry of a string-keyed table (translations by key, channel names, statuses, name
 * sources) for `key`, only when the table itself holds it: a record's value such as
 * `constructor`, `toString` or `__proto__` finds nothing rather than a member of
 * Object.prototype.
 */
export function ownEntry<V>(table: Readonly<Record<string, V>>, key: unknown): V | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}
