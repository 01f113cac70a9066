import { expect, it } from "vitest";
import { OffsetRange, OffsetRangeTracker, SplittableDoFn, type ProcessContext } from "../../src/index.js";
import { checkSourceConformance, formatConformanceReport } from "../../testkit/index.js";
import { CountingSdf } from "../helpers/CountingSdf.js";

class SkipsAfterResume extends SplittableDoFn<number, number, OffsetRange> {
  initialRestriction(n: number) { return new OffsetRange(0, n); }
  newTracker(_n: number, r: OffsetRange) { return new OffsetRangeTracker(r); }
  async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>) {
    const from = ctx.tracker.currentRestriction().from;
    for (let p = from === 0 ? 0 : from + 1; ctx.tracker.tryClaim(p); p++) await ctx.output(p);
  }
}

it("smoke", async () => {
  const good = await checkSourceConformance({ sdf: new CountingSdf(), elements: [50, 7] });
  console.log(formatConformanceReport(good));
  expect(good.ok).toBe(true);
  const bad = await checkSourceConformance({ sdf: new SkipsAfterResume(), elements: [50, 7] });
  console.log(formatConformanceReport(bad));
  expect(bad.ok).toBe(false);
});
