import { expect } from '@open-wc/testing';

import type { Page, PageRequest } from '../../src/adapter/types.js';
import { findEnd } from '../../src/controllers/list-seek.js';
import { PagedRows } from '../../src/controllers/paged-rows.js';
import { waitFor } from '../helpers/queries.js';

interface Item {
  id: string;
}

/** A list of `count` items answered by hand: each request waits until the test settles it. */
function source(count: number) {
  let items: Item[] = Array.from({ length: count }, (_, i) => ({ id: `r${i}` }));
  const requests: {
    request: PageRequest;
    signal: AbortSignal;
    answer: () => void;
    fail: (error: unknown) => void;
  }[] = [];
  const fetch = (request: PageRequest, signal: AbortSignal) =>
    new Promise<Page<Item>>((resolve, reject) => {
      const answer = () => {
        let start = request.offset ?? 0;
        if (request.cursor) start = items.findIndex(item => item.id === request.cursor) + 1;
        const slice = items.slice(start, start + (request.limit ?? 50));
        const end = start + slice.length;
        resolve({
          items: slice,
          total: items.length,
          offset: start,
          nextCursor: end < items.length ? slice[slice.length - 1]!.id : null,
        });
      };
      requests.push({ request, signal, answer, fail: reject });
    });
  return {
    fetch,
    requests,
    insert(at: number, item: Item) {
      items = [...items.slice(0, at), item, ...items.slice(at)];
    },
    answerAll() {
      for (const pending of requests.splice(0)) pending.answer();
    },
  };
}

function paged(count: number, pageSize = 10) {
  const src = source(count);
  let updates = 0;
  const errors: unknown[] = [];
  const rows = new PagedRows<Item>({
    fetch: src.fetch,
    pageSize,
    onUpdate: () => updates++,
    onError: error => errors.push(error),
    maxRows: 60,
  });
  return { src, rows, errors, updates: () => updates };
}

const settle = () => new Promise(resolve => setTimeout(resolve));

describe('PagedRows', () => {
  it('loads the pages a window needs, once each', async () => {
    const { src, rows } = paged(100);
    rows.request(0, 25);
    rows.request(0, 25);
    expect(src.requests.map(r => r.request.offset)).to.deep.equal([0, 10, 20]);
    src.answerAll();
    await rows.ready;
    await settle();
    expect(rows.total).to.equal(100);
    expect(rows.at(0)?.id).to.equal('r0');
    expect(rows.at(24)?.id).to.equal('r24');
    rows.request(5, 25);
    expect(src.requests).to.have.length(0);
  });

  it('continues from a cursor when the previous page is loaded, and jumps by offset', async () => {
    const { src, rows } = paged(100);
    rows.request(0, 5);
    src.answerAll();
    await settle();
    rows.request(12, 15);
    expect(src.requests[0]!.request).to.deep.equal({ cursor: 'r9', limit: 10 });
    src.answerAll();
    await settle();
    rows.request(95, 100);
    expect(src.requests[0]!.request).to.deep.equal({ offset: 90, limit: 10 });
    src.answerAll();
    await settle();
    expect(rows.at(99)?.id).to.equal('r99');
  });

  it('abandons window pages the viewport has left, but not awaited ones', async () => {
    const { src, rows } = paged(1000);
    rows.request(0, 5);
    src.answerAll();
    await settle();
    rows.request(500, 505);
    const jump = src.requests[0]!;
    const awaited = rows.ensure(700);
    rows.request(900, 905);
    expect(jump.signal.aborted).to.be.true;
    const probe = src.requests.find(r => r.request.offset === 700)!;
    expect(probe.signal.aborted).to.be.false;
    src.answerAll();
    expect((await awaited)?.id).to.equal('r700');
  });

  it('ignores everything after dispose', async () => {
    const { src, rows, updates } = paged(100);
    rows.request(0, 5);
    const before = updates();
    rows.dispose();
    expect(src.requests[0]!.signal.aborted).to.be.true;
    src.answerAll();
    await settle();
    expect(rows.total).to.be.undefined;
    expect(updates()).to.equal(before);
  });

  it('keeps old rows while a refresh is on its way, then shows the new ones', async () => {
    const { src, rows } = paged(100);
    rows.request(30, 40);
    src.answerAll();
    await settle();
    src.insert(0, { id: 'new' });
    const refreshed = rows.refresh(30, 40);
    expect(rows.at(30)?.id).to.equal('r30');
    src.answerAll();
    await refreshed;
    expect(rows.total).to.equal(101);
    expect(rows.at(30)?.id).to.equal('r29');
    expect(rows.indexOf('r30', 30)).to.equal(31);
  });

  it('reports a failure once, does not retry by itself, and retries on request', async () => {
    const { src, rows, errors } = paged(100);
    rows.request(0, 5);
    src.requests.splice(0)[0]!.fail(new Error('offline'));
    await rows.ready;
    await settle();
    expect(rows.error).to.be.an('error');
    expect(errors).to.have.length(1);
    rows.request(0, 5);
    expect(src.requests).to.have.length(0);
    rows.retry();
    expect(src.requests).to.have.length(1);
    src.answerAll();
    await waitFor(() => rows.loaded);
    expect(rows.error).to.be.undefined;
  });

  it('does not report aborts as failures', async () => {
    const { src, rows, errors } = paged(100);
    rows.request(0, 5);
    src.requests[0]!.fail(new DOMException('aborted', 'AbortError'));
    await settle();
    expect(errors).to.have.length(0);
    expect(rows.error).to.be.undefined;
  });

  it('drops rows far from the viewport once it holds too many', async () => {
    const { src, rows } = paged(10_000);
    for (const start of [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000]) {
      rows.request(start, start + 20);
      src.answerAll();
      await settle();
    }
    expect(rows.at(7000)?.id).to.equal('r7000');
    expect(rows.at(0)).to.be.undefined;
    rows.request(0, 5);
    expect(src.requests.map(r => r.request.offset)).to.deep.equal([0]);
  });
});

