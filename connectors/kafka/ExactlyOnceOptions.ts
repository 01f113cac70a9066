import type { Kafka } from "kafkajs";
import type { LogMessage } from "../log/LogMessage.js";
import type { LogEnd, LogReadOptions } from "../log/LogSourceOptions.js";
import type { SinkRecord } from "./KafkaSink.js";

/** What {@link runExactlyOnce} reports as it goes. */
export type ExactlyOnceEvent =
  | { readonly kind: "committed"; readonly records: number; readonly inputs: number; readonly totalInputs: number }
  | { readonly kind: "restarting"; readonly attempt: number; readonly error: Error; readonly delayMs: number }
  | { readonly kind: "recovered"; readonly attempt: number; readonly recoveredInMs: number };

/** One recovery of a {@link runExactlyOnce} pipeline. */
export interface ExactlyOnceRecovery {
  /** What failed (its message). */
  readonly error: string;
  /** From the failure to the first transaction committed after it, in ms. */
  readonly recoveredInMs: number;
}

/** What a finished {@link runExactlyOnce} did. */
export interface ExactlyOnceReport {
  /** Input records whose outputs were committed. */
  readonly inputs: number;
  /** Output records committed. */
  readonly outputs: number;
  /** Transactions committed. */
  readonly transactions: number;
  /** Restarts after retriable failures, with how long each recovery took. */
  readonly recoveries: readonly ExactlyOnceRecovery[];
}

/**
 * Options of {@link runExactlyOnce}: read `topics` (a KafkaSource resuming from `groupId`'s
 * committed offsets), map each message to output records with `transform`, write them with a
 * transactional `KafkaSink` together with the input offsets.
 */
export interface ExactlyOnceOptions<K, V> {
  /** Bootstrap brokers of both input and output, `host:port`. */
  readonly brokers?: readonly string[];
  /** A kafkajs `Kafka` instance instead of `brokers` (SSL, SASL). */
  readonly kafka?: Kafka;
  /** Input topics. */
  readonly topics: readonly string[];
  /** Consumer group whose committed offsets are the pipeline's progress: it starts from them and commits to them in each transaction. */
  readonly groupId: string;
  /** Where partitions the group never committed for start. @defaultValue "earliest" */
  readonly otherwise?: "earliest" | "latest";
  /** Stop at the latest offsets as of each start, or a time; absent: run until `signal` aborts. */
  readonly until?: LogEnd;
  /** How the input is read (decoders, watermarks, fetch sizes); `from` and `commitOffsets` are set by the pipeline. */
  readonly read?: Omit<LogReadOptions<K, V>, "from" | "until" | "commitOffsets">;
  /** Maps one input message to the records to write (none, one or many). Must be deterministic for exactly-once output. */
  readonly transform: (message: LogMessage<K, V>) => readonly SinkRecord[] | Promise<readonly SinkRecord[]>;
  /** Default output topic of records that name none. */
  readonly outputTopic?: string;
  /** Stable id of this pipeline's writer: the same after a restart (that fences the old process), one per pipeline instance. */
  readonly transactionalId: string;
  /** Commit a transaction after this many input records. @defaultValue 1000 */
  readonly commitEveryRecords?: number;
  /** …or this long after its first record, in ms. @defaultValue 100 */
  readonly commitEveryMs?: number;
  /** Partitions read at once. @defaultValue 4 */
  readonly parallelism?: number;
  /** Restarts after retriable failures before giving up (counted from the last committed transaction). @defaultValue 20 */
  readonly maxRestarts?: number;
  /** Delay before the first restart, doubling to at most 5 s. @defaultValue 250 */
  readonly restartDelayMs?: number;
  /** Stops an unbounded pipeline: what was read is committed, then it returns. */
  readonly signal?: AbortSignal;
  /** Progress, restarts and recoveries. */
  readonly onEvent?: (event: ExactlyOnceEvent) => void;
}
