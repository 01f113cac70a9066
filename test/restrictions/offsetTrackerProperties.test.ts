// Properties of the offset trackers under arbitrary schedules of claims, splits and checkpoints.
// The seed is global (test/setup/fastCheckSeed.ts); replay a failure with FC_SEED=<seed>.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GrowableOffsetRangeTracker, type RangeEndEstimator } from "../../src/restrictions/GrowableOffsetRangeTracker.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import type { RestrictionTracker, SplitResult } from "../../src/restrictions/RestrictionTracker.js";

const MAX = Number.MAX_SAFE_INTEGER;

type Tracker = RestrictionTracker<OffsetRange, number>;
type Op = { readonly kind: "claim" } | { readonly kind: "split"; readonly fraction: number };

/** Fractions in [0, 1], exactly 0 (checkpoint) and exactly 1 included often. */
const fractionArb = fc.oneof(
  fc.constant(0),
  fc.constant(1),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 0.05, noNaN: true }),
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Op>({ kind: "claim" }) },
  { weight: 1, arbitrary: fractionArb.map((fraction): Op => ({ kind: "split", fraction })) },
);

/** A schedule: long enough to split residuals again (fast-check's default size is too small). */
const opsArb = fc.array(opArb, { maxLength: 150, size: "medium" });

const MAX_LENGTH = 60;

/** Ranges of up to 60 positions: small, negative, or ending at or just below 2^53 - 1. */
const rangeArb: fc.Arbitrary<OffsetRange> = fc.oneof(
  fc.record({ from: fc.integer({ min: -100, max: 1000 }), length: fc.integer({ min: 0, max: MAX_LENGTH }) })
    .map(({ from, length }) => new OffsetRange(from, from + length)),
  fc.record({
    length: fc.integer({ min: 0, max: MAX_LENGTH }),
    slack: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 - MAX_LENGTH })),
  }).map(({ length, slack }) => new OffsetRange(MAX - slack - length, MAX - slack)),
);

/** A range and the sorted record positions in it (every position, or a random subset). */
const sourceArb = fc
  .tuple(rangeArb, fc.oneof(fc.constant(null), fc.array(fc.boolean(), { minLength: MAX_LENGTH, maxLength: MAX_LENGTH })))
  .map(([range, mask]) => {
    const records: number[] = [];
    for (let i = 0; i < range.size(); i++) if (mask === null || mask[i] === true) records.push(range.from + i);
    return { range, records };
  });

/** How a reader says "no more records": Beam's claim of the source's end, or Infinity. */
const endClaimArb = fc.constantFrom<"infinity" | "sourceEnd">("infinity", "sourceEnd");

interface Schedule {
  /** The records of the whole source, sorted. */
  readonly records: readonly number[];
  /** The claim made when records run out: it is past every record. */
  readonly endPosition: number;
  /** Claims and splits, consumed in order across all pieces; then only claims. */
  readonly ops: readonly Op[];
  /** A fresh tracker for a piece. */
  readonly newTracker: (piece: OffsetRange) => Tracker;
  /** Called after every claim and split with the tracker that made it. */
  readonly afterStep?: (tracker: Tracker) => void;
  /** Called with every successful split and the restriction before it. */
  readonly onSplit?: (before: OffsetRange, split: SplitResult<OffsetRange>, tracker: Tracker) => void;
}

/**
 * Runs the source as a runner would: each piece (the initial restriction, then every residual) is
 * read in a fresh tracker, claiming its records in order, while the schedule splits it (primaries
 * keep being read, residuals are queued and may be split again). Returns every output.
 */
