import { MAX_TIMESTAMP, MIN_TIMESTAMP } from "../watermark/timestamps.js";
import type { WorkPool } from "./WorkPool.js";

/**
 * A run's output watermark: the lowest hold of its pending work, never decreasing. While more
 * input may come it stays at `MIN_TIMESTAMP`; once the input ended and nothing is pending it
 * reaches `MAX_TIMESTAMP`.
 * @internal
 */
export class OutputWatermark {
  /** The highest low-water mark seen so far. */
  private current = MIN_TIMESTAMP;

  /**
   * Advances the watermark to the lowest hold of `pool`'s work, if that is higher.
   * @param pool - the run's work: queued items by their hold, running ones by their estimator
   * @param inputDone - whether every element has been expanded
   * @returns the watermark
   */
  advance<In, R, WS>(pool: WorkPool<In, R, WS>, inputDone: boolean): number {
    let low = inputDone ? MAX_TIMESTAMP : MIN_TIMESTAMP;
    for (const item of pool.queuedItems()) low = Math.min(low, item.hold);
    for (const running of pool.runningItems()) low = Math.min(low, running.work?.watermark() ?? running.item.hold);
    if (low > this.current) this.current = low;
    return this.current;
  }
}
