import { MIN_TIMESTAMP, assertTimestamp } from "./timestamps.js";
import type { WatermarkEstimator } from "./WatermarkEstimator.js";

/**
 * A watermark the source sets itself, e.g. from a log's reported high-water time.
 *
 * A call to `setWatermark` with a time lower than the current watermark is ignored: watermarks
 * never go backwards, so a source may report a noisy value without breaking downstream windows.
 *
 * @example
 * ```ts
 * const w = new ManualWatermarkEstimator();
 * w.setWatermark(1_000);
 * w.setWatermark(500);    // ignored
 * w.currentWatermark();   // 1000
 * ```
 */
export class ManualWatermarkEstimator implements WatermarkEstimator<number> {
  /** The highest watermark set so far. */
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
   * Advances the watermark to `timestamp`; a lower value is ignored.
   * @param timestamp - epoch milliseconds
   * @throws {@link InvalidTimestampError} if out of range
   */
  setWatermark(timestamp: number): void {
    assertTimestamp(timestamp, "watermark");
    if (timestamp > this.watermark) this.watermark = timestamp;
  }

  /** The highest watermark set so far. */
  currentWatermark(): number {
    return this.watermark;
  }

  /** The current watermark, to rebuild from. */
  getState(): number {
    return this.watermark;
  }
}
