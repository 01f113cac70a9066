// Mirrors Beam Java `GrowableOffsetRangeTrackerTest` (sdks/java/core/src/test/java/org/apache/
// beam/sdk/transforms/splittabledofn/), adapted: the open end Long.MAX_VALUE → Infinity,
// Long.MIN/MAX_VALUE positions → the safe-integer bounds, lenient fractions → InvalidSplitError.
import { describe, expect, it } from "vitest";
import { ClaimOrderError } from "../../src/errors/ClaimOrderError.js";
import { InvalidRestrictionError } from "../../src/errors/InvalidRestrictionError.js";
import { InvalidSplitError } from "../../src/errors/InvalidSplitError.js";
import { UnfinishedWorkError } from "../../src/errors/UnfinishedWorkError.js";
import { GrowableOffsetRangeTracker } from "../../src/restrictions/GrowableOffsetRangeTracker.js";
import type { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import type { SplitResult } from "../../src/restrictions/RestrictionTracker.js";

const MAX = Number.MAX_SAFE_INTEGER;
const MIN = Number.MIN_SAFE_INTEGER;

/** Beam's `SimpleEstimator`: returns whatever was last set, 0 at first. */
class SimpleEstimator {
  value = 0;
  calls = 0;
  estimate(): number {
    this.calls++;
    return this.value;
  }
}

function show(split: SplitResult<OffsetRange> | null): { primary: string; residual: string } | null {
  return split === null ? null : { primary: split.primary.toString(), residual: split.residual.toString() };
}

describe("GrowableOffsetRangeTracker: claims", () => {
  it("try_claim", () => {
    const t = new GrowableOffsetRangeTracker(0, new SimpleEstimator());
    // Check: the tracker owns [start, Infinity).
    expect(t.currentRestriction().toString()).toBe("[0, Infinity)");
    expect(t.tryClaim(10)).toBe(true);
    expect(t.tryClaim(100)).toBe(true);
    // Check: claiming Infinity (Beam: Long.MAX_VALUE) returns false and finishes the tracker.
    expect(t.tryClaim(Infinity)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
  });

  it("claims are not limited by the estimate", () => {
    const estimator = new SimpleEstimator();
    estimator.value = 5;
    const t = new GrowableOffsetRangeTracker(0, estimator);
    // Check: an estimate is only a hint; the range is open.
    expect(t.tryClaim(1000)).toBe(true);
    expect(t.tryClaim(MAX)).toBe(true);
  });

  it("non_monotonic_claim and claim_before_start throw ClaimOrderError", () => {
    const t = new GrowableOffsetRangeTracker(100, new SimpleEstimator());
    expect(() => t.tryClaim(99)).toThrow(ClaimOrderError);
    expect(t.tryClaim(110)).toBe(true);
    expect(() => t.tryClaim(105)).toThrow("Trying to claim offset 105 while last attempted was 110");
  });

  it.each([Number.NaN, 1.5, Infinity, 2 ** 53])("start %s is an InvalidRestrictionError", (start) => {
    // Check: the start is validated as a safe integer (Beam's Long.MAX_VALUE start has no analogue).
    expect(() => new GrowableOffsetRangeTracker(start, new SimpleEstimator())).toThrow(InvalidRestrictionError);
  });

  it("checkDone before any claim names the open range", () => {
    const t = new GrowableOffsetRangeTracker(3, new SimpleEstimator());
    expect(() => t.checkDone()).toThrow(UnfinishedWorkError);
    expect(() => t.checkDone()).toThrow("[3, Infinity)");
    t.tryClaim(7);
    expect(() => t.checkDone()).toThrow("[8, Infinity)");
  });
});

describe("GrowableOffsetRangeTracker: checkpoints", () => {
  it("checkpoint_unstarted (Beam testCheckpointBeforeStart)", () => {
    const estimator = new SimpleEstimator();
    const t = new GrowableOffsetRangeTracker(0, estimator);
    estimator.value = 10;
    const split = t.trySplit(0);
    // Check: empty primary, the whole open range as residual.
    expect(() => t.checkDone()).not.toThrow();
    expect(show(split)).toEqual({ primary: "[0, 0)", residual: "[0, Infinity)" });
    expect(t.currentRestriction().toString()).toBe("[0, 0)");
  });

  it("checkpoint_just_started, estimate below the position", () => {
    const estimator = new SimpleEstimator();
    const t = new GrowableOffsetRangeTracker(0, estimator);
    expect(t.tryClaim(5)).toBe(true);
    estimator.value = 0;
    const split = t.trySplit(0);
    expect(() => t.checkDone()).not.toThrow();
    // Check: primary ends right after the last claim; residual stays open.
    expect(show(split)).toEqual({ primary: "[0, 6)", residual: "[6, Infinity)" });
    expect(t.currentRestriction().toString()).toBe("[0, 6)");
  });

  it("checkpoint_just_started, estimate above the position", () => {
    const estimator = new SimpleEstimator();
    const t = new GrowableOffsetRangeTracker(0, estimator);
    expect(t.tryClaim(5)).toBe(true);
    estimator.value = 20;
    const split = t.trySplit(0);
    expect(() => t.checkDone()).not.toThrow();
    // Check: a checkpoint ignores the estimate.
    expect(show(split)).toEqual({ primary: "[0, 6)", residual: "[6, Infinity)" });
  });

  it("checkpoint_after_all_processed: null", () => {
    const t = new GrowableOffsetRangeTracker(0, new SimpleEstimator());
    expect(t.tryClaim(Infinity)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
    // Check: a finished tracker cannot be split.
    expect(t.trySplit(0)).toBeNull();
    expect(t.trySplit(0.5)).toBeNull();
    expect(t.trySplit(1)).toBeNull();
  });

  it("checkpoint at the top of the safe range: null rather than an empty residual", () => {
    const t = new GrowableOffsetRangeTracker(MAX, new SimpleEstimator());
    expect(t.tryClaim(MAX)).toBe(true);
    // Check: the residual would start at 2^53, where no position can be claimed: null.
    expect(t.trySplit(0)).toBeNull();
    expect(t.trySplit(1)).toBeNull();
    expect(t.currentRestriction().toString()).toBe(`[${MAX}, Infinity)`);
    expect(t.tryClaim(Infinity)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
  });

  it("checkpoint one below the top of the safe range", () => {
    const t = new GrowableOffsetRangeTracker(MAX - 1, new SimpleEstimator());
    expect(t.tryClaim(MAX - 1)).toBe(true);
    expect(show(t.trySplit(0))).toEqual({ primary: `[${MAX - 1}, ${MAX})`, residual: `[${MAX}, Infinity)` });
  });
});

describe("GrowableOffsetRangeTracker: splits", () => {
  it("split: open primary becomes bounded, then splits as a bounded range", () => {
    const estimator = new SimpleEstimator();
    const t = new GrowableOffsetRangeTracker(0, estimator);
    expect(t.tryClaim(0)).toBe(true);
    estimator.value = 16;
    // Check: 0 + floor(16 × 0.5) = 8; one finite range and one infinite range.
    expect(show(t.trySplit(0.5))).toEqual({ primary: "[0, 8)", residual: "[8, Infinity)" });
    expect(t.currentRestriction().toString()).toBe("[0, 8)");
    // Check: after the first split the estimate no longer matters: 0 + floor(8 × 0.5) = 4.
    estimator.value = 12;
    expect(show(t.trySplit(0.5))).toEqual({ primary: "[0, 4)", residual: "[4, 8)" });
    expect(t.currentRestriction().toString()).toBe("[0, 4)");
    // Check: claims beyond the primary fail.
    expect(t.tryClaim(4)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
  });

  it("split_with_max_estimate_range_end (2^53 - 1)", () => {
    const estimator = new SimpleEstimator();
    const t = new GrowableOffsetRangeTracker(0, estimator);
    expect(t.tryClaim(1)).toBe(true);
    estimator.value = MAX;
    const expectedEnd = 1 + (MAX - 1) / 2;
    // Check: 1 + floor((2^53 - 2) × 0.5) = 2^52, exact.
    expect(expectedEnd).toBe(2 ** 52);
    expect(show(t.trySplit(0.5))).toEqual({ primary: `[0, ${expectedEnd})`, residual: `[${expectedEnd}, Infinity)` });
  });

  it("documented example: claimed to 10, estimate 100, trySplit(0.5) → 55", () => {
    const t = new GrowableOffsetRangeTracker(0, { estimate: () => 100 });
    t.tryClaim(10);
    expect(show(t.trySplit(0.5))).toEqual({ primary: "[0, 55)", residual: "[55, Infinity)" });
  });

  it("trySplit(1) splits at the estimate; the residual stays open, never empty", () => {
    const t = new GrowableOffsetRangeTracker(0, { estimate: () => 10 });
    t.tryClaim(5);
    // Check: 5 + floor(5 × 1) = 10 (Beam: allowed while split <= estimate).
    expect(show(t.trySplit(1))).toEqual({ primary: "[0, 10)", residual: "[10, Infinity)" });
    // Check: once bounded, trySplit(1) is null: 5 + 5 >= 10.
    expect(t.trySplit(1)).toBeNull();
  });

  it("unstarted split uses cur = start - 1", () => {
    const t = new GrowableOffsetRangeTracker(10, { estimate: () => 30 });
    // Check: 9 + floor(21 × 0.5) = 19.
    expect(show(t.trySplit(0.5))).toEqual({ primary: "[10, 19)", residual: "[19, Infinity)" });
  });

  it("estimate at or below the position: the end is cur + 1", () => {
    const estimator = new SimpleEstimator();
    const t = new GrowableOffsetRangeTracker(0, estimator);
    t.tryClaim(20);
    estimator.value = 10;
    // Check: end = max(10, 21) = 21: 20 + max(1, floor(1 × 0.5)) = 21.
    expect(show(t.trySplit(0.5))).toEqual({ primary: "[0, 21)", residual: "[21, Infinity)" });
  });

  it("estimate below the start, unstarted: the split is at the start", () => {
    const t = new GrowableOffsetRangeTracker(10, { estimate: () => 0 });
    // Check: end = max(0, 10) = 10: 9 + max(1, floor(1 × 0.9)) = 10.
    expect(show(t.trySplit(0.9))).toEqual({ primary: "[10, 10)", residual: "[10, Infinity)" });
  });

  it("non-monotonic estimator is tolerated", () => {
    const estimates = [100, 10, 50, 3, 70];
    let call = 0;
    const t = new GrowableOffsetRangeTracker(0, { estimate: () => estimates[call++ % estimates.length] ?? 0 });
    t.tryClaim(20);
    // First estimate 100: 20 + floor(80 × 0.9) = 92.
    expect(show(t.trySplit(0.9))).toEqual({ primary: "[0, 92)", residual: "[92, Infinity)" });
    // Bounded now: the estimator is no longer consulted for splits.
    const before = call;
    expect(show(t.trySplit(0.5))).toEqual({ primary: "[0, 56)", residual: "[56, 92)" });
    expect(call).toBe(before);

    let call2 = 0;
    const u = new GrowableOffsetRangeTracker(0, { estimate: () => estimates[call2++ % estimates.length] ?? 0 });
    u.tryClaim(20);
    // Progress calls consume estimates 100 and 10 (going down); neither throws, both non-negative.
    const p1 = u.getProgress();
    const p2 = u.getProgress();
    for (const p of [p1, p2]) {
      expect(p.workCompleted).toBeGreaterThanOrEqual(0);
      expect(p.workRemaining).toBeGreaterThanOrEqual(0);
    }
    // Third estimate 50: 20 + floor(30 × 0.5) = 35.
    expect(show(u.trySplit(0.5))).toEqual({ primary: "[0, 35)", residual: "[35, Infinity)" });
  });

  it.each([Number.NaN, Infinity, -Infinity])("a non-finite estimate (%s) is treated as cur + 1", (estimate) => {
    const t = new GrowableOffsetRangeTracker(0, { estimate: () => estimate });
    t.tryClaim(5);
    expect(show(t.trySplit(0.5))).toEqual({ primary: "[0, 6)", residual: "[6, Infinity)" });
  });

  it.each([Number.NaN, -0.5, 1.5, Infinity])("fraction %s is an InvalidSplitError, open or bounded", (fraction) => {
    const t = new GrowableOffsetRangeTracker(0, { estimate: () => 100 });
    t.tryClaim(10);
    expect(() => t.trySplit(fraction)).toThrow(InvalidSplitError);
    expect(t.currentRestriction().toString()).toBe("[0, Infinity)");
    t.trySplit(0.5);
    expect(() => t.trySplit(fraction)).toThrow(InvalidSplitError);
    expect(t.currentRestriction().toString()).toBe("[0, 55)");
  });

  it("bounded after a split: null when nothing is left, never an empty residual", () => {
    const t = new GrowableOffsetRangeTracker(0, { estimate: () => 10 });
    t.tryClaim(0);
    expect(show(t.trySplit(0.5))).toEqual({ primary: "[0, 5)", residual: "[5, Infinity)" });
    t.tryClaim(4);
    // Check: claimed_last in the bounded primary: null.
    expect(t.trySplit(0)).toBeNull();
    expect(t.trySplit(1)).toBeNull();
  });
});

describe("GrowableOffsetRangeTracker: progress", () => {
  it("progress_before_start", () => {
    const estimator = new SimpleEstimator();
    const t = new GrowableOffsetRangeTracker(10, estimator);
    estimator.value = 20;
    // Check: {0, estimate - start}.
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: 10 });
    estimator.value = 15;
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: 5 });
    // Check: an estimate below the start gives no negative remaining.
    estimator.value = 5;
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: 0 });
  });

  it("progress", () => {
    const estimator = new SimpleEstimator();
    const t = new GrowableOffsetRangeTracker(10, estimator);
    expect(t.tryClaim(20)).toBe(true);
    // Spec: progress uses max(estimate(), cur + 1) = 21, so remaining is 1 (Beam Java uses the
    // raw estimate here and reports 0).
    estimator.value = 5;
    expect(t.getProgress()).toEqual({ workCompleted: 10, workRemaining: 1 });
    estimator.value = 35;
    expect(t.getProgress()).toEqual({ workCompleted: 10, workRemaining: 15 });
    estimator.value = 25;
    expect(t.getProgress()).toEqual({ workCompleted: 10, workRemaining: 5 });
    estimator.value = MAX;
    expect(t.getProgress()).toEqual({ workCompleted: 10, workRemaining: MAX - 20 });
  });

  it("progress_after_finished: nothing remains", () => {
    const estimator = new SimpleEstimator();
    const t = new GrowableOffsetRangeTracker(10, estimator);
    expect(t.tryClaim(Infinity)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
    estimator.value = 0;
    const progress = t.getProgress();
    // Check: remaining 0; completed finite and non-negative (Beam's Long.MAX_VALUE - 10 has no
    // meaningful Infinity analogue).
    expect(progress.workRemaining).toBe(0);
    expect(Number.isFinite(progress.workCompleted)).toBe(true);
    expect(progress.workCompleted).toBeGreaterThanOrEqual(0);
  });

  it("progress after a split is the bounded primary's (completed + remaining = size)", () => {
    const t = new GrowableOffsetRangeTracker(0, { estimate: () => 100 });
    t.tryClaim(10);
    t.trySplit(0.5);
    // Check: primary [0, 55): {10, 45}.
    expect(t.getProgress()).toEqual({ workCompleted: 10, workRemaining: 45 });
    expect(t.tryClaim(60)).toBe(false);
    expect(t.getProgress()).toEqual({ workCompleted: 55, workRemaining: 0 });
  });

  it("large_range: start 0, estimate 2^53 - 1, then a checkpoint with an estimate far below", () => {
    const estimator = new SimpleEstimator();
    const t = new GrowableOffsetRangeTracker(0, estimator);
    estimator.value = MAX;
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: MAX });
    estimator.value = MIN;
    expect(show(t.trySplit(0))).toEqual({ primary: "[0, 0)", residual: "[0, Infinity)" });
  });

  it("large_range: start at the bottom of the safe range", () => {
    const estimator = new SimpleEstimator();
    const t = new GrowableOffsetRangeTracker(MIN, estimator);
    estimator.value = 0;
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: MAX });
    estimator.value = MIN;
    expect(show(t.trySplit(0))).toEqual({ primary: `[${MIN}, ${MIN})`, residual: `[${MIN}, Infinity)` });
  });

  it("small_range_with_large_value (near 2^53)", () => {
    const estimator = new SimpleEstimator();
    let t = new GrowableOffsetRangeTracker(MAX - 4, estimator);
    expect(t.tryClaim(MAX - 4)).toBe(true);
    estimator.value = MAX - 2;
    // Check: (MAX - 4) + floor(2 × 0.5) = MAX - 3.
    expect(show(t.trySplit(0.5))).toEqual({ primary: `[${MAX - 4}, ${MAX - 3})`, residual: `[${MAX - 3}, Infinity)` });

    t = new GrowableOffsetRangeTracker(MAX - 2, estimator);
    expect(t.tryClaim(MAX - 2)).toBe(true);
    estimator.value = MAX;
    expect(show(t.trySplit(0.5))).toEqual({ primary: `[${MAX - 2}, ${MAX - 1})`, residual: `[${MAX - 1}, Infinity)` });
  });
});

