/**
 * How an element tells about what happened: adapter failures go to the host as `contacts-error`
 * (the element renders the failure state itself), and short confirmations ("Contact saved.") go to
 * assistive technology through a polite live region the element renders with `region()`.
 */
import { type ReactiveControllerHost, html } from 'lit';

import { isAbortError } from '../adapter/errors.js';
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
