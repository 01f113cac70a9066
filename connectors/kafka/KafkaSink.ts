import kafkajs from "kafkajs";
import type { Kafka, Message, Producer, Transaction } from "kafkajs";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import type { CommitOffset } from "../log/PartitionedLog.js";
import { describeBrokers, kafkaError } from "./kafkaErrors.js";
import { compressionType, KAFKA_COMPRESSIONS, registerKafkaCodecs, type KafkaCompression } from "./kafkaCodecs.js";
import { kafkaLogging, type KafkaLogEntry, type KafkaLogLevel } from "./kafkaLogging.js";
import { TransactionFencedError, isFencing } from "./TransactionFencedError.js";

/** One record to write: to `topic`, or to the sink's default topic. */
export interface SinkRecord {
  /** Target topic; absent: the `topic` passed to {@link KafkaSink.writeTransaction}'s caller's default. */
  readonly topic?: string;
  /** Record key (partitions by its murmur2 hash, as Java clients do). */
  readonly key?: Buffer | string | null;
  /** Record value. */
  readonly value: Buffer | string | null;
  /** A partition of the topic; absent: by key, or spread when there is none. */
  readonly partition?: number;
  /** Record headers. */
  readonly headers?: Readonly<Record<string, Buffer | string>>;
  /** Create time, epoch ms; absent: the producer's clock. */
  readonly timestamp?: number;
}

/** Options of {@link KafkaSink}: exactly one of `brokers` and `kafka`, and a `transactionalId`. */
export interface KafkaSinkOptions {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers?: readonly string[];
  /** A ready kafkajs `Kafka` instance instead (SSL, SASL, your logger); it stays yours. */
  readonly kafka?: Kafka;
  /**
   * The producer's transactional id: stable per writer (the same after a restart), unique
   * among writers running at once. A writer that starts with an id fences any older one
   * still alive with it (its next transaction fails) and aborts that one's open transaction.
   */
  readonly transactionalId: string;
  /** Default topic of records that name none. */
  readonly topic?: string;
  /**
   * Codec of the record batches written: `gzip` (node:zlib), `snappy` (in the xerial framing
   * Kafka's Java clients write), `lz4` (LZ4 frames) or `zstd`; every Kafka client reads all four.
   * @defaultValue "none"
   */
  readonly compression?: KafkaCompression;
  /** How long the broker lets a transaction stay open before aborting it, in ms. @defaultValue 60000 */
  readonly transactionTimeoutMs?: number;
  /** Client id of the kafkajs client created from `brokers`. @defaultValue "sdfkit-sink" */
  readonly clientId?: string;
  /** kafkajs log entries at `logLevel` and above; absent: kafkajs logs nothing. */
  readonly onLog?: (entry: KafkaLogEntry) => void;
  /** The lowest level passed to `onLog`. @defaultValue "warn" */
  readonly logLevel?: KafkaLogLevel;
}

/**
 * Writes records to Kafka in transactions of an idempotent, transactional kafkajs producer,
 * each together with the source offsets it came from (`sendOffsets` for a consumer group), so
 * that output and progress commit atomically: a `read_committed` reader sees a transaction's
 * records exactly when the group's offsets moved past their inputs. A restarted writer with
 * the same `transactionalId` aborts what its predecessor left open.
 *
 * @example
 * ```ts
 * const sink = new KafkaSink({ brokers: ["localhost:9092"], transactionalId: "billing-0", topic: "invoices" });
 * await sink.connect();
 * await sink.writeTransaction([{ key: "c1", value: "…" }], "billing", [{ topic: "orders", partition: 0, offset: 42 }]);
 * await sink.close();
 * ```
 */
export class KafkaSink {
  readonly #kafka: Kafka;
  readonly #producer: Producer;
  readonly #options: KafkaSinkOptions;
  readonly #brokers: string;
  /** kafkajs's id of the codec batches are written with. */
  readonly #compression: number;
  #connected = false;
  /** A transaction begun and still empty (kafkajs begins one client-side; the broker hears of it at the first send). */
  #next: Transaction | undefined;
  #closed = false;
  /** Transactions committed by this sink. */
  transactions = 0;
  /** Records written in committed transactions. */
  records = 0;

