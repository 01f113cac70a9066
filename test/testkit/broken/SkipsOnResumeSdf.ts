import { OffsetRange, OffsetRangeTracker, SplittableDoFn, type ProcessContext } from "../../../src/index.js";
import { parseElement, recordOf } from "../../runner/fixtures/KeyedCountSdf.js";

/**
 * Bug 7, a resume that skips a record: `KeyedCountSdf` that treats a non-zero `from` as "the
 * last record read" and resumes after it.
 */
export class SkipsOnResumeSdf extends SplittableDoFn<string, string, OffsetRange> {
  initialRestriction(element: string): OffsetRange {
    return new OffsetRange(0, parseElement(element).n);
  }

  newTracker(_element: string, restriction: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(restriction);
  }

  async processElement(ctx: ProcessContext<string, string, OffsetRange, number, unknown>): Promise<void> {
    const { from } = ctx.tracker.currentRestriction();
    // BUG: `from` is the first record to read, not the last one read.
    for (let p = from > 0 ? from + 1 : from; ctx.tracker.tryClaim(p); p++) {
      await ctx.output(recordOf(ctx.element, p));
    }
  }
}
