import type { RunningItem } from "./RunningItem.js";
import type { WorkItem } from "./WorkItem.js";

/** A work item before it is queued: the pool assigns its `id`. @internal */
export type NewWorkItem<In, R, WS> = Omit<WorkItem<In, R, WS>, "id">;

/** How long an idle worker sleeps while running work may become splittable. */
const SPLITTABLE_POLL_MS = 20;

/**
 * The work items of one run: those queued, in arrival order, and those running. A queued item
 * waits for its `notBefore` (a resume delay); items queued later may overtake it meanwhile.
 * @internal
 */
export class WorkPool<In, R, WS> {
  /** Items no worker has taken yet, oldest first. */
  private readonly queued: WorkItem<In, R, WS>[] = [];
  /** Items a worker is processing. */
  private readonly running = new Set<RunningItem<In, R, WS>>();
  /** Id of the next item added; ids are never reused within a run. */
  private nextId = 0;

  /** Items queued, not yet taken by a worker. */
  get queuedCount(): number {
    return this.queued.length;
  }

  /** Items being processed. */
  get runningCount(): number {
    return this.running.size;
  }

  /** Whether no item is queued or running. */
  get isEmpty(): boolean {
    return this.queued.length === 0 && this.running.size === 0;
  }

  /** The queued items, oldest first. */
  queuedItems(): readonly WorkItem<In, R, WS>[] {
    return this.queued;
  }

  /** The items being processed. */
  runningItems(): ReadonlySet<RunningItem<In, R, WS>> {
    return this.running;
  }

  /**
   * Queues a new item.
   * @param fields - the item without its id
   * @returns the queued item, with its id
   */
  add(fields: NewWorkItem<In, R, WS>): WorkItem<In, R, WS> {
    const item: WorkItem<In, R, WS> = { id: this.nextId++, ...fields };
    this.queued.push(item);
    return item;
  }

  /**
   * Takes the oldest queued item whose resume delay has passed.
   * @param now - epoch ms
   * @returns the item, or `null` when none is ready
   */
  takeReady(now: number): WorkItem<In, R, WS> | null {
    const index = this.queued.findIndex((item) => item.notBefore <= now);
    if (index < 0) return null;
    const [item] = this.queued.splice(index, 1);
    return item!;
  }

  /**
   * Marks a taken item as running.
   * @param item - the item a worker took
   * @returns its running entry, which receives the executor's handle
   */
  start(item: WorkItem<In, R, WS>): RunningItem<In, R, WS> {
    const running: RunningItem<In, R, WS> = { item, work: null, owned: item.restriction };
    this.running.add(running);
    return running;
  }

  /** Marks a running item as no longer running (finished or failed). */
  finish(running: RunningItem<In, R, WS>): void {
    this.running.delete(running);
  }

  /**
   * How long an idle worker sleeps: until the next delayed item, or briefly while running work
   * may become splittable.
   * @param now - epoch ms
   * @param dynamicSplitting - whether idle workers split running work
   * @returns milliseconds; `Infinity` to wait for the next change
   */
  idleWaitMs(now: number, dynamicSplitting: boolean): number {
    let wait = Infinity;
    for (const item of this.queued) wait = Math.min(wait, item.notBefore - now);
    if (dynamicSplitting) {
      for (const running of this.running) {
        if (running.work === null || running.work.isBounded()) wait = Math.min(wait, SPLITTABLE_POLL_MS);
      }
    }
    return wait;
  }

  /**
   * Truncates every queued item's restriction, newest first, for a drain.
   * @param truncate - the item's truncated restriction, or `null` to drop the item
   * @param onDropped - told of each dropped item, as it is dropped
   */
  truncateQueued(truncate: (item: WorkItem<In, R, WS>) => R | null, onDropped: (item: WorkItem<In, R, WS>) => void): void {
    for (let i = this.queued.length - 1; i >= 0; i--) {
      const item = this.queued[i]!;
      const truncated = truncate(item);
      if (truncated === null) {
        this.queued.splice(i, 1);
        onDropped(item);
      } else {
        item.restriction = truncated;
      }
    }
  }
}