function runPieces(initial: OffsetRange, schedule: Schedule): { outputs: number[]; pieces: number } {
  const queue: OffsetRange[] = [initial];
  const outputs: number[] = [];
  let opIndex = 0;
  let pieces = 0;
  for (let piece = queue.shift(); piece !== undefined; piece = queue.shift()) {
    pieces++;
    const tracker = schedule.newTracker(piece);
    let next = schedule.records.findIndex((r) => r >= piece.from);
    if (next === -1) next = schedule.records.length;
    for (;;) {
      const op: Op = schedule.ops[opIndex++] ?? { kind: "claim" };
      if (op.kind === "split") {
        const before = tracker.currentRestriction();
        const split = tracker.trySplit(op.fraction);
        if (split !== null) {
          schedule.onSplit?.(before, split, tracker);
          queue.push(split.residual);
        }
        schedule.afterStep?.(tracker);
        continue;
      }
      const position = schedule.records[next] ?? schedule.endPosition;
      const claimed = tracker.tryClaim(position);
      schedule.afterStep?.(tracker);
      if (!claimed) break;
      outputs.push(position);
      next++;
    }
    // Check: a reader that claimed until false leaves nothing behind.
    tracker.checkDone();
  }
  return { outputs, pieces };
}

/** Checks the split invariants: a tiling of the previous restriction, primary kept. */
function expectTiling(before: OffsetRange, split: SplitResult<OffsetRange>, tracker: Tracker): void {
  // Check: primary ∪ residual = the restriction before the split, no overlap, no gap.
  expect(split.primary.from).toBe(before.from);
  expect(split.primary.to).toBe(split.residual.from);
  expect(split.residual.to).toBe(before.to);
  expect(split.primary.from).toBeLessThanOrEqual(split.primary.to);
  // Check: the residual is never empty.
  expect(split.residual.from).toBeLessThan(split.residual.to);
  // Check: the tracker now owns the primary.
  expect(tracker.currentRestriction().equals(split.primary)).toBe(true);
}

/** Progress is two non-negative numbers; for a bounded restriction they sum to its size. */
function expectProgressInvariant(tracker: Tracker): void {
  const { workCompleted, workRemaining } = tracker.getProgress();
  const where = `${String(tracker)}: progress {${workCompleted}, ${workRemaining}}`;
  // Check: never negative, never NaN.
  expect(workCompleted, where).toBeGreaterThanOrEqual(0);
  expect(workRemaining, where).toBeGreaterThanOrEqual(0);
  const range = tracker.currentRestriction();
  if (range.to !== Infinity) {
    // Check: Beam's completed + remaining = size, at every step.
    expect(workCompleted + workRemaining, `${where}, size ${range.size()}`).toBe(range.size());
  }
}

/** A shared, non-monotonic estimator cycling through `estimates` (offsets above `base`). */
function cyclingEstimator(base: number, estimates: readonly number[]): RangeEndEstimator {
  let call = 0;
  return { estimate: () => base + (estimates[call++ % estimates.length] ?? 0) };
}

/** Growable pieces stay growable; bounded residuals get an ordinary tracker. */
function growableOrBounded(estimator: RangeEndEstimator): (piece: OffsetRange) => Tracker {
  return (piece) =>
    piece.to === Infinity ? new GrowableOffsetRangeTracker(piece.from, estimator) : new OffsetRangeTracker(piece);
}

const growableSourceArb = fc.record({
  base: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: MAX - 1000, max: MAX - 200 })),
  n: fc.integer({ min: 0, max: MAX_LENGTH }),
  // Estimates relative to base, going up and down, some below the start, some past the data.
  estimates: fc.array(fc.integer({ min: -5, max: MAX_LENGTH + 40 }), { minLength: 1, maxLength: 20 }),
  ops: opsArb,
});

