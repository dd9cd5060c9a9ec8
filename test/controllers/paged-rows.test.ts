import { expect } from '@open-wc/testing';

import type { Page, PageRequest } from '../../src/adapter/types.js';
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
