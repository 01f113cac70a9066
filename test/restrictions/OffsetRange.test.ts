// Mirrors Beam Java `OffsetRange.split` (sdks/java/core/.../io/range/OffsetRange.java) and Beam
// Python `restriction_trackers_test.py` (`OffsetRangeTest`), adapted: Long.MAX_VALUE as an open
// end becomes Infinity; Beam's unchecked `desiredNumOffsetsPerSplit <= 0` (an endless loop in
// Java) becomes an InvalidRestrictionError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidRestrictionError } from "../../src/errors/InvalidRestrictionError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";

const MAX = Number.MAX_SAFE_INTEGER;
const MIN = Number.MIN_SAFE_INTEGER;

/** `[from, to)` text of every piece, for readable table failures. */
function show(pieces: OffsetRange[]): string[] {
  return pieces.map((p) => p.toString());
}

describe("OffsetRange construction", () => {
  it.each([
    [0, 10],
    [10, 10],
    [10, 100],
    [0, Infinity],
    [MAX, MAX],
    [MAX - 1, MAX],
    [MIN, MAX],
    [-5, 5],
  ])("create: accepts [%s, %s)", (from, to) => {
    const range = new OffsetRange(from, to);
    // Check: bounds are kept exactly.
    expect(range.from).toBe(from);
    expect(range.to).toBe(to);
  });

  it.each([
    ["reversed bounds (Beam: [10, 9) is malformed)", 10, 9],
    ["from NaN", Number.NaN, 10],
    ["to NaN", 0, Number.NaN],
    ["from not an integer", 1.5, 10],
    ["to not an integer", 0, 10.5],
    ["from Infinity", Infinity, Infinity],
    ["from -Infinity", -Infinity, 10],
    ["to -Infinity", 0, -Infinity],
    ["from 2^53 (not a safe integer)", 2 ** 53, 2 ** 53],
    ["to 2^53 (not a safe integer)", 0, 2 ** 53],
    ["to above 2^53", 0, 2 ** 60],
    ["from below -2^53", -(2 ** 53), 0],
  ])("create: rejects %s", (_name, from, to) => {
    // Check: an impossible range is an InvalidRestrictionError, a non-retriable SdfError.
    expect(() => new OffsetRange(from, to)).toThrow(InvalidRestrictionError);
    try {
      new OffsetRange(from, to);
    } catch (error) {
      expect(error).toBeInstanceOf(SdfError);
      expect((error as SdfError).retriable).toBe(false);
      expect((error as SdfError).name).toBe("InvalidRestrictionError");
    }
  });

  it("reversed bounds: the message names both bounds", () => {
    expect(() => new OffsetRange(10, 9)).toThrow(/10.*9/);
  });
});

describe("OffsetRange values", () => {
  it.each([
    [10, 100, 90],
    [10, 10, 0],
    [0, Infinity, Infinity],
    [MAX - 1000, MAX, 1000],
    [0, MAX, MAX],
    [MAX - 5, Infinity, Infinity],
  ])("size of [%s, %s) is %s", (from, to, size) => {
    // Check: size = to - from, Infinity when open.
    expect(new OffsetRange(from, to).size()).toBe(size);
  });

  it("contains: half-open", () => {
    const range = new OffsetRange(100, 200);
    // Check: from is inside, to is not.
    expect(range.contains(100)).toBe(true);
    expect(range.contains(199)).toBe(true);
    expect(range.contains(200)).toBe(false);
    expect(range.contains(99)).toBe(false);
    // Check: an open range contains every position from its start.
    expect(new OffsetRange(0, Infinity).contains(MAX)).toBe(true);
    // Check: an empty range contains nothing.
    expect(new OffsetRange(5, 5).contains(5)).toBe(false);
  });

  it("equals and toString", () => {
    // Check: value equality on both bounds.
    expect(new OffsetRange(100, 200).equals(new OffsetRange(100, 200))).toBe(true);
    expect(new OffsetRange(100, 200).equals(new OffsetRange(100, 201))).toBe(false);
    expect(new OffsetRange(100, 200).equals(new OffsetRange(101, 200))).toBe(false);
    expect(new OffsetRange(0, Infinity).equals(new OffsetRange(0, Infinity))).toBe(true);
    expect(new OffsetRange(100, 200).equals({ from: 100, to: 200 })).toBe(false);
    expect(new OffsetRange(100, 200).equals(null)).toBe(false);
    // Check: Beam's text form `[from, to)`.
    expect(new OffsetRange(100, 200).toString()).toBe("[100, 200)");
    expect(new OffsetRange(0, Infinity).toString()).toBe("[0, Infinity)");
  });
});

