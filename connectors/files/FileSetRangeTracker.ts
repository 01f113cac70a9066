import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import type { Progress, RestrictionTracker, SplitResult } from "../../src/restrictions/RestrictionTracker.js";
import type { FileSetRange } from "./FileSetRange.js";

/**
 * Tracks a {@link FileSetRange} with {@link OffsetRangeTracker} semantics over its byte range;
 * the restrictions it returns keep only the files each piece overlaps.
 */
export class FileSetRangeTracker implements RestrictionTracker<FileSetRange, number> {
  /** The byte-range tracker doing the work. */
  private readonly offsets: OffsetRangeTracker;
  /** The restriction the tracker started with (its files). */
  private readonly restriction: FileSetRange;

  /** @param restriction - the files and range to track */
  constructor(restriction: FileSetRange) {
    this.restriction = restriction;
    this.offsets = new OffsetRangeTracker(restriction.range);
  }

  /** Claims a byte offset (a record start) of the set. */
  tryClaim(position: number): boolean {
    return this.offsets.tryClaim(position);
  }

  /** The files and range still owned. */
  currentRestriction(): FileSetRange {
    return this.restriction.withRange(this.offsets.currentRestriction());
  }

  /** Splits the unclaimed bytes, as {@link OffsetRangeTracker.trySplit}. */
  trySplit(fractionOfRemainder: number): SplitResult<FileSetRange> | null {
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