describe("GrowableOffsetRangeTracker: isBounded", () => {
  it("is_bounded", () => {
    const estimator = new SimpleEstimator();
    let t = new GrowableOffsetRangeTracker(0, estimator);
    // Check: unbounded until split or finished.
    expect(t.isBounded()).toBe(false);
    expect(t.tryClaim(0)).toBe(true);
    expect(t.isBounded()).toBe(false);
    // Check: after a split the restriction is bounded.
    estimator.value = 16;
    t.trySplit(0.5);
    expect(t.isBounded()).toBe(true);
    // Check: bounded after all the work has been claimed.
    t = new GrowableOffsetRangeTracker(0, estimator);
    t.tryClaim(Infinity);
    expect(t.isBounded()).toBe(true);
  });

  it("a checkpoint makes it bounded too", () => {
    const t = new GrowableOffsetRangeTracker(0, new SimpleEstimator());
    t.tryClaim(3);
    t.trySplit(0);
    expect(t.isBounded()).toBe(true);
  });

  it("a failed split leaves it unbounded", () => {
    const t = new GrowableOffsetRangeTracker(MAX, new SimpleEstimator());
    t.tryClaim(MAX);
    expect(t.trySplit(0)).toBeNull();
    expect(t.isBounded()).toBe(false);
  });
});

describe("GrowableOffsetRangeTracker: estimates beyond 2^53", () => {
  it("caps the estimate at MAX_SAFE_INTEGER and still splits", () => {
    const t = new GrowableOffsetRangeTracker(0, { estimate: () => 2 ** 60 });
    t.tryClaim(1);
    const split = t.trySplit(0.5);
    // Check: 1 + floor((2^53 - 1 - 1) × 0.5) is a safe split position.
    expect(split?.primary.to).toBe(1 + Math.floor((Number.MAX_SAFE_INTEGER - 1) * 0.5));
    expect(split?.residual.to).toBe(Infinity);
  });
});
