import type { OffsetRange } from "./OffsetRange.js";
import { OffsetRangeTracker } from "./OffsetRangeTracker.js";
import type { Progress, RestrictionTracker, SplitResult } from "./RestrictionTracker.js";

/**
 * A restriction that is an {@link OffsetRange} plus values that ride along with every piece of
 * it (the files a byte range spans, the columns of a read). `withRange` MUST return the same
 * kind of restriction over another range, keeping what rides along (it may drop what the new
 * range no longer overlaps, such as files outside it).
 *
 * @typeParam R - the restriction type itself
 */
export interface RangedRestriction<R> {
  /** The offsets this restriction covers. */
  readonly range: OffsetRange;
  /**
   * The same restriction over `range`.
   * @param range - a sub-range of `this.range`
   */
  withRange(range: OffsetRange): R;
}

/**
 * Tracks a {@link RangedRestriction} by tracking its offset range with another tracker
 * (an {@link OffsetRangeTracker} by default, or a weighted one) and putting what rides along back
 * on every restriction it returns: claims, `checkDone`, `isBounded` and progress are the offset
 * tracker's own; `currentRestriction` and both pieces of a split go through `withRange`.
 * Subclass it to add one behaviour (a minimum split size) and override only that method.
 *
 * @typeParam R - the restriction type
 *
 * @example
 * ```ts
 * class Lines implements RangedRestriction<Lines> {        // a byte range of one named file
 *   constructor(readonly path: string, readonly range: OffsetRange) {}
 *   withRange(range: OffsetRange) { return new Lines(this.path, range); }
 * }
 * const t = new RangedRestrictionTracker(new Lines("/a.txt", new OffsetRange(100, 200)));
 * t.tryClaim(130);   // true
 * t.trySplit(0.7);   // { primary: Lines("/a.txt", [100, 179)), residual: Lines("/a.txt", [179, 200)) }
 * ```
 */
export class RangedRestrictionTracker<R extends RangedRestriction<R>> implements RestrictionTracker<R, number> {
  /** Tracks the offsets; owns all claim and split state. */
  protected readonly offsets: RestrictionTracker<OffsetRange, number>;
  /** The restriction the tracker started with: what rides along is taken from it. */
  protected readonly restriction: R;

  /**
   * @param restriction - the restriction to track
   * @param offsets - the tracker of its range @defaultValue `new OffsetRangeTracker(restriction.range)`
   */
  constructor(restriction: R, offsets: RestrictionTracker<OffsetRange, number> = new OffsetRangeTracker(restriction.range)) {
    this.restriction = restriction;
    this.offsets = offsets;
  }

  /**
   * Claims an offset, as the offset tracker does.
   * @param position - strictly above the last attempted one; `Infinity` to finish
   * @returns `true` if the caller now owns `position`
   * @throws {@link ClaimOrderError} as the offset tracker
   */
  tryClaim(position: number): boolean {
    return this.offsets.tryClaim(position);
  }

  /** The restriction over the range still owned. */
  currentRestriction(): R {
    return this.restriction.withRange(this.offsets.currentRestriction());
  }

  /**
   * Splits as the offset tracker does; both pieces keep what rides along.
   * @param fractionOfRemainder - in [0, 1]; 0 is a checkpoint
   * @returns the split, or `null` if nothing can be split off
   * @throws {@link InvalidSplitError} if the fraction is NaN, negative or above 1
   */
  trySplit(fractionOfRemainder: number): SplitResult<R> | null {
    const split = this.offsets.trySplit(fractionOfRemainder);
    if (split === null) return null;
    return { primary: this.restriction.withRange(split.primary), residual: this.restriction.withRange(split.residual) };
  }

  /**
   * Throws, naming the unclaimed offsets, unless every one was attempted or split off.
   * @throws {@link UnfinishedWorkError} as the offset tracker
   */
  checkDone(): void {
    this.offsets.checkDone();
  }

  /** Whether the offset range has a known end. */
  isBounded(): boolean {
    return this.offsets.isBounded();
  }

  /** The offset tracker's progress, in its units (offsets, or their weight). */
  getProgress(): Progress {
    return this.offsets.getProgress();
  }

  /** `ClassName(offset tracker of restriction)`. */
  toString(): string {
    return `${this.constructor.name}(${String(this.offsets)} of ${String(this.restriction)})`;
  }
}
