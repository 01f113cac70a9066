import type { PartitionReader } from "./PartitionReader.js";

/** Partition readers of a `KafkaLog`, for tests and monitoring. */
export interface KafkaReaderStats {
  /** Readers (each with its own kafkajs cluster connection) created so far. */
  readonly created: number;
  /** Readers open now. */
  readonly open: number;
}

/** A pooled reader: fetches in progress on it and its idle timer. */
interface Pooled {
  readonly reader: PartitionReader;
  fetching: number;
  idle: NodeJS.Timeout | undefined;
}

/**
 * The partition readers of a `KafkaLog`, one per topic-partition, reused across fetches and
 * closed once none was used for `idleMs`.
 *
 * @example
 * ```ts
 * const reader = pool.acquire("events", 3, 1200);
 * try { await reader.fetch(1200, 500, 1000); } finally { pool.release("events", 3, reader); }
 * ```
 */
export class ReaderPool {
  /** Readers by `topic/partition`. */
  readonly #readers = new Map<string, Pooled>();
  /** Makes a reader starting at an offset (undefined: at its first fetch's). */
  readonly #create: (topic: string, partition: number, offset: number | undefined) => PartitionReader;
  /** Idle time after which a reader is closed, in ms. */
  readonly #idleMs: number;
  /** Readers created so far. */
  #created = 0;

  /**
   * @param create - makes a reader for a topic-partition, starting at an offset (undefined: at its first fetch's)
   * @param idleMs - a reader unused this long is closed
   */
  constructor(create: (topic: string, partition: number, offset: number | undefined) => PartitionReader, idleMs: number) {
    this.#create = create;
    this.#idleMs = idleMs;
  }

  /** Readers created so far and open now. */
  get stats(): KafkaReaderStats {
    return { created: this.#created, open: this.#readers.size };
  }

  /**
   * The reader of a topic-partition, made (starting at `offset`) when there is none. Pair with
   * {@link release}.
   * @param topic - the topic
   * @param partition - the partition
   * @param offset - where a new reader starts
   * @returns the reader
   */
  acquire(topic: string, partition: number, offset: number): PartitionReader {
    const key = `${topic}/${partition}`;
    const pooled = this.#readers.get(key);
    if (pooled !== undefined) {
      clearTimeout(pooled.idle);
      pooled.idle = undefined;
      pooled.fetching++;
      return pooled.reader;
    }
    const reader = this.#create(topic, partition, offset);
    this.#created++;
    this.#readers.set(key, { reader, fetching: 1, idle: undefined });
    return reader;
  }

  /**
   * Makes the reader of a topic-partition ahead of its first fetch, when there is none: it
   * starts where that fetch asks. Like a released reader, it is closed if unused for `idleMs`.
   * @param topic - the topic
   * @param partition - the partition
   */
  prepare(topic: string, partition: number): void {
    const key = `${topic}/${partition}`;
    if (this.#readers.has(key)) return;
    const reader = this.#create(topic, partition, undefined);
    this.#created++;
    this.#readers.set(key, { reader, fetching: 1, idle: undefined });
    this.release(topic, partition, reader);
  }

  /**
   * Ends a use of a reader; when the last one ends, its idle timer starts.
   * @param topic - the topic
   * @param partition - the partition
   * @param reader - what {@link acquire} gave
   */
  release(topic: string, partition: number, reader: PartitionReader): void {
    const pooled = this.#readers.get(`${topic}/${partition}`);
    if (pooled?.reader !== reader || --pooled.fetching > 0) return;
    clearTimeout(pooled.idle);
    pooled.idle = setTimeout(() => this.drop(topic, partition, reader), this.#idleMs);
    pooled.idle.unref();
  }

  /**
   * Removes a reader (idle, or failed) and closes it in the background.
   * @param topic - the topic
   * @param partition - the partition
   * @param reader - the reader to remove (nothing happens if another one replaced it)
   */
  drop(topic: string, partition: number, reader: PartitionReader): void {
    const key = `${topic}/${partition}`;
    const pooled = this.#readers.get(key);
    if (pooled?.reader !== reader) return;
    clearTimeout(pooled.idle);
    this.#readers.delete(key);
    void reader.close();
  }

  /** Closes every reader. */
  async close(): Promise<void> {
    const readers = [...this.#readers.values()];
    this.#readers.clear();
    for (const { idle } of readers) clearTimeout(idle);
    await Promise.all(readers.map(({ reader }) => reader.close()));
  }
}
