import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClaimOrderError } from "../../src/errors/ClaimOrderError.js";
import { InvalidSplitError } from "../../src/errors/InvalidSplitError.js";
import { UnfinishedWorkError } from "../../src/errors/UnfinishedWorkError.js";
import { ByteKeyRange } from "../../src/restrictions/ByteKeyRange.js";
import { ByteKeyRangeTracker } from "../../src/restrictions/ByteKeyRangeTracker.js";
import { compareKeys, formatKey, keysEqual, keyToHex, nextKey } from "../../src/restrictions/byteKeys.js";
import type { SplitResult } from "../../src/restrictions/RestrictionTracker.js";

// Example cases mirror Beam's ByteKeyRangeTrackerTest (sdks/java/core/src/test/.../splittabledofn/).

const k = (...bytes: number[]): Uint8Array => Uint8Array.of(...bytes);
const EMPTY = k();
const range = (start: Uint8Array, end: Uint8Array): ByteKeyRange => new ByteKeyRange(start, end);
const tracker = (start: Uint8Array, end: Uint8Array): ByteKeyRangeTracker => new ByteKeyRangeTracker(range(start, end));
const R_10_C0 = range(k(0x10), k(0xc0));

/** A successful split, or a failed test. */
function split(t: ByteKeyRangeTracker, fraction: number): SplitResult<ByteKeyRange> {
  const result = t.trySplit(fraction);
  expect(result, `trySplit(${fraction}) on ${t.toString()}`).not.toBeNull();
  return result as SplitResult<ByteKeyRange>;
}

/** Beam's `assertEqualExceptPadding`: equal up to trailing zero bytes. */
function expectEqualExceptPadding(expected: Uint8Array, actual: Uint8Array): void {
  const [short, long] = expected.length <= actual.length ? [expected, actual] : [actual, expected];
  const ok = short.every((b, i) => long[i] === b) && long.subarray(short.length).every((b) => b === 0);
  expect(ok, `expected ${formatKey(expected)} (up to trailing zeros), got ${formatKey(actual)}`).toBe(true);
}

function expectRangeEqualExceptPadding(expected: ByteKeyRange, actual: ByteKeyRange): void {
  expectEqualExceptPadding(expected.start, actual.start);
  expectEqualExceptPadding(expected.end, actual.end);
}

describe("ByteKeyRangeTracker: tryClaim", () => {
  it("no keys", () => {
    const t = new ByteKeyRangeTracker(ByteKeyRange.NO_KEYS);
    expect(t.tryClaim(k(0x00))).toBe(false);
    t.checkDone();
  });

  it("empty range", () => {
    const t = tracker(k(0x10), k(0x10));
    expect(t.tryClaim(k(0x10))).toBe(false);
    t.checkDone();
  });

  it("claims keys in order until the end", () => {
    const t = new ByteKeyRangeTracker(R_10_C0);
    expect(t.currentRestriction().equals(R_10_C0)).toBe(true);
    expect(t.tryClaim(k(0x10))).toBe(true);
    expect(t.tryClaim(k(0x10, 0x00))).toBe(true);
    expect(t.tryClaim(k(0x10, 0x00, 0x00))).toBe(true);
    expect(t.tryClaim(k(0x50))).toBe(true);
    expect(t.tryClaim(k(0x99))).toBe(true);
    expect(t.tryClaim(k(0xc0))).toBe(false);
    t.checkDone();
  });

  it("non_monotonic_claim throws ClaimOrderError naming both keys", () => {
    const t = new ByteKeyRangeTracker(R_10_C0);
    expect(t.tryClaim(k(0x50))).toBe(true);
    expect(t.tryClaim(k(0x90))).toBe(true);
    expect(() => t.tryClaim(k(0x70))).toThrow(ClaimOrderError);
    expect(() => t.tryClaim(k(0x70))).toThrow("Trying to claim key [70] while last attempted key was [90]");
    expect(() => t.tryClaim(k(0x90))).toThrow(ClaimOrderError);
  });

  it("claim before the start of the range throws", () => {
    const t = new ByteKeyRangeTracker(R_10_C0);
    expect(() => t.tryClaim(k(0x05))).toThrow(
      "Trying to claim key [05] before start of the range ByteKeyRange{startKey=[10], endKey=[c0]}",
    );
  });

  it("the empty key finishes any range, once; nothing may be claimed after it (deviation: Beam allows a later key)", () => {
    const t = new ByteKeyRangeTracker(ByteKeyRange.ALL_KEYS);
    expect(t.tryClaim(k(0x50))).toBe(true);
    expect(t.tryClaim(EMPTY)).toBe(false);
    expect(() => t.tryClaim(EMPTY)).toThrow(ClaimOrderError);
    expect(() => t.tryClaim(k(0x60))).toThrow("the empty key already finished the tracker");
    t.checkDone();
  });

  it("claims past the end keep returning false; non-Uint8Array keys throw", () => {
    const t = new ByteKeyRangeTracker(R_10_C0);
    expect(t.tryClaim(k(0xd0))).toBe(false);
    expect(t.tryClaim(k(0xe0))).toBe(false);
    expect(t.tryClaim(EMPTY)).toBe(false);
    expect(() => new ByteKeyRangeTracker(R_10_C0).tryClaim("10" as unknown as Uint8Array)).toThrow(ClaimOrderError);
  });

  it("copies the claimed key: a reader reusing its buffer cannot move the tracker", () => {
    const t = new ByteKeyRangeTracker(R_10_C0);
    const buffer = k(0x50);
    expect(t.tryClaim(buffer)).toBe(true);
    buffer[0] = 0x11;
    expect(split(t, 0).residual.toString()).toBe("ByteKeyRange{startKey=[5000], endKey=[c0]}");
  });
});

