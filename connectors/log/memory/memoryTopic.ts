import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import { describeValue, expectDuration, expectInteger } from "./memoryArgs.js";
import { MemoryPartition, type MemoryRetention } from "./memoryPartition.js";
import { partitionForKey } from "./memoryPartitioner.js";

/** Kafka's legal topic names: ASCII letters, digits, `.`, `_`, `-`, at most 249 characters. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
/** Partitions one topic may have: far above any real use, low enough to fail fast on a typo. */
const MAX_PARTITIONS = 100_000;

/** Options of `MemoryLog.createTopic`. */
export interface MemoryTopicOptions {
  /** How long records are kept, checked at every append. @defaultValue forever */
  readonly retention?: MemoryRetention;
}

/**
 * A topic of a `MemoryLog`: its partitions and where records without a partition go.
 * @internal
 */
export class MemoryTopic {
  /** The topic name. */
  readonly name: string;
  /** Partition `i` at index `i`; only ever grows. */
  readonly #partitions: MemoryPartition[] = [];
  /** Next partition (modulo the count) for a record with neither a partition nor a key. */
  #roundRobin = 0;
  /** Given to every partition, including ones added later. */
  readonly #retention: MemoryRetention;
  /** The log's clock, for retention. */
  readonly #now: () => number;

  /**
   * @param name - a Kafka topic name
   * @param partitions - initial partition count, `>= 1`
   * @param options - retention
   * @param now - the log's clock
   * @throws {@link InvalidOptionError} for a bad name, count or retention
   */
  constructor(name: string, partitions: number, options: MemoryTopicOptions, now: () => number) {
    if (typeof name !== "string" || !TOPIC_NAME.test(name) || name === "." || name === "..") {
      throw new InvalidOptionError(`Expected a topic name of 1 to 249 letters, digits, ".", "_" or "-" (as Kafka allows), got ${describeValue(name)}`);
    }
    this.name = name;
    this.#retention = checkRetention(name, options?.retention);
    this.#now = now;
    expectInteger("partitions", partitions, 1, `memory://${name}`);
    this.addPartitions(partitions);
  }

  /** The number of partitions. */
  get partitionCount(): number {
    return this.#partitions.length;
  }

  /** The partitions, partition `i` at index `i`. */
  get partitions(): readonly MemoryPartition[] {
    return this.#partitions;
  }

  /**
   * Adds `count` empty partitions, numbered after the existing ones.
   * @throws {@link InvalidOptionError} for a count below 1 or a total above 100 000
   */
  addPartitions(count: number): void {
    expectInteger("count", count, 1, `memory://${this.name}`);
    const total = this.#partitions.length + count;
    if (total > MAX_PARTITIONS) {
      throw new InvalidOptionError(`Topic "${this.name}" would have ${total} partitions; a memory log allows at most ${MAX_PARTITIONS} per topic`, {
        context: { input: `memory://${this.name}` },
      });
    }
    for (let i = 0; i < count; i++) this.#partitions.push(new MemoryPartition(this.#retention, this.#now));
  }

  /** Partition `n`, or undefined if there is none. */
  partition(n: number): MemoryPartition | undefined {
    return this.#partitions[n];
  }

  /** Where a record without an explicit partition goes: by Kafka's key hash, round-robin for a null key. */
  choosePartition(key: Buffer | null): number {
    if (key !== null) return partitionForKey(key, this.#partitions.length);
    const partition = this.#roundRobin % this.#partitions.length;
    this.#roundRobin = (this.#roundRobin + 1) % this.#partitions.length;
    return partition;
  }
}

function checkRetention(topic: string, retention: MemoryRetention | undefined): MemoryRetention {
  if (retention === undefined) return {};
  if (typeof retention !== "object" || retention === null) {
    throw new InvalidOptionError(`Expected \`retention\` of topic "${topic}" to be { maxRecords?, maxAgeMs? }, got ${describeValue(retention)}`);
  }
  const { maxRecords, maxAgeMs } = retention;
  if (maxRecords !== undefined) expectInteger("retention.maxRecords", maxRecords, 1, `memory://${topic}`);
  if (maxAgeMs !== undefined) expectDuration("retention.maxAgeMs", maxAgeMs);
  return Object.freeze({ ...(maxRecords === undefined ? {} : { maxRecords }), ...(maxAgeMs === undefined ? {} : { maxAgeMs }) });
}
