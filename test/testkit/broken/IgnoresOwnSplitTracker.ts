import { OffsetRange, OffsetRangeTracker, type SplitResult } from "../../../src/index.js";

/**
 * Bug 6, a tracker that ignores its own split: an `OffsetRangeTracker` whose split computes and
 * returns primary and residual but never narrows its own range, so it keeps claiming (and
 * reporting as its restriction) positions it handed off.
 */
export class IgnoresOwnSplitTracker extends OffsetRangeTracker {
  protected override splitAt(position: number): SplitResult<OffsetRange> {
    // BUG: `this.range = primary` is missing.
    return { primary: new OffsetRange(this.range.from, position), residual: new OffsetRange(position, this.range.to) };
  }
}
