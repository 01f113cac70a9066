import fc from "fast-check";
import { OffsetRange, offsetRangeCoder, type RestrictionCoder, type RestrictionTracker } from "../../../src/index.js";
import type { TrackerConformanceConfig } from "../../../testkit/index.js";

/** Bounded offset ranges `[a, a + n)`, `a, n <= 50`, shifted by `base`. */
export function offsetRanges(base = 0): fc.Arbitrary<OffsetRange> {
  return fc.tuple(fc.nat(50), fc.nat(50)).map(([a, n]) => new OffsetRange(base + a, base + a + n));
}

/** Every integer of a bounded range, in order. */
export function everyOffset(range: OffsetRange): number[] {
  return Array.from({ length: range.size() }, (_, i) => range.from + i);
}

/**
 * The tracker-conformance config for an offset tracker over bounded ranges: positions are every
 * integer, `Infinity` finishes, {@link offsetRangeCoder} unless another coder is given.
 */
export function offsetTrackerConfig(
  newTracker: (range: OffsetRange) => RestrictionTracker<OffsetRange, number>,
  options: { base?: number; coder?: RestrictionCoder<OffsetRange>; unsplittable?: boolean; numRuns?: number; seed?: number } = {},
): TrackerConformanceConfig<OffsetRange, number> {
  return {
    newTracker,
    restrictions: offsetRanges(options.base),
    positions: everyOffset,
    finish: Infinity,
    coder: options.coder ?? offsetRangeCoder,
    equals: (a, b) => a.equals(b),
    numRuns: options.numRuns ?? 150,
    ...(options.unsplittable === undefined ? {} : { unsplittable: options.unsplittable }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
}
