import { OffsetRange, OffsetRangeTracker, SplittableDoFn, type ProcessContext } from "../../../src/index.js";
import { parseElement, recordOf } from "../../runner/fixtures/KeyedCountSdf.js";

/**
 * Bug 12a, loss only at some split points: `KeyedCountSdf` reading blocks of 7 records whose
 * "start of block" path is off by one, so a piece that starts exactly on a block boundary (a
 * non-zero multiple of 7) loses its first record. Every other split point is fine.
 */
export class SkipsAtSevensSdf extends SplittableDoFn<string, string, OffsetRange> {
  initialRestriction(element: string): OffsetRange {
    return new OffsetRange(0, parseElement(element).n);
  }

  newTracker(_element: string, restriction: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(restriction);
  }

  async processElement(ctx: ProcessContext<string, string, OffsetRange, number, unknown>): Promise<void> {
    const { from } = ctx.tracker.currentRestriction();
    // BUG: at a block boundary the block header is skipped together with the first record.
    const start = from > 0 && from % 7 === 0 ? from + 1 : from;
    for (let p = start; ctx.tracker.tryClaim(p); p++) {
      await ctx.output(recordOf(ctx.element, p));
    }
  }
}
