import type { Admin, Kafka } from "kafkajs";
import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import { InvalidTimestampError } from "../../src/errors/InvalidTimestampError.js";
import { LogClosedError } from "../../src/errors/LogClosedError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import type { CommitOffset, FetchOptions, FetchResult, PartitionedLog, PartitionOffsets } from "../log/PartitionedLog.js";
import { AdminConnection } from "./AdminConnection.js";
import { commitGroupOffsets } from "./commitGroupOffsets.js";
import { CommitQueue } from "./CommitQueue.js";
import { describeBrokers, isLeadershipChange, kafkaError } from "./kafkaErrors.js";
import { kafkaLogging } from "./kafkaLogging.js";
import { kafkaLogSettings, type KafkaLogOptions, type KafkaLogSettings } from "./KafkaLogOptions.js";
import { readClient, type ClusterFactory, type CommitCluster, type FetchCluster } from "./kafkaCluster.js";
import { registerKafkaCodecs } from "./kafkaCodecs.js";
import { PartitionReader } from "./PartitionReader.js";
import { ReaderPool, type KafkaReaderStats } from "./ReaderPool.js";
import { checkTopic, describeRange, parseOffset, sleep } from "./kafkaLogHelpers.js";
import { TtlCache } from "./TtlCache.js";

/**
 * A fetch that got nothing while the broker answered none of its reader's requests for this
 * long (or the fetch's wait, if longer) fails as unreachable, in ms (a reader polls every 200 ms).
 */
const UNREACHABLE_AFTER_MS = 5000;
/** Pause before a failed reader is replaced within one fetch, in ms. */
const REPLACE_DELAY_MS = 250;
/** Attempts of an admin call that meets a moving partition leader (kafkajs's admin does not refresh its metadata for that). */
const ADMIN_ATTEMPTS = 4;
/** Readers {@link KafkaLog.prepare} starts at most per call. */
const MAX_PREPARED_READERS = 16;

/**
 * A {@link PartitionedLog} over Apache Kafka with kafkajs: what `KafkaSource` reads through.
 *
 * **Partition reads, without consumer groups.** Each topic-partition being read gets a
 * `PartitionReader` with a kafkajs cluster of its own (kafkajs's protocol layer, reached through
 * the cluster factory every kafkajs `Kafka` instance keeps): it sends Fetch requests from the
 * offset asked for to the partition's leader, like Beam's KafkaIO with `assign()`, and joins no
 * consumer group, so a read starts in about a round trip whatever the number of partitions or
 * the broker's `group.initial.rebalance.delay.ms`. It fetches ahead into a bounded buffer that
 * {@link fetch} serves, drops what a group consumer dropped (records below the offset asked for
 * in a whole batch, control records, aborted transactions under `read_committed`), follows leader
 * changes, steps over offsets lost to retention, and retries retriable failures itself. Readers
 * are pooled by topic-partition and reused across fetches; one unused for `idleReaderMs` is
 * closed. While the brokers answer none of a reader's requests beyond the fetch's wait (at least
 * 5 s), fetches that find nothing fail with a retriable {@link TransientIoError} naming the
 * brokers. {@link prepare} lets readers connect while `LogSource` still looks up offsets.
 *
 * **Codecs.** gzip, snappy, lz4 and zstd batches decode; one that does not fails the read with a
 * `CorruptInputError` (unknown codec: `UnsupportedFormatError`) naming topic, partition, offset.
 *
 * **Offsets.** `admin.fetchTopicOffsets` has no isolation parameter in kafkajs 2.2.4, but its
 * ListOffsets requests go out with the protocol's default, `READ_COMMITTED`: its high offset
 * is the last stable offset. So `latest` is the LSO, as `readCommitted` wants; with
 * `readCommitted: false` it is the LSO as well (not the high watermark): a bounded read then
 * stops before the records of transactions still open when it started. Partition lists and
 * offsets are cached for `metadataCacheMs`.
 *
 * **Commits** go to a group that nobody consumes with; see {@link commit}.
 *
 * kafkajs's console logging is off unless `onLog` is given; failures come out as sdfkit's typed
 * errors: an unknown topic is an `InputNotFoundError`, denied access or failed authentication an
 * `InputAccessError`, unreachable brokers a `TransientIoError`.
 *
 * @example
 * ```ts
 * const log = new KafkaLog({ brokers: ["127.0.0.1:9092"] });
 * const { records, nextOffset } = await log.fetch("events", 0, 1200, { maxRecords: 500, maxWaitMs: 1000 });
 * await log.close();
 * ```
 */
