import { MIN_TIMESTAMP, assertTimestamp } from "./timestamps.js";
import type { TimestampObservingWatermarkEstimator } from "./WatermarkEstimator.js";

/**
 * A watermark equal to the highest output timestamp seen so far: right for sources whose
 * records arrive in timestamp order (one log partition). The default estimator of a
 * `SplittableDoFn`.
 *
 * @example
 * ```ts
 * const w = new MonotonicallyIncreasingWatermarkEstimator();
 * w.observeTimestamp(20); w.observeTimestamp(10);
 * w.currentWatermark();   // 20
 * ```
 */
export class MonotonicallyIncreasingWatermarkEstimator implements TimestampObservingWatermarkEstimator<number> {
  /** The highest timestamp observed, or the initial state. */
  private watermark: number;

  /**
   * @param state - a previous `getState()`, epoch ms @defaultValue MIN_TIMESTAMP
   * @throws {@link InvalidTimestampError} if the state is out of range
   */
  constructor(state: number = MIN_TIMESTAMP) {
    assertTimestamp(state, "watermark state");
    this.watermark = state;
  }

  /**
   * @param timestamp - an output timestamp, epoch ms
   * @throws {@link InvalidTimestampError} if out of range
   */
  observeTimestamp(timestamp: number): void {
    assertTimestamp(timestamp, "output timestamp");
    if (timestamp > this.watermark) this.watermark = timestamp;
  }

  /** The highest timestamp observed. */
  currentWatermark(): number {
    return this.watermark;
  }

  /** The current watermark, to rebuild from. */
  getState(): number {
    return this.watermark;
  }
}
