/**
 * The reader of `GET /changes`: server-sent events over `fetch` (an `EventSource` cannot send the
 * host's `Authorization` header), parsed as the HTML standard's event-stream format, resumed with
 * `Last-Event-ID` after every break, with a growing, jittered wait between attempts.
 *
 * It is defensive: an event that is not JSON or breaks the contract's `ContactsChange` is skipped
 * (its id still counts, so the stream resumes after it), an event over {@link MAX_EVENT_CHARS} is
 * dropped, and a connection that stays silent longer than the idle limit is replaced (the
 * reference server sends a comment every 15 s; a half-open connection would otherwise hang on
 * forever). Only 404, 405 and 501 stop it for good: that server has no live changes.
 */
import type { ContactsChange } from '../types.js';
import { delay } from '../util.js';
import { changeSchema } from './contract.js';
import { parseRetryAfter } from './error-mapping.js';

/** The longest event kept, in characters of its data; longer ones are skipped. */
export const MAX_EVENT_CHARS = 1_000_000;
/** The shortest reconnection delay a server's `retry:` can set, in ms. */
const MIN_RETRY_MS = 250;
/** Statuses that say the server has no `GET /changes`. */
const UNSUPPORTED = new Set([404, 405, 501]);

export interface ChangeStreamOptions {
  /** The URL of `GET /changes`. */
  url: string;
  fetch: typeof fetch;
  /** The adapter's headers for one request (the host's function is called each time). */
  headers: () => Promise<Headers>;
  /** A valid change, in stream order. */
  onChange: (change: ContactsChange) => void;
  /** The server answered that it has no live changes; the stream has stopped. */
  onUnsupported: () => void;
  /** The first wait before reconnecting, in ms, until the server's `retry:` says otherwise. */
  retryMs: number;
  /** The longest wait between attempts, in ms. */
  maxRetryMs: number;
  /** A connection silent for this long (no event, no comment) is replaced; 0 never. */
  idleMs: number;
}

/** One connection at a time until `stop()`; `start()` returns at once. */
export class ChangeStream {
  private controller: AbortController | undefined;
  private lastEventId: string | undefined;
  private retryMs: number;
  /** Settles once the current connection has heard from the server, or the attempt ended. */
  private opened: Promise<void> = Promise.resolve();
  private open: () => void = () => {};

  constructor(private readonly options: ChangeStreamOptions) {
    this.retryMs = options.retryMs;
  }

  get running(): boolean {
    return this.controller !== undefined;
  }

