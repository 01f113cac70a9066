import { ClaimOrderError } from "../../src/errors/ClaimOrderError.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import type { Progress, RestrictionTracker, SplitResult } from "../../src/restrictions/RestrictionTracker.js";

/**
 * The restriction of a watched glob: files are discovered one by one and numbered in discovery
 * order; `range` is the discovery numbers still to read (`[next, Infinity)` while watching) and
 * `seen` the files already read, so a resumed watch reads every new file exactly once.
 */
export class FileWatchRestriction {
  /** URIs already read (claimed by an earlier piece). */
  readonly seen: readonly string[];
  /** Discovery numbers this piece owns. */
  readonly range: OffsetRange;

  /**
   * @param seen - files already read
   * @param range - discovery numbers owned
   */
  constructor(seen: readonly string[], range: OffsetRange) {
    this.seen = seen;
    this.range = range;
  }

  /** `watch [from, to) after N files`. */
  toString(): string {
    return `watch ${this.range.toString()} after ${this.seen.length} files`;
  }
}

/** The tracker behind each restriction a {@link FileWatchTracker} handed out. */
const owners = new WeakMap<FileWatchRestriction, FileWatchTracker>();

/**
 * The tracker that handed out `restriction` from `currentRestriction()`, if any: how a source
 * reaches its tracker through the views a runner wraps around it.
 * @param restriction - a restriction returned by `currentRestriction()`
 */
export function watchTrackerOf(restriction: FileWatchRestriction): FileWatchTracker | undefined {
  return owners.get(restriction);
}

/**
 * Tracks a {@link FileWatchRestriction}: claims discovery numbers, each for the file announced
 * just before; only checkpoints split it (the residual carries every file read so far).
 */
export class FileWatchTracker implements RestrictionTracker<FileWatchRestriction, number> {
  /** Discovery numbers. */
  private readonly numbers: OffsetRangeTracker;
  /** Files read so far, including those claimed by this tracker. */
  private readonly seen: string[];
  /** Files seen when the tracker started. */
  private readonly seenAtStart: readonly string[];

  /** @param restriction - what to watch */
  constructor(restriction: FileWatchRestriction) {
    this.numbers = new OffsetRangeTracker(restriction.range);
    this.seenAtStart = restriction.seen;
    this.seen = [...restriction.seen];
  }

  /** The file the next claim is for. */
  private announced: string | null = null;

  /**
   * Names the file the next `tryClaim` is for.
   * @param uri - the newly discovered file
   */
  announce(uri: string): void {
    this.announced = uri;
  }

  /** The discovery number the next file gets. */
  nextPosition(): number {
    return this.numbers.currentRestriction().from + this.seen.length - this.seenAtStart.length;
  }

  /**
   * Claims the next discovery number for the announced file.
   * @returns false when the watch was checkpointed or stopped: do not read the file
   * @throws {@link ClaimOrderError} as {@link OffsetRangeTracker.tryClaim}, or if no file was announced
   */
  tryClaim(position: number): boolean {
    const uri = this.announced;
    this.announced = null;
    const claimed = this.numbers.tryClaim(position);
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

  /** What this piece still owns. */
  currentRestriction(): FileWatchRestriction {
    const restriction = new FileWatchRestriction(this.seenAtStart, this.numbers.currentRestriction());
    owners.set(restriction, this);
    return restriction;
  }

  /** Checkpoints only; the residual knows every file read so far. */
  trySplit(fractionOfRemainder: number): SplitResult<FileWatchRestriction> | null {
    const split = this.numbers.trySplit(fractionOfRemainder);
    if (split === null) return null;
    return {
      primary: new FileWatchRestriction(this.seenAtStart, split.primary),
      residual: new FileWatchRestriction([...this.seen], split.residual),
    };
  }

  /** Passes once checkpointed or stopped. */
  checkDone(): void {
    this.numbers.checkDone();
  }

  /** Unbounded while watching. */
  isBounded(): boolean {
    return this.numbers.isBounded();
  }

  /** Files read, and none known to remain. */
  getProgress(): Progress {
    const done = this.seen.length - this.seenAtStart.length;
    return { workCompleted: done, workRemaining: 0 };
  }
}
