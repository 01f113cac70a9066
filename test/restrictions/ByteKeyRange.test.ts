import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidRestrictionError } from "../../src/errors/InvalidRestrictionError.js";
import { InvalidSplitError } from "../../src/errors/InvalidSplitError.js";
import { ByteKeyRange } from "../../src/restrictions/ByteKeyRange.js";
import {
  compareKeys,
  formatKey,
  isEmptyKey,
  keysEqual,
  keyToHex,
  nextKey,
} from "../../src/restrictions/byteKeys.js";

// Cases mirror Beam's ByteKeyTest and ByteKeyRangeTest (sdks/java/core/src/test/.../io/range/).

const k = (...bytes: number[]): Uint8Array => Uint8Array.of(...bytes);
const EMPTY = k();
const range = (start: Uint8Array, end: Uint8Array): ByteKeyRange => new ByteKeyRange(start, end);

/** Beam's `assertEqualExceptPadding`: equal up to trailing zero bytes. */
function expectEqualExceptPadding(expected: Uint8Array, actual: Uint8Array): void {
  const [short, long] = expected.length <= actual.length ? [expected, actual] : [actual, expected];
  const ok = short.every((b, i) => long[i] === b) && long.subarray(short.length).every((b) => b === 0);
  expect(ok, `expected ${formatKey(expected)} (up to trailing zeros), got ${formatKey(actual)}`).toBe(true);
}

/** Beam's ByteKeyTest.TEST_KEYS, in ascending order. */
const TEST_KEYS: Uint8Array[] = [
  k(), k(0), k(0, 1), k(0, 1, 1), k(0, 1, 2), k(0, 1, 2, 0xfe), k(0, 1, 3, 0xfe), k(0, 0xfe, 0xfe, 0xfe),
  k(0, 0xfe, 0xfe, 0xff), k(0, 0xfe, 0xff, 0), k(0, 0xff, 0xff, 0), k(0, 0xff, 0xff, 1), k(0, 0xff, 0xff, 0xfe),
  k(0, 0xff, 0xff, 0xff), k(1), k(1, 2), k(1, 2, 3), k(3), k(0xdd), k(0xfe), k(0xfe, 0xfe), k(0xfe, 0xff), k(0xff),
  k(0xff, 0), k(0xff, 0xfe), k(0xff, 0xff), k(0xff, 0xff, 0xff), k(0xff, 0xff, 0xff, 0xff),
];
/** Beam's RANGE_TEST_KEYS: the test keys, then the empty key as an unbounded end. */
const RANGE_TEST_KEYS = [...TEST_KEYS, EMPTY];

const RANGE_1_10 = range(k(1), k(10));
const RANGE_5_10 = range(k(5), k(10));
const RANGE_5_50 = range(k(5), k(50));
const RANGE_10_50 = range(k(10), k(50));
const UP_TO_1 = range(EMPTY, k(1));
const UP_TO_5 = range(EMPTY, k(5));
const UP_TO_10 = range(EMPTY, k(10));
const UP_TO_50 = range(EMPTY, k(50));
const AFTER_1 = range(k(1), EMPTY);
const AFTER_5 = range(k(5), EMPTY);
const AFTER_10 = range(k(10), EMPTY);
const TEST_RANGES = [
  ByteKeyRange.ALL_KEYS, RANGE_1_10, RANGE_5_10, RANGE_5_50, RANGE_10_50, UP_TO_1, UP_TO_5, UP_TO_10, UP_TO_50,
  AFTER_1, AFTER_5, AFTER_10,
];

