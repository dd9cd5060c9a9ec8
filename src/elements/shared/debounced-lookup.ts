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
