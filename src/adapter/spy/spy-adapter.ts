/**
 * An adapter wrapper for host tests: it passes every call through to the adapter it wraps, records
 * each call's arguments, and on request makes calls fail, so a test can show how a page behaves
 * when the network drops or an answer is lost after the write went through.
 */
import { ContactsError } from '../errors.js';
import type { ContactsAdapter } from '../types.js';

/** The adapter methods a spy can make fail (every method but `subscribe`; `order` is no method). */
export type SpiedMethod = Exclude<keyof ContactsAdapter, 'subscribe' | 'order'>;

export interface SpyAdapter extends ContactsAdapter {
  /** Arguments of every call, by method name, oldest first. */
  readonly calls: Record<string, unknown[][]>;
  /**
   * Makes the next `times` calls of `method` reject with `error` (default: a `network`
   * ContactsError) without reaching the wrapped adapter.
   */
  failNext(method: SpiedMethod, times?: number, error?: unknown): void;
  /**
   * Makes the next call of `method` reach the wrapped adapter, which does the work, and then
   * reject with a `network` ContactsError, as when a response is lost on the way back.
   */
  loseNextResponse(method: SpiedMethod): void;
}

/** Wraps `base` in a proxy that records calls and injects failures; `base` stays usable as is. */
export function spyAdapter(base: ContactsAdapter): SpyAdapter {
  const calls: Record<string, unknown[][]> = {};
  const failures = new Map<string, { times: number; error: unknown }>();
  const lost = new Set<string>();
  const extra = {
    calls,
    failNext(
      method: SpiedMethod,
      times = 1,
      error: unknown = new ContactsError('network', 'offline'),
    ) {
      failures.set(method, { times, error });
    },
    loseNextResponse(method: SpiedMethod) {
      lost.add(method);
    },
  };
  return new Proxy(base, {
    get(target, prop) {
      if (prop in extra) return extra[prop as keyof typeof extra];
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const name = String(prop);
        (calls[name] ??= []).push(args);
        const failure = failures.get(name);
        if (failure && failure.times > 0) {
          failure.times--;
          return Promise.reject(failure.error);
        }
        const result: unknown = value.apply(target, args);
        if (lost.delete(name)) {
          return (result as Promise<unknown>).then(() => {
            throw new ContactsError('network', 'The response was lost.');
          });
        }
        return result;
      };
    },
  }) as SpyAdapter;
}