describe('PagedRows over lower-bound totals (totalExact false)', () => {
  /**
   * `count` items whose pages say only that the records up to their end match, while more
   * follow; the page reaching the end (or asked for past it) is exact. Answers at once.
   */
  function bounded(count: number, pageSize = 10) {
    const requests: PageRequest[] = [];
    let settled = 0;
    const rows = new PagedRows<Item>({
      pageSize,
      onUpdate: () => {},
      onSettled: () => settled++,
      fetch: async request => {
        requests.push(request);
        let start = Math.min(count, request.offset ?? 0);
        if (request.cursor) start = Number(request.cursor.slice(1)) + 1;
        const end = Math.min(count, start + (request.limit ?? 50));
        const items = Array.from({ length: end - start }, (_, i) => ({ id: `r${start + i}` }));
        const more = end < count;
        const page: Page<Item> = {
          items,
          total: more ? end : count,
          offset: start,
          nextCursor: more ? `r${end - 1}` : null,
        };
        if (more) page.totalExact = false;
        return page;
      },
    });
    return { rows, requests, settled: () => settled };
  }

  it('sizes the rows to the total known and grows them as the window nears its end', async () => {
    const { rows, requests } = bounded(35);
    rows.request(0, 10);
    await rows.ready;
    await settle();
    expect(rows.total).to.equal(10);
    expect(rows.totalExact).to.be.false;
    // The window (rendered again with the answer) reaches the known end: the page after it too.
    rows.request(0, 10);
    await settle();
    expect(requests.map(r => r.cursor ?? r.offset)).to.deep.equal([0, 'r9']);
    expect(rows.total).to.equal(20);
    expect(rows.totalExact).to.be.false;
    rows.request(10, 20);
    await settle();
    expect(rows.total).to.equal(30);
    rows.request(20, 30);
    await settle();
    expect(rows.total).to.equal(35);
    expect(rows.totalExact).to.be.true;
    expect(rows.at(34)?.id).to.equal('r34');
  });

  it('never lowers the known total for a smaller bound from an earlier page', async () => {
    const { rows } = bounded(100);
    await rows.ensure(55);
    expect(rows.total).to.equal(60);
    await rows.ensure(5);
    expect(rows.total).to.equal(60);
    expect(rows.totalExact).to.be.false;
  });

  it('finds the end by reading ahead, and reports the total settled once', async () => {
    const { rows, requests, settled } = bounded(1234);
    rows.request(0, 5);
    await rows.ready;
    expect(await findEnd(rows)).to.equal(1233);
    expect(rows.total).to.equal(1234);
    expect(rows.totalExact).to.be.true;
    expect(settled()).to.equal(1);
    // Twice as far each time: a handful of requests, not a walk through every page.
    expect(requests.length).to.be.at.most(12);
    expect((await rows.ensure(1233))?.id).to.equal('r1233');
  });

  it('takes an empty answer past a lower bound as the end of the list', async () => {
    const rows = new PagedRows<Item>({
      pageSize: 10,
      onUpdate: () => {},
      fetch: async request => {
        const start = request.offset ?? 0;
        if (start >= 10) {
          return { items: [], total: 10, offset: start, nextCursor: 'x', totalExact: false };
        }
        const items = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}` }));
        return { items, total: 10, offset: 0, nextCursor: 'r9', totalExact: false };
      },
    });
    await rows.ensure(0);
    expect(rows.totalExact).to.be.false;
    await rows.ensure(15);
    expect(rows.total).to.equal(10);
    expect(rows.totalExact).to.be.true;
  });
});