describe("offset trackers: conservation (every record exactly once)", () => {
  it("OffsetRangeTracker: any interleaving of claims and splits, every piece run to completion", () => {
    let runs = 0;
    let splitRuns = 0;
    fc.assert(
      fc.property(sourceArb, opsArb, endClaimArb, ({ range, records }, ops, endClaim) => {
        const { outputs, pieces } = runPieces(range, {
          records,
          endPosition: endClaim === "infinity" ? Infinity : range.to,
          ops,
          newTracker: (piece) => new OffsetRangeTracker(piece),
          onSplit: expectTiling,
        });
        // Check: the union of all pieces' outputs is the unsplit read: nothing lost, nothing twice.
        expect([...outputs].sort((a, b) => a - b)).toEqual(records);
        runs++;
        if (pieces > 2) splitRuns++;
      }),
    );
    // Check: the schedules do exercise residuals being split again, not just single reads.
    expect(splitRuns).toBeGreaterThan(runs / 4);
  });

  it("OffsetRangeTracker over [from, Infinity): only checkpoints succeed, nothing lost", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: MAX - 1000, max: MAX - MAX_LENGTH })),
        fc.integer({ min: 0, max: MAX_LENGTH }),
        opsArb,
        (from, n, ops) => {
          const records = Array.from({ length: n }, (_, i) => from + i);
          const { outputs } = runPieces(new OffsetRange(from, Infinity), {
            records,
            endPosition: Infinity,
            ops,
            newTracker: (piece) => new OffsetRangeTracker(piece),
            onSplit: expectTiling,
          });
          expect(outputs).toEqual(records);
        },
      ),
    );
  });

  it("GrowableOffsetRangeTracker: random non-monotonic estimator, reading stops by claiming Infinity", () => {
    fc.assert(
      fc.property(growableSourceArb, ({ base, n, estimates, ops }) => {
        const records = Array.from({ length: n }, (_, i) => base + i);
        const estimator = cyclingEstimator(base, estimates);
        const { outputs } = runPieces(new OffsetRange(base, Infinity), {
          records,
          endPosition: Infinity,
          ops,
          newTracker: growableOrBounded(estimator),
          onSplit: (before, split, tracker) => {
            expectTiling(before, split, tracker);
            // Check: splitting an open range makes a bounded primary and keeps the residual open.
            if (before.to === Infinity) {
              expect(split.primary.to).not.toBe(Infinity);
              expect(split.residual.to).toBe(Infinity);
              expect(tracker.isBounded()).toBe(true);
            }
          },
        });
        // Check: positions base..base+n-1, each exactly once.
        expect([...outputs].sort((a, b) => a - b)).toEqual(records);
      }),
    );
  });
});

describe("offset trackers: split position is monotone in the fraction", () => {
  /** Where a split cuts, Infinity when there is no split. */
  function cut(split: SplitResult<OffsetRange> | null): number {
    return split === null ? Infinity : split.residual.from;
  }

  it("OffsetRangeTracker: for the same state, a larger f never splits earlier", () => {
    fc.assert(
      fc.property(
        rangeArb,
        fc.option(fc.integer({ min: 0, max: MAX_LENGTH + 3 }), { nil: undefined }),
        fractionArb,
        fractionArb,
        (range, claimOffset, f1, f2) => {
          const [lo, hi] = f1 <= f2 ? [f1, f2] : [f2, f1];
          const fresh = (): OffsetRangeTracker => {
            const t = new OffsetRangeTracker(range);
            if (claimOffset !== undefined && range.from + claimOffset <= MAX) t.tryClaim(range.from + claimOffset);
            return t;
          };
          const a = fresh().trySplit(lo);
          const b = fresh().trySplit(hi);
          // Check: cut(lo) <= cut(hi); in particular null at lo implies null at hi.
          expect(cut(a)).toBeLessThanOrEqual(cut(b));
        },
      ),
    );
  });

  it("GrowableOffsetRangeTracker: for the same state and estimate, a larger f never splits earlier", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: MAX - 1000, max: MAX - 200 })),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        fc.integer({ min: -10, max: 150 }),
        fractionArb,
        fractionArb,
        (start, claimOffset, estimateOffset, f1, f2) => {
          const [lo, hi] = f1 <= f2 ? [f1, f2] : [f2, f1];
          const fresh = (): GrowableOffsetRangeTracker => {
            const t = new GrowableOffsetRangeTracker(start, { estimate: () => start + estimateOffset });
            if (claimOffset !== undefined) t.tryClaim(start + claimOffset);
            return t;
          };
          expect(cut(fresh().trySplit(lo))).toBeLessThanOrEqual(cut(fresh().trySplit(hi)));
        },
      ),
    );
  });
});

