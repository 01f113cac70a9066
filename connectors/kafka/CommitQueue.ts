import type { CommitOffset } from "../log/PartitionedLog.js";

/**
 * Commits for one consumer group, one at a time, merging those that arrive while one runs.
 * Parallel bundles finalize at the same time, and one OffsetCommit for all of them is cheaper
 * than one each (and keeps a later offset from being overwritten by an earlier one). While
 * a commit runs, later calls are merged (per topic-partition, the offset of the latest call wins)
 * into the next single commit, and each call resolves once its offsets are committed.
 *
 * @example
 * ```ts
 * const queue = new CommitQueue((offsets) => commitGroupOffsets(kafka, admin, "billing", offsets));
 * await Promise.all([queue.commit([{ topic: "t", partition: 0, offset: 9 }]), queue.commit([{ topic: "t", partition: 1, offset: 4 }])]);
 * ```
 */
export class CommitQueue {
  /** Commits the offsets given, once. */
  readonly #run: (offsets: readonly CommitOffset[]) => Promise<void>;
  /** Offsets waiting for the next commit, by `topic/partition`. */
  #pending = new Map<string, CommitOffset>();
  /** Callers waiting for the next commit. */
  #waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  /** Whether a commit is running. */
  #running = false;

  /**
   * @param run - commits a set of offsets
   */
  constructor(run: (offsets: readonly CommitOffset[]) => Promise<void>) {
    this.#run = run;
  }

  /** Whether nothing is running or waiting (the queue may be dropped). */
  get idle(): boolean {
    return !this.#running && this.#pending.size === 0;
  }

  /**
   * Commits `offsets`, after the commit in progress, merged with other calls made meanwhile.
   * @param offsets - next offsets to read, per topic-partition
   * @returns when they are committed
   * @throws what the commit they went into threw
   */
  commit(offsets: readonly CommitOffset[]): Promise<void> {
    for (const offset of offsets) this.#pending.set(`${offset.topic}/${offset.partition}`, offset);
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    void this.#drain();
    return done;
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    while (this.#waiters.length > 0) {
      const offsets = [...this.#pending.values()];
      const waiters = this.#waiters;
      this.#pending = new Map();
      this.#waiters = [];
      try {
        await this.#run(offsets);
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.#running = false;
  }
}