describe("OffsetRange.split (Beam's tail-merge rule)", () => {
  it.each<[string, [number, number], number, number | undefined, string[]]>([
    // Beam Python test_split_respects_desired_num_splits.
    ["respects_desired_num_splits", [10, 100], 25, undefined, ["[10, 35)", "[35, 60)", "[60, 85)", "[85, 100)"]],
    // Beam Python test_split_no_small_split_at_end: a tail of 5 < floor(25 / 4) = 6 merges.
    ["no_small_split_at_end", [10, 90], 25, undefined, ["[10, 35)", "[35, 60)", "[60, 90)"]],
    // A tail of exactly floor(25 / 4) = 6 stays its own piece.
    ["tail_equal_to_quarter_kept", [0, 106], 25, undefined, ["[0, 25)", "[25, 50)", "[50, 75)", "[75, 100)", "[100, 106)"]],
    ["tail_below_quarter_merged", [0, 105], 25, undefined, ["[0, 25)", "[25, 50)", "[50, 75)", "[75, 105)"]],
    // TSDoc examples of OffsetRange.
    ["doc_tail_of_50_kept", [0, 250], 100, undefined, ["[0, 100)", "[100, 200)", "[200, 250)"]],
    ["doc_tail_of_10_merged", [0, 250], 120, undefined, ["[0, 120)", "[120, 250)"]],
    ["ten_by_four", [0, 10], 4, undefined, ["[0, 4)", "[4, 8)", "[8, 10)"]],
    // Java: floor(4 / 4) = 1 and minSize 1, a tail of 1 is not below either, so it is kept.
    ["nine_by_four", [0, 9], 4, undefined, ["[0, 4)", "[4, 8)", "[8, 9)"]],
    // minSize: a tail of 10 < minSize 20 merges even though floor(30 / 4) = 7 <= 10.
    ["tail_below_min_size_merged", [0, 100], 30, 20, ["[0, 30)", "[30, 60)", "[60, 100)"]],
    ["tail_equal_to_min_size_kept", [0, 80], 30, 20, ["[0, 30)", "[30, 60)", "[60, 80)"]],
    // Beam Java semantics for Beam Python's test_split_respects_min_num_splits input: Java steps
    // by desiredSize and only merges the tail (Python would step by max(desired, min)).
    [
      "min_size_only_merges_tail",
      [10, 100],
      5,
      25,
      ["[10, 15)", "[15, 20)", "[20, 25)", "[25, 30)", "[30, 35)", "[35, 40)", "[40, 45)", "[45, 50)",
        "[50, 55)", "[55, 60)", "[60, 65)", "[65, 70)", "[70, 75)", "[75, 100)"],
    ],
    ["desired_larger_than_range", [3, 10], 100, undefined, ["[3, 10)"]],
    ["desired_equal_to_range", [3, 10], 7, undefined, ["[3, 10)"]],
    ["unit_pieces", [0, 3], 1, undefined, ["[0, 1)", "[1, 2)", "[2, 3)"]],
    ["empty_range", [7, 7], 5, undefined, []],
    ["negative_positions", [-10, 0], 4, undefined, ["[-10, -6)", "[-6, -2)", "[-2, 0)"]],
    ["near_2^53", [MAX - 10, MAX], 4, undefined, [
      `[${MAX - 10}, ${MAX - 6})`, `[${MAX - 6}, ${MAX - 2})`, `[${MAX - 2}, ${MAX})`,
    ]],
  ])("%s", (_name, [from, to], desired, minSize, expected) => {
    const pieces = minSize === undefined ? new OffsetRange(from, to).split(desired) : new OffsetRange(from, to).split(desired, minSize);
    // Check: the exact pieces Beam Java's OffsetRange.split returns.
    expect(show(pieces)).toEqual(expected);
  });

  it("open range: returned whole, it cannot be cut into finitely many pieces", () => {
    const open = new OffsetRange(5, Infinity);
    const pieces = open.split(10);
    // Check: one piece, the range itself.
    expect(pieces).toHaveLength(1);
    expect(pieces[0]?.equals(open)).toBe(true);
  });

  it("a huge range near 2^53 splits into exact pieces", () => {
    const pieces = new OffsetRange(0, MAX).split(2 ** 51);
    // Check: 2^53 - 1 = 3 × 2^51 + (2^51 - 1): the tail is above 2^51 / 4, so four pieces.
    expect(show(pieces)).toEqual([
      `[0, ${2 ** 51})`,
      `[${2 ** 51}, ${2 ** 52})`,
      `[${2 ** 52}, ${3 * 2 ** 51})`,
      `[${3 * 2 ** 51}, ${MAX})`,
    ]);
  });

  it.each([0, -1, -100, Number.NaN, -Infinity])("desiredSize %s is an InvalidRestrictionError", (desired) => {
    // Check: no endless loop and no silent result (Beam Java would loop forever on 0).
    expect(() => new OffsetRange(0, 100).split(desired)).toThrow(InvalidRestrictionError);
    expect(() => new OffsetRange(0, 0).split(desired)).toThrow(InvalidRestrictionError);
  });

  it.each([0, -1, Number.NaN])("minSize %s is an InvalidRestrictionError", (minSize) => {
    expect(() => new OffsetRange(0, 100).split(10, minSize)).toThrow(InvalidRestrictionError);
  });

  it("desiredSize error names the range and the value", () => {
    expect(() => new OffsetRange(0, 100).split(0)).toThrow(/\[0, 100\).*0|0.*\[0, 100\)/);
  });

  it("property: pieces tile the range in order, each at least the merge threshold but the only piece", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: MAX - 5000, max: MAX - 2000 })),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 100 }),
        (from, length, desired, minSize) => {
          const range = new OffsetRange(from, from + length);
          const pieces = range.split(desired, minSize);
          const threshold = Math.max(Math.floor(desired / 4), minSize);
          // Check: consecutive, non-empty pieces from `from` to `to`.
          let cursor = from;
          for (const piece of pieces) {
            expect(piece.from).toBe(cursor);
            expect(piece.to).toBeGreaterThan(piece.from);
            cursor = piece.to;
          }
          expect(cursor).toBe(range.to);
          expect(pieces.length === 0).toBe(length === 0);
          // Check: every piece but the last is exactly desiredSize long.
          for (const piece of pieces.slice(0, -1)) expect(piece.size()).toBe(desired);
          // Check: the last piece is under desired + threshold (a merged tail) and, unless it is
          // the only piece, at least the threshold (a smaller tail would have merged).
          const last = pieces.at(-1);
          if (last !== undefined) {
            expect(last.size()).toBeLessThan(desired + threshold);
            if (pieces.length > 1) expect(last.size()).toBeGreaterThanOrEqual(threshold);
          }
        },
      ),
    );
  });
});
