import type { LogRecord } from "./LogRecord.js";

/** The offsets of one partition. */
export interface PartitionOffsets {
  /** The first offset still stored (after retention). */
  readonly earliest: number;
  /** The offset the next appended record will get (Kafka's high watermark, or last stable offset when reading committed). */
  readonly latest: number;
}

/** How much one {@link PartitionedLog.fetch} may return and wait. */
export interface FetchOptions {
  /** At most this many records. */
  readonly maxRecords: number;
  /** Wait up to this long for a first record before returning `[]`, in ms. */
  readonly maxWaitMs: number;
  /** Aborts the wait (the fetch then returns what it has, possibly `[]`). */
  readonly signal?: AbortSignal;
}

/** What one {@link PartitionedLog.fetch} returns. */
export interface FetchResult {
  /** Records at offsets `>=` the offset asked for, in offset order. */
  readonly records: readonly LogRecord[];
  /**
   * Where to fetch next: past the last record returned and past any offsets the log knows hold
   * nothing to read (transaction markers, aborted or compacted records, retention). It lets a
   * bounded read finish at an end offset that only a marker occupies.
   */
  readonly nextOffset: number;
}

/** A position to commit for a consumer group: the offset of the next record to read. */
export interface CommitOffset {
  /** The topic. */
  readonly topic: string;
  /** The partition. */
  readonly partition: number;
  /** The next offset to read (last delivered + 1), as Kafka commits it. */
  readonly offset: number;
}

/**
 * A Kafka-like partitioned log: what `LogSource` needs to read topics as splittable,
 * checkpointable offset ranges. Implement it to get a Kafka-grade unbounded reader for another
 * system; `MemoryLog` (in-process) and the kafkajs log behind `KafkaSource` are two.
 *
 * Errors are sdfkit's typed errors: an unknown topic is an `InputNotFoundError` naming it, a
 * broker that went away a `TransientIoError` (retriable), denied access an `InputAccessError`.
 */
export interface PartitionedLog {
  /** Scheme of the lineage names, `kafka` or `memory`: records read are reported as `<scheme>://topic/partition`. */
  readonly scheme: string;
  /**
   * The partitions of a topic, sorted (asked again from time to time to notice new ones).
   * @throws `InputNotFoundError` for an unknown topic
   */
  partitions(topic: string): Promise<number[]>;
  /**
   * Optional: a hint that these partitions of `topic` are about to be fetched, given before
   * their offsets are looked up. A log may start connecting meanwhile (`KafkaLog` starts their
   * consumers) so that the first fetch waits less. It must return at once and never throw;
   * what it prepares and nobody fetches it releases as it sees fit.
   */
  prepare?(topic: string, partitions: readonly number[]): void;
  /** The earliest and latest offsets of a partition. */
  offsets(topic: string, partition: number): Promise<PartitionOffsets>;
  /**
   * The first offset whose record timestamp is at or after `timestamp`; `latest` when none is.
   */
  offsetForTimestamp(topic: string, partition: number, timestamp: number): Promise<number>;
  /**
   * Records of one partition at offsets `>= offset`, in offset order, at most
   * `options.maxRecords`; none when none arrives within `options.maxWaitMs`. Offsets below the
   * earliest one stored are skipped (retention), never an error. `nextOffset` says where the
   * next fetch starts (see {@link FetchResult}); it never goes below `offset`.
   */
  fetch(topic: string, partition: number, offset: number, options: FetchOptions): Promise<FetchResult>;
  /** Commits, for a consumer group, the next offsets to read. */
  commit(groupId: string, offsets: readonly CommitOffset[]): Promise<void>;
  /**
   * Optional: the next offset to read that a consumer group committed for a partition, or
   * `null` when it committed none. Needed to read `from: { committedBy }` (how a pipeline
   * resumes where its committed output left off).
   */
  committedOffset?(groupId: string, topic: string, partition: number): Promise<number | null>;
  /** Releases connections; a closed log fails further calls. Safe to call twice. */
  close(): Promise<void>;
}
