import type { LiveSplit } from "../sdf/invokeProcessElement.js";
import type { RunningItem } from "./RunningItem.js";
import type { WorkItem } from "./WorkItem.js";
import type { WorkPool } from "./WorkPool.js";

/**
 * Smallest remaining work (in progress units) worth splitting for an idle worker. Below 3, a
 * half split of an unstarted offset range gives the primary nothing (Beam's formula splits
 * `[a, a + 2)` at `a`), and the work would only move from worker to worker.
 */
const MIN_STEAL_WORK = 3;

/**
 * Queues a residual split off a running item.
 * @param parent - the item it was split from
 * @param split - the split, with the residual's watermark hold and estimator state
 * @param isResume - whether it is a checkpoint's residual (counts as a resume when it starts)
 * @internal
 */
export type ResidualSink<In, R, WS> = (parent: WorkItem<In, R, WS>, split: LiveSplit<R, WS>, isResume: boolean) => Promise<void>;

/**
 * Splits running work: the largest bounded item in half for an idle worker (dynamic
 * rebalancing), or every item at once for a drain. The running item keeps the primary; the
 * residual goes to the run's queue.
 * @internal
 */
export class Rebalancer<In, R, WS> {
  /** Residuals split off for idle workers. */
  private splits = 0;

  /**
   * @param pool - the run's work
   * @param isStopped - whether the run has stopped; a residual split off then stays with its item
   * @param queueResidual - queues a residual
   */
  constructor(
    private readonly pool: WorkPool<In, R, WS>,
    private readonly isStopped: () => boolean,
    private readonly queueResidual: ResidualSink<In, R, WS>,
  ) {}

  /** Residuals split off for idle workers so far. */
  get dynamicSplits(): number {
    return this.splits;
  }

  /**
   * Splits the running item with the most remaining work in half, for an idle worker.
   * @returns whether a residual was queued
   */
  async steal(): Promise<boolean> {
    const target = this.largestBounded();
    if (target === null) return false;
    const split = await target.work!.split(0.5);
    // After a failure the residual is not queued: the item keeps owning it, for the checkpoint.
    if (split === null || this.isStopped()) return false;
    target.owned = split.primary;
    this.splits++;
    await this.queueResidual(target.item, split, false);
    return true;
  }

  /** Checkpoints every running item (a split at 0), for a drain; residuals queue as resumes. */
  checkpointAll(): void {
    for (const running of this.pool.runningItems()) {
      void running.work?.split(0).then((split) => {
        if (split === null) return;
        running.owned = split.primary;
        void this.queueResidual(running.item, split, true);
      });
    }
  }

  /** The bounded running item with the most remaining work, if it is worth splitting. */
  private largestBounded(): RunningItem<In, R, WS> | null {
    let best: RunningItem<In, R, WS> | null = null;
    let bestRemaining = MIN_STEAL_WORK - 1;
    for (const running of this.pool.runningItems()) {
      const work = running.work;
      if (work === null || !work.isBounded()) continue;
      const remaining = work.progress()?.workRemaining ?? 0;
      if (Number.isFinite(remaining) && remaining > bestRemaining) {
        best = running;
        bestRemaining = remaining;
      }
    }
    return best;
  }
}
