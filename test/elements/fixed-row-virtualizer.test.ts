import { expect } from '@open-wc/testing';

import {
  DEFAULT_MAX_SCROLL_HEIGHT,
  FixedRowVirtualizer,
} from '../../src/elements/contacts-virtual-listbox/fixed-row-virtualizer.js';

function virtualizer(count: number, viewport = 480, rowHeight = 48, maxScrollHeight?: number) {
  const v = new FixedRowVirtualizer({ rowHeight, overscan: 3, maxScrollHeight });
  v.count = count;
  v.viewport = viewport;
  return v;
}

/** Every row index a range renders, as the panel does. */
function rendered(v: FixedRowVirtualizer, scrollTop: number): number[] {
  const { start, end } = v.range(scrollTop);
  return Array.from({ length: end - start }, (_, i) => start + i);
}

describe('FixedRowVirtualizer', () => {
  describe('below the height limit (1:1)', () => {
    it('sizes the scroll range to the rows and places rows at their natural offsets', () => {
      const v = virtualizer(100_000);
      expect(v.scaled).to.be.false;
      expect(v.scrollHeight).to.equal(4_800_000);
      expect(v.maxScrollTop).to.equal(4_800_000 - 480);
      expect(v.rowTop(1234, 0)).to.equal(1234 * 48);
      expect(v.rowTop(1234, 999_999)).to.equal(1234 * 48);
      expect(v.offsetAt(960)).to.equal(960);
    });

    it('renders the visible rows plus overscan, never past either end', () => {
      const v = virtualizer(100_000);
      expect(v.range(0)).to.deep.equal({ first: 0, last: 10, start: 0, end: 13 });
      expect(v.range(48 * 50 + 24)).to.deep.equal({ first: 50, last: 61, start: 47, end: 64 });
      const end = v.range(v.maxScrollTop);
      expect(end.last).to.equal(100_000);
      expect(end.end).to.equal(100_000);
      expect(end.first).to.equal(100_000 - 10);
    });

    it('keeps the DOM to O(viewport): the same number of rows wherever it scrolls', () => {
      const v = virtualizer(100_000);
      for (const top of [0, 1, 4_000, 2_400_000, v.maxScrollTop]) {
        expect(rendered(v, top).length).to.be.at.most(10 + 1 + 2 * 3);
      }
    });

    it('handles empty and short lists', () => {
      const empty = virtualizer(0);
      expect(empty.range(0)).to.deep.equal({ first: 0, last: 0, start: 0, end: 0 });
      expect(empty.scrollTopFor(5, 'start', 0)).to.equal(0);
      const short = virtualizer(3);
      expect(short.maxScrollTop).to.equal(0);
      expect(short.range(0)).to.deep.equal({ first: 0, last: 3, start: 0, end: 3 });
      expect(short.scrollTopFor(2, 'nearest', 0)).to.equal(0);
    });

    it('assumes a screenful before the viewport is measured', () => {
      const v = virtualizer(1000, 0);
      expect(v.range(0).last).to.equal(10);
    });

    it('reveals rows: nearest keeps a visible row still, else aligns the closer edge', () => {
      const v = virtualizer(1000);
      expect(v.scrollTopFor(5, 'nearest', 0)).to.equal(0);
      expect(v.scrollTopFor(10, 'nearest', 0)).to.equal(11 * 48 - 480);
      expect(v.scrollTopFor(3, 'nearest', 48 * 20)).to.equal(3 * 48);
      expect(v.scrollTopFor(100, 'start', 0)).to.equal(4800);
      expect(v.scrollTopFor(100, 'end', 0)).to.equal(101 * 48 - 480);
      expect(v.scrollTopFor(100, 'center', 0)).to.equal(4800 - 216);
      expect(v.scrollTopFor(999, 'start', 0)).to.equal(v.maxScrollTop);
      expect(v.scrollTopFor(0, 'end', 999)).to.equal(0);
    });

    it('counts whole rows per viewport for Page Up/Down', () => {
      expect(virtualizer(1000, 500).rowsPerViewport).to.equal(10);
      expect(virtualizer(1000, 20).rowsPerViewport).to.equal(1);
    });
  });

  describe('beyond the height limit (scaled)', () => {
    const million = () => virtualizer(1_000_000, 600);

    it('caps the scroll range under the browsers limits', () => {
      const v = million();
      expect(v.naturalHeight).to.equal(48_000_000);
      expect(v.scaled).to.be.true;
      expect(v.scrollHeight).to.equal(DEFAULT_MAX_SCROLL_HEIGHT);
      expect(v.scrollHeight).to.be.below(8_200_000);
    });

    it('maps the first and the last scroll positions to the first and the last rows', () => {
      const v = million();
      expect(v.range(0).first).to.equal(0);
      const end = v.range(v.maxScrollTop);
      expect(end.last).to.equal(1_000_000);
      expect(end.first).to.equal(Math.floor(1_000_000 - 600 / 48));
      // Past the end (overscroll, rounding) clamps to the end.
      expect(v.range(v.maxScrollTop + 1000).last).to.equal(1_000_000);
    });

    it('maps scroll positions proportionally to rows', () => {
      const v = million();
      const middle = v.range(v.maxScrollTop / 2).first;
      expect(middle).to.be.within(499_990, 500_010);
      expect(v.offsetAt(v.scrollTopAt(1_234_567))).to.be.closeTo(1_234_567, 1e-6);
    });

    it('places the visible rows inside the viewport, one row height apart', () => {
      const v = million();
      for (const top of [0, 1, 12_345, 4_000_000, v.maxScrollTop - 1, v.maxScrollTop]) {
        const { first, last } = v.range(top);
        const firstTop = v.rowTop(first, top);
        expect(firstTop).to.be.within(top - 48, top + 0.001);
        expect(v.rowTop(first + 1, top) - firstTop).to.be.closeTo(48, 1e-6);
        expect(v.rowTop(last - 1, top) + 48).to.be.at.least(top + 600 - 0.001);
      }
      // At the very end the last row ends exactly at the end of the scroll range.
      expect(v.rowTop(999_999, v.maxScrollTop) + 48).to.be.closeTo(v.scrollHeight, 1e-6);
    });

    it('reveals any row entirely, with a whole-pixel scroll position', () => {
      const v = million();
      let scrollTop = 0;
      for (const index of [0, 1, 13, 170_854, 499_999, 777_777, 999_998, 999_999, 42]) {
        for (const align of ['nearest', 'start', 'end', 'center'] as const) {
          const top = v.scrollTopFor(index, align, scrollTop);
          expect(Number.isInteger(top), `${index} ${align}`).to.be.true;
          expect(v.isFullyVisible(index, top), `${index} ${align}`).to.be.true;
          const { first, last } = v.range(top);
          expect(index).to.be.within(first, last - 1);
          scrollTop = top;
        }
      }
    });

    it('reveals the last of 1,000,000 rows at the maximum scroll position', () => {
      const v = million();
      expect(v.scrollTopFor(999_999, 'nearest', 0)).to.equal(v.maxScrollTop);
      expect(v.scrollTopFor(0, 'nearest', v.maxScrollTop)).to.equal(0);
    });

    it('honours a smaller limit, as a host in a constrained browser would set', () => {
      const v = virtualizer(10_000, 480, 48, 100_000);
      expect(v.scaled).to.be.true;
      expect(v.scrollHeight).to.equal(100_000);
      expect(v.range(v.maxScrollTop).last).to.equal(10_000);
      const top = v.scrollTopFor(9_000, 'center', 0);
      expect(v.isFullyVisible(9_000, top)).to.be.true;
    });
  });
});