describe("offset trackers: progress at every step", () => {
  it("OffsetRangeTracker: never negative; completed + remaining = size of the current restriction", () => {
    fc.assert(
      fc.property(sourceArb, opsArb, endClaimArb, ({ range, records }, ops, endClaim) => {
        runPieces(range, {
          records,
          endPosition: endClaim === "infinity" ? Infinity : range.to,
          ops,
          newTracker: (piece) => {
            const t = new OffsetRangeTracker(piece);
            expectProgressInvariant(t);
            return t;
          },
          afterStep: expectProgressInvariant,
        });
      }),
    );
  });

  it("GrowableOffsetRangeTracker: never negative, and exact once bounded", () => {
    fc.assert(
      fc.property(growableSourceArb, ({ base, n, estimates, ops }) => {
        const records = Array.from({ length: n }, (_, i) => base + i);
        const make = growableOrBounded(cyclingEstimator(base, estimates));
        runPieces(new OffsetRange(base, Infinity), {
          records,
          endPosition: Infinity,
          ops,
          newTracker: (piece) => {
            const t = make(piece);
            expectProgressInvariant(t);
            return t;
          },
          afterStep: expectProgressInvariant,
        });
      }),
    );
  });
});

describe("offset trackers: a split tiles the restriction and claims beyond the primary fail", () => {
  it("OffsetRangeTracker", () => {
    fc.assert(
      fc.property(
        rangeArb,
        fc.option(fc.integer({ min: 0, max: MAX_LENGTH - 1 }), { nil: undefined }),
        fractionArb,
        fc.nat(),
        (range, claimOffset, fraction, pick) => {
          const t = new OffsetRangeTracker(range);
          if (claimOffset !== undefined && claimOffset < range.size()) {
            expect(t.tryClaim(range.from + claimOffset)).toBe(true);
          }
          const before = t.currentRestriction();
          const split = t.trySplit(fraction);
          if (split === null) {
            // Check: a failed split changes nothing.
            expect(t.currentRestriction().equals(before)).toBe(true);
            return;
          }
          expectTiling(before, split, t);
          // Check: the split lies after the last claim, so nothing claimed was handed off.
          if (claimOffset !== undefined && claimOffset < range.size()) {
            expect(split.primary.to).toBeGreaterThan(range.from + claimOffset);
          }
          // Check: any position of the residual is refused by the primary's tracker.
          const inResidual = split.residual.from + (pick % split.residual.size());
          expect(t.tryClaim(inResidual)).toBe(false);
          expect(() => t.checkDone()).not.toThrow();
          // Check: a fresh tracker on the residual accepts that position.
          expect(new OffsetRangeTracker(split.residual).tryClaim(inResidual)).toBe(true);
        },
      ),
    );
  });

  it("GrowableOffsetRangeTracker", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: MAX - 1000, max: MAX - 200 })),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        fc.integer({ min: -10, max: 150 }),
        fractionArb,
        fc.nat({ max: 1000 }),
        (start, claimOffset, estimateOffset, fraction, pick) => {
          const t = new GrowableOffsetRangeTracker(start, { estimate: () => start + estimateOffset });
          if (claimOffset !== undefined) expect(t.tryClaim(start + claimOffset)).toBe(true);
          const split = t.trySplit(fraction);
          // Check: an open range always has something to split off below 2^53.
          expect(split).not.toBeNull();
          if (split === null) return;
          expectTiling(new OffsetRange(start, Infinity), split, t);
          expect(split.residual.to).toBe(Infinity);
          // Check: the split never lands past max(estimate, cur + 1).
          const cur = claimOffset === undefined ? start - 1 : start + claimOffset;
          expect(split.residual.from).toBeGreaterThan(cur);
          expect(split.residual.from).toBeLessThanOrEqual(Math.max(start + estimateOffset, cur + 1));
          // Check: claims beyond the primary fail.
          expect(t.tryClaim(Math.min(split.residual.from + pick, MAX))).toBe(false);
          expect(() => t.checkDone()).not.toThrow();
        },
      ),
    );
  });
});
