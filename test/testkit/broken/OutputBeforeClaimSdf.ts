import { OffsetRange, OffsetRangeTracker, SplittableDoFn, type ProcessContext } from "../../../src/index.js";

/** Bug 1, output before claim: `CountingSdf` that outputs a record, then claims it. */
export class OutputBeforeClaimSdf extends SplittableDoFn<number, number, OffsetRange> {
  initialRestriction(n: number): OffsetRange {
    return new OffsetRange(0, n);
  }

  newTracker(_n: number, restriction: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(restriction);
  }

  async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>): Promise<void> {
    for (let p = ctx.tracker.currentRestriction().from; ; p++) {
      await ctx.output(p); // BUG: output before the claim that covers it
      if (!ctx.tracker.tryClaim(p)) return;
    }
  }
}