describe("ByteKeyRangeTracker: trySplit", () => {
  it("checkpoint_unstarted hands off the whole range and keeps [start, start)", () => {
    const t = new ByteKeyRangeTracker(R_10_C0);
    const { primary, residual } = split(t, 0);
    expect(residual.equals(R_10_C0)).toBe(true);
    expect(primary.equals(range(k(0x10), k(0x10)))).toBe(true);
    expect(t.currentRestriction().equals(primary)).toBe(true);
    expect(t.tryClaim(k(0x10))).toBe(false);
    t.checkDone();
  });

  it("checkpoint_unstarted of ALL_KEYS keeps NO_KEYS", () => {
    const t = new ByteKeyRangeTracker(ByteKeyRange.ALL_KEYS);
    expect(split(t, 0).residual.equals(ByteKeyRange.ALL_KEYS)).toBe(true);
    expect(t.currentRestriction().equals(ByteKeyRange.NO_KEYS)).toBe(true);
    t.checkDone();
  });

  it("checkpoint_unstarted of NO_KEYS or an empty range returns null", () => {
    const noKeys = new ByteKeyRangeTracker(ByteKeyRange.NO_KEYS);
    expect(noKeys.trySplit(0)).toBeNull();
    noKeys.checkDone();
    const empty = tracker(k(0x10), k(0x10));
    expect(empty.trySplit(0)).toBeNull();
    expect(empty.currentRestriction().equals(range(k(0x10), k(0x10)))).toBe(true);
    empty.checkDone();
  });

  it("after_failed_claim: checkpoint returns null", () => {
    const t = new ByteKeyRangeTracker(R_10_C0);
    expect(t.tryClaim(k(0xd0))).toBe(false);
    expect(t.trySplit(0)).toBeNull();
    expect(t.currentRestriction().equals(R_10_C0)).toBe(true);
    t.checkDone();
  });

  it("checkpoint_just_started splits right after the first key", () => {
    const t = new ByteKeyRangeTracker(R_10_C0);
    expect(t.tryClaim(k(0x10))).toBe(true);
    const { residual } = split(t, 0);
    expect(t.currentRestriction().equals(range(k(0x10), k(0x10, 0x00)))).toBe(true);
    expect(residual.equals(range(k(0x10, 0x00), k(0xc0)))).toBe(true);
    t.checkDone();
  });

  it("checkpoint_regular splits at nextKey(last attempted)", () => {
    const t = new ByteKeyRangeTracker(R_10_C0);
    expect(t.tryClaim(k(0x50))).toBe(true);
    expect(t.tryClaim(k(0x90))).toBe(true);
    const { residual } = split(t, 0);
    expect(t.currentRestriction().equals(range(k(0x10), k(0x90, 0x00)))).toBe(true);
    expect(residual.equals(range(k(0x90, 0x00), k(0xc0)))).toBe(true);
    t.checkDone();
  });

  it("claimed_last: checkpoint at the end key or after the empty key returns null", () => {
    const atEnd = new ByteKeyRangeTracker(R_10_C0);
    expect(atEnd.tryClaim(k(0x50))).toBe(true);
    expect(atEnd.tryClaim(k(0x90))).toBe(true);
    expect(atEnd.tryClaim(k(0xc0))).toBe(false);
    expect(atEnd.trySplit(0)).toBeNull();
    atEnd.checkDone();

    const all = new ByteKeyRangeTracker(ByteKeyRange.ALL_KEYS);
    expect(all.tryClaim(k(0x50))).toBe(true);
    expect(all.tryClaim(k(0x90))).toBe(true);
    expect(all.tryClaim(EMPTY)).toBe(false);
    expect(all.trySplit(0)).toBeNull();
    expect(all.currentRestriction().equals(ByteKeyRange.ALL_KEYS)).toBe(true);
    all.checkDone();

    // Check: the last key of [10, 1000) is 10 itself, so nothing is left after claiming it.
    const single = tracker(k(0x10), k(0x10, 0x00));
    expect(single.tryClaim(k(0x10))).toBe(true);
    expect(single.trySplit(0)).toBeNull();
    single.checkDone();
  });

  it("checkpoint after a claim past the end, or after the empty key, returns null", () => {
    for (const finalKey of [k(0xd0), EMPTY]) {
      const t = new ByteKeyRangeTracker(R_10_C0);
      expect(t.tryClaim(k(0x50))).toBe(true);
      expect(t.tryClaim(k(0x90))).toBe(true);
      expect(t.tryClaim(k(0xa0))).toBe(true);
      expect(t.tryClaim(finalKey)).toBe(false);
      expect(t.trySplit(0)).toBeNull();
      expect(t.currentRestriction().equals(R_10_C0)).toBe(true);
      t.checkDone();
    }
  });

  it("fractional splits interpolate the unclaimed remainder (Beam's testTrySplit)", () => {
    const t = new ByteKeyRangeTracker(ByteKeyRange.ALL_KEYS);
    let res = split(t, 0.5);
    expectRangeEqualExceptPadding(range(EMPTY, k(0x80)), res.primary);
    expectRangeEqualExceptPadding(range(k(0x80), EMPTY), res.residual);
    expect(t.tryClaim(k(0x00))).toBe(true);
    res = split(t, 0.5);
    expectRangeEqualExceptPadding(range(EMPTY, k(0x40)), res.primary);
    expectRangeEqualExceptPadding(range(k(0x40), k(0x80)), res.residual);
    expect(keyToHex(res.residual.start)).toBe("40000000000000");
    expect(t.trySplit(1)).toBeNull();
  });

  it("split in NO_KEYS or an empty range returns null", () => {
    const noKeys = new ByteKeyRangeTracker(ByteKeyRange.NO_KEYS);
    expect(noKeys.trySplit(0)).toBeNull();
    expect(noKeys.trySplit(1)).toBeNull();
    noKeys.checkDone();
    const empty = tracker(k(0x10), k(0x10));
    expect(empty.trySplit(0.5)).toBeNull();
    expect(empty.currentRestriction().equals(range(k(0x10), k(0x10)))).toBe(true);
    empty.checkDone();
  });

  it("split of a remainder too narrow to interpolate returns null", () => {
    // Check: [1000, 100000) differ only by trailing zeros once padded, so no key can be interpolated.
    const t = tracker(k(0x10), k(0x10, 0x00, 0x00));
    expect(t.tryClaim(k(0x10))).toBe(true);
    expect(t.trySplit(0.5)).toBeNull();
    expect(split(t, 0).residual.equals(range(k(0x10, 0x00), k(0x10, 0x00, 0x00)))).toBe(true);
  });

  it("rejects NaN, negative and above-1 fractions (deviation: Beam accepts them)", () => {
    for (const f of [Number.NaN, -0.1, 1.5, Infinity]) {
      expect(() => new ByteKeyRangeTracker(R_10_C0).trySplit(f)).toThrow(InvalidSplitError);
    }
  });
});

