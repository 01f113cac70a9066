import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import { describeValue, expectInteger } from "./memoryArgs.js";
import type { MemoryPartition } from "./memoryPartition.js";
import { MemoryTopic, type MemoryTopicOptions } from "./memoryTopic.js";

/**
 * The topics of a `MemoryLog` by name, and the lookups of a topic or partition that fail
 * naming what exists and how to create what is missing.
 * @internal
 */
export class MemoryTopics {
  /** Topics by name, in creation order. */
  readonly #topics = new Map<string, MemoryTopic>();
  /** The log's clock, handed to each topic for retention. */
  readonly #now: () => number;

  /** @param now - the log's clock, for retention */
  constructor(now: () => number) {
    this.#now = now;
  }

  /**
   * Creates a topic with partitions `0 .. partitions - 1`.
   * @throws {@link InvalidOptionError} for an existing topic, a bad name, count or retention
   */
  create(topic: string, partitions: number, options: MemoryTopicOptions): void {
    if (this.#topics.has(topic)) {
      throw new InvalidOptionError(`Topic "${topic}" already exists in this memory log (with ${this.#topics.get(topic)?.partitionCount} partitions); use addPartitions to grow it`, {
        context: { input: `memory://${topic}` },
      });
    }
    this.#topics.set(topic, new MemoryTopic(topic, partitions, options, this.#now));
  }

  /** The topic names, sorted. */
  names(): string[] {
    return [...this.#topics.keys()].sort();
  }

  /** Every partition of every topic. */
  *partitions(): Iterable<MemoryPartition> {
    for (const topic of this.#topics.values()) yield* topic.partitions;
  }

  /**
   * The topic named `topic`.
   * @throws {@link InputNotFoundError} naming the topic and the known topics, for an unknown topic
   */
  topic(topic: string): MemoryTopic {
    const found = this.#topics.get(topic);
    if (found !== undefined) return found;
    const known = this.names();
    const list = known.length === 0 ? "none yet" : known.map((name) => `"${name}"`).join(", ");
    throw new InputNotFoundError(`Unknown topic ${describeValue(topic)} in the memory log; known topics: ${list}. Create it with createTopic(name, partitions)`, {
      context: { input: `memory://${String(topic)}` },
    });
  }

  /**
   * Partition `partition` of `topic`.
   * @throws {@link InputNotFoundError} for an unknown topic or partition
   * @throws {@link InvalidOptionError} for a partition number that is not a safe integer `>= 0`
   */
  partition(topic: string, partition: number): MemoryPartition {
    const found = this.topic(topic);
    expectInteger("partition", partition, 0, `memory://${topic}`);
    const result = found.partition(partition);
    if (result !== undefined) return result;
    throw new InputNotFoundError(
      `Partition ${topic}/${partition} does not exist: topic "${topic}" has partitions 0 to ${found.partitionCount - 1}; add some with addPartitions`,
      { context: { input: `memory://${topic}/${partition}` } },
    );
  }
}
