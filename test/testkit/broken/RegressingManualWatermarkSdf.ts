import { MIN_TIMESTAMP } from "../../../src/index.js";
import { ManualWatermarkSdf, type SettableWatermark } from "./correct/ManualWatermarkSdf.js";

/**
 * Bug 10b, a regressing watermark: a `ManualWatermarkEstimator` look-alike whose `setWatermark`
 * accepts a lower value, so the noisy high-water time of {@link ManualWatermarkSdf} moves the
 * watermark back.
 */
export class RegressingManualEstimator implements SettableWatermark {
  /** The last watermark set. */
  private watermark: number;
  constructor(state: number = MIN_TIMESTAMP) {
    this.watermark = state;
  }
  setWatermark(timestamp: number): void {
    this.watermark = timestamp; // BUG: a lower value must be ignored
  }
  currentWatermark(): number {
    return this.watermark;
  }
  getState(): number {
    return this.watermark;
  }
}

/** {@link ManualWatermarkSdf} with the {@link RegressingManualEstimator}. */
export class RegressingManualWatermarkSdf extends ManualWatermarkSdf {
  override newWatermarkEstimator(state: number): SettableWatermark {
    return new RegressingManualEstimator(state);
  }
}
