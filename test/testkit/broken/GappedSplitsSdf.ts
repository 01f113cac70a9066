import { OffsetRange, OffsetRangeTracker, SplittableDoFn, type ProcessContext } from "../../../src/index.js";
import { parseElement, recordOf } from "../../runner/fixtures/KeyedCountSdf.js";

/**
 * Bug 4, gapped initial splits: `KeyedCountSdf` whose `splitRestriction` steps by `size + 1`
 * (a fencepost error), leaving one record between pieces unread.
 */
export class GappedSplitsSdf extends SplittableDoFn<string, string, OffsetRange> {
  initialRestriction(element: string): OffsetRange {
    return new OffsetRange(0, parseElement(element).n);
  }

  override splitRestriction(_element: string, restriction: OffsetRange): OffsetRange[] {
    const pieces: OffsetRange[] = [];
    // BUG: the next piece starts at `to + 1`, not `to`.
    for (let start = restriction.from; start < restriction.to; start += 5 + 1) {
      pieces.push(new OffsetRange(start, Math.min(start + 5, restriction.to)));
    }
    return pieces;
  }

  newTracker(_element: string, restriction: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(restriction);
  }

  async processElement(ctx: ProcessContext<string, string, OffsetRange, number, unknown>): Promise<void> {
    for (let p = ctx.tracker.currentRestriction().from; ctx.tracker.tryClaim(p); p++) {
      await ctx.output(recordOf(ctx.element, p));
    }
  }
}
