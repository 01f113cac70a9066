// The other half of the "proof that it works": the testkit raises no false alarm. Every tracker
// of the repo passes checkTrackerConformance with a correct config, and every correct source the
// broken fixtures were copied from passes checkSourceConformance over several seeds.
import fc from "fast-check";
import { describe, it } from "vitest";
import {
  GrowableOffsetRangeTracker,
  OffsetRange,
  OffsetRangeTracker,
  UnsplittableTracker,
  offsetRangeCoder,
  type RangeEndEstimator,
} from "../../src/index.js";
import { checkSourceConformance, checkTrackerConformance } from "../../testkit/index.js";
import { CountingSdf } from "../helpers/CountingSdf.js";
import { KeyedCountSdf } from "../runner/fixtures/KeyedCountSdf.js";
import { byteKeyTrackerConfig } from "./broken/byteKeyTrackerConfig.js";
import { expectedLines, LinesSdf } from "./broken/correct/LinesSdf.js";
import { ManualWatermarkSdf } from "./broken/correct/ManualWatermarkSdf.js";
import { TailingCountSdf } from "./broken/correct/TailingCountSdf.js";
import { TimestampedSdf } from "./broken/correct/TimestampedSdf.js";
import { expectPasses } from "./broken/expectCaught.js";
import { everyOffset, offsetTrackerConfig } from "./broken/offsetTrackerConfig.js";

const RUNS = 150;

describe("every tracker in the repo passes checkTrackerConformance", () => {
  it("OffsetRangeTracker, small bounded ranges", async () => {
    expectPasses(await checkTrackerConformance(offsetTrackerConfig((r) => new OffsetRangeTracker(r), { numRuns: RUNS })), "OffsetRangeTracker");
  });

  it("OffsetRangeTracker, ranges ending at or near Number.MAX_SAFE_INTEGER", async () => {
    const base = Number.MAX_SAFE_INTEGER - 100;
    expectPasses(await checkTrackerConformance(offsetTrackerConfig((r) => new OffsetRangeTracker(r), { base, numRuns: RUNS })), "OffsetRangeTracker near 2^53");
  });

  // A log holding records 0 … n-1, read from `start` by a GrowableOffsetRangeTracker; splits
  // leave a bounded primary (then an OffsetRangeTracker) and an open residual.
  const growable = (n: number, estimator: () => RangeEndEstimator) => ({
    newTracker: (r: OffsetRange) => (r.to === Infinity ? new GrowableOffsetRangeTracker(r.from, estimator()) : new OffsetRangeTracker(r)),
    restrictions: fc.nat(n + 5).map((start) => new OffsetRange(start, Infinity)),
    positions: (r: OffsetRange) => everyOffset(new OffsetRange(r.from, Math.max(r.from, Math.min(r.to, n)))),
    finish: Infinity,
    coder: offsetRangeCoder,
    equals: (a: OffsetRange, b: OffsetRange) => a.equals(b),
    numRuns: RUNS,
  });

  // Regression: with 0 records no restriction holds a position; the testkit once filtered its
  // arbitraries on that and spun forever.
  it("GrowableOffsetRangeTracker, an empty log (0 records): the check returns a passing report", async () => {
    expectPasses(await checkTrackerConformance(growable(0, () => ({ estimate: () => 0 }))), "GrowableOffsetRangeTracker(n=0)");
  });

  it.each([1, 30])("GrowableOffsetRangeTracker, %i records, exact estimate", async (n) => {
    expectPasses(await checkTrackerConformance(growable(n, () => ({ estimate: () => n }))), `GrowableOffsetRangeTracker(n=${n})`);
  });

  it("GrowableOffsetRangeTracker, 30 records, a non-monotonic estimate (low, high, unknown)", async () => {
    const estimates = [30, 3, 64, 0, Infinity, 17, Number.NaN, 2 ** 60];
    const estimator = (): RangeEndEstimator => {
      let calls = 0;
      return { estimate: () => estimates[calls++ % estimates.length]! };
    };
    expectPasses(await checkTrackerConformance(growable(30, estimator)), "GrowableOffsetRangeTracker(noisy estimate)");
  });

  it("ByteKeyRangeTracker, small keys incl. empty start and end", async () => {
    expectPasses(await checkTrackerConformance(byteKeyTrackerConfig(RUNS)), "ByteKeyRangeTracker");
  });

  it("UnsplittableTracker wrapping OffsetRangeTracker (declared unsplittable)", async () => {
    // Without `unsplittable: true` the check reports null-checkpoint-means-done: for this tracker
    // a null checkpoint means "cannot split", not "done".
    const config = offsetTrackerConfig((r) => new UnsplittableTracker(new OffsetRangeTracker(r)), { numRuns: RUNS, unsplittable: true });
    expectPasses(await checkTrackerConformance(config), "UnsplittableTracker");
  });
});

const SEEDS = [1, 42, 20261125, 987654321, 5];

describe.each(SEEDS)("correct sources pass checkSourceConformance (seed %i)", (seed) => {
  it("CountingSdf (parent of bugs 1, 2, 5, 6, 8, 9)", async () => {
    expectPasses(await checkSourceConformance({ sdf: new CountingSdf(), elements: [50, 7, 1, 0], seed }), "CountingSdf");
  });

  it("KeyedCountSdf with initial splits of 5 (parent of bugs 3, 4, 7, 12a)", async () => {
    const sdf = () => new KeyedCountSdf({ splitSize: 5 });
    expectPasses(await checkSourceConformance({ sdf, elements: ["a:50", "b:23", "c:1", "d:0"], seed }), "KeyedCountSdf");
  });

  it("LinesSdf, records framed in byte ranges (parent of bug 12b)", async () => {
    const elements = [20, 9, 0];
    const expected = elements.flatMap(expectedLines);
    expectPasses(await checkSourceConformance({ sdf: new LinesSdf(), elements, expected, seed }), "LinesSdf");
  });

  it("TailingCountSdf, open ranges through offsetRangeCoder (parent of bug 11)", async () => {
    expectPasses(await checkSourceConformance({ sdf: new TailingCountSdf(), elements: [30, 5, 0], seed }), "TailingCountSdf");
  });

  it("TimestampedSdf, out-of-order event times, max estimator (parent of bugs 10a, 10c)", async () => {
    expectPasses(await checkSourceConformance({ sdf: new TimestampedSdf(), elements: [50, 7, 1], seed }), "TimestampedSdf");
  });

  it("ManualWatermarkSdf, sets its watermark through ManualWatermarkEstimator (parent of bug 10b)", async () => {
    expectPasses(await checkSourceConformance({ sdf: new ManualWatermarkSdf(), elements: [50, 7, 1], seed }), "ManualWatermarkSdf");
  });
});
