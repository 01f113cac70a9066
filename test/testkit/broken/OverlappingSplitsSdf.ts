import { OffsetRange, OffsetRangeTracker, SplittableDoFn, type ProcessContext } from "../../../src/index.js";
import { parseElement, recordOf } from "../../runner/fixtures/KeyedCountSdf.js";

/**
 * Bug 3, overlapping initial splits: `KeyedCountSdf` (`"key:n"` → `key#0 … key#(n-1)`) whose
 * `splitRestriction` makes inclusive-end pieces `[s, s + 5]` (a fencepost error), so each piece
 * shares its last record with the next.
 */
export class OverlappingSplitsSdf extends SplittableDoFn<string, string, OffsetRange> {
  initialRestriction(element: string): OffsetRange {
    return new OffsetRange(0, parseElement(element).n);
  }

  override splitRestriction(_element: string, restriction: OffsetRange): OffsetRange[] {
    // BUG: `+ 1` makes the end inclusive; pieces overlap by one record.
    return restriction.split(5).map((piece) => new OffsetRange(piece.from, Math.min(piece.to + 1, restriction.to)));
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
