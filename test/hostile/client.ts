/**
 * The browser side of the hostile backend (`server.mjs`): a fresh store per call of
 * {@link hostileServer}, its control API, and a REST adapter pointed at it.
 *
 * ```ts
 * const server = await hostileServer();
 * await server.fault({ method: 'GET', path: '^/contacts$', kind: 'page-cap', max: 20 });
 * const adapter = restAdapter(server);
 * ```
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

import { ContactsError } from '../../src/adapter/errors.js';
import { RestContactsAdapter, type RestAdapterOptions } from '../../src/adapter/rest/index.js';
import type { Company, Contact, ConversationSummary } from '../../src/model/types.js';

/** Which requests a rule applies to, how many times, and how long they wait first. */
export interface RuleMatch {
  /** GET, POST or PATCH; any method when absent. */
  method?: string;
  /** A regular expression tested against the path after the base URL, e.g. `^/contacts$`. */
  path?: string;
  /** How many matching requests it applies to; every one when absent. */
  times?: number;
  /** Milliseconds to wait before answering (combines with any kind). */
  delay?: number;
}

/**
 * A programmable fault. Every matching rule applies, in the order added; the first one that
 * answers by itself (`respond`, `hang`, `redirect`, `drop` before the store) ends the request,
 * the others change what the store answers.
 */
export type FaultRule = RuleMatch &
  (
    | {
        /** Answers this instead of asking the store. */
        kind: 'respond';
        status: number;
        /** JSON body; defaults to the contract's `Error` body for the status. */
        body?: unknown;
        /** A raw body instead (invalid JSON, HTML, empty with `''`). */
        text?: string;
        headers?: Record<string, string>;
      }
    /** Never answers (until the run ends or the client gives up). */
    | { kind: 'hang' }
    /**
     * Closes the connection without an answer: `before` the store sees the request, or `after`
     * it committed (the default), so the client cannot know the write happened.
     */
    | { kind: 'drop'; when?: 'before' | 'after' }
    /** Redirects (302 by default) to the same path on the other origin, or to `to`. */
    | { kind: 'redirect'; to?: string; status?: number }
    /** Pages hold at most `max` rows, whatever limit was asked. */
    | { kind: 'page-cap'; max: number }
    /** Lists in another order: most recent activity first. */
    | { kind: 'order'; by: 'activity' }
    /**
     * Breaks the shape of the answer: drops `items`, makes it null, or drops or sets `field` in
     * the records (a page's items, a list, a resolve's contact, a single record); `index` picks
     * one record, every record when absent.
     */
    | {
        kind: 'shape';
        change: 'items-missing' | 'items-null' | 'drop-field' | 'set-field';
        field?: string;
        value?: unknown;
        index?: number;
      }
    /** A page repeats its first record right after it. */
    | { kind: 'repeat-ids' }
    /**
     * What a repeated Idempotency-Key does: `replay` (the default) answers the first response
     * whatever the body; `refuse-mismatch` answers 422 when the body differs (IETF draft).
     */
    | { kind: 'idempotency'; mode: 'replay' | 'refuse-mismatch' }
    /** The store does not see the query parameter `name`: a server without that filter. */
    | { kind: 'ignore-query'; name: string }
    /** Only waits (`delay`), then answers normally. */
    | { kind: 'delay' }
  );

/** One API request as the server received it (CORS preflights are left out). */
export interface LoggedRequest {
  method: string;
  /** The path after the base URL, e.g. `/contacts`. */
  path: string;
  /** The query string's parameters; a repeated one holds its last value (see `search`). */
  query: Record<string, string>;
  /** The query string as sent, `?` included (empty without one). */
  search: string;
  /** Which origin it reached: `other` only after a redirect was followed. */
  origin: 'primary' | 'other';
  /** The headers of the contract that were sent: idempotency-key, if-match, content-type, authorization. */
  headers: Record<string, string>;
  body?: unknown;
  /** The kinds of the fault rules that applied. */
  faults: FaultRule['kind'][];
  /** True when the request reached the store (no fault answered in its place). */
  stored: boolean;
  /** The status answered; null when the request hung or its connection was dropped. */
  status: number | null;
  /** When it arrived, in ms since the epoch. */
  at: number;
}

