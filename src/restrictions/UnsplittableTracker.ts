import type { Progress, RestrictionTracker, SplitResult } from "./RestrictionTracker.js";
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
export class UnsplittableTracker<R, P> implements RestrictionTracker<R, P> {
  /** The tracker that does the claiming. */
  private readonly inner: RestrictionTracker<R, P>;

  /** @param inner - the tracker to protect from splits */
  constructor(inner: RestrictionTracker<R, P>) {
    this.inner = inner;
  }

  /** Delegates to the wrapped tracker. */
  tryClaim(position: P): boolean {
    return this.inner.tryClaim(position);
  }

  /** Delegates to the wrapped tracker. */
  currentRestriction(): R {
    return this.inner.currentRestriction();
  }

  /**
   * Always `null`; the fraction is still validated.
   * @throws {@link InvalidSplitError} if the fraction is NaN, negative or above 1
   */
  trySplit(fractionOfRemainder: number): SplitResult<R> | null {
    assertSplitFraction(fractionOfRemainder, { toString: () => String(this.inner.currentRestriction()) });
    return null;
  }

  /** Delegates to the wrapped tracker. */
  checkDone(): void {
    this.inner.checkDone();
  }

  /** Delegates to the wrapped tracker. */
  isBounded(): boolean {
    return this.inner.isBounded();
  }

  /** Delegates to the wrapped tracker. */
  getProgress(): Progress {
    return this.inner.getProgress();
  }
}
