import { RangedRestrictionTracker } from "../../src/restrictions/RangedRestrictionTracker.js";
import type { SplitResult } from "../../src/restrictions/RestrictionTracker.js";
import type { FileSetRange } from "./FileSetRange.js";

/**
 * Tracks a {@link FileSetRange} with `OffsetRangeTracker` semantics over its byte range;
 * the restrictions it returns keep only the files each piece overlaps
 * (a {@link RangedRestrictionTracker}: claims, `checkDone` and progress in bytes are the byte
 * tracker's own).
 *
 * A split that would hand off fewer than `minSplitBytes` is refused (checkpoints, fraction 0,
 * never are): each piece costs an open and a read that may overshoot by a chunk, so cutting a
 * few kilobytes off for an idle worker costs more than it saves, above all on object stores.
 *
 * @example
 * ```ts
 * const t = new FileSetRangeTracker(new FileSetRange([a], new OffsetRange(0, 10_000)), 4096);
 * t.tryClaim(0);     // true
 * t.trySplit(0.9);   // null: the residual would be about 1000 bytes, under 4096
 * t.trySplit(0.5);   // { primary: [0, 5000), residual: [5000, 10000) }, both of [a]
 * ```
 */
export class FileSetRangeTracker extends RangedRestrictionTracker<FileSetRange> {
  /** Smallest residual a split with a positive fraction may hand off, in bytes. */
  private readonly minSplitBytes: number;

  /**
   * @param restriction - the files and range to track
   * @param minSplitBytes - smallest residual of a dynamic split @defaultValue 0
   */
  constructor(restriction: FileSetRange, minSplitBytes = 0) {
    super(restriction);
    this.minSplitBytes = minSplitBytes;
  }

  /**
   * Splits the unclaimed bytes, as `OffsetRangeTracker.trySplit`, unless the residual would be
   * under `minSplitBytes`.
   * @param fractionOfRemainder - in [0, 1]; 0 is a checkpoint, never refused
   * @returns the split, or `null` if nothing (or too little) can be split off
   * @throws {@link InvalidSplitError} if the fraction is NaN, negative or above 1
   */
  override trySplit(fractionOfRemainder: number): SplitResult<FileSetRange> | null {
    if (fractionOfRemainder > 0 && fractionOfRemainder <= 1 && this.minSplitBytes > 0) {
      const remaining = this.getProgress().workRemaining;
      if (remaining * (1 - fractionOfRemainder) < this.minSplitBytes) return null;
    }
    return super.trySplit(fractionOfRemainder);
  }
}
