// Mirrors Beam Java `OffsetRangeTrackerTest` (sdks/java/core/src/test/java/org/apache/beam/sdk/
// transforms/splittabledofn/) and Beam Python `restriction_trackers_test.py`
// (`OffsetRestrictionTrackerTest`), adapted: Long.MIN/MAX_VALUE → the safe-integer bounds,
// Long.MAX_VALUE as an open end → Infinity, Beam's lenient fractions → InvalidSplitError.
import { describe, expect, it } from "vitest";
import { ClaimOrderError } from "../../src/errors/ClaimOrderError.js";
import { InvalidSplitError } from "../../src/errors/InvalidSplitError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { UnfinishedWorkError } from "../../src/errors/UnfinishedWorkError.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import type { SplitResult } from "../../src/restrictions/RestrictionTracker.js";

const MAX = Number.MAX_SAFE_INTEGER;
const MIN = Number.MIN_SAFE_INTEGER;

function tracker(from: number, to: number): OffsetRangeTracker {
  return new OffsetRangeTracker(new OffsetRange(from, to));
}

/** `{ primary, residual }` as text, for readable failures; null stays null. */
function show(split: SplitResult<OffsetRange> | null): { primary: string; residual: string } | null {
  return split === null ? null : { primary: split.primary.toString(), residual: split.residual.toString() };
}

