import type { RestrictionCoder } from "../../src/restrictions/coders/RestrictionCoder.js";
import type { RestrictionTracker } from "../../src/restrictions/RestrictionTracker.js";
import type { ProcessContext } from "../../src/sdf/ProcessContext.js";
import { ProcessContinuation } from "../../src/sdf/ProcessContinuation.js";
import { SplittableDoFn } from "../../src/sdf/SplittableDoFn.js";
import { ManualWatermarkEstimator } from "../../src/watermark/ManualWatermarkEstimator.js";
import { MIN_TIMESTAMP } from "../../src/watermark/timestamps.js";
import { compileRecordDecoder, type RecordDecoder } from "./decoders.js";
import type { LogMessage } from "./LogMessage.js";
import type { LogPosition } from "./LogPosition.js";
import type { LogRecord } from "./LogRecord.js";
import { LogOffsetResolver } from "./LogOffsetResolver.js";
import { LogRestriction } from "./LogRestriction.js";
import { logRestrictionCoder } from "./logRestrictionCoder.js";
import type { LogSourceOptions, LogStart } from "./LogSourceOptions.js";
import { logSourceSettings, type LogSourceSettings } from "./logSourceSettings.js";
import { LogTracker } from "./LogTracker.js";
import type { PartitionedLog } from "./PartitionedLog.js";

/** What `LogSource.processElement` receives. */
type LogContext<K, V> = ProcessContext<string, LogMessage<K, V>, LogRestriction, LogPosition, number>;

/** Empty passes over partitions known to hold more records before a call sleeps anyway (the log may lag its offsets). */
const MAX_EMPTY_PASSES = 50;

/** The state of one partition during one `processElement` call. */
interface PartitionRead {
  readonly partition: number;
  /** The next offset to fetch. */
  next: number;
  /** Highest event time output (or idle advance): this partition's watermark. */
  watermark: number;
  /** No more claims will succeed here (end reached, checkpointed or split away). */
  done: boolean;
  /** Records output in this call. */
  read: number;
}

/**
 * Reads topics of any {@link PartitionedLog} as an SDF: element = topic, restriction = the
 * offsets of each partition ({@link LogRestriction}), one restriction per partition after
 * initial splitting, Beam's `ReadFromKafkaDoFn` semantics:
 *
 * - **Offsets as restrictions.** An open read tracks `[start, ∞)` with a
 *   `GrowableOffsetRangeTracker` whose end is the partition's latest offset (cached for 1 s);
 *   `until` gives a bounded `OffsetRangeTracker`. Every record offset is claimed before its
 *   output, so any split or checkpoint loses and repeats nothing; offset gaps are skipped.
 * - **Caught up → `resume()`** with `pollIntervalMs` delay, so a quiet partition costs no worker.
 * - **Watermarks.** Per partition the highest record time seen (or processing time); the
 *   restriction's watermark is the minimum over its partitions. A caught-up partition advances
 *   to processing time minus `idleWatermarkLagMs`, so an idle partition does not hold back the
 *   others.
 * - **New partitions** of an unbounded read are discovered every `discoveryIntervalMs` and read
 *   from their earliest offset (or `from.timestamp`).
 * - **Committed offsets** (`commitOffsets.groupId`) are committed in bundle finalization, after
 *   the outputs were delivered and, with a `checkpointDir`, checkpointed.
 *
 * Subclass it with your own `PartitionedLog` to get a Kafka-grade reader; `KafkaSource` is one.
 *
 * @typeParam K - key type (see `decodeKey`)
 * @typeParam V - value type (see `decodeValue`)
 * @example
 * ```ts
 * const log = new MemoryLog();
 * log.createTopic("events", 3);
 * const read = await new LocalRunner().collect(new LogSource({ log, until: "latest" }), ["events"]);
 * ```
 */
