/**
 * The two pieces of a successful split: the tracker keeps `primary`, `residual` is handed off.
 * Together they tile the restriction the tracker had before the split, without overlap.
 */
export interface SplitResult<R> {
  /** What the tracker still owns and will finish. */
  readonly primary: R;
  /** What was split off, for another worker or a later resume. */
  readonly residual: R;
}

/**
 * Work done and work left in a tracker, in the tracker's own units (positions, fractions).
 * Both are non-negative; `workRemaining` is `Infinity` only for an open range with no estimate.
 */
export interface Progress {
  /** Work already attempted. */
  readonly workCompleted: number;
  /** Work not yet attempted. */
  readonly workRemaining: number;
}

/**
 * Owns one restriction while it is processed: every position is claimed through it, so whoever
 * runs the source can split the unclaimed rest off at any moment.
 *
 * Contract (Beam's `RestrictionTracker`):
 * - `tryClaim(p)` MUST be called with strictly increasing positions; `true` means the caller
 *   owns `p` and MUST process it; `false` means `p` is past the end (or split off) and the caller
 *   MUST stop without outputting anything more.
 * - `trySplit(f)` splits the unclaimed remainder at fraction `f` of it; `f = 0` is a checkpoint.
 * - `checkDone()` throws if work remains that was neither claimed nor split off.
 *
 * @typeParam R - the restriction type, an immutable value
 * @typeParam P - the position type
 */
export interface RestrictionTracker<R, P> {
  /**
   * Attempts to claim `position`.
   * @param position - strictly above the last attempted position
   * @returns `true` if the caller now owns `position`, `false` if it lies past the end
   * @throws {@link ClaimOrderError} if the position is not above the last attempted one
   */
  tryClaim(position: P): boolean;
  /** The restriction the tracker currently owns (the primary, after a split). */
  currentRestriction(): R;
  /**
   * Splits the unclaimed remainder at `fractionOfRemainder` of it.
   * @param fractionOfRemainder - in [0, 1]; 0 is a checkpoint right after the last claim
   * @returns the split, or `null` if nothing can be split off
   * @throws {@link InvalidSplitError} if the fraction is NaN, negative or above 1
   */
  trySplit(fractionOfRemainder: number): SplitResult<R> | null;
  /**
   * Verifies that no work remains unclaimed.
   * @throws {@link UnfinishedWorkError} naming the unclaimed part
   */
  checkDone(): void;
  /** Whether the current restriction has a known end. */
  isBounded(): boolean;
  /** Work completed and remaining; never negative. */
  getProgress(): Progress;
}
