import { LogClosedError } from "../../../src/errors/LogClosedError.js";
import { checkedTime, expectClock, expectDeleteOffset, expectFetchArgs, expectInteger, expectOffsetList, expectTimestamp } from "./memoryArgs.js";
import { MemoryCommits, type MemoryLogCommit } from "./memoryCommits.js";
import type { MemoryPartition } from "./memoryPartition.js";
import { toRecordBody, type AppendResult, type NewLogRecord, type RecordBody } from "./memoryRecord.js";
import type { MemoryTopicOptions } from "./memoryTopic.js";
import { MemoryTopics } from "./memoryTopics.js";
import type { CommitOffset, FetchOptions, FetchResult, PartitionedLog, PartitionOffsets } from "../PartitionedLog.js";

/** Options of {@link MemoryLog}, all optional. */
export interface MemoryLogOptions {
  /** The clock for default record timestamps and `maxAgeMs` retention, epoch ms. @defaultValue Date.now */
  readonly now?: () => number;
}

/**
 * An in-process, Kafka-like {@link PartitionedLog}: the embedded default for demos and fast
 * tests of `LogSource`, with no broker.
 *
 * Kafka semantics it keeps: offsets per partition that increase but may have gaps (transaction
 * markers via {@link MemoryLog.skipOffsets}, {@link MemoryLog.compact}ion), retention that moves
 * the earliest offset up ({@link MemoryLog.deleteBefore}, or `retention` on the topic), create
 * timestamps that need not increase, keys partitioned by Kafka's murmur2 hash (so a key lands
 * in the partition a Java or kafkajs producer would choose), and partitions added while readers
 * run. A fetch with nothing to return waits for an append (no polling) up to `maxWaitMs`.
 *
 * The admin side (`createTopic`, `append`, ...) is synchronous; the {@link PartitionedLog}
 * methods are async, as for a real broker, and report errors as rejections. Records are copied
 * in on append and out on fetch: nobody can change a stored record or one already returned.
 *
 * Costs: append O(1) amortized, fetch O(log n + records returned), `offsetForTimestamp` and
 * `compact` O(n) in the records of the partition.
 *
 * @example
 * ```ts
 * const log = new MemoryLog();
 * log.createTopic("events", 2);
 * log.append("events", [{ key: "a", value: "1" }, { key: "b", value: "2", partition: 1 }]);
 * const { records } = await log.fetch("events", 1, 0, { maxRecords: 100, maxWaitMs: 0 });
 * records[0]?.value?.toString(); // "2"
 * ```
 */
export class MemoryLog implements PartitionedLog {
  /** Lineage scheme: records read are reported as `memory://topic/partition`. */
  readonly scheme = "memory";
  /** Topics by name, and the lookups that name what is missing. */
  readonly #topics: MemoryTopics;
  /** Committed offsets and the commit history. */
  readonly #commits = new MemoryCommits();
  /** The clock for default timestamps and retention. */
  readonly #now: () => number;
  /** Set by `close()`; never unset. */
  #closed = false;

  /**
   * @param options - the clock
   * @throws {@link InvalidOptionError} if `now` is not a function
   */
  constructor(options: MemoryLogOptions = {}) {
    const now = options.now ?? Date.now;
    expectClock(now);
    this.#now = now;
    this.#topics = new MemoryTopics(now);
  }

  /**
   * Creates a topic with partitions `0 .. partitions - 1`.
   *
   * @param topic - a Kafka topic name: letters, digits, `.`, `_`, `-`, up to 249 characters
   * @param partitions - how many, `>= 1`
   * @param options - retention
   * @throws {@link InvalidOptionError} for an existing topic, a bad name, count or retention
   * @throws {@link LogClosedError} if the log is closed
   */
  createTopic(topic: string, partitions: number, options: MemoryTopicOptions = {}): void {
    this.#checkOpen("createTopic");
    this.#topics.create(topic, partitions, options);
  }