  /**
   * @param options - where to write and the transactional id
   * @throws {@link InvalidOptionError} naming a bad option
   */
  constructor(options: KafkaSinkOptions) {
    if (typeof options !== "object" || options === null) throw new InvalidOptionError("Expected KafkaSink options to be an object with `brokers` (or `kafka`) and `transactionalId`.");
    const { brokers, kafka, transactionalId } = options;
    if ((brokers === undefined) === (kafka === undefined)) throw new InvalidOptionError("Expected exactly one of `brokers` and `kafka` in KafkaSink options.");
    if (brokers !== undefined && !(Array.isArray(brokers) && brokers.length > 0 && brokers.every((b) => typeof b === "string" && b !== ""))) {
      throw new InvalidOptionError(`Expected \`brokers\` to be a non-empty array of "host:port" strings, got ${JSON.stringify(brokers)}.`);
    }
    if (typeof transactionalId !== "string" || transactionalId === "") throw new InvalidOptionError(`Expected \`transactionalId\` to be a non-empty string, got ${JSON.stringify(transactionalId)}.`);
    const timeout = options.transactionTimeoutMs ?? 60_000;
    if (!Number.isSafeInteger(timeout) || timeout < 1000) throw new InvalidOptionError(`Expected \`transactionTimeoutMs\` to be an integer >= 1000, got ${String(timeout)}.`);
    const compression = options.compression ?? "none";
    if (!KAFKA_COMPRESSIONS.includes(compression)) throw new InvalidOptionError(`Expected \`compression\` to be one of ${KAFKA_COMPRESSIONS.join(", ")}, got ${JSON.stringify(compression)}.`);
    registerKafkaCodecs();
    this.#compression = compressionType(compression);
    this.#options = options;
    this.#brokers = describeBrokers(brokers);
    this.#kafka = kafka ?? new kafkajs.Kafka({ brokers: [...(brokers ?? [])], clientId: options.clientId ?? "sdfkit-sink", ...kafkaLogging(options.onLog, options.logLevel) });
    this.#producer = this.#kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: timeout,
      allowAutoTopicCreation: false,
      createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
    });
  }

  /**
   * Connects and registers the transactional id with the broker, which fences an older writer
   * with the same id and aborts its open transaction.
   * @throws {@link TransientIoError} when the brokers cannot be reached
   */
  async connect(): Promise<void> {
    if (this.#closed) throw new InvalidOptionError(`This KafkaSink (${this.#options.transactionalId}) is closed; create a new one.`);
    if (this.#connected) return;
    try {
      await this.#producer.connect();
      // kafkajs registers the transactional id (InitProducerId, which fences and aborts a
      // predecessor's transaction) only when the first transaction begins: begin it now.
      this.#next = await this.#producer.transaction();
    } catch (error) {
      throw this.#failure(error, "start the transactional producer");
    }
    this.#connected = true;
  }

  /**
   * Writes `records` and commits `offsets` for `consumerGroupId` in one transaction; on any
   * failure the transaction is aborted (nothing of it becomes visible) and the error thrown.
   * @param records - the records; each goes to its `topic` or the sink's
   * @param consumerGroupId - the group whose offsets move with the records
   * @param offsets - next offsets to read, per input partition
   * @throws {@link TransactionFencedError} when a newer writer took over the transactional id
   * @throws {@link TransientIoError} for broker failures (retry from the committed offsets)
   */
  async writeTransaction(records: readonly SinkRecord[], consumerGroupId: string, offsets: readonly CommitOffset[]): Promise<void> {
    if (!this.#connected) await this.connect();
    if (records.length === 0 && offsets.length === 0) return;
    const topicMessages = this.#byTopic(records);
    const transaction =
      this.#next ??
      (await this.#producer.transaction().catch((error: unknown) => {
        throw this.#failure(error, "begin a transaction");
      }));
    this.#next = undefined;
    try {
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, compression: this.#compression });
      if (offsets.length > 0) await transaction.sendOffsets({ consumerGroupId, topics: groupByTopic(offsets) });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw this.#failure(error, "commit a transaction");
    }
    this.transactions++;
    this.records += records.length;
  }

  /** Disconnects (an open transaction is aborted by the broker when a successor starts). Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#producer.disconnect().catch(() => undefined);
  }

  #byTopic(records: readonly SinkRecord[]): { topic: string; messages: Message[] }[] {
    const topics = new Map<string, Message[]>();
    for (const record of records) {
      const topic = record.topic ?? this.#options.topic;
      if (topic === undefined || topic === "") throw new InvalidOptionError("A record names no `topic` and the KafkaSink has no default `topic`: give one of them.");
      let messages = topics.get(topic);
      if (messages === undefined) topics.set(topic, (messages = []));
      messages.push({
        key: record.key ?? null,
        value: record.value,
        ...(record.partition === undefined ? {} : { partition: record.partition }),
        ...(record.headers === undefined ? {} : { headers: { ...record.headers } }),
        ...(record.timestamp === undefined ? {} : { timestamp: String(record.timestamp) }),
      });
    }
    return [...topics].map(([topic, messages]) => ({ topic, messages }));
  }

  #failure(error: unknown, action: string): Error {
    const input = `transactional id "${this.#options.transactionalId}"`;
    if (isFencing(error)) {
      return new TransactionFencedError(
        `Cannot ${action} for ${input}: another writer started with the same transactional id and fenced this one. ` +
          `Run one writer per transactional id; this one must stop (its open transaction was aborted, nothing of it is visible).`,
        { cause: error, context: { input } },
      );
    }
    return kafkaError(error, { action: `${action} for`, input, brokers: this.#brokers });
  }
}

function groupByTopic(offsets: readonly CommitOffset[]): { topic: string; partitions: { partition: number; offset: string }[] }[] {
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of offsets) {
    let partitions = topics.get(topic);
    if (partitions === undefined) topics.set(topic, (partitions = []));
    partitions.push({ partition, offset: String(offset) });
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}
