import type { RunningItem } from "./RunningItem.js";
import type { WorkItem } from "./WorkItem.js";

/** An item whose outputs are not all consumed yet. */
interface Unconsumed<In, R, WS> {
  readonly item: WorkItem<In, R, WS>;
  running: RunningItem<In, R, WS> | null;
  /** Set when processing ended: its restriction then, and its last output's sequence number. */
  finished: { restriction: R; upTo: number } | null;
}

/**
 * What a checkpoint must keep: every item whose outputs the consumer has not all taken, with
 * the restriction it owns now. An item leaves once it has finished and its last output was
 * consumed.
 * @internal
 */
export class UnconsumedItems<In, R, WS> {
  /** Entries by item id, in the order the items were queued. */
  private readonly entries = new Map<number, Unconsumed<In, R, WS>>();

  /** Adds a newly queued item. */
  add(item: WorkItem<In, R, WS>): void {
    this.entries.set(item.id, { item, running: null, finished: null });
  }

  /** Forgets an item dropped before it ran (a drain truncated it to nothing). */
  remove(id: number): void {
    this.entries.delete(id);
  }

  /** Records that an item runs: until it finishes, it owns `running.owned`. */
  started(running: RunningItem<In, R, WS>): void {
    const entry = this.entries.get(running.item.id);
    if (entry) entry.running = running;
  }

  /**
   * Records that an item's processing ended.
   * @param running - its running entry, whose handle tells the restriction it ended with
   * @param upTo - sequence number of its last output; `Infinity` to keep it until the run ends
   */
  finished(running: RunningItem<In, R, WS>, upTo: number): void {
    const entry = this.entries.get(running.item.id);
    if (!entry) return;
    entry.running = null;
    entry.finished = { restriction: running.work?.currentRestriction() ?? running.item.restriction, upTo };
  }

  /**
   * Forgets the finished items whose outputs are all consumed.
   * @param consumed - outputs the consumer has taken
   * @returns whether any item was forgotten
   */
  releaseConsumed(consumed: number): boolean {
    let removed = false;
    for (const [id, entry] of this.entries) {
      if (entry.finished !== null && entry.finished.upTo <= consumed) {
        this.entries.delete(id);
        removed = true;
      }
    }
    return removed;
  }

  /** Each kept item with the restriction it owns now, in the order they were queued. */
  *owned(): Generator<{ readonly item: WorkItem<In, R, WS>; readonly restriction: R }> {
    for (const entry of this.entries.values()) {
      yield { item: entry.item, restriction: entry.finished?.restriction ?? entry.running?.owned ?? entry.item.restriction };
    }
  }
}
