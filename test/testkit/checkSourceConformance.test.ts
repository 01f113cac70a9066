import { describe, expect, it } from "vitest";
import { OffsetRange, OffsetRangeTracker, SplittableDoFn, type ProcessContext } from "../../src/index.js";
import { checkSourceConformance, formatConformanceReport } from "../../testkit/index.js";
import { sourceConformanceTest } from "../../testkit/vitest.js";
import { PagedSource, fakePagedApi } from "../../examples/PagedSource.js";
import { CountingSdf } from "../helpers/CountingSdf.js";

/** Resumes one past the start of its restriction: loses a record at every resume. */
class SkipsAfterResume extends SplittableDoFn<number, number, OffsetRange> {
  initialRestriction(n: number) {
    return new OffsetRange(0, n);
  }
  newTracker(_n: number, r: OffsetRange) {
    return new OffsetRangeTracker(r);
  }
  async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>) {
    const from = ctx.tracker.currentRestriction().from;
    for (let p = from === 0 ? 0 : from + 1; ctx.tracker.tryClaim(p); p++) await ctx.output(p);
  }
}

class FailsToStart extends CountingSdf {
  override initialRestriction(): OffsetRange {
    throw new Error("cannot list the input");
  }
}

describe("checkSourceConformance", () => {
  it("passes a correct source and echoes the seed", async () => {
    const report = await checkSourceConformance({ sdf: new CountingSdf(), elements: [50, 7], seed: 99, numRuns: 60 });
    expect(report).toEqual({ ok: true, runs: 60, seed: 99, failures: [] });
  });

  it("catches a reader that skips a record on resume, with a readable schedule", async () => {
    const report = await checkSourceConformance({ sdf: new SkipsAfterResume(), elements: [50, 7], numRuns: 100 });
    expect(report.ok).toBe(false);
    const failure = report.failures[0]!;
    expect(failure.property).toBe("no-loss-no-duplicate");
    expect(failure.message).toMatch(/lost /);
    expect(failure.counterexample).toMatch(/^schedule: /);
    expect(failure.counterexample).toMatch(/residual: p\d+ = \[\d+, \d+\)/);
    expect(formatConformanceReport(report)).toContain(`seed ${report.seed}`);
  });

  it("the same seed finds the same counterexample", async () => {
    const a = await checkSourceConformance({ sdf: new SkipsAfterResume(), elements: [30], seed: 5, numRuns: 50 });
    const b = await checkSourceConformance({ sdf: new SkipsAfterResume(), elements: [30], seed: 5, numRuns: 50 });
    expect(a.failures).toEqual(b.failures);
  });

  it("reports, never throws, when even the reference read fails", async () => {
    const report = await checkSourceConformance({ sdf: new FailsToStart(), elements: [3] });
    expect(report.ok).toBe(false);
    expect(report.failures[0]!.message).toContain("cannot list the input");
  });

  it("compares with the expected outputs when given", async () => {
    const report = await checkSourceConformance({ sdf: new CountingSdf(), elements: [3], expected: [0, 1, 2, 3], numRuns: 10 });
    expect(report.ok).toBe(false);
    expect(report.failures[0]!.message).toContain("lost 3");
  });
});

// The example connector of the README, with the budget every connector of this repo gets in CI.
sourceConformanceTest("the README's PagedSource conforms over 500 schedules", {
  sdf: new PagedSource(fakePagedApi(12, 5)),
  elements: ["orders", "invoices"],
  keyOf: (item) => item.id,
  numRuns: 500,
});
