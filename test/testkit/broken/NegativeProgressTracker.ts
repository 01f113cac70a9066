import { OffsetRangeTracker, type Progress } from "../../../src/index.js";

/**
 * A tracker whose progress goes negative: work completed is measured from `from - 1`, the
 * "position before the first claim", so an unstarted tracker reports -1 completed.
 */
export class NegativeProgressTracker extends OffsetRangeTracker {
  override getProgress(): Progress {
    const { from, to } = this.range;
    const cur = this.lastAttemptedOffset ?? from - 1;
    const done = Math.min(cur + 1, to);
    return { workCompleted: cur - from, workRemaining: to - done }; // BUG: completed is `done - from`
  }
}
