import { ClaimOrderError } from "../errors/ClaimOrderError.js";
import { UnfinishedWorkError } from "../errors/UnfinishedWorkError.js";
import { OffsetRange } from "./OffsetRange.js";
import type { Progress, RestrictionTracker, SplitResult } from "./RestrictionTracker.js";
import { assertClaimablePosition, assertSplitFraction } from "./validation.js";

/**
 * Tracks an {@link OffsetRange}, with the semantics of Beam's `OffsetRangeTracker`.
 *
 * - Claims strictly increase over the last *attempted* position; a claim at or past `to` returns
 *   `false` and is recorded, so the tracker is finished. `tryClaim(Infinity)` finishes any range.
 * - `trySplit(f)` splits the unclaimed remainder at `cur + max(1, floor((to - cur) * f))`, where
 *   `cur` is the last attempted position (or `from - 1`). An open range (`to = Infinity`) can only
 *   be checkpointed (`f = 0`); use {@link GrowableOffsetRangeTracker} to split it by an estimate.
 *
 * @example
 * ```ts
 * const t = new OffsetRangeTracker(new OffsetRange(100, 200));
 * t.tryClaim(130);                 // true
 * t.trySplit(0.7);                 // { primary: [100, 179), residual: [179, 200) }
 * t.trySplit(0);                   // { primary: [100, 131), residual: [131, 179) }: a checkpoint
 * t.tryClaim(131);                 // false: split off
 * t.checkDone();                   // passes
 * ```
 */
export class OffsetRangeTracker implements RestrictionTracker<OffsetRange, number> {
  /** The range owned; shrinks on every successful split, never below the last attempt + 1. */
  protected range: OffsetRange;
  /** Last position passed to `tryClaim`, successful or not; null before the first claim. */
  protected lastAttemptedOffset: number | null = null;
  /** Last position for which `tryClaim` returned true; null before the first. */
  protected lastClaimedOffset: number | null = null;

  /** @param range - the range to track */
  constructor(range: OffsetRange) {
    this.range = range;
  }

  /**
   * Claims `position`.
   * @param position - a safe integer strictly above the last attempted one, and `>= from`; or
   *   `Infinity` to say "nothing more"
   * @returns `true` if `position < to`; `false` otherwise (the tracker is then finished)
   * @throws {@link ClaimOrderError} on a repeated, decreasing, below-start or non-integer claim
   */
  tryClaim(position: number): boolean {
    if (this.lastAttemptedOffset !== null && !(position > this.lastAttemptedOffset)) {
      throw new ClaimOrderError(
        `Trying to claim offset ${position} while last attempted was ${this.lastAttemptedOffset} in ${this.range.toString()}: ` +
          `claims must strictly increase.`,
        { context: { restriction: this.range.toString(), position: String(position) } },
      );
    }
    assertClaimablePosition(position, this.range);
    if (position < this.range.from) {
      throw new ClaimOrderError(
        `Trying to claim offset ${position} before the start of ${this.range.toString()}: ` +
          `a reader must begin at the restriction's start.`,
        { context: { restriction: this.range.toString(), position: String(position) } },
      );
    }
    this.lastAttemptedOffset = position;
    if (position >= this.range.to) return false;
    this.lastClaimedOffset = position;
    return true;
  }

  /** The range currently owned: the primary after a split. */
  currentRestriction(): OffsetRange {
    return this.range;
  }

  /**
   * Splits the unclaimed remainder.
   *
   * `[100, 200)` claimed to 130: `trySplit(0.7)` splits at `130 + floor(70 × 0.7) = 179`;
   * `trySplit(0)` at 131. Unclaimed `[100, 200)`: `trySplit(0)` gives primary `[100, 100)`.
   *
   * @param fractionOfRemainder - in [0, 1]
   * @returns primary and residual, or `null` when nothing is left to split off
   * @throws {@link InvalidSplitError} if the fraction is NaN, negative or above 1
   */
  trySplit(fractionOfRemainder: number): SplitResult<OffsetRange> | null {
    assertSplitFraction(fractionOfRemainder, this.range);
    const splitPosition = this.splitPosition(fractionOfRemainder, this.range.to);
    if (splitPosition === null || splitPosition >= this.range.to) return null;
    return this.splitAt(splitPosition);
  }

