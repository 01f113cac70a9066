import { MAX_TIMESTAMP, MIN_TIMESTAMP, assertTimestamp } from "./timestamps.js";
import type { WatermarkEstimator } from "./WatermarkEstimator.js";

/**
 * A watermark that follows the wall clock: right for sources whose records are stamped with
 * the time they are read. A clock that steps backwards does not move the watermark back.
 *
 * @example
 * ```ts
 * const w = new WallTimeWatermarkEstimator(MIN_TIMESTAMP, () => 1_000);
 * w.currentWatermark();   // 1000
 * ```
 */
export class WallTimeWatermarkEstimator implements WatermarkEstimator<number> {
  /** The highest watermark reported so far. */
  private watermark: number;
  /** The clock read on every `currentWatermark()`. */
  private readonly clock: () => number;

  /**
   * @param state - a previous `getState()`, epoch ms @defaultValue MIN_TIMESTAMP
   * @param clock - epoch ms now @defaultValue Date.now
   * @throws {@link InvalidTimestampError} if the state is out of range
   */
  constructor(state: number = MIN_TIMESTAMP, clock: () => number = Date.now) {
    assertTimestamp(state, "watermark state");
    this.watermark = state;
    this.clock = clock;
  }

  /** `max(last reported, clock())`. */
  currentWatermark(): number {
    const now = this.clock();
    if (now > this.watermark && now <= MAX_TIMESTAMP) this.watermark = now;
    return this.watermark;
  }

  /** The last reported watermark; reads no clock. */
  getState(): number {
    return this.watermark;
  }
}
