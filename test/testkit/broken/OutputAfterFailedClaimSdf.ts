import { OffsetRange, OffsetRangeTracker, SplittableDoFn, type ProcessContext } from "../../../src/index.js";

/**
 * Bug 8, output after a failed claim: `CountingSdf` that outputs the record it just read before
 * checking the claim, and only then stops.
 */
export class OutputAfterFailedClaimSdf extends SplittableDoFn<number, number, OffsetRange> {
  initialRestriction(n: number): OffsetRange {
    return new OffsetRange(0, n);
  }

  newTracker(_n: number, restriction: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(restriction);
  }

  async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>): Promise<void> {
    for (let p = ctx.tracker.currentRestriction().from; p < ctx.element; p++) {
      const claimed = ctx.tracker.tryClaim(p);
      await ctx.output(p); // BUG: output before looking at `claimed`
      if (!claimed) return;
    }
  }
}
