import { OffsetRangeTracker, type OffsetRange, type SplitResult } from "../../../src/index.js";

/**
 * Bug 5, a residual that re-includes the last claimed record: an `OffsetRangeTracker` whose
 * checkpoint (`trySplit(0)`) cuts at the last claimed offset instead of right after it, so the
 * residual starts with a record the primary already output.
 */
export class RereadsLastClaimTracker extends OffsetRangeTracker {
  override trySplit(fractionOfRemainder: number): SplitResult<OffsetRange> | null {
    const last = this.lastClaimedOffset;
    if (fractionOfRemainder === 0 && last !== null && last === this.lastAttemptedOffset) {
      return this.splitAt(last); // BUG: must be `last + 1`
    }
    return super.trySplit(fractionOfRemainder);
  }
}