export class KafkaLog implements PartitionedLog {
  /** Records are reported as `kafka://topic/partition`. */
  readonly scheme = "kafka";
  /** Checked options. */
  readonly #settings: KafkaLogSettings;
  /** The kafkajs client (ours when made from `brokers`, else the caller's). */
  readonly #kafka: Kafka;
  /** The brokers, for messages. */
  readonly #brokers: string;
  /** The admin client, renewed when its metadata is too old. */
  readonly #admins: AdminConnection;
  /** Partition readers, reused across fetches. */
  readonly #readers: ReaderPool;
  /** Sorted partition numbers per topic. */
  readonly #partitions: TtlCache<string, number[]>;
  /** Offsets of every partition of a topic. */
  readonly #offsets: TtlCache<string, Map<number, PartitionOffsets>>;
  /** Partitions known to exist, per topic. */
  readonly #seen = new Map<string, Set<number>>();
  /** Since when the readers of a `topic/partition` keep crashing before they could join (epoch ms). */
  readonly #failing = new Map<string, number>();
  /** Commits in progress, per consumer group (one at a time each). */
  readonly #commits = new Map<string, CommitQueue>();
  /** Makes kafkajs clusters (readers', and the one commits go through). */
  readonly #clusters: ClusterFactory;
  /** The cluster commits go through, made at the first commit. */
  #committer: (FetchCluster & CommitCluster) | undefined;
  /** Set by close(). */
  #closed = false;

  /**
   * @param options - exactly one of `brokers` and `kafka`; see {@link KafkaLogOptions}
   * @throws {@link InvalidOptionError} for options that cannot work
   */
  constructor(options: KafkaLogOptions) {
    this.#settings = kafkaLogSettings(options);
    const { brokers, kafka, clientId, onLog, logLevel } = this.#settings;
    registerKafkaCodecs();
    const read = readClient(kafka, brokers, { clientId, ...kafkaLogging(onLog, logLevel) });
    this.#kafka = read.client;
    this.#clusters = read.clusters;
    this.#brokers = describeBrokers(brokers);
    this.#partitions = new TtlCache(this.#settings.metadataCacheMs);
    this.#offsets = new TtlCache(this.#settings.metadataCacheMs);
    this.#admins = new AdminConnection(this.#kafka, (error) => kafkaError(error, { action: "connect to", input: "Kafka", brokers: this.#brokers }));
    const { readCommitted, maxBufferedRecords, idleReaderMs } = this.#settings;
    this.#readers = new ReaderPool((topic, partition, offset) => new PartitionReader(read.clusters, topic, partition, offset, { readCommitted, maxBufferedRecords }), idleReaderMs);
  }

  /** Readers created so far and open now (a second fetch of a partition reuses its reader). */
  get readerStats(): KafkaReaderStats {
    return this.#readers.stats;
  }

