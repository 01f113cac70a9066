import { OffsetRange } from "./OffsetRange.js";
import { OffsetRangeTracker } from "./OffsetRangeTracker.js";
import type { Progress, SplitResult } from "./RestrictionTracker.js";
import { assertSplitFraction } from "./validation.js";

/**
 * Estimates where a growing range currently ends: the latest offset of a log partition, the
 * size of a file being appended to. It MAY go down between calls (a cached value refreshed late);
 * the tracker tolerates that.
 */
export interface RangeEndEstimator {
  /** The current estimate of the exclusive end. */
  estimate(): number;
}

/**
 * Tracks `[start, Infinity)`: a range whose end is unknown and grows while it is read (a Kafka
 * partition). Beam's `GrowableOffsetRangeTracker` semantics:
 *
 * - Splits and progress use the end `max(estimate(), cur + 1)`, `cur` the last attempted
 *   position (or `start - 1`).
 * - A split makes the primary bounded `[start, split)` and keeps the residual open
 *   `[split, Infinity)`; after that the tracker behaves as an {@link OffsetRangeTracker}.
 * - `isBounded()` is false until a split or a claim of `Infinity` ends the range.
 * - Where Beam would hand out a residual that is empty, this tracker returns `null` instead.
 *
 * @example
 * ```ts
 * const t = new GrowableOffsetRangeTracker(0, { estimate: () => 100 });
 * t.tryClaim(10);              // true
 * t.trySplit(0.5);             // { primary: [0, 55), residual: [55, Infinity) }
 * ```
 */
export class GrowableOffsetRangeTracker extends OffsetRangeTracker {
  /** Supplies the estimated end while the range is still open. */
  private readonly estimator: RangeEndEstimator;

  /**
   * @param start - first position, a safe integer
   * @param estimator - estimates the current end
   * @throws {@link InvalidRestrictionError} if `start` is not a safe integer
   */
  constructor(start: number, estimator: RangeEndEstimator) {
    super(new OffsetRange(start, Infinity));
    this.estimator = estimator;
  }

  /**
   * Splits the unclaimed remainder at fraction `f` of `[cur, max(estimate, cur + 1))`.
   * Claimed to 10 with an estimate of 100: `trySplit(0.5)` splits at `10 + floor(90 × 0.5) = 55`.
   * @param fractionOfRemainder - in [0, 1]
   * @returns primary and residual, or `null` when nothing is left to split off
   * @throws {@link InvalidSplitError} if the fraction is NaN, negative or above 1
   */
  override trySplit(fractionOfRemainder: number): SplitResult<OffsetRange> | null {
    if (this.range.to !== Infinity) return super.trySplit(fractionOfRemainder);
    assertSplitFraction(fractionOfRemainder, this.range);
    const position = this.splitPosition(fractionOfRemainder, this.estimatedEnd());
    if (position === null || !Number.isSafeInteger(position)) return null;
    return this.splitAt(position);
  }

  /** Progress toward the estimated end, or as a bounded range once split. */
  override getProgress(): Progress {
    if (this.range.to !== Infinity) return super.getProgress();
    return this.progressToward(this.estimatedEnd());
  }

  /** `max(estimate(), cur + 1)`, the estimate capped at 2^53 - 1; a non-finite one means unknown. */
  private estimatedEnd(): number {
    const cur = this.lastAttemptedOffset ?? this.range.from - 1;
    const estimate = this.estimator.estimate();
    if (!Number.isFinite(estimate)) return cur + 1;
    return Math.max(Math.floor(Math.min(estimate, Number.MAX_SAFE_INTEGER)), cur + 1);
  }
}
