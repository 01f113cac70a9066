/** One record of a partition of a Kafka-like log, as a {@link PartitionedLog} returns it. */
export interface LogRecord {
  /** Its offset in the partition; offsets increase but may have gaps (compaction, transaction markers). */
  readonly offset: number;
  /** Create or log-append time, epoch milliseconds. */
  readonly timestamp: number;
  /** The key, or null. */
  readonly key: Buffer | null;
  /** The value, or null (a tombstone). */
  readonly value: Buffer | null;
  /** Headers by name (the last value when a name repeats). */
  readonly headers: Readonly<Record<string, Buffer | undefined>>;
}
