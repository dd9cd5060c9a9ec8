/** Small helpers shared by the adapters. */

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

let channel: MessageChannel | undefined;
const queued: Array<() => void> = [];

/**
 * Runs `callback` in a task of its own, soon: for background work in slices. Unlike a chain of
 * `setTimeout(0)`, which browsers hold back 4 ms per call once nested, the slices follow one
 * another at once (rendering and input still get their turn between them).
 */
export function nextTask(callback: () => void): void {
  if (typeof MessageChannel !== 'function') {
    setTimeout(callback);
    return;
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => queued.shift()?.();
    // In Node a listening port would keep the process alive.
    (channel.port1 as { unref?: () => void }).unref?.();
  }
  queued.push(callback);
  channel.port2.postMessage(null);
}

export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID()}`;
}

/** A fresh idempotency key for one user intent. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(limit)));
}
