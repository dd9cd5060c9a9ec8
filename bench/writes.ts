/**
 * Merge and restore latency in the in-memory adapter at the bench's sizes: the adapter over the
 * generated data, a listener subscribed (as the elements are), then pairs of contacts spread over
 * the list merged and each merge restored at once, so the store keeps its size. Each call is
 * timed from the call to its answer.
 */
import { InMemoryContactsAdapter } from '../src/adapter/in-memory/in-memory-adapter.js';
import { generateDataset } from '../src/adapter/seed/generate.js';
import { newIdempotencyKey } from '../src/adapter/util.js';

export interface WritesOptions {
  n: number;
  /** Merges (and as many restores) timed. */
  samples: number;
  /** Untimed merge-and-restore rounds first, so the code is compiled. */
  warmup?: number;
}

export interface WritesResult {
  mergeMs: number[];
  restoreMs: number[];
  /** Conversations moved by the timed merges, in all. */
  moved: number;
}

export async function measureWrites(options: WritesOptions): Promise<WritesResult> {
  const data = generateDataset({ contacts: options.n });
  const ids = data.contacts.map(contact => contact.id);
  const adapter = new InMemoryContactsAdapter({ data });
  let moved = 0;
  const stop = adapter.subscribe(change => {
    if (change.type === 'conversation' && change.action === 'updated') moved++;
  });
  const result: WritesResult = { mergeMs: [], restoreMs: [], moved: 0 };
  const warmup = options.warmup ?? 5;
  // Spread over the list by two strides, prime to each other, so no pair repeats.
  for (let i = 0; i < warmup + options.samples; i++) {
    const primaryId = ids[(i * 7919) % ids.length]!;
    let secondaryId = ids[(i * 104_729 + ids.length / 2) % ids.length]!;
    if (secondaryId === primaryId) secondaryId = ids[(ids.indexOf(primaryId) + 1) % ids.length]!;
    const [primary, secondary] = [
      await adapter.getContact(primaryId),
      await adapter.getContact(secondaryId),
    ];
    if (i === warmup) moved = 0;
    let started = performance.now();
    const merged = await adapter.mergeContacts(
      primary.id,
      secondary.id,
      {},
      {
        idempotencyKey: newIdempotencyKey(),
        expectedVersions: { primary: primary.version, secondary: secondary.version },
      },
    );
    const mergeMs = performance.now() - started;
    started = performance.now();
    await adapter.restore(merged.restorePoint.token);
    const restoreMs = performance.now() - started;
    if (i >= warmup) {
      result.mergeMs.push(mergeMs);
      result.restoreMs.push(restoreMs);
    }
  }
  stop();
  const total = (await adapter.listContacts({ limit: 1 })).total;
  if (total !== options.n) throw new Error(`${total} contacts after the merges, not ${options.n}`);
  result.moved = moved;
  return result;
}