describe("ByteKeyRangeTracker: checkDone", () => {
  it("passes after a claim past the end, at the end, or of the empty key", () => {
    for (const [end, finalKey] of [[k(0xc0), k(0xd0)], [k(0xc0), k(0xc0)], [EMPTY, EMPTY]] as const) {
      const t = tracker(k(0x10), end);
      expect(t.tryClaim(k(0x50))).toBe(true);
      expect(t.tryClaim(k(0x90))).toBe(true);
      expect(t.tryClaim(finalKey)).toBe(false);
      t.checkDone();
    }
  });

  it("throws right before the end of the range, naming the unclaimed range", () => {
    const t = new ByteKeyRangeTracker(R_10_C0);
    expect(t.tryClaim(k(0x50))).toBe(true);
    expect(t.tryClaim(k(0x90))).toBe(true);
    expect(t.tryClaim(k(0xbf))).toBe(true);
    expect(() => t.checkDone()).toThrow(UnfinishedWorkError);
    expect(() => t.checkDone()).toThrow(
      "Last attempted key was [bf] in range ByteKeyRange{startKey=[10], endKey=[c0]}, " +
        "claiming work in [[bf00], [c0]) was not attempted",
    );
  });

  it("passes for NO_KEYS", () => {
    new ByteKeyRangeTracker(ByteKeyRange.NO_KEYS).checkDone();
  });

  it("throws when not done, naming the unclaimed range and what to do", () => {
    const t = new ByteKeyRangeTracker(R_10_C0);
    expect(t.tryClaim(k(0x50))).toBe(true);
    expect(t.tryClaim(k(0x90))).toBe(true);
    expect(() => t.checkDone()).toThrow(
      "Last attempted key was [90] in range ByteKeyRange{startKey=[10], endKey=[c0]}, " +
        "claiming work in [[9000], [c0]) was not attempted",
    );
    expect(() => t.checkDone()).toThrow(/keep claiming until tryClaim returns false/);
  });

  it("throws when unstarted", () => {
    expect(() => new ByteKeyRangeTracker(R_10_C0).checkDone()).toThrow(UnfinishedWorkError);
    expect(() => new ByteKeyRangeTracker(R_10_C0).checkDone()).toThrow(/no keys have been attempted/);
  });
});