  /**
   * Adds empty partitions to a topic, numbered after the existing ones; readers see them at their
   * next {@link MemoryLog.partitions} call. As in Kafka, keys may then hash to other partitions.
   *
   * @param topic - an existing topic
   * @param count - how many to add, `>= 1`
   * @returns the new partition count
   * @throws {@link InputNotFoundError} for an unknown topic
   * @throws {@link InvalidOptionError} for a bad count
   * @throws {@link LogClosedError} if the log is closed
   */
  addPartitions(topic: string, count: number): number {
    this.#checkOpen("addPartitions");
    const found = this.#topics.topic(topic);
    found.addPartitions(count);
    return found.partitionCount;
  }

  /**
   * The topic names, sorted.
   * @throws {@link LogClosedError} if the log is closed
   */
  topics(): string[] {
    this.#checkOpen("topics");
    return this.#topics.names();
  }

  /**
   * Appends one record; see {@link NewLogRecord} for defaults (partition by key hash or
   * round-robin, timestamp from the clock).
   *
   * @param topic - an existing topic
   * @param record - the record
   * @returns its partition and offset
   * @example
   * ```ts
   * log.append("events", { key: "user-7", value: "clicked" }); // { partition: 2, offset: 0 }, by murmur2("user-7")
   * ```
   * @throws {@link InputNotFoundError} for an unknown topic or partition
   * @throws {@link InvalidOptionError} for a malformed record
   * @throws {@link LogClosedError} if the log is closed
   */
  append(topic: string, record: NewLogRecord): AppendResult;
  /**
   * Appends records in order, all or none: every record is validated before any is stored.
   *
   * @param topic - an existing topic
   * @param records - the records
   * @returns the partition and offset of each, in the same order
   * @throws {@link InputNotFoundError} for an unknown topic or partition
   * @throws {@link InvalidOptionError} for a malformed record
   * @throws {@link LogClosedError} if the log is closed
   */
  append(topic: string, records: readonly NewLogRecord[]): AppendResult[];
  append(topic: string, input: NewLogRecord | readonly NewLogRecord[]): AppendResult | AppendResult[] {
    this.#checkOpen("append");
    const found = this.#topics.topic(topic);
    const inputs: readonly NewLogRecord[] = Array.isArray(input) ? input : [input as NewLogRecord];
    let now: number | undefined;
    const clock = (): number => (now ??= checkedTime(this.#now));
    const prepared: { partition: number | undefined; body: RecordBody }[] = inputs.map((record) => {
      const body = toRecordBody(record, clock, `memory://${topic}`);
      if (record.partition !== undefined) this.#topics.partition(topic, record.partition);
      return { partition: record.partition, body };
    });
    const results = prepared.map(({ partition, body }): AppendResult => {
      const chosen = partition ?? found.choosePartition(body.key);
      return { partition: chosen, offset: (found.partition(chosen) as MemoryPartition).append(body) };
    });
    return Array.isArray(input) ? results : (results[0] as AppendResult);
  }

  /**
   * Moves a partition's next offset up by `count` without storing records, as Kafka's
   * transaction markers and aborted records do: readers skip the gap.
   *
   * @param topic - an existing topic
   * @param partition - an existing partition
   * @param count - offsets to skip, `>= 0`
   * @returns the partition's new latest offset
   * @throws {@link InputNotFoundError} for an unknown topic or partition
   * @throws {@link InvalidOptionError} for a bad count
   * @throws {@link LogClosedError} if the log is closed
   */
  skipOffsets(topic: string, partition: number, count: number): number {
    this.#checkOpen("skipOffsets");
    const found = this.#topics.partition(topic, partition);
    expectInteger("count", count, 0, `memory://${topic}/${partition}`);
    if (count > 0) found.skip(count);
    return found.offsets().latest;
  }

  /**
   * Compacts a partition as Kafka's log cleaner would: keeps only the last record of each key
   * (every null-keyed record stays; a tombstone stays as its key's last record), leaving gaps.
   * Unlike Kafka it compacts everything at once, including the newest records.
   *
   * @param topic - an existing topic
   * @param partition - an existing partition
   * @returns how many records were removed
   * @throws {@link InputNotFoundError} for an unknown topic or partition
   * @throws {@link LogClosedError} if the log is closed
   */
  compact(topic: string, partition: number): number {
    this.#checkOpen("compact");
    return this.#topics.partition(topic, partition).compact();
  }

  /**
   * Deletes a partition's records below `offset` and makes it the earliest offset, as Kafka's
   * retention and `deleteRecords` do. An offset at or below the earliest changes nothing.
   *
   * @param topic - an existing topic
   * @param partition - an existing partition
   * @param offset - the new earliest offset, at most the latest
   * @returns how many records were removed
   * @throws {@link InputNotFoundError} for an unknown topic or partition
   * @throws {@link InvalidOptionError} for an offset that is negative or above the latest
   * @throws {@link LogClosedError} if the log is closed
   */
  deleteBefore(topic: string, partition: number, offset: number): number {
    this.#checkOpen("deleteBefore");
    const found = this.#topics.partition(topic, partition);
    expectDeleteOffset(offset, found.offsets().latest, `memory://${topic}/${partition}`);
    return found.deleteBefore(offset);
  }

  /**
   * The offset a consumer group last committed for a partition (the next offset to read), for
   * tests. Works after `close()`, to inspect what a finished pipeline committed.
   *
   * @param groupId - the consumer group
   * @param topic - the topic
   * @param partition - the partition
   * @returns the committed offset, or undefined if the group never committed one
   */
  committed(groupId: string, topic: string, partition: number): number | undefined {
    return this.#commits.committed(groupId, topic, partition);
  }

  /** Every `commit` call received, in order, for tests (also after `close()`). */
  get commitHistory(): readonly MemoryLogCommit[] {
    return this.#commits.history;
  }

  /** How many `commit` calls were received. */
  get commitCount(): number {
    return this.#commits.history.length;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The partitions of a topic, sorted: `[0, 1, …, n - 1]`, including ones added since the last call.
   * @param topic - the topic
   * @returns the partition numbers
   * @throws {@link InputNotFoundError} naming the topic and the known topics, for an unknown topic
   * @throws {@link LogClosedError} if the log is closed
   */
  async partitions(topic: string): Promise<number[]> {
    this.#checkOpen("partitions");
    return Array.from({ length: this.#topics.topic(topic).partitionCount }, (_, i) => i);
  }

  /**
   * The earliest offset still stored and the latest one (the offset the next record gets).
   * @param topic - the topic
   * @param partition - the partition
   * @returns `{ earliest, latest }`; both 0 for a new partition
   * @throws {@link InputNotFoundError} for an unknown topic or partition
   * @throws {@link LogClosedError} if the log is closed
   */
  async offsets(topic: string, partition: number): Promise<PartitionOffsets> {
    this.#checkOpen("offsets");
    return this.#topics.partition(topic, partition).offsets();
  }

  /**
   * The first offset, in offset order, whose record has a timestamp `>= timestamp`; the latest
   * offset when none has. With out-of-order timestamps that record may be followed by older
   * ones: e.g. timestamps `[50, 10, 30]` at offsets 0–2 give offset 0 for `timestamp` 20.
   * A linear scan of the partition's records.
   *
   * @param topic - the topic
   * @param partition - the partition
   * @param timestamp - epoch ms (`-Infinity` and `Infinity` allowed)
   * @returns an offset in `[earliest, latest]`
   * @throws {@link InputNotFoundError} for an unknown topic or partition
   * @throws {@link InvalidOptionError} if `timestamp` is not a number or NaN
   * @throws {@link LogClosedError} if the log is closed
   */
  async offsetForTimestamp(topic: string, partition: number, timestamp: number): Promise<number> {
    this.#checkOpen("offsetForTimestamp");
    const found = this.#topics.partition(topic, partition);
    expectTimestamp(timestamp, `memory://${topic}/${partition}`);
    return found.offsetForTimestamp(timestamp);
  }

  /**
   * Up to `maxRecords` records at offsets `>= offset`, in offset order, as snapshots the caller
   * owns. When none is stored there it waits, woken by an append (no polling), until one
   * arrives, `maxWaitMs` passes, `signal` aborts or the log closes; then it returns `[]`.
   *
   * `nextOffset` is past the records returned and past any gap the log knows of: with records at
   * offsets 0, 1 and 5 and latest 6, `fetch(…, 0, { maxRecords: 2 })` returns offsets 0 and 1
   * with `nextOffset` 5, and a fetch at 2 returns offset 5 with `nextOffset` 6. A fetch below
   * the latest offset that only finds a gap returns `[]` at once with `nextOffset` = latest.
   * An offset below the earliest reads from the earliest; one above the latest waits until
   * records reach it.
   *
   * @example
   * ```ts
   * // Tail partition 0: returns as soon as a record is appended, or [] after 100 ms.
   * const { records, nextOffset } = await log.fetch("events", 0, next, { maxRecords: 500, maxWaitMs: 100, signal });
   * ```
   * @param topic - the topic
   * @param partition - the partition
   * @param offset - the first offset wanted, a safe integer `>= 0`
   * @param options - `maxRecords >= 1`; `maxWaitMs >= 0` (`Infinity`: until woken); `signal`
   * @returns the records and where to fetch next
   * @throws {@link InputNotFoundError} naming `topic/partition` for an unknown topic or partition
   * @throws {@link InvalidOptionError} for a negative or non-integer offset, `maxRecords < 1`, a negative or NaN `maxWaitMs`
   * @throws {@link LogClosedError} if the log is closed when called (a fetch waiting when it closes returns `[]`)
   */
  async fetch(topic: string, partition: number, offset: number, options: FetchOptions): Promise<FetchResult> {
    this.#checkOpen("fetch");
    const found = this.#topics.partition(topic, partition);
    expectFetchArgs(offset, options, `memory://${topic}/${partition}`);
    const { maxRecords, signal } = options;
    const deadline = performance.now() + options.maxWaitMs;
    for (;;) {
      if (this.#closed) return { records: [], nextOffset: offset };
      const result = found.read(offset, maxRecords);
      if (result.records.length > 0 || result.nextOffset > offset || signal?.aborted === true) return result;
      const remaining = deadline - performance.now();
      if (remaining <= 0) return result;
      await found.changes.wait(remaining, signal);
    }
  }

  /**
   * Records, for a consumer group, the next offsets to read (see {@link MemoryLog.committed}
   * and {@link MemoryLog.commitHistory}). As in Kafka, any offset `>= 0` of an existing
   * partition may be committed, also one above the latest; the whole call is validated first.
   *
   * @param groupId - the consumer group, not empty
   * @param offsets - for each partition, the next offset to read
   * @throws {@link InputNotFoundError} for an unknown topic or partition
   * @throws {@link InvalidOptionError} for an empty group id or a bad offset
   * @throws {@link LogClosedError} if the log is closed
   */
  async commit(groupId: string, offsets: readonly CommitOffset[]): Promise<void> {
    this.#checkOpen("commit");
    expectOffsetList(offsets);
    for (const { topic, partition, offset } of offsets) {
      this.#topics.partition(topic, partition);
      expectInteger("offset", offset, 0, `memory://${topic}/${partition}`);
    }
    this.#commits.record(groupId, offsets);
  }

  /**
   * The next offset a consumer group committed for a partition, or `null` (the
   * {@link PartitionedLog} form of {@link MemoryLog.committed}).
   * @param groupId - the consumer group
   * @param topic - the topic
   * @param partition - the partition
   * @returns the committed offset, or null
   * @throws {@link InputNotFoundError} for an unknown topic or partition
   * @throws {@link LogClosedError} if the log is closed
   */
  async committedOffset(groupId: string, topic: string, partition: number): Promise<number | null> {
    this.#checkOpen("committedOffset");
    this.#topics.partition(topic, partition);
    return this.#commits.committed(groupId, topic, partition) ?? null;
  }

  /**
   * Closes the log: every later call fails with a {@link LogClosedError}, and waiting fetches return
   * `[]` at once. Safe to call twice. Committed offsets stay readable.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const partition of this.#topics.partitions()) partition.changes.notify();
  }

  /** Throws a {@link LogClosedError} naming `call` once the log is closed. */
  #checkOpen(call: string): void {
    if (this.#closed) throw new LogClosedError(`Cannot call ${call}: the memory log is closed; create a new MemoryLog to go on`);
  }
}
