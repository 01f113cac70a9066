import type fc from "fast-check";
import type { RestrictionCoder } from "../../src/restrictions/coders/RestrictionCoder.js";
import type { RestrictionTracker } from "../../src/restrictions/RestrictionTracker.js";

/**
 * What {@link checkTrackerConformance} needs to know about a tracker: how to build one, which
 * restrictions to try, and which positions a restriction holds.
 *
 * @typeParam R - restriction type
 * @typeParam P - position type
 */
export interface TrackerConformanceConfig<R, P> {
  /** A fresh tracker for a restriction. */
  newTracker(restriction: R): RestrictionTracker<R, P>;
  /** Restrictions to try (fast-check arbitrary). */
  restrictions: fc.Arbitrary<R>;
  /**
   * The claimable positions a restriction holds, in claim order; finite (for an open
   * restriction, the positions of the data that exists).
   */
  positions(restriction: R): readonly P[];
  /**
   * A position whose claim finishes any tracker (returns false): `Infinity` for offsets, the
   * empty key for byte keys. Needed when positions are sparse or the restriction is open.
   */
  finish?: P;
  /**
   * The tracker never splits, checkpoints included (an `UnsplittableTracker`): every
   * `trySplit` must return null, and the split properties are replaced by that check.
   * @defaultValue false
   */
  unsplittable?: boolean;
  /** The restriction coder to round-trip, if the tracker's restrictions are checkpointed. */
  coder?: RestrictionCoder<R>;
  /** Restriction equality. @defaultValue same `String()` */
  equals?(a: R, b: R): boolean;
  /** Runs per property. @defaultValue 200 */
  numRuns?: number;
  /** fast-check seed. @defaultValue `FC_SEED` or a fixed value */
  seed?: number;
}