describe("ByteKeyRangeTracker: progress", () => {
  const close = (actual: number, expected: number): void => expect(Math.abs(actual - expected)).toBeLessThan(0.001);

  it("unstarted is {0, 1}", () => {
    for (const r of [ByteKeyRange.ALL_KEYS, R_10_C0]) {
      const p = new ByteKeyRangeTracker(r).getProgress();
      expect(p).toEqual({ workCompleted: 0, workRemaining: 1 });
    }
  });

  it("finished is {1, 0}", () => {
    const all = new ByteKeyRangeTracker(ByteKeyRange.ALL_KEYS);
    all.tryClaim(EMPTY);
    expect(all.getProgress()).toEqual({ workCompleted: 1, workRemaining: 0 });
    const past = new ByteKeyRangeTracker(R_10_C0);
    past.tryClaim(k(0xd0));
    expect(past.getProgress()).toEqual({ workCompleted: 1, workRemaining: 0 });
  });

  it("partially completed is the fraction of the last attempted key", () => {
    const all = new ByteKeyRangeTracker(ByteKeyRange.ALL_KEYS);
    all.tryClaim(k(0xa0));
    close(all.getProgress().workCompleted, 0.625);
    close(all.getProgress().workRemaining, 0.375);
    const part = tracker(k(0x40), k(0xc0));
    part.tryClaim(k(0xa0));
    close(part.getProgress().workCompleted, 0.75);
    close(part.getProgress().workRemaining, 0.25);
  });

  it("an empty range is {0, 0} (deviation: Beam gives {0, 1} for an unstarted [k, k))", () => {
    expect(new ByteKeyRangeTracker(ByteKeyRange.NO_KEYS).getProgress()).toEqual({ workCompleted: 0, workRemaining: 0 });
    expect(tracker(k(0x10), k(0x10)).getProgress()).toEqual({ workCompleted: 0, workRemaining: 0 });
  });

  it("is always bounded and prints its state in hex", () => {
    const t = new ByteKeyRangeTracker(ByteKeyRange.ALL_KEYS);
    expect(t.isBounded()).toBe(true);
    t.tryClaim(k(0xab));
    expect(t.toString()).toBe(
      "ByteKeyRangeTracker{range=ByteKeyRange{startKey=[], endKey=[]}, lastClaimedKey=[ab], lastAttemptedKey=[ab]}",
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: conservation, tiling, progress.

type Op = { kind: "claim" } | { kind: "split"; fraction: number };

const keyArb = fc.uint8Array({ minLength: 1, maxLength: 4 });
const sortedKeysArb = fc
  .uniqueArray(keyArb, { selector: keyToHex, maxLength: 40, size: "medium" })
  .map((keys) => [...keys].sort(compareKeys));
const boundArb = (keys: Uint8Array[]): fc.Arbitrary<Uint8Array> =>
  keys.length === 0 ? fc.uint8Array({ maxLength: 3 }) : fc.oneof(fc.constantFrom(...keys), fc.uint8Array({ maxLength: 3 }));
const scenarioArb = sortedKeysArb.chain((keys) =>
  fc.record({
    keys: fc.constant(keys),
    range: fc.oneof(
      { weight: 2, arbitrary: fc.constant(ByteKeyRange.ALL_KEYS) },
      { weight: 1, arbitrary: fc.constant(ByteKeyRange.NO_KEYS) },
      {
        weight: 4,
        arbitrary: fc.tuple(boundArb(keys), boundArb(keys), fc.boolean()).map(([a, b, open]) => {
          const [lo, hi] = compareKeys(a, b) <= 0 ? [a, b] : [b, a];
          return open ? new ByteKeyRange(lo, EMPTY) : new ByteKeyRange(lo, hi);
        }),
      },
    ),
    ops: fc.array(
      fc.oneof(
        { weight: 2, arbitrary: fc.constant<Op>({ kind: "claim" }) },
        {
          weight: 1,
          arbitrary: fc
            .oneof(fc.constant(0), fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }))
            .map((fraction): Op => ({ kind: "split", fraction })),
        },
      ),
      { maxLength: 80, size: "medium" },
    ),
  }),
);

/** Check (b): primary and residual tile the range held before the split, without overlap. */
function expectTiling(before: ByteKeyRange, { primary, residual }: SplitResult<ByteKeyRange>, probes: Uint8Array[]): void {
  expect(residual.isEmpty()).toBe(false);
  expect(keysEqual(primary.start, before.start)).toBe(true);
  expect(keysEqual(residual.end, before.end)).toBe(true);
  const checkpointUnstarted = residual.equals(before) && primary.isEmpty();
  if (!checkpointUnstarted) expect(keysEqual(primary.end, residual.start)).toBe(true);
  // The empty key is never a claimable key (it means "end of all ranges"), so it is not probed.
  for (const p of probes.filter((key) => key.length > 0)) {
    const inPrimary = primary.containsKey(p);
    const inResidual = residual.containsKey(p);
    expect(inPrimary && inResidual, `${formatKey(p)} in both halves`).toBe(false);
    expect(inPrimary || inResidual, `${formatKey(p)} membership`).toBe(before.containsKey(p));
  }
}

/** Check (c): progress is finite, never negative, and sums to 1 (0 for an empty range). */
function expectSaneProgress(t: ByteKeyRangeTracker): void {
  const { workCompleted, workRemaining } = t.getProgress();
  expect(workCompleted).toBeGreaterThanOrEqual(0);
  expect(workRemaining).toBeGreaterThanOrEqual(0);
  const total = t.currentRestriction().isEmpty() ? 0 : 1;
  expect(Math.abs(workCompleted + workRemaining - total)).toBeLessThanOrEqual(1e-12);
}

/** Runs every piece (the range, then each residual in a fresh tracker) to completion; returns the outputs. */
function runAllPieces(keys: Uint8Array[], initial: ByteKeyRange, ops: Op[]): Uint8Array[] {
  const outputs: Uint8Array[] = [];
  const queue = [initial];
  let nextOp = 0;
  for (let piece = queue.shift(); piece !== undefined; piece = queue.shift()) {
    const t = new ByteKeyRangeTracker(piece);
    const pieceStart = piece.start;
    let i = keys.findIndex((key) => compareKeys(key, pieceStart) >= 0);
    if (i < 0) i = keys.length;
    for (let running = true; running; ) {
      const op = ops[nextOp++] ?? { kind: "claim" };
      if (op.kind === "split") {
        const before = t.currentRestriction();
        const result = t.trySplit(op.fraction);
        if (result !== null) {
          const probes = [...keys, before.start, nextKey(before.start), result.residual.start, nextKey(result.residual.start)];
          expectTiling(before, result, probes);
          expect(t.currentRestriction()).toBe(result.primary);
          queue.push(result.residual);
        }
      } else if (i < keys.length) {
        const key = keys[i] as Uint8Array;
        if (t.tryClaim(key)) {
          outputs.push(key);
          i++;
        } else running = false;
      } else {
        expect(t.tryClaim(EMPTY)).toBe(false); // out of keys: end of all ranges
        running = false;
      }
      expectSaneProgress(t);
    }
    t.checkDone();
    expect(t.trySplit(0)).toBeNull();
  }
  return outputs;
}

describe("ByteKeyRangeTracker: properties", () => {
  it("conservation: every piece run to completion outputs each key in the range exactly once", () => {
    fc.assert(
      fc.property(scenarioArb, ({ keys, range: initial, ops }) => {
        const outputs = runAllPieces(keys, initial, ops).map(keyToHex).sort();
        const expected = keys.filter((key) => initial.containsKey(key)).map(keyToHex).sort();
        expect(outputs).toEqual(expected);
      }),
    );
  });

  it("tiling: a split at any point and fraction tiles the range without overlap", () => {
    fc.assert(
      fc.property(
        sortedKeysArb,
        fc.nat({ max: 25 }),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
        fc.array(keyArb, { maxLength: 20 }),
        (keys, claims, fraction, probes) => {
          const t = new ByteKeyRangeTracker(ByteKeyRange.ALL_KEYS);
          for (const key of keys.slice(0, claims)) expect(t.tryClaim(key)).toBe(true);
          const before = t.currentRestriction();
          const result = t.trySplit(fraction);
          if (result === null) return;
          expectTiling(before, result, [...keys, ...probes, result.residual.start, nextKey(result.residual.start)]);
          // Check: after the split, a claim of a key in the residual fails.
          const inResidual = keys.slice(claims).find((key) => result.residual.containsKey(key));
          if (inResidual !== undefined) expect(t.tryClaim(inResidual)).toBe(false);
        },
      ),
    );
  });

  it("progress: never negative, sums to 1, and completed never goes down while claiming", () => {
    fc.assert(
      fc.property(sortedKeysArb, (keys) => {
        const t = new ByteKeyRangeTracker(ByteKeyRange.ALL_KEYS);
        let completed = 0;
        for (const key of keys) {
          t.tryClaim(key);
          expectSaneProgress(t);
          expect(t.getProgress().workCompleted).toBeGreaterThanOrEqual(completed);
          completed = t.getProgress().workCompleted;
        }
        t.tryClaim(EMPTY);
        expect(t.getProgress()).toEqual({ workCompleted: 1, workRemaining: 0 });
      }),
    );
  });
});