export class LogSource<K = Buffer | null, V = Buffer | null> extends SplittableDoFn<string, LogMessage<K, V>, LogRestriction, LogPosition, number> {
  /** The log read. */
  protected readonly log: PartitionedLog;
  /** The options, checked, with defaults. */
  readonly #options: LogSourceSettings;
  /** Key and value decoders; null hands out the bytes as they are. */
  readonly #decodeKey: RecordDecoder | null;
  readonly #decodeValue: RecordDecoder | null;
  /** Start and end offsets of partitions, and their latest offsets (cached 1 s). */
  readonly #offsets: LogOffsetResolver;
  /** When each topic was last searched for new partitions, epoch ms. */
  readonly #lastDiscovery = new Map<string, number>();
  /** Highest offset committed per group/topic/partition by this source. */
  readonly #committed = new Map<string, number>();
  /** The last commit queued; the next one waits for it. */
  #commits: Promise<void> = Promise.resolve();

  /**
   * @param options - the log, and where and how to read it
   * @throws {@link InvalidOptionError} for a bad option, naming it
   */
  constructor(options: LogSourceOptions<K, V>) {
    super();
    this.#options = logSourceSettings(options);
    this.log = options.log;
    this.#offsets = new LogOffsetResolver(this.log, this.#options.now);
    this.#decodeKey = compileRecordDecoder(options.decodeKey, "key");
    this.#decodeValue = compileRecordDecoder(options.decodeValue, "value");
  }