describe("byteKeys", () => {
  it("compareKeys orders Beam's test keys exhaustively", () => {
    for (let i = 0; i < TEST_KEYS.length; i++) {
      for (let j = 0; j < TEST_KEYS.length; j++) {
        const cmp = compareKeys(TEST_KEYS[i] as Uint8Array, TEST_KEYS[j] as Uint8Array);
        // Check: the sign of the comparison follows the list order.
        expect(Math.sign(cmp), `cmp(${i}, ${j})`).toBe(Math.sign(i - j));
        expect(keysEqual(TEST_KEYS[i] as Uint8Array, TEST_KEYS[j] as Uint8Array)).toBe(i === j);
      }
    }
  });

  it("nextKey appends one zero byte (Beam's testNextByteKey)", () => {
    expect(nextKey(EMPTY)).toEqual(k(0x00));
    expect(nextKey(k(0x00))).toEqual(k(0x00, 0x00));
    expect(nextKey(k(0x9f))).toEqual(k(0x9f, 0x00));
    expect(nextKey(k(0xff))).toEqual(k(0xff, 0x00));
    expect(nextKey(k(0x10, 0x10))).toEqual(k(0x10, 0x10, 0x00));
    expect(nextKey(k(0x00, 0xff))).toEqual(k(0x00, 0xff, 0x00));
    expect(nextKey(k(0xff, 0xff))).toEqual(k(0xff, 0xff, 0x00));
  });

  it("keyToHex and formatKey print lowercase hex, as ByteKey.toString", () => {
    expect(formatKey(EMPTY)).toBe("[]");
    expect(formatKey(k(0))).toBe("[00]");
    expect(formatKey(k(0, 0))).toBe("[0000]");
    expect(keyToHex(k(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef))).toBe("0123456789abcdef");
    expect(keyToHex(EMPTY)).toBe("");
  });

  it("isEmptyKey", () => {
    expect(isEmptyKey(EMPTY)).toBe(true);
    expect(isEmptyKey(k(0))).toBe(false);
  });

  it("compareKeys agrees with comparing the hex of equal-length keys and is antisymmetric", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }), fc.uint8Array({ maxLength: 6 }), (a, b) => {
        // Check: antisymmetry, and prefix order via the Buffer comparison Node implements natively.
        expect(Math.sign(compareKeys(a, b)) + Math.sign(compareKeys(b, a))).toBe(0);
        expect(Math.sign(compareKeys(a, b))).toBe(Buffer.compare(Buffer.from(a), Buffer.from(b)));
      }),
    );
  });
});

