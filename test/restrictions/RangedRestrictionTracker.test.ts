// RangedRestrictionTracker: an offset tracker over a restriction's range, with what rides along
// (here a path) put back on every restriction it returns; the base of the file-list trackers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClaimOrderError } from "../../src/errors/ClaimOrderError.js";
import { UnfinishedWorkError } from "../../src/errors/UnfinishedWorkError.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import { RangedRestrictionTracker, type RangedRestriction } from "../../src/restrictions/RangedRestrictionTracker.js";
import { WeightedOffsetRangeTracker } from "../../src/restrictions/WeightedOffsetRangeTracker.js";
import { checkTrackerConformance } from "../../testkit/index.js";
import { expectConformance } from "../../testkit/vitest.js";

/** A byte range of one named file. */
class Lines implements RangedRestriction<Lines> {
  constructor(
    readonly path: string,
    readonly range: OffsetRange,
  ) {}
  withRange(range: OffsetRange): Lines {
    return new Lines(this.path, range);
  }
  toString(): string {
    return `${this.range.toString()} of ${this.path}`;
  }
}

const lines = (from: number, to: number) => new Lines("/a.txt", new OffsetRange(from, to));

describe("RangedRestrictionTracker", () => {
  it("claimed_then_split: [100, 200), claimed to 130, trySplit(0.7) splits at 179, both pieces keep the path", () => {
    const t = new RangedRestrictionTracker(lines(100, 200));
    expect(t.tryClaim(130)).toBe(true);
    const split = t.trySplit(0.7)!;
    // Check: the offsets are OffsetRangeTracker's, what rides along is kept on both pieces.
    expect([split.primary.range.from, split.primary.range.to, split.residual.range.from, split.residual.range.to]).toEqual([100, 179, 179, 200]);
    expect([split.primary.path, split.residual.path]).toEqual(["/a.txt", "/a.txt"]);
    expect(t.currentRestriction()).toBeInstanceOf(Lines);
    expect(String(t.currentRestriction())).toBe("[100, 179) of /a.txt");
  });

  it("checkpoint_unstarted, after_failed_claim, non_monotonic_claim: as the offset tracker", () => {
    const t = new RangedRestrictionTracker(lines(0, 10));
    const checkpoint = t.trySplit(0)!;
    expect(String(checkpoint.primary)).toBe("[0, 0) of /a.txt");
    expect(String(checkpoint.residual)).toBe("[0, 10) of /a.txt");
    expect(t.tryClaim(0)).toBe(false);
    t.checkDone();

    const u = new RangedRestrictionTracker(lines(0, 10));
    expect(u.tryClaim(3)).toBe(true);
    expect(() => u.tryClaim(3)).toThrow(ClaimOrderError);
    expect(() => u.checkDone()).toThrow(UnfinishedWorkError);
    const plain = new OffsetRangeTracker(new OffsetRange(0, 10));
    plain.tryClaim(3);
    // Check: progress is the offset tracker's own.
    expect(u.getProgress()).toEqual(plain.getProgress());
    expect(u.isBounded()).toBe(true);
    expect(u.tryClaim(Infinity)).toBe(false);
    u.checkDone();
  });

  it("uses the offset tracker it is given: a weighted one splits and reports progress by weight", () => {
    const weights = { weightOf: (a: number, b: number) => (b > a ? [10, 10, 80].slice(a, b).reduce((x, y) => x + y, 0) : 0) };
    const r = lines(0, 3);
    const t = new RangedRestrictionTracker(r, new WeightedOffsetRangeTracker(r.range, weights));
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: 100 });
    expect(String(t.trySplit(0.5)!.residual)).toBe("[2, 3) of /a.txt");
    expect(String(t)).toBe("RangedRestrictionTracker(WeightedOffsetRangeTracker([0, 2), lastAttempted=null) of [0, 3) of /a.txt)");
  });

  it("passes checkTrackerConformance", async () => {
    const restrictions = fc
      .tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }))
      .map(([a, b]) => lines(Math.min(a, b), Math.max(a, b)));
    const report = await checkTrackerConformance({
      newTracker: (r: Lines) => new RangedRestrictionTracker(r),
      restrictions,
      positions: (r) => Array.from({ length: r.range.size() }, (_, i) => r.range.from + i),
      finish: Infinity,
      numRuns: 50,
      seed: 424_242,
    });
    expectConformance(report, "RangedRestrictionTracker");
  });
});
