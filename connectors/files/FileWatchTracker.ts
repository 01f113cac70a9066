import { ClaimOrderError } from "../../src/errors/ClaimOrderError.js";
import { RangedRestrictionTracker } from "../../src/restrictions/RangedRestrictionTracker.js";
import type { Progress, SplitResult } from "../../src/restrictions/RestrictionTracker.js";
import { FileWatchRestriction } from "./FileWatchRestriction.js";

/**
 * Tracks a {@link FileWatchRestriction}: claims discovery numbers, each for the file announced
 * just before; only checkpoints split it (the residual carries every file read so far).
 * A source reaches it from `ctx.tracker` with `unwrapTracker(ctx.tracker, FileWatchTracker)`,
 * and claims through `ctx.tracker`.
 *
 * @example
 * ```ts
 * const t = new FileWatchTracker(new FileWatchRestriction([], new OffsetRange(0, Infinity)));
 * t.announce("/in/a.txt");
 * t.tryClaim(t.nextPosition());   // true: read a.txt
 * t.trySplit(0)!.residual;        // watch [1, Infinity) after 1 files
 * ```
 */
export class FileWatchTracker extends RangedRestrictionTracker<FileWatchRestriction> {
  /** Files read so far: those seen at the start, then each claimed file in claim order. */
  private readonly seen: string[];
  /** The file the next claim is for; null once claimed, or before any announcement. */
  private announced: string | null = null;

  /** @param restriction - what to watch */
  constructor(restriction: FileWatchRestriction) {
    super(restriction);
    this.seen = [...restriction.seen];
  }

  /**
   * Names the file the next `tryClaim` is for.
   * @param uri - the newly discovered file
   */
  announce(uri: string): void {
    this.announced = uri;
  }

  /** The discovery number the next file gets. */
  nextPosition(): number {
    return this.offsets.currentRestriction().from + this.seen.length - this.restriction.seen.length;
  }

  /**
   * Claims the next discovery number for the announced file.
   * @param position - the discovery number, {@link FileWatchTracker.nextPosition}
   * @returns false when the watch was checkpointed or stopped: do not read the file
   * @throws {@link ClaimOrderError} as `OffsetRangeTracker.tryClaim`, or if no file was announced
   */
  override tryClaim(position: number): boolean {
    const uri = this.announced;
    this.announced = null;
    const claimed = super.tryClaim(position);
    if (claimed) {
      if (uri === null) throw new ClaimOrderError(`Claimed discovery number ${position} of a watch without announcing its file.`);
      this.seen.push(uri);
    }
    return claimed;
  }

  /** Whether `uri` was read already. */
  hasSeen(uri: string): boolean {
    return this.seen.includes(uri);
  }

  /**
   * Checkpoints only; the residual knows every file read so far.
   * @param fractionOfRemainder - in [0, 1]; only 0 can split an open watch
   * @returns the split, or `null`
   */
  override trySplit(fractionOfRemainder: number): SplitResult<FileWatchRestriction> | null {
    const split = super.trySplit(fractionOfRemainder);
    if (split === null) return null;
    return { primary: split.primary, residual: new FileWatchRestriction([...this.seen], split.residual.range) };
  }

  /** Files read, and none known to remain. */
  override getProgress(): Progress {
    return { workCompleted: this.seen.length - this.restriction.seen.length, workRemaining: 0 };
  }
}
