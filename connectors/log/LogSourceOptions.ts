import type { Decoder } from "./decoders.js";
import type { PartitionedLog } from "./PartitionedLog.js";

/**
 * Where a read starts in each partition: the earliest stored offset, the latest, the first
 * record at or after a time, or the offsets a consumer group committed (`otherwise` for the
 * partitions it committed nothing for, default `"earliest"`).
 */
export type LogStart =
  | "earliest"
  | "latest"
  | { readonly timestamp: number }
  | { readonly committedBy: string; readonly otherwise?: "earliest" | "latest" };

/** Where a bounded read ends in each partition: the latest offsets when the read starts, or a time. */
export type LogEnd = "latest" | { readonly timestamp: number };

/** Options shared by `LogSource` and `KafkaSource`, all optional. */
export interface LogReadOptions<K = Buffer | null, V = Buffer | null> {
  /**
   * Where to start: the earliest stored offset, the latest (only new records), the first
   * record at or after a time, or where a consumer group's commits left off (`{ committedBy:
   * groupId }`, how `runExactlyOnce` resumes). @defaultValue "earliest"
   */
  readonly from?: LogStart;
  /** Where to stop; absent: read forever (an unbounded source). */
  readonly until?: LogEnd;
  /** Commit the next offsets for this consumer group after each bundle's outputs were delivered (and checkpointed). */
  readonly commitOffsets?: { readonly groupId: string };
  /**
   * Event time of the outputs and the watermark: the records' own timestamps (create or
   * log-append time; the watermark is the highest seen per partition, the minimum over
   * partitions), or processing time. @defaultValue "record"
   */
  readonly timestamps?: "record" | "processing";
  /**
   * A partition that has caught up holds the watermark back for at most this long: then its
   * watermark follows processing time minus this lag, as an idle Flink source or Beam's
   * KafkaIO does. @defaultValue 2000
   */
  readonly idleWatermarkLagMs?: number;
  /** Records asked for per fetch. @defaultValue 1000 */
  readonly maxRecordsPerFetch?: number;
  /** How long a fetch of a caught-up partition waits for new records. @defaultValue 100 */
  readonly fetchWaitMs?: number;
  /** Delay before reading a caught-up restriction again. @defaultValue 200 */
  readonly pollIntervalMs?: number;
  /** How often an unbounded read looks for new partitions. @defaultValue 5000 */
  readonly discoveryIntervalMs?: number;
  /** How keys are handed out. @defaultValue "buffer" */
  readonly decodeKey?: Decoder<K>;
  /** How values are handed out. @defaultValue "buffer" */
  readonly decodeValue?: Decoder<V>;
  /** The clock (tests). @defaultValue Date.now */
  readonly now?: () => number;
}

/** Options of `LogSource`: a {@link PartitionedLog} and how to read it. */
export interface LogSourceOptions<K = Buffer | null, V = Buffer | null> extends LogReadOptions<K, V> {
  /** The log to read. */
  readonly log: PartitionedLog;
}
