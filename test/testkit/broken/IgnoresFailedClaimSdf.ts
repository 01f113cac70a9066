import { OffsetRange, OffsetRangeTracker, SplittableDoFn, type ProcessContext } from "../../../src/index.js";

/**
 * Bug 2, ignoring a failed claim: `CountingSdf` that loops over its own data bound and never
 * looks at what `tryClaim` returns, so after a split it keeps reading and outputting.
 */
export class IgnoresFailedClaimSdf extends SplittableDoFn<number, number, OffsetRange> {
  initialRestriction(n: number): OffsetRange {
    return new OffsetRange(0, n);
  }

  newTracker(_n: number, restriction: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(restriction);
  }

  async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>): Promise<void> {
    for (let p = ctx.tracker.currentRestriction().from; p < ctx.element; p++) {
      ctx.tracker.tryClaim(p); // BUG: the result is ignored
      await ctx.output(p);
    }
  }
}