describe("ByteKeyRange", () => {
  it("overlapping ranges (Beam's testOverlappingRanges)", () => {
    const pairs: [ByteKeyRange, ByteKeyRange][] = [
      [ByteKeyRange.ALL_KEYS, ByteKeyRange.ALL_KEYS], [ByteKeyRange.ALL_KEYS, RANGE_1_10], [UP_TO_1, UP_TO_1],
      [UP_TO_1, UP_TO_5], [UP_TO_50, AFTER_10], [UP_TO_50, RANGE_1_10], [UP_TO_10, UP_TO_50],
      [RANGE_1_10, RANGE_5_50], [AFTER_1, AFTER_5], [RANGE_5_10, RANGE_1_10], [RANGE_5_10, RANGE_5_50],
    ];
    for (const [a, b] of pairs) {
      expect(a.overlaps(b), `${a.toString()} overlaps ${b.toString()}`).toBe(true);
      expect(b.overlaps(a), `${b.toString()} overlaps ${a.toString()}`).toBe(true);
    }
  });

  it("non-overlapping ranges (Beam's testNonOverlappingRanges)", () => {
    for (const [a, b] of [[UP_TO_1, AFTER_1], [UP_TO_1, AFTER_5], [RANGE_5_10, RANGE_10_50]] as const) {
      expect(a.overlaps(b)).toBe(false);
      expect(b.overlaps(a)).toBe(false);
    }
  });

  it("rejects invalid split counts (Beam's testRejectsInvalidSplit)", () => {
    expect(() => RANGE_1_10.split(0)).toThrow(InvalidRestrictionError);
    expect(() => RANGE_1_10.split(-3)).toThrow(InvalidRestrictionError);
    expect(() => RANGE_1_10.split(1.5)).toThrow(InvalidRestrictionError);
  });

  it("split special inputs (Beam's testSplitSpecialInputs)", () => {
    expect(RANGE_1_10.split(1)).toEqual([k(1), k(10)]);
    const unsplittable = range(EMPTY, k(0, 0, 0, 0));
    expect(unsplittable.split(5)).toEqual([EMPTY, k(0, 0, 0, 0)]);
  });

  it("split keys are ordered and span the range (Beam's testSplitKeysCombinatorial)", () => {
    for (let i = 0; i < RANGE_TEST_KEYS.length; i++) {
      for (let j = i + 1; j < RANGE_TEST_KEYS.length; j++) {
        const start = RANGE_TEST_KEYS[i] as Uint8Array;
        const end = RANGE_TEST_KEYS[j] as Uint8Array;
        for (const s of [1, 2, 5, 10, 25, 32, 64]) {
          const splits = range(start, end).split(s);
          expect(splits.length).toBeGreaterThanOrEqual(2);
          // Check: consecutive keys form valid ranges; only the first key may be empty.
          for (let n = 0; n + 1 < splits.length; n++) {
            expect(() => range(splits[n] as Uint8Array, splits[n + 1] as Uint8Array)).not.toThrow();
            if (n > 0) expect(isEmptyKey(splits[n] as Uint8Array)).toBe(false);
          }
          expect(splits[0]).toEqual(start);
          expect(splits[splits.length - 1]).toEqual(end);
        }
      }
    }
  });

  it("estimateFractionForKey (Beam's testEstimateFractionForKey)", () => {
    const close = (actual: number, expected: number, label = ""): void =>
      expect(Math.abs(actual - expected), label).toBeLessThanOrEqual(1e-7);
    close(ByteKeyRange.ALL_KEYS.estimateFractionForKey(k(0x80)), 0.5);
    close(range(k(0), EMPTY).estimateFractionForKey(k(0x80)), 0.5);
    close(range(k(0, 0), EMPTY).estimateFractionForKey(k(0x80)), 0.5);
    close(range(EMPTY, k(0xfe)).estimateFractionForKey(k(0x7f)), 0.5);
    close(ByteKeyRange.ALL_KEYS.estimateFractionForKey(k(0x40)), 0.25);
    close(range(EMPTY, k(0x80)).estimateFractionForKey(k(0x40)), 0.5);
    close(range(k(0x30), k(0x50)).estimateFractionForKey(k(0x40)), 0.5);
    close(range(k(0x30, 0, 1), k(0x4f, 0xff, 0xff, 0, 0)).estimateFractionForKey(k(0x40)), 0.5);
    const upTo47 = range(EMPTY, k(47));
    for (let i = 0; i <= 47; i++) close(upTo47.estimateFractionForKey(k(i)), i / 47, `i=${i}`);
    const fdec = range(k(0xfd, 0xec), k(0xfd, 0xec, 83));
    for (let i = 0; i <= 83; i++) close(fdec.estimateFractionForKey(k(0xfd, 0xec, i)), i / 83, `i=${i}`);
  });

  it("estimateFractionForKey edge cases", () => {
    // Check: the end key is exactly 1; a near-empty range (bounds equal up to zero padding) gives 0.
    expect(RANGE_1_10.estimateFractionForKey(k(10))).toBe(1);
    expect(range(k(0x10), k(0x10, 0, 0)).estimateFractionForKey(k(0x10))).toBe(0);
    expect(() => RANGE_1_10.estimateFractionForKey(EMPTY)).toThrow(InvalidRestrictionError);
    expect(() => RANGE_5_10.estimateFractionForKey(k(4))).toThrow(/Cannot compute a fraction for key \[04\]/);
    expect(() => RANGE_5_10.estimateFractionForKey(k(11))).toThrow(InvalidRestrictionError);
  });

  it("interpolateKey (Beam's testInterpolateKey)", () => {
    expectEqualExceptPadding(k(0x80), ByteKeyRange.ALL_KEYS.interpolateKey(0.5));
    expectEqualExceptPadding(k(0x80), range(k(0), EMPTY).interpolateKey(0.5));
    expectEqualExceptPadding(k(0x80), range(k(0, 0), EMPTY).interpolateKey(0.5));
    expectEqualExceptPadding(k(0x7f), range(EMPTY, k(0xfe)).interpolateKey(0.5));
    expectEqualExceptPadding(k(0x40), ByteKeyRange.ALL_KEYS.interpolateKey(0.25));
    expectEqualExceptPadding(k(0x40), range(EMPTY, k(0x80)).interpolateKey(0.5));
    expectEqualExceptPadding(k(0x40), range(k(0x30), k(0x50)).interpolateKey(0.5));
    expectEqualExceptPadding(k(0x40), range(k(0x30, 0, 1), k(0x4f, 0xff, 0xff, 0, 0)).interpolateKey(0.5));
  });

  it("interpolateKey produces Beam's exact bytes (checked against Beam's BigInteger/BigDecimal algorithm on Java 25)", () => {
    // Check: precision bytes (span widened to >= 53 bits), the unbounded end's head byte, and the
    // decimal reading of the fraction all show in the output length and digits.
    expect(keyToHex(ByteKeyRange.ALL_KEYS.interpolateKey(0.5))).toBe("80000000000000");
    expect(keyToHex(ByteKeyRange.ALL_KEYS.interpolateKey(0))).toBe("00000000000000");
    expect(keyToHex(range(EMPTY, k(0xfe)).interpolateKey(0.5))).toBe("7f000000000000");
    expect(keyToHex(range(k(0x30, 0, 1), k(0x4f, 0xff, 0xff, 0, 0)).interpolateKey(0.5))).toBe("40000000000000");
    expect(keyToHex(range(k(3), k(4)).interpolateKey(0.1))).toBe("0319999999999999");
    expect(keyToHex(range(k(0x10), k(0xc0)).interpolateKey(0.7))).toBe("8b333333333333");
    expect(RANGE_1_10.split(3).map(keyToHex)).toEqual(["01", "03ffffffffffffea", "06ffffffffffffd4", "0a"]);
  });

  it("interpolateKey is never empty (Beam's testInterpolateKeyIsNotEmpty)", () => {
    for (const r of TEST_RANGES) expect(isEmptyKey(r.interpolateKey(0))).toBe(false);
  });

  it("interpolateKey rejects fractions outside [0, 1) and near-empty ranges", () => {
    for (const f of [1, -0.1, Number.NaN, 2]) expect(() => RANGE_1_10.interpolateKey(f)).toThrow(InvalidSplitError);
    expect(() => range(k(0x10), k(0x10, 0)).interpolateKey(0.5)).toThrow(/near-empty/);
  });

  it("key getters (Beam's testKeyGetters)", () => {
    expect(AFTER_1.start).toEqual(k(1));
    expect(AFTER_1.end).toEqual(EMPTY);
    expect(RANGE_1_10.start).toEqual(k(1));
    expect(RANGE_1_10.end).toEqual(k(10));
    expect(UP_TO_10.start).toEqual(EMPTY);
    expect(UP_TO_10.end).toEqual(k(10));
  });

  it("toString (Beam's testToString)", () => {
    expect(UP_TO_10.toString()).toBe("ByteKeyRange{startKey=[], endKey=[0a]}");
  });

  it("equals (Beam's testEquals)", () => {
    for (let i = 0; i < TEST_RANGES.length; i++) {
      for (let j = 0; j < TEST_RANGES.length; j++) {
        const left = TEST_RANGES[i] as ByteKeyRange;
        const right = TEST_RANGES[j] as ByteKeyRange;
        expect(left.equals(right)).toBe(i === j);
        if (i === j) expect(left.equals(range(right.start, right.end))).toBe(true);
      }
    }
    expect(RANGE_1_10.equals("ByteKeyRange{startKey=[01], endKey=[0a]}")).toBe(false);
  });

  it("rejects invalid ranges (Beam's testRejectsInvalidRanges)", () => {
    for (let i = 0; i < TEST_KEYS.length; i++) {
      for (let j = i; j < TEST_KEYS.length; j++) {
        const low = TEST_KEYS[i] as Uint8Array;
        const high = TEST_KEYS[j] as Uint8Array;
        if (isEmptyKey(low) || isEmptyKey(high) || keysEqual(low, high)) continue;
        expect(() => range(high, low)).toThrow(InvalidRestrictionError);
      }
    }
    expect(() => range(k(0xc0), k(0x10))).toThrow("got start [c0] > end [10]");
    expect(() => range([1] as unknown as Uint8Array, EMPTY)).toThrow(InvalidRestrictionError);
  });

  it("copies its bytes: mutating inputs or getter results does not change the range", () => {
    const start = k(0x10);
    const r = range(start, k(0x20));
    start[0] = 0x30;
    r.start[0] = 0x40;
    r.end[0] = 0x00;
    expect(r.toString()).toBe("ByteKeyRange{startKey=[10], endKey=[20]}");
    const fromBuffer = range(Buffer.from([1, 2]), EMPTY);
    expect(Object.getPrototypeOf(fromBuffer.start)).toBe(Uint8Array.prototype);
  });

  it("containsKey, isEmpty, ALL_KEYS and NO_KEYS", () => {
    expect(RANGE_1_10.containsKey(k(1))).toBe(true);
    expect(RANGE_1_10.containsKey(k(9, 0xff))).toBe(true);
    expect(RANGE_1_10.containsKey(k(10))).toBe(false);
    expect(RANGE_1_10.containsKey(k(0, 0xff))).toBe(false);
    expect(ByteKeyRange.ALL_KEYS.containsKey(k(0xff, 0xff))).toBe(true);
    expect(ByteKeyRange.ALL_KEYS.isUnbounded()).toBe(true);
    expect(ByteKeyRange.NO_KEYS.toString()).toBe("ByteKeyRange{startKey=[], endKey=[00]}");
    // Check: no claimable (non-empty) key in [k, k) or NO_KEYS; [[], [0000]) holds [00].
    expect(ByteKeyRange.NO_KEYS.isEmpty()).toBe(true);
    expect(range(k(0x10), k(0x10)).isEmpty()).toBe(true);
    expect(range(EMPTY, k(0, 0)).isEmpty()).toBe(false);
    expect(range(k(0x10), k(0x10, 0)).isEmpty()).toBe(false);
    expect(ByteKeyRange.ALL_KEYS.isEmpty()).toBe(false);
  });

  const rangeArb = fc
    .tuple(fc.uint8Array({ maxLength: 5 }), fc.uint8Array({ maxLength: 5 }), fc.boolean())
    .map(([a, b, unbounded]) => {
      const [lo, hi] = compareKeys(a, b) <= 0 ? [a, b] : [b, a];
      return unbounded ? range(lo, EMPTY) : range(lo, hi);
    });

  it("property: interpolateKey lies in the range, is monotone, and estimateFractionForKey inverts it", () => {
    fc.assert(
      fc.property(rangeArb, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (r, f1, f2) => {
        let a: Uint8Array;
        let b: Uint8Array;
        try {
          a = r.interpolateKey(Math.min(f1, f2));
          b = r.interpolateKey(Math.max(f1, f2));
        } catch (e) {
          // Check: only a near-empty range refuses (bounds equal up to trailing zero bytes).
          expect(e).toBeInstanceOf(InvalidSplitError);
          expect(r.isUnbounded()).toBe(false);
          return;
        }
        // Check: in [start, end), ordered like the fractions, and estimated back within 2^-40.
        expect(r.containsKey(a) && r.containsKey(b)).toBe(true);
        expect(compareKeys(a, b)).toBeLessThanOrEqual(0);
        if (!isEmptyKey(a)) expect(Math.abs(r.estimateFractionForKey(a) - Math.min(f1, f2))).toBeLessThan(2 ** -40);
      }),
    );
  });
});
