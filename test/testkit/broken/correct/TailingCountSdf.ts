import {
  GrowableOffsetRangeTracker,
  OffsetRange,
  OffsetRangeTracker,
  SplittableDoFn,
  offsetRangeCoder,
  type ProcessContext,
  type RestrictionCoder,
} from "../../../../src/index.js";

/**
 * A log-like source, correct: element `n` is the open range `[0, Infinity)` over a log that
 * holds records `0 … n-1`; read through a {@link GrowableOffsetRangeTracker} (estimate `n`),
 * finished with `tryClaim(Infinity)` when the data ends. Residuals stay open, so its restriction
 * coder must carry `Infinity`: it names {@link offsetRangeCoder} explicitly.
 */
export class TailingCountSdf extends SplittableDoFn<number, number, OffsetRange> {
  initialRestriction(_n: number): OffsetRange {
    return new OffsetRange(0, Infinity);
  }

  newTracker(n: number, restriction: OffsetRange): OffsetRangeTracker {
    if (restriction.to !== Infinity) return new OffsetRangeTracker(restriction);
    return new GrowableOffsetRangeTracker(restriction.from, { estimate: () => n });
  }

  override restrictionCoder(): RestrictionCoder<OffsetRange> {
    return offsetRangeCoder;
  }

  async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>): Promise<void> {
    for (let p = ctx.tracker.currentRestriction().from; p < ctx.element; p++) {
      if (!ctx.tracker.tryClaim(p)) return;
      await ctx.output(p);
    }
    ctx.tracker.tryClaim(Infinity); // caught up with the (finite) log: finish
  }
}
