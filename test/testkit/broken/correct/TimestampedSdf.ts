import {
  MIN_TIMESTAMP,
  OffsetRange,
  OffsetRangeTracker,
  SplittableDoFn,
  type ProcessContext,
  type TimestampObservingWatermarkEstimator,
} from "../../../../src/index.js";

/** Event time of record `p`: rising, with every fourth record 25 ms late (out of order). */
export function eventTime(p: number): number {
  return 1_000 + 10 * p - (p % 4 === 3 ? 25 : 0);
}

/** A hand-written timestamp-observing estimator, correct: the highest timestamp seen. */
export class MaxTimestampEstimator implements TimestampObservingWatermarkEstimator<number> {
  /** Highest timestamp observed, or the state it was rebuilt from. */
  protected watermark: number;
  constructor(state: number) {
    this.watermark = state;
  }
  observeTimestamp(timestamp: number): void {
    this.watermark = Math.max(this.watermark, timestamp);
  }
  currentWatermark(): number {
    return this.watermark;
  }
  getState(): number {
    return this.watermark;
  }
}

/**
 * Outputs `0 … n-1` for element `n` with out-of-order event times ({@link eventTime}) and its
 * own watermark estimator; correct.
 */
export class TimestampedSdf extends SplittableDoFn<number, number, OffsetRange, number, number> {
  initialRestriction(n: number): OffsetRange {
    return new OffsetRange(0, n);
  }

  newTracker(_n: number, restriction: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(restriction);
  }

  override initialWatermarkState(): number {
    return MIN_TIMESTAMP;
  }

  override newWatermarkEstimator(state: number): TimestampObservingWatermarkEstimator<number> {
    return new MaxTimestampEstimator(state);
  }

  async processElement(ctx: ProcessContext<number, number, OffsetRange, number, number>): Promise<void> {
    for (let p = ctx.tracker.currentRestriction().from; ctx.tracker.tryClaim(p); p++) {
      await ctx.output(p, eventTime(p));
    }
  }
}
