import type { Progress, RestrictionTracker, SplitResult } from "../../src/restrictions/RestrictionTracker.js";
import { WeightedOffsetRangeTracker } from "../../src/restrictions/WeightedOffsetRangeTracker.js";
import type { RowGroupSet } from "./RowGroupSet.js";

/**
 * Tracks a {@link RowGroupSet}: claims are global row-group indices with `OffsetRangeTracker`
 * semantics; progress and splits are weighted by the compressed bytes of each row group
 * ({@link WeightedOffsetRangeTracker}), so the runner hands an idle worker half of the
 * remaining *bytes*. The restrictions it returns keep only the files each piece overlaps.
 */
export class RowGroupSetTracker implements RestrictionTracker<RowGroupSet, number> {
  /** The weighted index tracker doing the work. */
  private readonly indices: WeightedOffsetRangeTracker;
  /** The restriction the tracker started with (its files and columns). */
  private readonly restriction: RowGroupSet;

  /** @param restriction - the row groups to track */
  constructor(restriction: RowGroupSet) {
    this.restriction = restriction;
    this.indices = new WeightedOffsetRangeTracker(restriction.range, restriction);
  }

  /** Claims a global row-group index (or `Infinity`, to finish). */
  tryClaim(position: number): boolean {
    return this.indices.tryClaim(position);
  }

  /** The files, columns and row groups still owned. */
  currentRestriction(): RowGroupSet {
    return this.restriction.withRange(this.indices.currentRestriction());
  }

  /** Splits the unclaimed row groups where fraction `f` of their bytes lies. */
  trySplit(fractionOfRemainder: number): SplitResult<RowGroupSet> | null {
    const split = this.indices.trySplit(fractionOfRemainder);
    if (split === null) return null;
    return { primary: this.restriction.withRange(split.primary), residual: this.restriction.withRange(split.residual) };
  }

  /** Throws, naming the unclaimed row groups, unless every one was attempted. */
  checkDone(): void {
    this.indices.checkDone();
  }

  /** Always bounded. */
  isBounded(): boolean {
    return true;
  }

  /** Progress in compressed bytes. */
  getProgress(): Progress {
    return this.indices.getProgress();
  }

  /** `RowGroupSetTracker(row groups [from, to) of …, lastAttempted=…)`. */
  toString(): string {
    return `RowGroupSetTracker(${this.indices.toString()} of ${this.restriction.toString()})`;
  }
}
