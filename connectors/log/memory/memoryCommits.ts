import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import { describeValue } from "./memoryArgs.js";
import type { CommitOffset } from "../PartitionedLog.js";

/** One `commit` call a `MemoryLog` received, for tests. */
export interface MemoryLogCommit {
  /** The consumer group. */
  readonly groupId: string;
  /** The offsets committed, as given. */
  readonly offsets: readonly CommitOffset[];
}

/**
 * The consumer-group offsets committed to a `MemoryLog`, and the history of commit calls.
 * @internal
 */
export class MemoryCommits {
  /** Group → `topic/partition` → the next offset to read. */
  readonly #latest = new Map<string, Map<string, number>>();
  /** Every commit, in order, frozen. */
  readonly #history: MemoryLogCommit[] = [];

  /**
   * Records one commit call.
   *
   * @param groupId - the consumer group
   * @param offsets - offsets already validated against the log
   * @throws {@link InvalidOptionError} for an empty group id
   */
  record(groupId: string, offsets: readonly CommitOffset[]): void {
    if (typeof groupId !== "string" || groupId === "") throw new InvalidOptionError(`Expected \`groupId\` to be a non-empty string, got ${describeValue(groupId)}`);
    const copied = Object.freeze(offsets.map(({ topic, partition, offset }) => Object.freeze({ topic, partition, offset })));
    let group = this.#latest.get(groupId);
    if (group === undefined) this.#latest.set(groupId, (group = new Map()));
    for (const { topic, partition, offset } of copied) group.set(`${topic}/${partition}`, offset);
    this.#history.push(Object.freeze({ groupId, offsets: copied }));
  }

  /** The offset last committed by a group for a partition, if any. */
  committed(groupId: string, topic: string, partition: number): number | undefined {
    return this.#latest.get(groupId)?.get(`${topic}/${partition}`);
  }

  /** Every commit, in order. */
  get history(): readonly MemoryLogCommit[] {
    return this.#history.slice();
  }
}