  /**
   * The partitions of a topic, sorted, from the brokers' metadata (never creating the topic).
   * @param topic - the topic
   * @returns its partition numbers
   * @throws `InputNotFoundError` for an unknown topic, `TransientIoError` when the brokers are unreachable
   */
  async partitions(topic: string): Promise<number[]> {
    this.#checkOpen("partitions");
    checkTopic(topic);
    return [...(await this.#partitions.get(topic, () => this.#loadPartitions(topic)))];
  }

  /**
   * Starts the readers of partitions about to be fetched, so that their first fetch waits less:
   * each connects and finds the partition's leader now (`LogSource` calls this while it still
   * looks up the partitions' offsets), and fetches from the first fetch's offset. At most
   * the first 16 partitions given are prepared (a read of a wide topic reaches the others
   * later). A reader nobody fetches from is closed after `idleReaderMs`. Never throws.
   * @param topic - the topic
   * @param partitions - its partitions about to be read, in the order they will be
   */
  prepare(topic: string, partitions: readonly number[]): void {
    if (this.#closed || typeof topic !== "string" || topic === "" || !Array.isArray(partitions)) return;
    for (const partition of partitions.slice(0, MAX_PREPARED_READERS)) {
      if (Number.isSafeInteger(partition) && partition >= 0) this.#readers.prepare(topic, partition);
    }
  }

  /**
   * The earliest and latest offsets of a partition; `latest` is the last stable offset.
   * @param topic - the topic
   * @param partition - the partition
   * @returns both offsets
   * @throws `InputNotFoundError` for an unknown topic or partition
   */
  async offsets(topic: string, partition: number): Promise<PartitionOffsets> {
    this.#checkOpen("offsets");
    await this.#requirePartition(topic, partition);
    const input = `kafka://${topic}/${partition}`;
    let found = (await this.#offsets.get(topic, () => this.#loadOffsets(topic))).get(partition);
    if (found === undefined) {
      // The admin client's metadata predates the partition: ask again with fresh metadata.
      this.#offsets.delete(topic);
      this.#admins.renew();
      found = (await this.#offsets.get(topic, () => this.#loadOffsets(topic))).get(partition);
    }
    if (found === undefined) throw new InputNotFoundError(`Cannot list the offsets of ${input}: the brokers ${this.#brokers} report no such partition`, { context: { input } });
    return found;
  }

  /**
   * The first offset whose record timestamp is at or after `timestamp` (Kafka's time index);
   * the latest offset when there is none.
   * @param topic - the topic
   * @param partition - the partition
   * @param timestamp - epoch ms; negative values are treated as 0
   * @returns the offset
   * @throws `InvalidTimestampError` for a timestamp that is not a finite number
   */
  async offsetForTimestamp(topic: string, partition: number, timestamp: number): Promise<number> {
    this.#checkOpen("offsetForTimestamp");
    if (typeof timestamp !== "number" || !Number.isFinite(timestamp)) throw new InvalidTimestampError(`Expected \`timestamp\` to be a finite number of epoch milliseconds, got ${String(timestamp)}`);
    await this.#requirePartition(topic, partition);
    const input = `kafka://${topic}/${partition}`;
    for (let attempt = 0; ; attempt++) {
      const all = await this.#adminCall("look up offsets by time in", input, (admin) => admin.fetchTopicOffsetsByTimestamp(topic, Math.max(0, Math.floor(timestamp))));
      const found = all.find((entry) => entry.partition === partition);
      if (found !== undefined) return parseOffset(found.offset, input);
      if (attempt > 0) throw new InputNotFoundError(`Cannot look up offsets by time in ${input}: the brokers ${this.#brokers} report no such partition`, { context: { input } });
      this.#admins.renew();
    }
  }

  /**
   * Records of one partition at offsets `>= offset`, in order, at most `maxRecords`, waiting up
   * to `maxWaitMs` for a first one; see the class for how partitions are read.
   * @param topic - the topic
   * @param partition - the partition
   * @param offset - the first offset wanted (below the earliest stored: reading starts there)
   * @param options - limits, wait and abort signal
   * @returns the records and where to fetch next
   * @throws `InputNotFoundError`, `InputAccessError`, or `TransientIoError` (retriable) when the brokers stay unreachable
   */
  async fetch(topic: string, partition: number, offset: number, options: FetchOptions): Promise<FetchResult> {
    this.#checkOpen("fetch");
    const { maxRecords, maxWaitMs, signal } = options;
    if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidOptionError(`Expected the fetch offset to be an integer >= 0, got ${String(offset)}`);
    if (!Number.isSafeInteger(maxRecords) || maxRecords < 1) throw new InvalidOptionError(`Expected \`maxRecords\` to be an integer >= 1, got ${String(maxRecords)}`);
    if (typeof maxWaitMs !== "number" || !(maxWaitMs >= 0)) throw new InvalidOptionError(`Expected \`maxWaitMs\` to be a number >= 0, got ${String(maxWaitMs)}`);
    await this.#requirePartition(topic, partition);
    const input = `kafka://${topic}/${partition}`;
    const key = `${topic}/${partition}`;
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const reader = this.#readers.acquire(topic, partition, offset);
      try {
        const result = await reader.fetch(offset, maxRecords, Math.max(0, deadline - Date.now()), signal);
        if (result.records.length > 0 || reader.joined) this.#failing.delete(key);
        const silent = reader.silentForMs();
        if (result.records.length === 0 && result.nextOffset === offset && silent > Math.max(maxWaitMs, UNREACHABLE_AFTER_MS)) {
          throw new TransientIoError(
            `Cannot read ${input} at offset ${offset}: Kafka brokers ${this.#brokers} answered nothing for ${silent} ms (down or unreachable); retrying resumes from this offset once they are back`,
            { context: { input, position: String(offset) } },
          );
        }
        return result;
      } catch (error) {
        if (error instanceof SdfError || reader.failure === undefined) throw kafkaError(error, { action: "read", input, brokers: this.#brokers, position: offset });
        // Its consumer crashed (kafkajs gives up on a coordinator that is still loading, say):
        // replace it, on this call if time is left; fail only when that keeps happening.
        this.#readers.drop(topic, partition, reader);
        const typed = kafkaError(reader.failure, { action: "read", input, brokers: this.#brokers, position: offset });
        const now = Date.now();
        const since = this.#failing.get(key) ?? now;
        this.#failing.set(key, since);
        if (!typed.retriable || now - since > Math.max(maxWaitMs, UNREACHABLE_AFTER_MS) || signal?.aborted === true || this.#closed) throw typed;
        if (deadline - now <= REPLACE_DELAY_MS) return { records: [], nextOffset: offset };
        await sleep(REPLACE_DELAY_MS, signal);
      } finally {
        this.#readers.release(topic, partition, reader);
      }
    }
  }

  /**
   * Commits next offsets for a consumer group that no running consumer uses (sdfkit's readers
   * never join it), without joining it: an OffsetCommit with generation -1, as Kafka's Java
   * consumer commits after `assign()`.
   * Commits for one group run one at a time; those made meanwhile go together into the next.
   * @param groupId - the group
   * @param offsets - per topic-partition, the next offset to read
   * @throws `InvalidOptionError` when the group has active members (use a groupId of its own)
   */
  async commit(groupId: string, offsets: readonly CommitOffset[]): Promise<void> {
    this.#checkOpen("commit");
    if (typeof groupId !== "string" || groupId === "") throw new InvalidOptionError(`Expected \`groupId\` to be a non-empty string, got ${JSON.stringify(groupId)}`);
    for (const { topic, partition, offset } of offsets) {
      checkTopic(topic);
      if (!Number.isSafeInteger(partition) || partition < 0 || !Number.isSafeInteger(offset) || offset < 0) {
        throw new InvalidOptionError(`Expected commit offsets with integer partition and offset >= 0, got ${JSON.stringify({ topic, partition, offset })}`);
      }
    }
    if (offsets.length === 0) return;
    const input = [...new Set(offsets.map((o) => `kafka://${o.topic}`))].join(", ");
    let queue = this.#commits.get(groupId);
    if (queue === undefined) {
      queue = new CommitQueue(async (merged) => commitGroupOffsets(this.#commitCluster(), await this.#admins.get(), groupId, merged));
      this.#commits.set(groupId, queue);
    }
    try {
      await queue.commit(offsets);
    } catch (error) {
      throw kafkaError(error, { action: `commit offsets of consumer group "${groupId}" for`, input, brokers: this.#brokers });
    } finally {
      if (queue.idle && this.#commits.get(groupId) === queue) this.#commits.delete(groupId);
    }
  }

  /**
   * The next offset a consumer group committed for a partition (committed transactions only),
   * or `null` when it committed none.
   * @param groupId - the group
   * @param topic - the topic
   * @param partition - the partition
   * @returns the offset, or null
   */
  async committedOffset(groupId: string, topic: string, partition: number): Promise<number | null> {
    this.#checkOpen("committedOffset");
    if (typeof groupId !== "string" || groupId === "") throw new InvalidOptionError(`Expected \`groupId\` to be a non-empty string, got ${JSON.stringify(groupId)}`);
    await this.#requirePartition(topic, partition);
    const input = `kafka://${topic}/${partition}`;
    const found = await this.#adminCall(`fetch the offsets committed by group "${groupId}" for`, input, (admin) => admin.fetchOffsets({ groupId, topics: [topic] }));
    const entry = found.find((t) => t.topic === topic)?.partitions.find((p) => p.partition === partition);
    if (entry === undefined || entry.offset === "-1" || entry.offset === "") return null;
    return parseOffset(entry.offset, input);
  }

  /** Closes every reader and the admin client. Safe to call twice; later calls of other methods fail with a {@link LogClosedError}. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.#readers.close(), this.#admins.close(), this.#committer?.disconnect().catch(() => undefined)]);
    this.#partitions.clear();
    this.#offsets.clear();
  }

  #commitCluster(): FetchCluster & CommitCluster {
    this.#committer ??= this.#clusters();
    return this.#committer;
  }

  /** Checks that a partition exists; once seen, it is not asked again (partitions are never removed, and a broker that is down must not stall fetches). */
  async #requirePartition(topic: string, partition: number): Promise<void> {
    checkTopic(topic);
    if (!Number.isSafeInteger(partition) || partition < 0) throw new InvalidOptionError(`Expected a partition number >= 0 of kafka://${topic}, got ${String(partition)}`);
    if (this.#seen.get(topic)?.has(partition) === true) return;
    let known = await this.partitions(topic);
    if (!known.includes(partition)) {
      this.#partitions.delete(topic); // maybe created since it was cached
      known = await this.partitions(topic);
    }
    this.#seen.set(topic, new Set(known));
    if (known.includes(partition)) return;
    const input = `kafka://${topic}/${partition}`;
    throw new InputNotFoundError(`No such partition: ${input}; the topic has partitions ${describeRange(known)} on ${this.#brokers}`, { context: { input } });
  }

  async #loadPartitions(topic: string): Promise<number[]> {
    const input = `kafka://${topic}`;
    const { topics } = await this.#adminCall("list the partitions of", input, (admin) => admin.fetchTopicMetadata({ topics: [topic] }));
    const found = topics.find((entry) => entry.name === topic);
    if (found === undefined) throw new InputNotFoundError(`No such topic: ${input} on ${this.#brokers}; check the name (sdfkit never creates topics)`, { context: { input } });
    return found.partitions.map((p) => p.partitionId).sort((a, b) => a - b);
  }

  async #loadOffsets(topic: string): Promise<Map<number, PartitionOffsets>> {
    const input = `kafka://${topic}`;
    const all = await this.#adminCall("list the offsets of", input, (admin) => admin.fetchTopicOffsets(topic));
    return new Map(all.map((entry) => [entry.partition, { earliest: parseOffset(entry.low, `${input}/${entry.partition}`), latest: parseOffset(entry.high, `${input}/${entry.partition}`) }]));
  }

  /**
   * Runs an admin call, failing with a typed error. A partition leader or coordinator that is
   * moving (right after a broker restart) is asked again, with fresh metadata, a moment later.
   */
  async #adminCall<T>(action: string, input: string, call: (admin: Admin) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const admin = await this.#admins.get();
      try {
        return await call(admin);
      } catch (error) {
        if (attempt >= ADMIN_ATTEMPTS || !isLeadershipChange(error) || this.#closed) throw kafkaError(error, { action, input, brokers: this.#brokers });
        this.#admins.renew();
        await sleep(150 * attempt);
      }
    }
  }

  /** Throws a {@link LogClosedError} naming `call` once the log is closed. */
  #checkOpen(call: string): void {
    if (this.#closed) throw new LogClosedError(`Cannot call ${call}: this KafkaLog (brokers ${this.#brokers}) is closed; create a new KafkaLog to go on`);
  }
}
