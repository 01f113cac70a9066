import fc from "fast-check";
import { ByteKeyRange, ByteKeyRangeTracker, byteKeyRangeCoder, compareKeys } from "../../../src/index.js";
import type { TrackerConformanceConfig } from "../../../testkit/index.js";

/**
 * The data's keys, sorted: every 16th one-byte key, and two-byte keys after a few of them,
 * including `k ++ 00` (the checkpoint key after `k`) and the top key `ffff`.
 */
export const DATA_KEYS: readonly Uint8Array[] = [
  ...Array.from({ length: 16 }, (_, i) => Uint8Array.of(i * 16)),
  Uint8Array.of(0x00, 0x00),
  Uint8Array.of(0x10, 0x00),
  Uint8Array.of(0x10, 0x01),
  Uint8Array.of(0x40, 0x80),
  Uint8Array.of(0x80, 0x00),
  Uint8Array.of(0x80, 0xff),
  Uint8Array.of(0xff),
  Uint8Array.of(0xff, 0xff),
].sort(compareKeys);

/** A small key, empty included (empty start = the very first key, empty end = no upper bound). */
const smallKey = fc.oneof(
  fc.constant(new Uint8Array(0)),
  fc.constantFrom(...DATA_KEYS),
  fc.uint8Array({ minLength: 1, maxLength: 2 }),
);

/** Ranges over small keys: `[a, b)` with `a <= b`, or `[a, [])` (unbounded). */
export const byteKeyRanges: fc.Arbitrary<ByteKeyRange> = fc.tuple(smallKey, smallKey).map(([a, b]) => {
  if (b.length === 0 || compareKeys(a, b) <= 0) return new ByteKeyRange(a, b);
  return new ByteKeyRange(b, a);
});

/** The tracker-conformance config for {@link ByteKeyRangeTracker} over {@link DATA_KEYS}. */
export function byteKeyTrackerConfig(numRuns: number): TrackerConformanceConfig<ByteKeyRange, Uint8Array> {
  return {
    newTracker: (range) => new ByteKeyRangeTracker(range),
    restrictions: byteKeyRanges,
    positions: (range) => DATA_KEYS.filter((key) => range.containsKey(key)),
    finish: new Uint8Array(0),
    coder: byteKeyRangeCoder,
    equals: (a, b) => a.equals(b),
    numRuns,
  };
}
