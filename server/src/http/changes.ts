/** `GET /changes`: the account's change log as server-sent events. */
import type { Context } from 'hono';
import { stream } from 'hono/streaming';

import type { Store } from '../store/types.js';
import { HttpProblem } from './problem.js';

export interface ChangeStreamOptions {
  /** How often a comment line keeps idle connections (and proxies) open, in ms. */
  heartbeatMs: number;
  /** The reconnection delay suggested to clients (`retry:`), in ms. */
  retryMs: number;
}

/** Where the client resumes: `Last-Event-ID`, else the `lastEventId` query parameter. */
export function resumeId(request: Request): string | undefined {
  const url = new URL(request.url);
  const raw = request.headers.get('Last-Event-ID') ?? url.searchParams.get('lastEventId');
  if (raw === null || raw.trim() === '') return undefined;
  const id = raw.trim();
  if (!/^\d{1,20}$/.test(id)) {
    throw new HttpProblem(400, 'validation', 'Last-Event-ID must be an event id of this stream.', {
      path: 'Last-Event-ID',
    });
  }
  return id;
}

/**
 * Streams every change of `account` after `afterId` (without it, from the latest logged change,
 * whose id is sent first with no data, so a client that reconnects before any change resumes
 * there): each as a `change` event whose id is its change log id and whose data is the
 * `ContactsChange` JSON, then every later change as it is logged, until the client goes away.
 */
export function changeStream(
  c: Context,
  store: Store,
  account: string,
  afterId: string | undefined,
  options: ChangeStreamOptions,
): Response {
  c.header('Content-Type', 'text/event-stream; charset=utf-8');
  c.header('Cache-Control', 'no-cache, no-transform');
  c.header('X-Accel-Buffering', 'no');
  return stream(c, async out => {
    // One chain of writes, so events leave in the order the log delivered them.
    const after = afterId ?? (await store.lastChangeId(account));
    const start = afterId === undefined ? `id: ${after}\n` : '';
    let writes: Promise<unknown> = out.write(`retry: ${options.retryMs}\n${start}: connected\n\n`);
    const send = (text: string) => {
      writes = writes
        .then(() => (out.aborted || out.closed ? undefined : out.write(text)))
        // A write to a connection that just closed fails; the abort ends the stream anyway.
        .catch(() => undefined);
    };
    const gone = new Promise<void>(resolve => out.onAbort(resolve));
    const stop = await store.changes(account, after, ({ id, change }) => {
      send(`id: ${id}\nevent: change\ndata: ${JSON.stringify(change)}\n\n`);
    });
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), options.heartbeatMs);
    try {
      if (!out.aborted) await gone;
    } finally {
      clearInterval(heartbeat);
      stop();
    }
  });
}
