import { ForwardingTracker } from "./ForwardingTracker.js";
import type { SplitResult } from "./RestrictionTracker.js";
import { assertSplitFraction } from "./validation.js";

/**
 * Wraps a tracker so that it can never be split, checkpoints included: every `trySplit`
 * returns `null` (as Beam Python's `UnsplittableRestrictionTracker`). Use it for input that
 * cannot be resumed midway, such as a gzip stream, so no runner can cut it.
 *
 * @example
 * ```ts
 * const t = new UnsplittableTracker(new OffsetRangeTracker(new OffsetRange(0, 100)));
 * t.tryClaim(0);     // true
 * t.trySplit(0);     // null: the whole range is read by this tracker
 * ```
 */
export class UnsplittableTracker<R, P> extends ForwardingTracker<R, P> {
  /**
   * Always `null`; the fraction is still validated.
   * @throws {@link InvalidSplitError} if the fraction is NaN, negative or above 1
   */
  override trySplit(fractionOfRemainder: number): SplitResult<R> | null {
    assertSplitFraction(fractionOfRemainder, { toString: () => String(this.inner.currentRestriction()) });
    return null;
  }
}
