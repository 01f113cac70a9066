import { OffsetRangeTracker } from "../../../src/index.js";

/** A tracker whose `checkDone()` never throws: a source that stops early goes unnoticed. */
export class CheckDoneNeverThrowsTracker extends OffsetRangeTracker {
  override checkDone(): void {
    // BUG: must throw while [lastAttempted + 1, to) is unclaimed.
  }
}
