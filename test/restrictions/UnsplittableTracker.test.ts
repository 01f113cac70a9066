// UnsplittableTracker: Beam Python's `UnsplittableRestrictionTracker` idea. Every trySplit,
// checkpoints included, returns null (the fraction is still validated); all else delegates.
import { describe, expect, it } from "vitest";
import { InvalidSplitError } from "../../src/errors/InvalidSplitError.js";
import { UnfinishedWorkError } from "../../src/errors/UnfinishedWorkError.js";
import { GrowableOffsetRangeTracker } from "../../src/restrictions/GrowableOffsetRangeTracker.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import type { Progress, RestrictionTracker, SplitResult } from "../../src/restrictions/RestrictionTracker.js";
import { UnsplittableTracker } from "../../src/restrictions/UnsplittableTracker.js";

const MAX = Number.MAX_SAFE_INTEGER;

function unsplittable(from: number, to: number): UnsplittableTracker<OffsetRange, number> {
  return new UnsplittableTracker(new OffsetRangeTracker(new OffsetRange(from, to)));
}

/** A tracker that records every call, to see what the wrapper forwards. */
class RecordingTracker implements RestrictionTracker<string, number> {
  readonly calls: string[] = [];
  tryClaim(position: number): boolean {
    this.calls.push(`tryClaim(${position})`);
    return position < 10;
  }
  currentRestriction(): string {
    this.calls.push("currentRestriction");
    return "R";
  }
  trySplit(fraction: number): SplitResult<string> | null {
    this.calls.push(`trySplit(${fraction})`);
    return { primary: "P", residual: "Q" };
  }
  checkDone(): void {
    this.calls.push("checkDone");
  }
  isBounded(): boolean {
    this.calls.push("isBounded");
    return false;
  }
  getProgress(): Progress {
    this.calls.push("getProgress");
    return { workCompleted: 3, workRemaining: 4 };
  }
}

describe("UnsplittableTracker", () => {
  it("checkpoint_unstarted: null, the restriction is unchanged", () => {
    const t = unsplittable(100, 200);
    // Check: no checkpoint, even of an unstarted tracker.
    expect(t.trySplit(0)).toBeNull();
    expect(t.currentRestriction().toString()).toBe("[100, 200)");
    // Check: the work was not handed off, so checkDone still requires it.
    expect(() => t.checkDone()).toThrow(UnfinishedWorkError);
  });

  it("checkpoint_just_started: null", () => {
    const t = unsplittable(100, 200);
    expect(t.tryClaim(100)).toBe(true);
    expect(t.trySplit(0)).toBeNull();
    expect(t.currentRestriction().toString()).toBe("[100, 200)");
    // Check: claims past where a checkpoint would have cut still succeed.
    expect(t.tryClaim(101)).toBe(true);
    expect(t.tryClaim(199)).toBe(true);
  });

  it.each([0, 1e-9, 0.25, 0.5, 0.999, 1])("trySplit(%s) is null at every stage", (fraction) => {
    const t = unsplittable(0, 100);
    // Check: null unstarted, mid-way, claimed_last and after_failed_claim.
    expect(t.trySplit(fraction)).toBeNull();
    t.tryClaim(10);
    expect(t.trySplit(fraction)).toBeNull();
    t.tryClaim(99);
    expect(t.trySplit(fraction)).toBeNull();
    expect(t.tryClaim(150)).toBe(false);
    expect(t.trySplit(fraction)).toBeNull();
    expect(t.currentRestriction().toString()).toBe("[0, 100)");
    expect(() => t.checkDone()).not.toThrow();
  });

  it.each([Number.NaN, -0.1, 1.5, Infinity, -Infinity])("fraction %s is still an InvalidSplitError", (fraction) => {
    const t = unsplittable(100, 200);
    // Check: validated although no split can happen; the message names the restriction.
    expect(() => t.trySplit(fraction)).toThrow(InvalidSplitError);
    expect(() => t.trySplit(fraction)).toThrow("[100, 200)");
  });

  it("non_monotonic_claim and claim past the end delegate to the inner tracker", () => {
    const t = unsplittable(100, 200);
    expect(t.tryClaim(110)).toBe(true);
    expect(() => t.tryClaim(103)).toThrow("Trying to claim offset 103 while last attempted was 110");
    expect(t.tryClaim(200)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
  });

  it("check_done_when_not_done delegates", () => {
    const t = unsplittable(100, 200);
    t.tryClaim(150);
    expect(() => t.checkDone()).toThrow("claiming work in [151, 200) was not attempted");
  });

  it("progress and isBounded delegate", () => {
    const t = unsplittable(0, 200);
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: 200 });
    t.tryClaim(150);
    expect(t.getProgress()).toEqual({ workCompleted: 150, workRemaining: 50 });
    expect(t.isBounded()).toBe(true);
  });

  it("wrapping a growable tracker: stays unbounded, no checkpoint, Infinity finishes it", () => {
    const t = new UnsplittableTracker(new GrowableOffsetRangeTracker(0, { estimate: () => 100 }));
    expect(t.isBounded()).toBe(false);
    expect(t.tryClaim(10)).toBe(true);
    // Check: no split although the estimate would allow one.
    expect(t.trySplit(0)).toBeNull();
    expect(t.trySplit(0.5)).toBeNull();
    expect(t.isBounded()).toBe(false);
    expect(t.currentRestriction().toString()).toBe("[0, Infinity)");
    expect(t.getProgress()).toEqual({ workCompleted: 10, workRemaining: 90 });
    expect(t.tryClaim(Infinity)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
    expect(t.isBounded()).toBe(true);
  });

  it("wrapping an open range near 2^53", () => {
    const t = unsplittable(MAX - 3, Infinity);
    expect(t.tryClaim(MAX - 3)).toBe(true);
    expect(t.tryClaim(MAX)).toBe(true);
    expect(t.trySplit(0)).toBeNull();
    expect(t.tryClaim(Infinity)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
  });

  it("never forwards trySplit to the inner tracker; forwards everything else", () => {
    const inner = new RecordingTracker();
    const t = new UnsplittableTracker(inner);
    expect(t.trySplit(0)).toBeNull();
    expect(t.trySplit(0.5)).toBeNull();
    // Check: the inner tracker, which would split, is never asked to.
    expect(inner.calls.filter((c) => c.startsWith("trySplit"))).toEqual([]);
    inner.calls.length = 0;
    expect(t.tryClaim(3)).toBe(true);
    expect(t.tryClaim(12)).toBe(false);
    expect(t.currentRestriction()).toBe("R");
    t.checkDone();
    expect(t.isBounded()).toBe(false);
    expect(t.getProgress()).toEqual({ workCompleted: 3, workRemaining: 4 });
    // Check: each call delegated exactly once, in order.
    expect(inner.calls).toEqual(["tryClaim(3)", "tryClaim(12)", "currentRestriction", "checkDone", "isBounded", "getProgress"]);
  });
});
