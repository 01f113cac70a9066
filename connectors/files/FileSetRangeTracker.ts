import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import type { Progress, RestrictionTracker, SplitResult } from "../../src/restrictions/RestrictionTracker.js";
import type { FileSetRange } from "./FileSetRange.js";

/**
 * Tracks a {@link FileSetRange} with {@link OffsetRangeTracker} semantics over its byte range;
 * the restrictions it returns keep only the files each piece overlaps.
 *
 * A split that would hand off fewer than `minSplitBytes` is refused (checkpoints, fraction 0,
 * never are): each piece costs an open and a read that may overshoot by a chunk, so cutting a
 * few kilobytes off for an idle worker costs more than it saves, above all on object stores.
 */
export class FileSetRangeTracker implements RestrictionTracker<FileSetRange, number> {
  /** The byte-range tracker doing the work. */
  private readonly offsets: OffsetRangeTracker;
  /** The restriction the tracker started with (its files). */
  private readonly restriction: FileSetRange;

  /** Smallest residual a split with a positive fraction may hand off, in bytes. */
  private readonly minSplitBytes: number;

  /**
   * @param restriction - the files and range to track
   * @param minSplitBytes - smallest residual of a dynamic split @defaultValue 0
   */
  constructor(restriction: FileSetRange, minSplitBytes = 0) {
    this.restriction = restriction;
    this.offsets = new OffsetRangeTracker(restriction.range);
    this.minSplitBytes = minSplitBytes;
  }

  /** Claims a byte offset (a record start) of the set. */
  tryClaim(position: number): boolean {
    return this.offsets.tryClaim(position);
  }

  /** The files and range still owned. */
  currentRestriction(): FileSetRange {
    return this.restriction.withRange(this.offsets.currentRestriction());
  }

  /** Splits the unclaimed bytes, as {@link OffsetRangeTracker.trySplit}, unless the residual would be under `minSplitBytes`. */
  trySplit(fractionOfRemainder: number): SplitResult<FileSetRange> | null {
    if (fractionOfRemainder > 0 && fractionOfRemainder <= 1 && this.minSplitBytes > 0) {
      const remaining = this.offsets.getProgress().workRemaining;
      if (remaining * (1 - fractionOfRemainder) < this.minSplitBytes) return null;
    }
    const split = this.offsets.trySplit(fractionOfRemainder);
    if (split === null) return null;
    return { primary: this.restriction.withRange(split.primary), residual: this.restriction.withRange(split.residual) };
  }

  /** Throws, naming the unclaimed bytes, unless every record start was attempted. */
  checkDone(): void {
    this.offsets.checkDone();
  }

  /** Always bounded. */
  isBounded(): boolean {
    return true;
  }

  /** Progress in bytes. */
  getProgress(): Progress {
    return this.offsets.getProgress();
  }
}