  /** Every partition of the topic, from `from` to `until` (or open), plus discovery when unbounded. */
  async initialRestriction(topic: string): Promise<LogRestriction> {
    const partitions = await this.log.partitions(topic);
    // Let the log connect to the partitions while their offsets are looked up.
    this.log.prepare?.(topic, partitions);
    const parts = await Promise.all(partitions.map((partition) => this.#offsets.partRange(topic, partition, this.#options.from, this.#options.until)));
    const unbounded = this.#options.until === undefined;
    return new LogRestriction(parts, unbounded ? nextPartition(partitions) : null);
  }

  /** One restriction per partition, and one that only discovers new partitions. */
  override splitRestriction(_topic: string, restriction: LogRestriction): LogRestriction[] {
    const pieces = restriction.parts.map((part) => new LogRestriction([part]));
    if (restriction.discoverFrom !== null) pieces.push(new LogRestriction([], restriction.discoverFrom));
    return pieces;
  }

  /** A {@link LogTracker} whose open partitions end at their latest offset. */
  newTracker(topic: string, restriction: LogRestriction): RestrictionTracker<LogRestriction, LogPosition> {
    return new LogTracker(restriction, (partition) => this.#offsets.endEstimator(topic, partition));
  }

  /** Offsets left (open partitions up to their latest offset), the backlog the runner reports. */
  override getSize(topic: string, restriction: LogRestriction): number {
    return this.newTracker(topic, restriction).getProgress().workRemaining;
  }

  /** Starts at the earliest time: the first records set the watermark. */
  override initialWatermarkState(): number {
    return MIN_TIMESTAMP;
  }

  /** A manual estimator: this source sets the watermark per the rules on the class. */
  override newWatermarkEstimator(state: number): ManualWatermarkEstimator {
    return new ManualWatermarkEstimator(state);
  }

  /** JSON coder of {@link LogRestriction}s for checkpoints. */
  override restrictionCoder(): RestrictionCoder<LogRestriction> {
    return logRestrictionCoder;
  }

  /** `<scheme>://topic`, e.g. `kafka://events`. */
  override lineage(topic: string): string {
    return `${this.log.scheme}://${topic}`;
  }

  /**
   * Reads the restriction's partitions round-robin; see the class for the rules. As the
   * invoker demands, nothing is output after a claim fails: the call then ends with `resume()`,
   * and the checkpoint hands what is left of the other partitions to the residual.
   */
  async processElement(ctx: LogContext<K, V>): Promise<ProcessContinuation> {
    const topic = ctx.element;
    const start = ctx.tracker.currentRestriction();
    const reads: PartitionRead[] = start.parts.map((part) => ({ partition: part.partition, next: part.range.from, watermark: ctx.watermarkEstimator.currentWatermark(), done: false, read: 0 }));
    this.#commitAfterBundle(ctx, topic, reads);
    let emptyPasses = 0;
    for (;;) {
      if (ctx.signal.aborted) return ProcessContinuation.resume();
      if ((await this.#discover(ctx, topic, reads)) === "claimFailed") return ProcessContinuation.resume();
      const current = ctx.tracker.currentRestriction();
      for (const read of reads) {
        const part = current.parts.find((p) => p.partition === read.partition);
        if (part === undefined || read.next >= part.range.to) read.done = true;
      }
      const active = reads.filter((read) => !read.done);
      if (active.length === 0 && current.discoverFrom === null) return this.#finish(ctx, current);
      // One partition: wait in the fetch. Several: poll each without waiting while they deliver,
      // then share the wait between them.
      const waitMs = active.length === 1 ? this.#options.fetchWaitMs : emptyPasses === 0 ? 0 : Math.ceil(this.#options.fetchWaitMs / active.length);
      let progressed = false;
      let behind = false;
      for (const read of active) {
        const outcome = await this.#readPartition(ctx, topic, read, waitMs);
        if (outcome === "claimFailed") return ProcessContinuation.resume();
        if (outcome === "moved") progressed = true;
        if (outcome === "behind") behind = true;
      }
      this.#advanceWatermark(ctx, reads);
      emptyPasses = progressed ? 0 : emptyPasses + 1;
      // Records exist past what was fetched (a fetch came back empty while the log fills): fetch
      // again rather than sleep; only a caught-up restriction, or one stuck for long, sleeps.
      if (!progressed && (!behind || emptyPasses > MAX_EMPTY_PASSES)) return ProcessContinuation.resume().withResumeDelay(this.#options.pollIntervalMs);
    }
  }

  /**
   * Every partition reached its end: claiming each end finishes its tracker (so `checkDone`
   * passes when the last offsets were gaps), then the call stops.
   */
  #finish(ctx: LogContext<K, V>, current: LogRestriction): ProcessContinuation {
    for (const part of current.parts) if (part.range.to !== Infinity) ctx.tracker.tryClaim({ partition: part.partition, offset: part.range.to });
    return ProcessContinuation.stop();
  }

  /**
   * Fetches once from one partition and outputs what its claims cover.
   *
   * The loop runs once per record, so it does only what a record needs: one claim, one message
   * object, and an `await` only when the output applies backpressure. Decoders get the
   * partition's name and the offset apart, and join them only to report a record they cannot
   * decode; the default `"buffer"` decoders are not called at all.
   */
  async #readPartition(ctx: LogContext<K, V>, topic: string, read: PartitionRead, waitMs: number): Promise<"moved" | "behind" | "idle" | "claimFailed"> {
    const { partition } = read;
    const fetched = await this.log.fetch(topic, partition, read.next, { maxRecords: this.#options.maxRecordsPerFetch, maxWaitMs: waitMs, signal: ctx.signal });
    const { records } = fetched;
    const where = `${this.log.scheme}://${topic}/${partition}`;
    const now = this.#options.timestamps === "processing" ? this.#options.now : null;
    const decodeKey = this.#decodeKey;
    const decodeValue = this.#decodeValue;
    const tracker = ctx.tracker;
    const start = read.read;
    let watermark = read.watermark;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as LogRecord;
      const offset = record.offset;
      if (offset < read.next) continue;
      if (!tracker.tryClaim({ partition, offset })) {
        read.done = true;
        read.watermark = watermark;
        return "claimFailed";
      }
      read.next = offset + 1;
      // The message keeps the record's own time; processing time only sets the event time.
      const timestamp = now === null ? record.timestamp : now();
      const message: LogMessage<K, V> = {
        topic,
        partition,
        offset,
        key: (decodeKey === null ? record.key : decodeKey(record.key, where, offset)) as K,
        value: (decodeValue === null ? record.value : decodeValue(record.value, where, offset)) as V,
        timestamp: record.timestamp,
        headers: record.headers,
      };
      const pending = ctx.output(message, timestamp);
      if (timestamp > watermark) watermark = timestamp;
      read.read++;
      if (pending !== undefined) {
        read.watermark = watermark;
        await pending;
      }
    }
    read.watermark = watermark;
    let moved = read.read > start;
    if (fetched.nextOffset > read.next) {
      read.next = fetched.nextOffset;
      moved = true;
    }
    if (moved) return "moved";
    const latest = await this.#offsets.latest(topic, partition);
    if (read.next < latest) return "behind";
    // Caught up: an idle partition must not hold the watermark back forever.
    read.watermark = Math.max(read.watermark, this.#options.now() - this.#options.idleWatermarkLagMs);
    return "idle";
  }

  /** Adds partitions created since the restriction was made, when discovery is due. */
  async #discover(ctx: LogContext<K, V>, topic: string, reads: PartitionRead[]): Promise<"claimFailed" | undefined> {
    const from = ctx.tracker.currentRestriction().discoverFrom;
    if (from === null) return undefined;
    const now = this.#options.now();
    const last = this.#lastDiscovery.get(topic);
    if (last !== undefined && now - last < this.#options.discoveryIntervalMs) return undefined;
    this.#lastDiscovery.set(topic, now);
    const fresh = (await this.log.partitions(topic)).filter((partition) => partition >= from);
    if (fresh.length === 0) return undefined;
    const start: LogStart = typeof this.#options.from === "object" ? this.#options.from : "earliest";
    const discovered = await Promise.all(fresh.map(async (partition) => ({ partition, from: (await this.#offsets.partRange(topic, partition, start, this.#options.until)).range.from })));
    if (!ctx.tracker.tryClaim({ discovered })) return "claimFailed";
    for (const { partition, from: next } of discovered) reads.push({ partition, next, watermark: ctx.watermarkEstimator.currentWatermark(), done: false, read: 0 });
    return undefined;
  }

  /** The restriction's watermark: the lowest of its unfinished partitions'. */
  #advanceWatermark(ctx: LogContext<K, V>, reads: readonly PartitionRead[]): void {
    const estimator = ctx.watermarkEstimator;
    if (!(estimator instanceof ManualWatermarkEstimator)) return;
    if (this.#options.timestamps === "processing") {
      estimator.setWatermark(this.#options.now() - this.#options.idleWatermarkLagMs);
      return;
    }
    let lowest = Infinity;
    for (const read of reads) if (!read.done && read.watermark < lowest) lowest = read.watermark;
    // A restriction that only discovers partitions holds back nothing but future partitions.
    if (lowest === Infinity) lowest = this.#options.now() - this.#options.idleWatermarkLagMs;
    if (lowest > MIN_TIMESTAMP) estimator.setWatermark(lowest);
  }

  /** Registers the commit of the offsets this call reached, to run after the bundle is delivered. */
  #commitAfterBundle(ctx: LogContext<K, V>, topic: string, reads: PartitionRead[]): void {
    const groupId = this.#options.commitOffsets?.groupId;
    if (groupId === undefined) return;
    // Commits of one source run one at a time (a log may hold the group while it commits), and
    // finalizations of successive bundles may complete out of order: never commit backwards.
    const commit = async (): Promise<void> => {
      const offsets = reads
        .filter((read) => read.read > 0 && read.next > (this.#committed.get(`${groupId}/${topic}/${read.partition}`) ?? -1))
        .map((read) => ({ topic, partition: read.partition, offset: read.next }));
      if (offsets.length === 0) return;
      await this.log.commit(groupId, offsets);
      for (const { partition, offset } of offsets) {
        const key = `${groupId}/${topic}/${partition}`;
        this.#committed.set(key, Math.max(offset, this.#committed.get(key) ?? -1));
      }
    };
    ctx.bundleFinalizer.afterBundleCommit(() => {
      const queued = this.#commits.then(commit);
      this.#commits = queued.catch(() => undefined);
      return queued;
    });
  }
}

function nextPartition(partitions: readonly number[]): number {
  return partitions.length === 0 ? 0 : Math.max(...partitions) + 1;
}
