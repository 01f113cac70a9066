import { ClaimOrderError } from "../../src/errors/ClaimOrderError.js";
import { InvalidRestrictionError } from "../../src/errors/InvalidRestrictionError.js";
import { UnfinishedWorkError } from "../../src/errors/UnfinishedWorkError.js";
import { GrowableOffsetRangeTracker, type RangeEndEstimator } from "../../src/restrictions/GrowableOffsetRangeTracker.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import type { Progress, RestrictionTracker, SplitResult } from "../../src/restrictions/RestrictionTracker.js";
import { assertSplitFraction } from "../../src/restrictions/validation.js";
import type { LogPart } from "./LogRestriction.js";
import { LogRestriction } from "./LogRestriction.js";
import type { LogPosition } from "./LogPosition.js";

/**
 * Tracks a {@link LogRestriction}: one offset tracker per partition (a
 * {@link GrowableOffsetRangeTracker} for an open range, whose end is the partition's latest
 * offset), plus partition discovery.
 *
 * - A record claim goes to its partition's tracker (Beam's offset semantics: offsets strictly
 *   increase, gaps allowed, a claim at or past the end returns false).
 * - A discovery claim adds new partitions, each open from its start offset.
 * - `trySplit(0)` (a checkpoint) cuts every partition after its last claim; the residual holds
 *   every remainder and the discovery. `trySplit(f > 0)` moves the last `round(f·n)` of `n > 1`
 *   unfinished partitions to the residual, each cut at its current offset. With one partition
 *   it returns null unless `splitOffsets` is set, then it splits that partition's offsets as
 *   its tracker does. Discovery stays in the primary.
 *
 * Partitions, not offset ranges, are the unit of parallelism by default (as in Kafka consumer
 * groups, Flink and Spark): two workers reading one partition at two offsets need two
 * connections and make a log client seek back and forth, which measured 5× slower on Kafka.
 */
export class LogTracker implements RestrictionTracker<LogRestriction, LogPosition> {
  readonly #parts = new Map<number, OffsetRangeTracker>();
  #discoverFrom: number | null;
  readonly #estimatorFor: (partition: number) => RangeEndEstimator;
  readonly #splitOffsets: boolean;

  /**
   * @param restriction - the partitions and discovery to track
   * @param estimatorFor - the end estimator of an open partition (its latest offset)
   * @param splitOffsets - let a split with a positive fraction divide one partition's offsets @defaultValue false
   */
  constructor(restriction: LogRestriction, estimatorFor: (partition: number) => RangeEndEstimator, splitOffsets = false) {
    this.#estimatorFor = estimatorFor;
    this.#splitOffsets = splitOffsets;
    this.#discoverFrom = restriction.discoverFrom;
    for (const part of restriction.parts) this.#parts.set(part.partition, this.#trackerOf(part));
  }

  /**
   * Claims a record offset, or the discovery of partitions.
   * @returns false when the offset is past its partition's end (or the partition was split
   *   away), or when discovery was split away
   * @throws {@link ClaimOrderError} for an offset not above the last claim of its partition, or a partition never in the restriction
   */
  tryClaim(position: LogPosition): boolean {
    if ("discovered" in position) return this.#claimDiscovery(position.discovered);
    const tracker = this.#parts.get(position.partition);
    if (tracker === undefined) {
      throw new ClaimOrderError(`Partition ${position.partition} is not part of ${this.currentRestriction().toString()}`);
    }
    return tracker.tryClaim(position.offset);
  }

  /** The partitions and discovery still owned. */
  currentRestriction(): LogRestriction {
    const parts: LogPart[] = [];
    for (const [partition, tracker] of this.#parts) parts.push({ partition, range: tracker.currentRestriction() });
    return new LogRestriction(parts, this.#discoverFrom);
  }

  /** Splits as described on the class; null when nothing can be handed off. */
  trySplit(fractionOfRemainder: number): SplitResult<LogRestriction> | null {
    assertSplitFraction(fractionOfRemainder, this.currentRestriction());
    const residual: LogPart[] = [];
    let residualDiscovery: number | null = null;
    if (fractionOfRemainder === 0) {
      for (const [partition, tracker] of this.#parts) {
        const split = tracker.trySplit(0);
        if (split !== null) residual.push({ partition, range: split.residual });
      }
      residualDiscovery = this.#discoverFrom;
      this.#discoverFrom = null;
    } else {
      const unfinished = [...this.#parts].filter(([, tracker]) => !tracker.isBounded() || tracker.getProgress().workRemaining > 0);
      if (unfinished.length === 1 && this.#splitOffsets) {
        const [partition, tracker] = unfinished[0] as [number, OffsetRangeTracker];
        const split = tracker.trySplit(fractionOfRemainder);
        if (split !== null) residual.push({ partition, range: split.residual });
      } else if (unfinished.length > 1) {
        const moving = Math.min(unfinished.length - 1, Math.max(1, Math.round(unfinished.length * fractionOfRemainder)));
        for (const [partition, tracker] of unfinished.slice(unfinished.length - moving)) {
          const split = tracker.trySplit(0);
          if (split !== null) residual.push({ partition, range: split.residual });
        }
      }
    }
    if (residual.length === 0 && residualDiscovery === null) return null;
    return { primary: this.currentRestriction(), residual: new LogRestriction(residual, residualDiscovery) };
  }

  /**
   * Throws unless every partition was read to its end and discovery was split off.
   * @throws {@link UnfinishedWorkError} naming what is left
   */
  checkDone(): void {
    for (const tracker of this.#parts.values()) tracker.checkDone();
    if (this.#discoverFrom !== null) {
      throw new UnfinishedWorkError(
        `Partition discovery (partitions >= ${this.#discoverFrom}) was neither finished nor handed off: an unbounded read ends by returning resume() (a checkpoint), not stop()`,
      );
    }
  }

  /** Bounded once no partition is open and nothing is left to discover. */
  isBounded(): boolean {
    if (this.#discoverFrom !== null) return false;
    for (const tracker of this.#parts.values()) if (!tracker.isBounded()) return false;
    return true;
  }

  /** Offsets done and left, summed over partitions (open ones up to their latest offset). */
  getProgress(): Progress {
    let workCompleted = 0;
    let workRemaining = 0;
    for (const tracker of this.#parts.values()) {
      const progress = tracker.getProgress();
      workCompleted += progress.workCompleted;
      workRemaining += progress.workRemaining;
    }
    return { workCompleted, workRemaining };
  }

  #claimDiscovery(discovered: readonly { partition: number; from: number }[]): boolean {
    if (this.#discoverFrom === null) return false;
    const from = this.#discoverFrom;
    for (const { partition, from: start } of discovered) {
      if (!Number.isSafeInteger(partition) || partition < from || this.#parts.has(partition) || !Number.isSafeInteger(start) || start < 0) {
        throw new InvalidRestrictionError(
          `Cannot add partition ${partition} from offset ${start}: discovery covers new partitions >= ${from} with offsets >= 0`,
        );
      }
    }
    for (const { partition, from: start } of discovered) {
      this.#parts.set(partition, this.#trackerOf({ partition, range: new OffsetRange(start, Infinity) }));
      this.#discoverFrom = Math.max(this.#discoverFrom, partition + 1);
    }
    return true;
  }

  #trackerOf(part: LogPart): OffsetRangeTracker {
    return part.range.to === Infinity
      ? new GrowableOffsetRangeTracker(part.range.from, this.#estimatorFor(part.partition))
      : new OffsetRangeTracker(part.range);
  }
}
