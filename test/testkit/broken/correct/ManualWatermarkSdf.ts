import {
  ManualWatermarkEstimator,
  MIN_TIMESTAMP,
  OffsetRange,
  OffsetRangeTracker,
  SplittableDoFn,
  type ProcessContext,
  type WatermarkEstimator,
} from "../../../../src/index.js";
import { eventTime } from "./TimestampedSdf.js";

/** A settable estimator, as `ManualWatermarkEstimator` is. */
export interface SettableWatermark extends WatermarkEstimator<number> {
  setWatermark(timestamp: number): void;
}

/**
 * Outputs `0 … n-1` for element `n` and sets its watermark itself after each record, from a
 * noisy "high-water time" (event time minus 30 ms, out of order), through a
 * {@link ManualWatermarkEstimator}, which ignores a lower value; correct.
 */
export class ManualWatermarkSdf extends SplittableDoFn<number, number, OffsetRange, number, number> {
  initialRestriction(n: number): OffsetRange {
    return new OffsetRange(0, n);
  }

  newTracker(_n: number, restriction: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(restriction);
  }

  override initialWatermarkState(): number {
    return MIN_TIMESTAMP;
  }

  override newWatermarkEstimator(state: number): SettableWatermark {
    return new ManualWatermarkEstimator(state);
  }

  async processElement(ctx: ProcessContext<number, number, OffsetRange, number, number>): Promise<void> {
    const estimator = ctx.watermarkEstimator as SettableWatermark;
    for (let p = ctx.tracker.currentRestriction().from; ctx.tracker.tryClaim(p); p++) {
      await ctx.output(p, eventTime(p));
      estimator.setWatermark(eventTime(p) - 30);
    }
  }
}
