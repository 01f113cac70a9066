import type { OffsetRange, OffsetRangeTracker } from "../../../src/index.js";
import { CountingSdf } from "../../helpers/CountingSdf.js";

/**
 * Bugs 5 and 6 at source level: `CountingSdf` reading through a broken tracker (one of the
 * `OffsetRangeTracker` subclasses beside this file); everything else is correct.
 */
export class TrackerSwapSdf extends CountingSdf {
  constructor(private readonly makeTracker: (restriction: OffsetRange) => OffsetRangeTracker) {
    super();
  }

  override newTracker(_n: number, restriction: OffsetRange): OffsetRangeTracker {
    return this.makeTracker(restriction);
  }
}