  /**
   * Throws unless every position of the range was attempted.
   * @throws {@link UnfinishedWorkError} naming the range left unclaimed
   */
  checkDone(): void {
    const { from, to } = this.range;
    if (from === to) return;
    if (this.lastAttemptedOffset === null) {
      throw new UnfinishedWorkError(
        `No offset was claimed in the non-empty range ${this.range.toString()}: ` +
          `the source must claim positions until tryClaim returns false (or claim Infinity to finish).`,
        { context: { restriction: this.range.toString() } },
      );
    }
    if (this.lastAttemptedOffset < to - 1) {
      throw new UnfinishedWorkError(
        `Last attempted offset was ${this.lastAttemptedOffset} in range ${this.range.toString()}, ` +
          `claiming work in [${this.lastAttemptedOffset + 1}, ${to}) was not attempted: ` +
          `the source stopped early; keep claiming until tryClaim returns false, or return resume() to checkpoint.`,
        { context: { restriction: this.range.toString(), position: String(this.lastAttemptedOffset) } },
      );
    }
  }

  /** Bounded unless the range is open and not yet finished by a claim of `Infinity`. */
  isBounded(): boolean {
    return this.range.to !== Infinity || this.lastAttemptedOffset === Infinity;
  }

  /**
   * Beam's progress: before any claim, `{0, size}`; after claiming `p`,
   * `remaining = max(0, to - p)` and `completed = size - remaining`. `[100, 200)` claimed to
   * 130 → `{ workCompleted: 30, workRemaining: 70 }`.
   */
  getProgress(): Progress {
    return this.progressToward(this.range.to);
  }

  /** `OffsetRangeTracker([from, to), last attempted …)`. */
  toString(): string {
    return `OffsetRangeTracker(${this.range.toString()}, lastAttempted=${String(this.lastAttemptedOffset)})`;
  }

  /** The position `cur + max(1, floor((end - cur) × f))`, or null when the tracker is finished. */
  protected splitPosition(fraction: number, end: number): number | null {
    if (this.lastAttemptedOffset !== null && this.lastAttemptedOffset >= this.range.to) return null;
    const cur = this.lastAttemptedOffset ?? this.range.from - 1;
    if (fraction === 0) return cur + 1;
    if (end === Infinity) return null;
    return cur + Math.max(1, Math.floor((end - cur) * fraction));
  }

  /** Cuts the owned range at `position`, which lies in `(cur, to)`. */
  protected splitAt(position: number): SplitResult<OffsetRange> {
    const primary = new OffsetRange(this.range.from, position);
    const residual = new OffsetRange(position, this.range.to);
    this.range = primary;
    return { primary, residual };
  }

  /** Progress over `[from, end)`, measured from the last attempted position (Beam's rule). */
  protected progressToward(end: number): Progress {
    const { from } = this.range;
    const last = this.lastAttemptedOffset;
    if (last === null) return { workCompleted: 0, workRemaining: Math.max(0, end - from) };
    if (last === Infinity) {
      if (end !== Infinity) return { workCompleted: end - from, workRemaining: 0 };
      const claimedEnd = this.lastClaimedOffset === null ? from : this.lastClaimedOffset + 1;
      return { workCompleted: claimedEnd - from, workRemaining: 0 };
    }
    if (end === Infinity) return { workCompleted: last - from, workRemaining: Infinity };
    const workRemaining = Math.max(0, end - last);
    return { workCompleted: end - from - workRemaining, workRemaining };
  }
}