/** Records to store as given (no validation); missing required fields get defaults. */
export interface SeedData {
  contacts?: Partial<Contact>[];
  companies?: Partial<Company>[];
  conversations?: (Partial<ConversationSummary> & { contactId: string })[];
  /** Adds this many contacts, `Person 0001`…, whose activity order differs from name order. */
  generate?: number;
}

export interface HostileServer {
  /** The API base URL of this store, e.g. `http://127.0.0.1:40123/s/ab12cd34`. */
  url: string;
  /** The same store from another origin (127.0.0.2), where redirects point. */
  otherUrl: string;
  /** Empties the store, its faults and its request log. */
  reset(): Promise<void>;
  seed(data: SeedData): Promise<void>;
  /** Adds a fault rule; resolves with its id. */
  fault(rule: FaultRule): Promise<number>;
  /** Removes every fault rule. */
  clearFaults(): Promise<void>;
  /** The API requests received so far, oldest first. */
  requests(): Promise<LoggedRequest[]>;
}

let origin: Promise<{ url: string }> | undefined;

async function control(url: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status}`);
  return response.status === 204 ? undefined : response.json();
}

const post = (url: string, body?: unknown) =>
  control(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });

/** A fresh, empty store on the hostile backend the test runner started. */
export async function hostileServer(): Promise<HostileServer> {
  origin ??= executeServerCommand<{ url: string }, undefined>('hostile-server').then(found => {
    if (!found) throw new Error('The hostile-server plugin is not in web-test-runner.config.mjs.');
    return found;
  });
  const { url, otherUrl } = (await post(`${(await origin).url}/__stores`)) as HostileServer;
  return {
    url,
    otherUrl,
    reset: async () => void (await post(`${url}/__reset`)),
    seed: async data => void (await post(`${url}/__seed`, data)),
    fault: async rule => ((await post(`${url}/__faults`, rule)) as { id: number }).id,
    clearFaults: async () => void (await control(`${url}/__faults`, { method: 'DELETE' })),
    requests: async () => (await control(`${url}/__requests`)) as LoggedRequest[],
  };
}

/**
 * A REST adapter talking to `server`. Options the adapter does not know yet (those issue 11
 * adds, such as a timeout) pass through untyped, so tests of the target behaviour compile today.
 */
export function restAdapter(
  server: Pick<HostileServer, 'url'>,
  options: Omit<RestAdapterOptions, 'baseUrl'> & Record<string, unknown> = {},
): RestContactsAdapter {
  return new RestContactsAdapter({ ...options, baseUrl: server.url });
}

/** What `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('The call should have rejected.');
}

/** The ContactsError `promise` rejects with; fails the test on anything else. */
export async function contactsError(promise: Promise<unknown>): Promise<ContactsError> {
  const error = await rejection(promise);
  expect(error, String(error)).to.be.instanceOf(ContactsError);
  return error as ContactsError;
}

/**
 * Text that must stay inert wherever a record's value lands: markup, script URLs, names of
 * Object.prototype members, invisible and direction-control characters, a lone surrogate.
 */
export const HOSTILE_TEXT = {
  markup: '<img src=x onerror="window.__pwned=1">',
  scriptUrl: 'javascript:window.__pwned=1',
  protoKey: '__proto__',
  objectMember: 'constructor',
  toStringMember: 'toString',
  bidi: '\u202Egnp.exe\u202C',
  invisible: '\u200B\u2060\uFEFF',
  mailtoInjection: 'ana@example.com?bcc=all@example.com&subject=hi',
  telInjection: '+5511987654321;ext=1?call=evil',
  loneSurrogate: 'Ana \uD800',
} as const;
