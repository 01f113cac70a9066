import { MaxTimestampEstimator, TimestampedSdf } from "./correct/TimestampedSdf.js";

/**
 * Bug 10a, a regressing watermark: an estimator that takes the latest output timestamp
 * instead of the highest, so an out-of-order record pulls the watermark back.
 */
export class LastTimestampEstimator extends MaxTimestampEstimator {
  override observeTimestamp(timestamp: number): void {
    this.watermark = timestamp; // BUG: must be Math.max(this.watermark, timestamp)
  }
}

/** {@link TimestampedSdf} with the {@link LastTimestampEstimator}. */
export class RegressingWatermarkSdf extends TimestampedSdf {
  override newWatermarkEstimator(state: number): LastTimestampEstimator {
    return new LastTimestampEstimator(state);
  }
}