  /**
   * Resolves once the stream is anchored in the server's log: its connection has delivered its
   * first bytes (a server sends its position, or at least a comment, on connecting), so every
   * change logged from then on will arrive. Also resolves when the attempt fails or the stream
   * stops, so nothing waits on a stream that is not coming; at once when it is not running.
   */
  anchored(): Promise<void> {
    return this.running ? this.opened : Promise.resolve();
  }

  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    void this.run(controller.signal).finally(() => {
      if (this.controller === controller) this.controller = undefined;
    });
  }

  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.open();
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      let wait: number | undefined;
      try {
        const outcome = await this.connect(signal);
        if (outcome === 'unsupported') {
          this.options.onUnsupported();
          return;
        }
        if (outcome === 'heard') failures = 0;
        else if (typeof outcome === 'number') wait = outcome;
      } catch {
        // A failed or cut connection: try again below.
      }
      if (signal.aborted) return;
      wait ??= this.backoff(failures++);
      try {
        await delay(wait, signal);
      } catch {
        return;
      }
    }
  }

  /** A growing wait with jitter, so many clients do not come back in step. */
  private backoff(failures: number): number {
    const ceiling = Math.min(this.options.maxRetryMs, this.retryMs * 2 ** failures);
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  /**
   * One connection, read to its end. Returns `'heard'` when the stream delivered anything (the
   * next attempt starts from a short wait again), `'silent'` otherwise, `'unsupported'`, or the
   * wait a `Retry-After` asked for.
   */
  private async connect(signal: AbortSignal): Promise<'heard' | 'silent' | 'unsupported' | number> {
    this.opened = new Promise(resolve => (this.open = resolve));
    const attempt = new AbortController();
    const abort = () => attempt.abort();
    signal.addEventListener('abort', abort, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    const awake = () => {
      clearTimeout(idle);
      if (this.options.idleMs > 0) idle = setTimeout(abort, this.options.idleMs);
    };
    try {
      const headers = await this.options.headers();
      headers.set('Accept', 'text/event-stream');
      if (this.lastEventId !== undefined) headers.set('Last-Event-ID', this.lastEventId);
      awake();
      const fetchImpl = this.options.fetch;
      const response = await fetchImpl(this.options.url, {
        headers,
        cache: 'no-store',
        redirect: 'error',
        signal: attempt.signal,
      });
      if (UNSUPPORTED.has(response.status)) {
        void response.body?.cancel().catch(() => {});
        return 'unsupported';
      }
      const type = response.headers.get('Content-Type') ?? '';
      if (!response.ok || !response.body || !/^text\/event-stream\b/i.test(type)) {
        void response.body?.cancel().catch(() => {});
        // Retention passed: start again from now (what was missed cannot be had from here).
        if (response.status === 410) this.lastEventId = undefined;
        const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
        return retryAfter ?? 'silent';
      }
      return (await this.read(response.body, awake)) ? 'heard' : 'silent';
    } finally {
      clearTimeout(idle);
      signal.removeEventListener('abort', abort);
      attempt.abort();
      this.open();
    }
  }

  /** Reads events until the stream ends; true when it delivered anything at all. */
  private async read(body: ReadableStream<Uint8Array>, awake: () => void): Promise<boolean> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new EventParser((event, id) => this.dispatch(event, id));
    let heard = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!value?.length) continue;
        heard = true;
        awake();
        parser.push(decoder.decode(value, { stream: true }));
        this.open();
      }
    } finally {
      reader.cancel().catch(() => {});
    }
    return heard;
  }

  private dispatch(event: ParsedEvent | undefined, id: string | undefined): void {
    if (id !== undefined) this.lastEventId = id;
    if (!event) return;
    if (event.retry !== undefined) {
      // Bounded both ways: `retry: 0` must not make a reconnection loop of a closing server.
      this.retryMs = Math.min(Math.max(event.retry, MIN_RETRY_MS), this.options.maxRetryMs);
    }
    if (event.type !== 'message' && event.type !== 'change') return;
    if (event.data === undefined) return;
    let change: unknown;
    try {
      change = JSON.parse(event.data);
    } catch {
      return;
    }
    if (changeSchema(change, '')) return;
    this.options.onChange(change as ContactsChange);
  }
}

interface ParsedEvent {
  type: string;
  /** Undefined when the event had no data (only an id or a `retry:`). */
  data?: string;
  retry?: number;
}

/**
 * The event-stream format of the HTML standard, fed in chunks of any size: lines end with CRLF,
 * LF or CR; `data` lines join with LF; an `id` with NUL is ignored; a blank line dispatches.
 * `onEvent` gets the event (undefined for one with nothing to deliver) and the last event id
 * when the block set one.
 */
export class EventParser {
  private pending = '';
  private sawCr = false;
  private first = true;
  private data: string[] = [];
  private size = 0;
  private oversize = false;
  private type = '';
  private id: string | undefined;
  private retry: number | undefined;

  constructor(
    private readonly onEvent: (event: ParsedEvent | undefined, id: string | undefined) => void,
  ) {}

  push(chunk: string): void {
    let text = chunk;
    if (this.first) {
      this.first = false;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    // A CR at the end of the last chunk already ended its line; a LF right after it is its pair.
    if (this.sawCr && text.startsWith('\n')) text = text.slice(1);
    this.sawCr = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      if (char !== 10 && char !== 13) continue;
      this.line(this.pending + text.slice(start, i));
      this.pending = '';
      if (char === 13) {
        if (i + 1 < text.length && text.charCodeAt(i + 1) === 10) i++;
        else if (i + 1 === text.length) this.sawCr = true;
      }
      start = i + 1;
    }
    this.pending += text.slice(start);
    if (this.pending.length > MAX_EVENT_CHARS) {
      // A line that never ends: drop it, and the event it belongs to.
      this.pending = '';
      this.oversize = true;
    }
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.size += value.length + 1;
        if (this.size > MAX_EVENT_CHARS) this.oversize = true;
        else this.data.push(value);
        break;
      case 'event':
        this.type = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
      // Unknown fields are ignored, as the standard says.
    }
  }

  private dispatch(): void {
    const event: ParsedEvent = { type: this.type || 'message' };
    if (this.data.length && !this.oversize) event.data = this.data.join('\n');
    if (this.retry !== undefined) event.retry = this.retry;
    const id = this.id;
    this.data = [];
    this.size = 0;
    this.oversize = false;
    this.type = '';
    this.retry = undefined;
    this.id = undefined;
    this.onEvent(event.data !== undefined || event.retry !== undefined ? event : undefined, id);
  }
}
