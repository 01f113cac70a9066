import { RangedRestrictionTracker } from "../../src/restrictions/RangedRestrictionTracker.js";
import { WeightedOffsetRangeTracker } from "../../src/restrictions/WeightedOffsetRangeTracker.js";
import type { RowGroupSet } from "./RowGroupSet.js";

/**
 * Tracks a {@link RowGroupSet}: claims are global row-group indices with `OffsetRangeTracker`
 * semantics (`Infinity` finishes); progress and splits are weighted by the compressed bytes of
 * each row group ({@link WeightedOffsetRangeTracker}), so the runner hands an idle worker half
 * of the remaining *bytes*. The restrictions it returns keep only the files each piece overlaps
 * (a {@link RangedRestrictionTracker} over the weighted index tracker).
 *
 * @example
 * ```ts
 * // row groups of 10, 10 and 80 bytes
 * const t = new RowGroupSetTracker(set);   // set.range = [0, 3)
 * t.trySplit(0.5);                         // primary row groups [0, 2), residual [2, 3)
 * ```
 */
export class RowGroupSetTracker extends RangedRestrictionTracker<RowGroupSet> {
  /** @param restriction - the row groups to track */
  constructor(restriction: RowGroupSet) {
    super(restriction, new WeightedOffsetRangeTracker(restriction.range, restriction));
  }
}
