/** What `LogSource` and `KafkaSource` output for each record. */
export interface LogMessage<K = Buffer | null, V = Buffer | null> {
  /** The topic. */
  readonly topic: string;
  /** The partition. */
  readonly partition: number;
  /** The record's offset in its partition. */
  readonly offset: number;
  /** The key, decoded as the source's `decode.key` says (a `Buffer` by default). */
  readonly key: K;
  /** The value, decoded as the source's `decode.value` says (a `Buffer` by default). */
  readonly value: V;
  /** The record's create or log-append time, epoch milliseconds; the output's event time unless the source reads in processing time. */
  readonly timestamp: number;
  /** Headers by name. */
  readonly headers: Readonly<Record<string, Buffer | undefined>>;
}