/** The error `fn` throws (fails the test if it does not throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("OffsetRangeTracker: claims", () => {
  it("try_claim", () => {
    const range = new OffsetRange(100, 200);
    const t = new OffsetRangeTracker(range);
    // Check: the tracker starts with the range it was given.
    expect(t.currentRestriction().equals(range)).toBe(true);
    expect(t.tryClaim(100)).toBe(true);
    expect(t.tryClaim(150)).toBe(true);
    expect(t.tryClaim(199)).toBe(true);
    // Check: a claim at `to` fails.
    expect(t.tryClaim(200)).toBe(false);
  });

  it("non_monotonic_claim: ClaimOrderError naming both positions", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(105)).toBe(true);
    expect(t.tryClaim(110)).toBe(true);
    const error = thrown(() => t.tryClaim(103));
    // Check: Beam's message, both positions named; a non-retriable contract error.
    expect(error).toBeInstanceOf(ClaimOrderError);
    expect(error.message).toContain("Trying to claim offset 103 while last attempted was 110");
    expect((error as SdfError).retriable).toBe(false);
    expect((error as SdfError).context.restriction).toBe("[100, 200)");
  });

  it("repeated_claim: claiming the same position twice throws", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(110)).toBe(true);
    // Check: strictly increasing, equality is not allowed.
    expect(() => t.tryClaim(110)).toThrow(ClaimOrderError);
    expect(() => t.tryClaim(110)).toThrow(/110.*110/);
  });

  it("claims increase over the last *attempted* position, not the last claimed one", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(150)).toBe(true);
    expect(t.tryClaim(240)).toBe(false);
    // Check: 220 > 150 (last claimed) but < 240 (last attempted): a ClaimOrderError naming both.
    expect(() => t.tryClaim(220)).toThrow(ClaimOrderError);
    expect(() => t.tryClaim(220)).toThrow("Trying to claim offset 220 while last attempted was 240");
    expect(() => t.tryClaim(240)).toThrow(ClaimOrderError);
    // Check: a failed claim is recorded: a later, larger claim still returns false.
    expect(t.tryClaim(241)).toBe(false);
  });

  it("claim_before_start_of_range", () => {
    const t = tracker(100, 200);
    const error = thrown(() => t.tryClaim(90));
    // Check: the offending position and the range are named.
    expect(error).toBeInstanceOf(ClaimOrderError);
    expect(error.message).toContain("90");
    expect(error.message).toContain("[100, 200)");
    // Check: the failed claim does not count as an attempt: the start is still claimable.
    expect(t.tryClaim(100)).toBe(true);
  });

  it.each([1.5, Number.NaN, -Infinity, 2 ** 53, -(2 ** 53)])("claim of %s (not a safe integer) throws", (position) => {
    const t = tracker(-(2 ** 52), 200);
    // Check: positions are validated as safe integers.
    expect(() => t.tryClaim(position)).toThrow(ClaimOrderError);
  });

  it("claim of Infinity returns false and finishes the tracker", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(150)).toBe(true);
    // Check: "nothing more": false, then checkDone passes.
    expect(t.tryClaim(Infinity)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
    // Check: nothing is left to split off.
    expect(t.trySplit(0)).toBeNull();
    expect(t.trySplit(0.5)).toBeNull();
    expect(t.trySplit(1)).toBeNull();
    // Check: no claim can follow Infinity.
    expect(() => t.tryClaim(MAX)).toThrow(ClaimOrderError);
    expect(() => t.tryClaim(Infinity)).toThrow(ClaimOrderError);
  });

  it("claim of Infinity on an unstarted tracker finishes it", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(Infinity)).toBe(false);
    // Check: the whole range is given up: done, and nothing to split.
    expect(() => t.checkDone()).not.toThrow();
    expect(t.trySplit(0)).toBeNull();
    expect(t.currentRestriction().toString()).toBe("[100, 200)");
  });
});

describe("OffsetRangeTracker: checkpoints (trySplit(0))", () => {
  it("checkpoint_unstarted", () => {
    const t = tracker(100, 200);
    const split = t.trySplit(0);
    // Check: primary is empty at `from`, residual is the whole range.
    expect(show(split)).toEqual({ primary: "[100, 100)", residual: "[100, 200)" });
    // Check: currentRestriction() is the primary.
    expect(t.currentRestriction().toString()).toBe("[100, 100)");
    // Check: an empty primary is done.
    expect(() => t.checkDone()).not.toThrow();
  });

  it("checkpoint_just_started", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(100)).toBe(true);
    const split = t.trySplit(0);
    // Check: primary ends right after the last claim.
    expect(show(split)).toEqual({ primary: "[100, 101)", residual: "[101, 200)" });
    expect(t.currentRestriction().toString()).toBe("[100, 101)");
    expect(() => t.checkDone()).not.toThrow();
  });

  it("checkpoint_regular", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(105)).toBe(true);
    expect(t.tryClaim(110)).toBe(true);
    const split = t.trySplit(0);
    expect(show(split)).toEqual({ primary: "[100, 111)", residual: "[111, 200)" });
    expect(t.currentRestriction().toString()).toBe("[100, 111)");
    expect(() => t.checkDone()).not.toThrow();
    // Check: claims beyond the primary fail.
    expect(t.tryClaim(111)).toBe(false);
  });

  it("claimed_last: nothing left, null", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(105)).toBe(true);
    expect(t.tryClaim(110)).toBe(true);
    expect(t.tryClaim(199)).toBe(true);
    // Check: no empty residual: null, and the restriction is unchanged.
    expect(t.trySplit(0)).toBeNull();
    expect(t.currentRestriction().toString()).toBe("[100, 200)");
    expect(() => t.checkDone()).not.toThrow();
  });

  it("after_failed_claim: null", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(105)).toBe(true);
    expect(t.tryClaim(110)).toBe(true);
    expect(t.tryClaim(160)).toBe(true);
    expect(t.tryClaim(240)).toBe(false);
    // Check: a finished tracker cannot be split; the range stays.
    expect(t.trySplit(0)).toBeNull();
    expect(t.currentRestriction().toString()).toBe("[100, 200)");
    expect(() => t.checkDone()).not.toThrow();
  });

  it("after_failed_claim at exactly `to`: null", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(150)).toBe(true);
    expect(t.tryClaim(200)).toBe(false);
    expect(t.trySplit(0)).toBeNull();
    expect(t.trySplit(0.5)).toBeNull();
  });

  it("split_after_checkpoint: null", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(105)).toBe(true);
    expect(show(t.trySplit(0))).toEqual({ primary: "[100, 106)", residual: "[106, 200)" });
    // Check: 105 + max(1, floor(1 × 0.1)) = 106 >= 106.
    expect(t.trySplit(0.1)).toBeNull();
    expect(t.trySplit(0)).toBeNull();
  });

  it("checkpoint on an empty range: null", () => {
    const t = tracker(100, 100);
    // Check: Beam's testTrySplitAtEmptyRange.
    expect(t.trySplit(0)).toBeNull();
    expect(t.trySplit(0.1)).toBeNull();
    expect(t.trySplit(1)).toBeNull();
    expect(() => t.checkDone()).not.toThrow();
  });

  it("-0 is a checkpoint like 0", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(120)).toBe(true);
    expect(show(t.trySplit(-0))).toEqual({ primary: "[100, 121)", residual: "[121, 200)" });
  });
});

describe("OffsetRangeTracker: trySplit(f)", () => {
  it("try_split (Beam Java 0.509)", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(100)).toBe(true);
    const split = t.trySplit(0.509);
    // Check: 100 + floor(100 × 0.509) = 150.
    expect(show(split)).toEqual({ primary: "[100, 150)", residual: "[150, 200)" });
    // Check: currentRestriction() is the primary.
    expect(t.currentRestriction().equals(split?.primary)).toBe(true);
    // Check: 100 + floor(50 × 1) = 150 >= 150: nothing to split.
    expect(t.trySplit(1)).toBeNull();
  });

  it("try_split (Beam Python 0.5)", () => {
    const t = tracker(100, 200);
    t.tryClaim(100);
    expect(show(t.trySplit(0.5))).toEqual({ primary: "[100, 150)", residual: "[150, 200)" });
    expect(t.currentRestriction().toString()).toBe("[100, 150)");
  });

  it("documented example: claimed to 130, trySplit(0.7) then a checkpoint", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(130)).toBe(true);
    // Check: 130 + floor(70 × 0.7) = 179.
    expect(show(t.trySplit(0.7))).toEqual({ primary: "[100, 179)", residual: "[179, 200)" });
    // Check: the checkpoint splits the new primary right after the last claim.
    expect(show(t.trySplit(0))).toEqual({ primary: "[100, 131)", residual: "[131, 179)" });
    expect(t.tryClaim(131)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
  });

  it("unstarted: cur = from - 1", () => {
    const t = tracker(100, 200);
    // Check: 99 + floor(101 × 0.5) = 149.
    expect(show(t.trySplit(0.5))).toEqual({ primary: "[100, 149)", residual: "[149, 200)" });
  });

  it("unstarted: trySplit(1) is null (99 + 101 = 200 >= to)", () => {
    const t = tracker(100, 200);
    expect(t.trySplit(1)).toBeNull();
    expect(t.currentRestriction().toString()).toBe("[100, 200)");
  });

  it("a tiny fraction still moves the split at least one past the last attempt", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(120)).toBe(true);
    // Check: max(1, floor(80 × 1e-9)) = 1.
    expect(show(t.trySplit(1e-9))).toEqual({ primary: "[100, 121)", residual: "[121, 200)" });
  });

  it("after a split, claims beyond the primary fail and checkDone uses the primary", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(150)).toBe(true);
    // Check: 150 + floor(50 × 0.5) = 175.
    expect(show(t.trySplit(0.5))).toEqual({ primary: "[100, 175)", residual: "[175, 200)" });
    // Check: not done until 174 is attempted, and the message names the unclaimed part.
    expect(() => t.checkDone()).toThrow("claiming work in [151, 175) was not attempted");
    expect(t.tryClaim(174)).toBe(true);
    expect(() => t.checkDone()).not.toThrow();
    expect(t.tryClaim(175)).toBe(false);
  });

  it("split results are immutable values, independent of later tracker state", () => {
    const t = tracker(0, 100);
    t.tryClaim(10);
    const first = t.trySplit(0.5);
    t.trySplit(0);
    // Check: the earlier result still says what it said.
    expect(show(first)).toEqual({ primary: "[0, 55)", residual: "[55, 100)" });
  });

  it.each([Number.NaN, -0.1, -1, 1.0000001, 2, Infinity, -Infinity])(
    "fraction %s is an InvalidSplitError and leaves the tracker unchanged",
    (fraction) => {
      const t = tracker(100, 200);
      t.tryClaim(120);
      const error = thrown(() => t.trySplit(fraction));
      // Check: InvalidSplitError (Beam is lenient here; we are not), naming the fraction and range.
      expect(error).toBeInstanceOf(InvalidSplitError);
      expect(error.message).toContain(String(fraction));
      expect(error.message).toContain("[100, 200)");
      expect((error as SdfError).retriable).toBe(false);
      // Check: nothing changed.
      expect(t.currentRestriction().toString()).toBe("[100, 200)");
      expect(t.tryClaim(121)).toBe(true);
    },
  );

  it("invalid fractions throw even when nothing could be split", () => {
    const done = tracker(100, 200);
    done.tryClaim(Infinity);
    expect(() => done.trySplit(Number.NaN)).toThrow(InvalidSplitError);
    expect(() => tracker(5, 5).trySplit(-1)).toThrow(InvalidSplitError);
  });
});

describe("OffsetRangeTracker: checkDone", () => {
  it("done_before_claim: names the unclaimed range", () => {
    const error = thrown(() => tracker(100, 200).checkDone());
    // Check: UnfinishedWorkError naming [100, 200).
    expect(error).toBeInstanceOf(UnfinishedWorkError);
    expect(error.message).toContain("[100, 200)");
    expect((error as SdfError).retriable).toBe(false);
  });

  it("check_done_after_try_claim_past_end_of_range", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(150)).toBe(true);
    expect(t.tryClaim(175)).toBe(true);
    expect(t.tryClaim(220)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
  });

  it("check_done_after_try_claim_at_end_of_range", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(150)).toBe(true);
    expect(t.tryClaim(175)).toBe(true);
    expect(t.tryClaim(200)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
  });

  it("check_done_after_try_claim_right_before_end_of_range", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(150)).toBe(true);
    expect(t.tryClaim(175)).toBe(true);
    expect(t.tryClaim(199)).toBe(true);
    expect(() => t.checkDone()).not.toThrow();
  });

  it("check_done_when_not_done: names the unclaimed range", () => {
    const t = tracker(100, 200);
    expect(t.tryClaim(150)).toBe(true);
    expect(t.tryClaim(175)).toBe(true);
    const error = thrown(() => t.checkDone());
    // Check: Beam's message.
    expect(error).toBeInstanceOf(UnfinishedWorkError);
    expect(error.message).toContain(
      "Last attempted offset was 175 in range [100, 200), claiming work in [176, 200) was not attempted",
    );
    expect((error as SdfError).context.restriction).toBe("[100, 200)");
  });

  it("an empty range is done without any claim", () => {
    expect(() => tracker(7, 7).checkDone()).not.toThrow();
  });
});

describe("OffsetRangeTracker: progress (Beam: completed + remaining = size)", () => {
  it("backlog_unstarted", () => {
    // Check: {0, size}.
    expect(tracker(0, 200).getProgress()).toEqual({ workCompleted: 0, workRemaining: 200 });
    expect(tracker(100, 200).getProgress()).toEqual({ workCompleted: 0, workRemaining: 100 });
  });

  it("backlog_partially_completed", () => {
    const a = tracker(0, 200);
    a.tryClaim(150);
    // Check: completed = last attempted - from, remaining = to - last attempted.
    expect(a.getProgress()).toEqual({ workCompleted: 150, workRemaining: 50 });
    const b = tracker(100, 200);
    b.tryClaim(150);
    expect(b.getProgress()).toEqual({ workCompleted: 50, workRemaining: 50 });
  });

  it("backlog_finished: a claim past the end completes exactly the range", () => {
    const a = tracker(0, 200);
    a.tryClaim(300);
    // Check: Beam testBacklogFinished: {200, 0}, completed + remaining = size.
    expect(a.getProgress()).toEqual({ workCompleted: 200, workRemaining: 0 });
    const b = tracker(100, 200);
    b.tryClaim(300);
    expect(b.getProgress()).toEqual({ workCompleted: 100, workRemaining: 0 });
  });

  it("backlog_finished by a claim at exactly `to`", () => {
    const t = tracker(100, 200);
    t.tryClaim(150);
    t.tryClaim(200);
    expect(t.getProgress()).toEqual({ workCompleted: 100, workRemaining: 0 });
  });

  it("backlog_finished by a claim of Infinity", () => {
    const unstarted = tracker(100, 200);
    unstarted.tryClaim(Infinity);
    // Check: Beam with Long.MAX_VALUE: remaining max(0, to - MAX) = 0, completed = size.
    expect(unstarted.getProgress()).toEqual({ workCompleted: 100, workRemaining: 0 });
    const started = tracker(100, 200);
    started.tryClaim(150);
    started.tryClaim(Infinity);
    expect(started.getProgress()).toEqual({ workCompleted: 100, workRemaining: 0 });
  });

  it("progress after a split is over the primary", () => {
    const t = tracker(100, 200);
    t.tryClaim(130);
    t.trySplit(0.7);
    // Check: primary [100, 179): {30, 49}.
    expect(t.getProgress()).toEqual({ workCompleted: 30, workRemaining: 49 });
    t.tryClaim(179);
    // Check: a failed claim past the primary completes the primary, not more.
    expect(t.getProgress()).toEqual({ workCompleted: 79, workRemaining: 0 });
  });

  it("progress of an empty range", () => {
    expect(tracker(5, 5).getProgress()).toEqual({ workCompleted: 0, workRemaining: 0 });
  });
});

describe("OffsetRangeTracker: large values", () => {
  it("large_range [MIN_SAFE, MAX_SAFE)", () => {
    const t = tracker(MIN, MAX);
    // Check: progress is exact: 2^54 - 2 is a double.
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: 2 ** 54 - 2 });
    // Check: the checkpoint hands off the whole range.
    expect(show(t.trySplit(0))).toEqual({ primary: `[${MIN}, ${MIN})`, residual: `[${MIN}, ${MAX})` });
  });

  it("small_range_with_large_value: splits near 2^53 are exact", () => {
    const a = tracker(MAX - 2, MAX);
    expect(a.tryClaim(MAX - 2)).toBe(true);
    // Check: (MAX - 2) + floor(2 × 0.5) = MAX - 1.
    expect(show(a.trySplit(0.5))).toEqual({ primary: `[${MAX - 2}, ${MAX - 1})`, residual: `[${MAX - 1}, ${MAX})` });

    const b = tracker(MAX - 6, MAX - 4);
    expect(b.tryClaim(MAX - 6)).toBe(true);
    expect(show(b.trySplit(0.5))).toEqual({ primary: `[${MAX - 6}, ${MAX - 5})`, residual: `[${MAX - 5}, ${MAX - 4})` });
  });

  it("a range ending at 2^53 - 1: the last position is claimable, `to` is not", () => {
    const t = tracker(MAX - 1000, MAX);
    expect(t.tryClaim(MAX - 1000)).toBe(true);
    // Check: (MAX - 1000) + floor(1000 × 0.25) = MAX - 750.
    expect(show(t.trySplit(0.25))).toEqual({ primary: `[${MAX - 1000}, ${MAX - 750})`, residual: `[${MAX - 750}, ${MAX})` });
    const residual = tracker(MAX - 750, MAX);
    expect(residual.tryClaim(MAX - 1)).toBe(true);
    expect(residual.getProgress()).toEqual({ workCompleted: 749, workRemaining: 1 });
    expect(residual.tryClaim(MAX)).toBe(false);
    expect(() => residual.checkDone()).not.toThrow();
  });

  it("checkpoint near 2^53", () => {
    const t = tracker(MAX - 10, MAX);
    t.tryClaim(MAX - 3);
    expect(show(t.trySplit(0))).toEqual({ primary: `[${MAX - 10}, ${MAX - 2})`, residual: `[${MAX - 2}, ${MAX})` });
    const last = tracker(MAX - 10, MAX);
    last.tryClaim(MAX - 1);
    // Check: claimed_last at the top of the safe range: null.
    expect(last.trySplit(0)).toBeNull();
  });
});

describe("OffsetRangeTracker: open range [0, Infinity)", () => {
  it("is unbounded until finished by a claim of Infinity", () => {
    const t = tracker(0, Infinity);
    // Check: isBounded false while open.
    expect(t.isBounded()).toBe(false);
    expect(t.tryClaim(0)).toBe(true);
    expect(t.tryClaim(MAX)).toBe(true);
    expect(t.isBounded()).toBe(false);
    // Check: Infinity finishes it: false, done, bounded.
    expect(t.tryClaim(Infinity)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
    expect(t.isBounded()).toBe(true);
  });

  it("a bounded range is bounded", () => {
    expect(tracker(0, 10).isBounded()).toBe(true);
  });

  it("checkpoint_unstarted: the residual is the whole open range", () => {
    const t = tracker(0, Infinity);
    expect(show(t.trySplit(0))).toEqual({ primary: "[0, 0)", residual: "[0, Infinity)" });
    expect(t.isBounded()).toBe(true);
    expect(() => t.checkDone()).not.toThrow();
  });

  it("checkpoint after claims: bounded primary, open residual", () => {
    const t = tracker(0, Infinity);
    for (let p = 0; p < 5; p++) expect(t.tryClaim(p)).toBe(true);
    expect(show(t.trySplit(0))).toEqual({ primary: "[0, 5)", residual: "[5, Infinity)" });
    // Check: the tracker is now bounded by the primary.
    expect(t.isBounded()).toBe(true);
    expect(t.tryClaim(5)).toBe(false);
    expect(() => t.checkDone()).not.toThrow();
  });

  it("a fraction > 0 of an unbounded remainder is null (cur + floor(Infinity × f) >= to)", () => {
    const t = tracker(0, Infinity);
    t.tryClaim(5);
    expect(t.trySplit(0.5)).toBeNull();
    expect(t.trySplit(1)).toBeNull();
    expect(t.trySplit(Number.MIN_VALUE)).toBeNull();
    expect(t.currentRestriction().toString()).toBe("[0, Infinity)");
  });

  it("checkDone names the open remainder", () => {
    const t = tracker(0, Infinity);
    t.tryClaim(5);
    expect(() => t.checkDone()).toThrow(UnfinishedWorkError);
    expect(() => t.checkDone()).toThrow("[6, Infinity)");
    expect(() => tracker(0, Infinity).checkDone()).toThrow("[0, Infinity)");
  });

  it("progress: {0, Infinity} unstarted, then completed = last attempted - from", () => {
    const t = tracker(0, Infinity);
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: Infinity });
    t.tryClaim(5);
    // Check: Beam with to = Long.MAX_VALUE: completed = 5 - 0, remaining = to - 5.
    const progress = t.getProgress();
    expect(progress.workCompleted).toBe(5);
    expect(progress.workRemaining).toBe(Infinity);
  });

  it("toString names the range", () => {
    const t = tracker(0, Infinity);
    expect(t.toString()).toContain("[0, Infinity)");
  });
});
