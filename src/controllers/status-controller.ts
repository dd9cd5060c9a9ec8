/**
 * How an element tells about what happened: adapter failures go to the host as `contacts-error`
 * (the element renders the failure state itself), and short confirmations ("Contact saved.") go to
 * assistive technology through a polite live region the element renders with `region()`.
 */
import { type ReactiveController, type ReactiveControllerHost, html } from 'lit';

import { isAbortError, isContactsError } from '../adapter/errors.js';
import { ContactsErrorEvent } from '../events/contacts-error.js';

/** Runs `callback` later; the default waits for the next animation frame. */
export type AnnounceScheduler = (callback: () => void) => void;

export interface AnnounceOptions {
  /** When to word the message, e.g. after the next paint. Default: the next animation frame. */
  schedule?: AnnounceScheduler;
}

export class StatusController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private message = '';

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
  }

  /** What the live region says now. */
  get announcement(): string {
    return this.message;
  }

  /**
   * Fires `contacts-error` from the host for a failed adapter call. Aborts are not failures: a
   * newer request replaced the call, or the element went away.
   */
  reportError(operation: string, error: unknown): void {
    if (isAbortError(error)) return;
    this.host.dispatchEvent(new ContactsErrorEvent({ operation, error }));
  }

  /**
   * Says `message` in the live region. A function is read when the message is worded, and says
   * nothing when it returns undefined (the state it describes has gone meanwhile).
   */
  announce(message: string | (() => string | undefined), options: AnnounceOptions = {}): void {
    // Cleared first, so the same message twice is announced twice.
    this.set('');
    const schedule = options.schedule ?? requestAnimationFrame;
    schedule(() => {
      const text = typeof message === 'function' ? message() : message;
      if (text !== undefined) this.set(text);
    });
  }

  /** The polite live region, visually hidden; render it once per element. */
  region() {
    return html`<div class="visually-hidden" role="status">${this.message}</div>`;
  }

  private set(message: string): void {
    if (message === this.message) return;
    this.message = message;
    this.host.requestUpdate();
  }
}

/**
 * The automatic retry of a failed load whose server said when to come back (`retryAfterMs` on
 * the error, from `Retry-After`): it counts the seconds down, re-rendering the host each second so
 * the error can say "Retrying in N s", and runs the retry when they are over. Retry pressed by the
 * agent, another record, or the host leaving the page cancels it.
 */
export class RetryCountdown implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private timer?: ReturnType<typeof setTimeout>;
  private deadline?: number;
  private retry?: () => unknown;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** Whole seconds left before the automatic retry; undefined when none is due. */
  get seconds(): number | undefined {
    if (this.deadline === undefined) return undefined;
    return Math.max(0, Math.ceil((this.deadline - Date.now()) / 1000));
  }

  /** After a failure: when `error` says when to try again, runs `retry` then. */
  arm(error: unknown, retry: () => unknown): void {
    this.cancel();
    const wait = isContactsError(error) ? error.retryAfterMs : undefined;
    if (wait === undefined || !Number.isFinite(wait) || wait < 0) return;
    this.deadline = Date.now() + wait;
    this.retry = retry;
    this.tick();
  }

  /** Drops the automatic retry, if one is due. */
  cancel(): void {
    clearTimeout(this.timer);
    const armed = this.deadline !== undefined;
    this.timer = undefined;
    this.deadline = undefined;
    this.retry = undefined;
    if (armed) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.cancel();
  }

  private tick(): void {
    const left = (this.deadline ?? 0) - Date.now();
    if (left <= 0) {
      const retry = this.retry;
      this.cancel();
      retry?.();
      return;
    }
    this.host.requestUpdate();
    // Wakes when the shown number of seconds changes, and exactly at the deadline.
    this.timer = setTimeout(() => this.tick(), left % 1000 || 1000);
  }
}
