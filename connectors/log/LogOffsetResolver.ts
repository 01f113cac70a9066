import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import type { RangeEndEstimator } from "../../src/restrictions/GrowableOffsetRangeTracker.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import type { LogPart } from "./LogRestriction.js";
import type { LogEnd, LogStart } from "./LogSourceOptions.js";
import type { PartitionedLog } from "./PartitionedLog.js";

/** How long a partition's latest offset is trusted for the end estimate and the backlog, in ms. */
const LATEST_TTL_MS = 1000;

/**
 * Resolves where a `LogSource` read starts and ends (`"earliest"`, `"latest"`, a timestamp, a
 * consumer group's commits) to the offsets of a partition, and keeps each partition's latest
 * offset, trusted for 1 s, for the end estimates of open reads and the backlog.
 *
 * @example
 * ```ts
 * const offsets = new LogOffsetResolver(log, Date.now);
 * await offsets.partRange("events", 0, { committedBy: "g" }, "latest"); // { partition: 0, range: [committed, latest) }
 * ```
 * @internal
 */
export class LogOffsetResolver {
  /** The log asked. */
  readonly #log: PartitionedLog;
  /** The clock of the cache, epoch ms. */
  readonly #now: () => number;
  /** The latest offset per `topic/partition`, and when it was asked. */
  readonly #latest = new Map<string, { value: number; at: number }>();

  /**
   * @param log - the log whose offsets are resolved
   * @param now - the clock for the 1 s cache of latest offsets
   */
  constructor(log: PartitionedLog, now: () => number) {
    this.#log = log;
    this.#now = now;
  }

  /**
   * The offsets of a partition from `from` to `until`, or open (`[start, ∞)`) without `until`;
   * an end below the start gives an empty range at the start.
   * @throws {@link InvalidOptionError} for `from: { committedBy }` on a log without `committedOffset`
   */
  async partRange(topic: string, partition: number, from: LogStart, until: LogEnd | undefined): Promise<LogPart> {
    const start = await this.#offsetOf(topic, partition, from);
    if (until === undefined) return { partition, range: new OffsetRange(start, Infinity) };
    const end = await this.#offsetOf(topic, partition, until);
    return { partition, range: new OffsetRange(start, Math.max(start, end)) };
  }

  /** The latest offset of a partition, asked again once the cached one is 1 s old. */
  async latest(topic: string, partition: number): Promise<number> {
    const key = `${topic}/${partition}`;
    const cached = this.#latest.get(key);
    const now = this.#now();
    if (cached !== undefined && now - cached.at < LATEST_TTL_MS) return cached.value;
    const { latest } = await this.#log.offsets(topic, partition);
    this.#latest.set(key, { value: latest, at: now });
    return latest;
  }

  /** The end of an open read of a partition: its latest offset last seen, 0 before any. */
  endEstimator(topic: string, partition: number): RangeEndEstimator {
    const key = `${topic}/${partition}`;
    return { estimate: () => this.#latest.get(key)?.value ?? 0 };
  }

  async #offsetOf(topic: string, partition: number, where: LogStart | LogEnd): Promise<number> {
    if (typeof where === "object" && "committedBy" in where) return this.#committedStart(topic, partition, where.committedBy, where.otherwise ?? "earliest");
    if (typeof where === "object") return this.#log.offsetForTimestamp(topic, partition, where.timestamp);
    const offsets = await this.#log.offsets(topic, partition);
    this.#latest.set(`${topic}/${partition}`, { value: offsets.latest, at: this.#now() });
    return where === "earliest" ? offsets.earliest : offsets.latest;
  }

  /** Where a group's commits left off in a partition, kept within the offsets still stored. */
  async #committedStart(topic: string, partition: number, groupId: string, otherwise: "earliest" | "latest"): Promise<number> {
    const committedOffset = this.#log.committedOffset?.bind(this.#log);
    if (committedOffset === undefined) {
      throw new InvalidOptionError(`\`from: { committedBy }\` needs a log that reads committed offsets, and this ${this.#log.scheme} log has no \`committedOffset\` method: implement it, or start from "earliest", "latest" or a timestamp.`);
    }
    const [committed, offsets] = await Promise.all([committedOffset(groupId, topic, partition), this.#log.offsets(topic, partition)]);
    this.#latest.set(`${topic}/${partition}`, { value: offsets.latest, at: this.#now() });
    if (committed === null) return otherwise === "earliest" ? offsets.earliest : offsets.latest;
    return Math.max(committed, offsets.earliest);
  }
}
