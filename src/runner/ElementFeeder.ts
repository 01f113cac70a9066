import { WorkItemFailedError } from "../errors/WorkItemFailedError.js";
import type { SplittableDoFn } from "../sdf/SplittableDoFn.js";
import type { CheckpointCoordinator } from "./CheckpointCoordinator.js";
import type { CheckpointSnapshot } from "./CheckpointStore.js";
import type { Wakeup } from "./Wakeup.js";
import type { NewWorkItem } from "./WorkPool.js";

/** Elements expanded ahead of the workers, per worker. */
const ELEMENTS_AHEAD_PER_WORKER = 2;

/** What an {@link ElementFeeder} needs of the run it feeds. @internal */
export interface FeedTarget<In, R, WS> {
  /** Whether the run has stopped (failed or cancelled): feeding ends. */
  isStopped(): boolean;
  /** Whether the run drains: new restrictions are truncated first. */
  isDraining(): boolean;
  /** Items queued and not yet taken by a worker. */
  queuedCount(): number;
  /** Queues a new work item. */
  enqueue(item: NewWorkItem<In, R, WS>): void;
}

/**
 * Reads a run's input lazily and queues its work: each element is expanded
 * (`initialRestriction` → `splitRestriction` → `getSize`) while fewer than two items per worker
 * wait. On a resume, the checkpoint's items are queued again once the input's first elements
 * proved to be the ones it was written for.
 * @internal
 */
export class ElementFeeder<In, Out, R, P, WS> {
  /** Lineage: `lineage()` of every element read. */
  private readonly lineage = new Set<string>();
  /** Queued items at which reading pauses until a worker takes one. */
  private readonly maxQueued: number;
  /** Restrictions produced by `splitRestriction`. */
  private splits = 0;
  /** Elements expanded or restored so far: what a checkpoint covers. */
  private expanded = 0;
  /** Set once the input ended and every element is expanded. */
  private done = false;

  /**
   * @param sdf - the source
   * @param elements - its input
   * @param run - the run fed
   * @param wakeup - woken when the input ends; wakes the feeder when a worker takes an item
   * @param checkpoints - the run's checkpoint, if any
   * @param parallelism - workers in the run
   */
  constructor(
    private readonly sdf: SplittableDoFn<In, Out, R, P, WS>,
    private readonly elements: Iterable<In> | AsyncIterable<In>,
    private readonly run: FeedTarget<In, R, WS>,
    private readonly wakeup: Wakeup,
    private readonly checkpoints: CheckpointCoordinator<In, R, WS> | null,
    parallelism: number,
  ) {
    this.maxQueued = parallelism * ELEMENTS_AHEAD_PER_WORKER;
  }

  /** Fully qualified names of what was read. */
  get sources(): ReadonlySet<string> {
    return this.lineage;
  }

  /** Restrictions produced by `splitRestriction` so far. */
  get initialSplits(): number {
    return this.splits;
  }

  /** Elements expanded (or restored) so far. */
  get elementsExpanded(): number {
    return this.expanded;
  }

  /** Whether the input ended and every element is expanded. */
  get isDone(): boolean {
    return this.done;
  }

  /**
   * Reads the whole input, queuing its work.
   * @param restored - the checkpoint to resume from, or `null`
   * @throws {@link WorkItemFailedError} when expanding an element fails; {@link CheckpointError}
   *   when the input does not match the checkpoint
   */
  async feed(restored: CheckpointSnapshot | null): Promise<void> {
    let index = 0;
    const toRestore: In[] = [];
    for await (const element of this.elements) {
      if (this.run.isStopped()) return;
      this.checkpoints?.recordElement(element);
      if (restored !== null && index < restored.elementsConsumed) {
        toRestore.push(element);
        if (toRestore.length === restored.elementsConsumed) this.restore(restored, toRestore);
      } else {
        await this.expand(element, index);
      }
      index++;
      this.expanded = index;
      while (this.run.queuedCount() >= this.maxQueued && !this.run.isStopped()) await this.wakeup.wait();
    }
    if (restored !== null && index < restored.elementsConsumed) throw this.checkpoints!.inputTooShort(restored, index);
    this.done = true;
    this.wakeup.notifyAll();
  }

  private async expand(element: In, elementIndex: number): Promise<void> {
    this.lineage.add(this.sdf.lineage(element));
    let initial: R | undefined;
    try {
      initial = await this.sdf.initialRestriction(element);
      const pieces = await this.sdf.splitRestriction(element, initial);
      this.splits += pieces.length;
      for (const restriction of pieces) {
        const state = this.sdf.initialWatermarkState(element, restriction);
        const hold = this.sdf.newWatermarkEstimator(state).currentWatermark();
        const size = await this.sdf.getSize(element, restriction);
        const truncated = this.run.isDraining() ? this.sdf.truncateRestriction(element, restriction) : restriction;
        if (truncated === null) continue;
        this.run.enqueue({ elementIndex, element, restriction: truncated, watermarkState: state, hold, notBefore: 0, size, isResume: false });
      }
    } catch (error) {
      throw new WorkItemFailedError(element, initial ?? "(initial restriction)", error);
    }
  }

  /** Queues the checkpoint's items again once the input's first elements proved to be the same. */
  private restore(snapshot: CheckpointSnapshot, elements: readonly In[]): void {
    const checkpoints = this.checkpoints!;
    checkpoints.verifyFingerprint(snapshot);
    for (const element of elements) this.lineage.add(this.sdf.lineage(element));
    for (const item of checkpoints.restoredItems(snapshot, elements)) this.run.enqueue(item);
  }
}
