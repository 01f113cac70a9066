import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import { LogClosedError } from "../../src/errors/LogClosedError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import type { CommitOffset, FetchOptions, FetchResult, PartitionedLog, PartitionOffsets } from "../log/PartitionedLog.js";
import { KafkaLog } from "./KafkaLog.js";
import { checkTopic } from "./kafkaLogHelpers.js";
import { loadPlatformaticKafka, type PlatformaticModule } from "./platformaticModule.js";
import { platformaticRecords } from "./platformaticRecords.js";

/** Options of {@link PlatformaticKafkaLog}. */
export interface PlatformaticKafkaLogOptions {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  /** Client id of the platformatic clients. @defaultValue "sdfkit" */
  readonly clientId?: string;
  /** Read only committed records (`read_committed`); `latest` is then the last stable offset. @defaultValue true */
  readonly readCommitted?: boolean;
  /** Most bytes one fetch asks a partition for (the broker returns at least one whole batch). @defaultValue 1048576 */
  readonly maxBytes?: number;
}

type Consumer = InstanceType<PlatformaticModule["Consumer"]>;

/** ListOffsets timestamps meaning "earliest" and "latest". */
const EARLIEST = -2n;
const LATEST = -1n;

/**
 * A {@link PartitionedLog} over `@platformatic/kafka` (an optional peer dependency, loaded on
 * first use): each partition being read gets a platformatic `Consumer` of its own that sends
 * Fetch requests from the offset asked for to the partition's leader, joining no consumer group
 * (platformatic requires a `groupId`; it is never used). Batches in all four codecs decode (zstd
 * through fzstd where Node has no zstd). Records below the offset asked for, transaction markers
 * and, under `readCommitted`, aborted transactions are dropped; offsets lost to retention are
 * stepped over. After a fetch that returned records the partition's next Fetch goes out at once
 * (one ahead), so the network overlaps with processing. Commits and committed offsets go through a kafkajs {@link KafkaLog} made on
 * first use (an OffsetCommit for a group nobody joins).
 *
 * Pass it to `KafkaSource` as `log`: `new KafkaSource({ log: new PlatformaticKafkaLog({ brokers }) })`.
 *
 * @example
 * ```ts
 * const log = new PlatformaticKafkaLog({ brokers: ["127.0.0.1:9092"] });
 * const { records, nextOffset } = await log.fetch("events", 0, 1200, { maxRecords: 500, maxWaitMs: 1000 });
 * await log.close();
 * ```
 */
export class PlatformaticKafkaLog implements PartitionedLog {
  /** Records are reported as `kafka://topic/partition`. */
  readonly scheme = "kafka";
  readonly #brokers: string[];
  readonly #clientId: string;
  readonly #readCommitted: boolean;
  readonly #maxBytes: number;
  /** The consumer used for metadata and offsets. */
  #admin: Promise<Consumer> | undefined;
  /** One consumer per `topic/partition` fetched. */
  readonly #fetchers = new Map<string, Promise<Consumer>>();
  /** Per `topic/partition`: the next page, fetched ahead (or left over), and the offset it starts at. */
  readonly #ahead = new Map<string, { offset: number; page: Promise<FetchResult> }>();
  /** Commits go through kafkajs. */
  #committer: KafkaLog | undefined;
  #closed = false;

  /**
   * @param options - `brokers`, and optionally `clientId`, `readCommitted`, `maxBytes`
   * @throws {@link InvalidOptionError} for options that cannot work
   */
  constructor(options: PlatformaticKafkaLogOptions) {
    const { brokers, clientId = "sdfkit", readCommitted = true, maxBytes = 1 << 20 } = options ?? ({} as PlatformaticKafkaLogOptions);
    if (!Array.isArray(brokers) || brokers.length === 0 || !brokers.every((b) => typeof b === "string" && b !== "")) {
      throw new InvalidOptionError(`Expected PlatformaticKafkaLog option \`brokers\` to be a non-empty array of "host:port" strings, got ${JSON.stringify(brokers)}`);
    }
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new InvalidOptionError(`Expected PlatformaticKafkaLog option \`maxBytes\` to be a positive integer, got ${String(maxBytes)}`);
    this.#brokers = [...brokers];
    this.#clientId = clientId;
    this.#readCommitted = readCommitted;
    this.#maxBytes = maxBytes;
  }

  /**
   * The partitions of a topic, sorted.
   * @throws `InputNotFoundError` for an unknown topic, `TransientIoError` when the brokers are unreachable
   */
  async partitions(topic: string): Promise<number[]> {
    const metadata = await this.#topicMetadata(await this.#adminConsumer(), topic, false);
    return Array.from({ length: metadata.partitionsCount }, (_, i) => i);
  }

