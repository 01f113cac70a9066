import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidRestrictionError } from "../../src/errors/InvalidRestrictionError.js";
import { InvalidSplitError } from "../../src/errors/InvalidSplitError.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import { WeightedOffsetRangeTracker, type PositionWeights } from "../../src/restrictions/WeightedOffsetRangeTracker.js";
import { checkTrackerConformance } from "../../testkit/index.js";
import { expectConformance } from "../../testkit/vitest.js";

const SEED = 77001;

/** Weights of positions 0.. from a list; positions past the list weigh 1. */
function weights(list: readonly number[]): PositionWeights {
  const prefix = [0];
  for (const w of list) prefix.push(prefix[prefix.length - 1]! + w);
  const at = (i: number) => (i <= list.length ? prefix[i]! : prefix[list.length]! + (i - list.length));
  return { weightOf: (from, to) => (to > from ? at(to) - at(from) : 0) };
}

describe("WeightedOffsetRangeTracker", () => {
  it("splits where the given fraction of the remaining weight lies, not the count", () => {
    const tracker = new WeightedOffsetRangeTracker(new OffsetRange(0, 4), weights([10, 10, 10, 70]));
    expect(tracker.getProgress()).toEqual({ workCompleted: 0, workRemaining: 100 });
    // Half of 100 bytes: positions 0-2 weigh 30 (<= 50), adding 3 would make 100.
    const split = tracker.trySplit(0.5);
    expect(split?.primary.toString()).toBe(new OffsetRange(0, 3).toString());
    expect(split?.residual.toString()).toBe(new OffsetRange(3, 4).toString());
    expect(tracker.getProgress()).toEqual({ workCompleted: 0, workRemaining: 30 });
  });

  it("after a claim, measures from the claimed position, and splits at least one past it", () => {
    const tracker = new WeightedOffsetRangeTracker(new OffsetRange(0, 4), weights([70, 10, 10, 10]));
    expect(tracker.tryClaim(0)).toBe(true);
    expect(tracker.getProgress()).toEqual({ workCompleted: 0, workRemaining: 100 });
    // Remaining weight counts position 0 (being read): 100; 10% is 10, below position 0's 70: split at cur + 1.
    expect(tracker.trySplit(0.1)?.residual.toString()).toBe(new OffsetRange(1, 4).toString());
    expect(tracker.tryClaim(1)).toBe(false);
    expect(() => tracker.checkDone()).not.toThrow();
    expect(tracker.getProgress()).toEqual({ workCompleted: 70, workRemaining: 0 });
  });

  it("a checkpoint (fraction 0) splits right after the last claim, as OffsetRangeTracker does", () => {
    const weighted = new WeightedOffsetRangeTracker(new OffsetRange(5, 9), weights([1, 1, 1, 1, 1, 4, 4, 4, 4]));
    const plain = new OffsetRangeTracker(new OffsetRange(5, 9));
    for (const t of [weighted, plain]) t.tryClaim(6);
    expect(String(weighted.trySplit(0)?.residual)).toBe(String(plain.trySplit(0)?.residual));
    expect(weighted.trySplit(0)).toBeNull();
  });

  it("returns null when nothing can be split off, and rejects bad fractions and open ranges", () => {
    const tracker = new WeightedOffsetRangeTracker(new OffsetRange(0, 2), weights([5, 5]));
    tracker.tryClaim(1);
    expect(tracker.trySplit(0.5)).toBeNull();
    expect(() => tracker.trySplit(Number.NaN)).toThrow(InvalidSplitError);
    expect(() => tracker.trySplit(1.5)).toThrow(InvalidSplitError);
    expect(() => new WeightedOffsetRangeTracker(new OffsetRange(0, Infinity), weights([]))).toThrow(InvalidRestrictionError);
  });

  it("zero-weight positions (empty row groups) are claimed and split like any other", () => {
    const tracker = new WeightedOffsetRangeTracker(new OffsetRange(0, 4), weights([0, 0, 8, 0]));
    expect(tracker.trySplit(0.5)?.residual.toString()).toBe(new OffsetRange(2, 4).toString());
    expect(tracker.tryClaim(0)).toBe(true);
    expect(tracker.tryClaim(1)).toBe(true);
    expect(tracker.tryClaim(2)).toBe(false);
  });

  it("passes the tracker conformance properties over random weights", async () => {
    const weightList = Array.from({ length: 64 }, (_, i) => (i * 37) % 11);
    const report = await checkTrackerConformance({
      newTracker: (range: OffsetRange) => new WeightedOffsetRangeTracker(range, weights(weightList)),
      restrictions: fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 20 })).map(([from, length]) => new OffsetRange(from, from + length)),
      positions: (range) => Array.from({ length: range.size() }, (_, i) => range.from + i),
      finish: Infinity,
      numRuns: 150,
      seed: SEED,
    });
    expectConformance(report, "WeightedOffsetRangeTracker");
  });
});