  /** The earliest and latest (last stable, under `readCommitted`) offsets of a partition. */
  async offsets(topic: string, partition: number): Promise<PartitionOffsets> {
    const [earliest, latest] = await Promise.all([this.#listOffset(topic, partition, EARLIEST), this.#listOffset(topic, partition, LATEST)]);
    return { earliest, latest };
  }

  /** The first offset whose timestamp is at or after `timestamp`; `latest` when none is. */
  async offsetForTimestamp(topic: string, partition: number, timestamp: number): Promise<number> {
    const offset = await this.#listOffset(topic, partition, BigInt(Math.max(0, Math.floor(timestamp))));
    return offset >= 0 ? offset : this.#listOffset(topic, partition, LATEST);
  }

  /**
   * Records of one partition from `offset`; see {@link PartitionedLog.fetch}. After a fetch that
   * returned records, the next Fetch of that partition is sent at once (one ahead), and records
   * beyond `maxRecords` are kept for the next call, so the network overlaps with processing.
   */
  async fetch(topic: string, partition: number, offset: number, options: FetchOptions): Promise<FetchResult> {
    this.#checkOpen("fetch");
    const key = `${topic}/${partition}`;
    const ahead = this.#ahead.get(key);
    this.#ahead.delete(key);
    let page: FetchResult | undefined;
    if (ahead !== undefined) {
      // One Fetch at a time per consumer: a prefetch for another offset is waited out, then dropped.
      const settled = await ahead.page.catch(() => undefined);
      if (ahead.offset === offset) page = settled;
    }
    page ??= await this.#fetchPage(topic, partition, offset, options.signal?.aborted === true ? 0 : options.maxWaitMs);
    const max = Math.max(1, options.maxRecords);
    if (page.records.length > max) {
      const kept = page.records.slice(0, max);
      const next = (kept[kept.length - 1] as { offset: number }).offset + 1;
      this.#ahead.set(key, { offset: next, page: Promise.resolve({ records: page.records.slice(max), nextOffset: page.nextOffset }) });
      return { records: kept, nextOffset: next };
    }
    if (page.records.length > 0 && !this.#closed) {
      const next = this.#fetchPage(topic, partition, page.nextOffset, options.maxWaitMs);
      next.catch(() => undefined);
      this.#ahead.set(key, { offset: page.nextOffset, page: next });
    }
    return page;
  }

  /** One Fetch of a partition from `offset`: its readable records and where the next starts. */
  async #fetchPage(topic: string, partition: number, offset: number, maxWaitMs: number): Promise<FetchResult> {
    const consumer = await this.#fetcher(topic, partition);
    let from = offset;
    for (let attempt = 0; ; attempt++) {
      const metadata = await this.#topicMetadata(consumer, topic, attempt > 0);
      const leader = metadata.partitions[partition]?.leader;
      if (leader === undefined) throw new InputNotFoundError(`Kafka topic ${topic} has no partition ${partition}`, { context: { input: `kafka://${topic}/${partition}` } });
      let response;
      try {
        response = await consumer.fetch({
          node: leader,
          maxWaitTime: Math.max(0, Math.floor(maxWaitMs)),
          minBytes: 1,
          maxBytes: this.#maxBytes,
          isolationLevel: this.#readCommitted ? 1 : 0,
          topics: [{ topicId: metadata.id, partitions: [{ partition, fetchOffset: BigInt(from), partitionMaxBytes: this.#maxBytes, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }] }],
        });
      } catch (error) {
        if (protocolErrorId(error) === "OFFSET_OUT_OF_RANGE" && attempt < 3) {
          const { earliest, latest } = await this.offsets(topic, partition);
          if (from < earliest) from = earliest;
          else if (from >= latest) return { records: [], nextOffset: offset };
          continue;
        }
        if (attempt < 3 && (error as { canRetry?: boolean }).canRetry !== false && !this.#closed) continue;
        throw this.#error(error, `fetch from kafka://${topic}/${partition} at ${from}`);
      }
      const data = response.responses[0]?.partitions.find((p) => p.partitionIndex === partition);
      if (data === undefined) return { records: [], nextOffset: offset };
      const { records, last } = platformaticRecords(data, from, this.#readCommitted);
      return { records, nextOffset: Math.max(offset, last + 1) };
    }
  }

  /** Commits, for a consumer group, the next offsets to read (through a kafkajs {@link KafkaLog}). */
  commit(groupId: string, offsets: readonly CommitOffset[]): Promise<void> {
    return this.#committerLog().commit(groupId, offsets);
  }

  /** The next offset a consumer group committed for a partition, or `null` (through a kafkajs {@link KafkaLog}). */
  committedOffset(groupId: string, topic: string, partition: number): Promise<number | null> {
    return this.#committerLog().committedOffset(groupId, topic, partition);
  }

  /** Closes every consumer (and the commit client). Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const consumers = [this.#admin, ...this.#fetchers.values()].filter((c) => c !== undefined);
    this.#fetchers.clear();
    this.#ahead.clear();
    await Promise.all(consumers.map(async (c) => (await c.catch(() => undefined))?.close(true).catch(() => undefined)));
    await this.#committer?.close();
  }

  #committerLog(): KafkaLog {
    this.#checkOpen("commit");
    this.#committer ??= new KafkaLog({ brokers: this.#brokers, clientId: this.#clientId });
    return this.#committer;
  }

  async #listOffset(topic: string, partition: number, timestamp: bigint): Promise<number> {
    const consumer = await this.#adminConsumer();
    await this.#topicMetadata(consumer, topic, false);
    try {
      const offsets = await consumer.listOffsets({ topics: [topic], partitions: { [topic]: [partition] }, timestamp, isolationLevel: this.#readCommitted ? 1 : 0 });
      const value = offsets.get(topic)?.[partition];
      if (value === undefined) throw new InputNotFoundError(`Kafka topic ${topic} has no partition ${partition}`, { context: { input: `kafka://${topic}/${partition}` } });
      return Number(value);
    } catch (error) {
      throw this.#error(error, `list the offsets of kafka://${topic}/${partition}`);
    }
  }

  async #topicMetadata(consumer: Consumer, topic: string, forceUpdate: boolean): Promise<{ id: string; partitionsCount: number; partitions: { leader: number }[] }> {
    this.#checkOpen("read");
    checkTopic(topic);
    try {
      const metadata = await consumer.metadata({ topics: [topic], forceUpdate, autocreateTopics: false });
      const found = metadata.topics.get(topic);
      if (found === undefined) throw new InputNotFoundError(`No Kafka topic ${topic} on ${this.#brokers.join(",")}; check the name`, { context: { input: `kafka://${topic}` } });
      return found;
    } catch (error) {
      throw this.#error(error, `read the metadata of ${topic}`, topic);
    }
  }

  #adminConsumer(): Promise<Consumer> {
    this.#checkOpen("read");
    this.#admin ??= this.#newConsumer();
    return this.#admin;
  }

  #fetcher(topic: string, partition: number): Promise<Consumer> {
    this.#checkOpen("fetch");
    const key = `${topic}/${partition}`;
    let consumer = this.#fetchers.get(key);
    if (consumer === undefined) {
      consumer = this.#newConsumer();
      this.#fetchers.set(key, consumer);
    }
    return consumer;
  }

  async #newConsumer(): Promise<Consumer> {
    const { Consumer } = await loadPlatformaticKafka();
    return new Consumer({ clientId: this.#clientId, bootstrapBrokers: this.#brokers, groupId: `${this.#clientId}-unused`, autocommit: false, retries: 3, retryDelay: 250 });
  }

  #checkOpen(action: string): void {
    if (this.#closed) throw new LogClosedError(`Cannot ${action}: this PlatformaticKafkaLog was closed`);
  }

  /** A platformatic failure as an SdfError (ours pass through). */
  #error(error: unknown, action: string, topic?: string): SdfError {
    if (error instanceof SdfError) return error;
    const id = protocolErrorId(error);
    // platformatic's metadata() fails with a UserError "Unknown topic <name>." for a missing topic.
    const unknown = (error as { code?: unknown }).code === "PLT_KFK_USER" && /^Unknown topic /.test((error as Error).message);
    if (unknown || id === "UNKNOWN_TOPIC_OR_PARTITION" || id === "UNKNOWN_TOPIC_ID") {
      return new InputNotFoundError(`No Kafka topic ${topic ?? ""} on ${this.#brokers.join(",")} (${action}); check the name`, { cause: error, context: topic === undefined ? {} : { input: `kafka://${topic}` } });
    }
    return new TransientIoError(`Could not ${action} on ${this.#brokers.join(",")}: ${(error as Error).message}`, { cause: error });
  }
}

/** The first Kafka protocol error id (`OFFSET_OUT_OF_RANGE`, …) inside a platformatic error, if any. */
function protocolErrorId(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 4) return undefined;
  const { apiId, errors, cause } = error as { apiId?: unknown; errors?: unknown; cause?: unknown };
  if (typeof apiId === "string") return apiId;
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const id = protocolErrorId(inner, depth + 1);
      if (id !== undefined) return id;
    }
  }
  return protocolErrorId(cause, depth + 1);
}
