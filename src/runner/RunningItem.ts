import type { RunningWork } from "./Executor.js";
import type { WorkItem } from "./WorkItem.js";

/** A work item being processed, with the executor's handle once it exists. @internal */
export interface RunningItem<In, R, WS> {
  readonly item: WorkItem<In, R, WS>;
  /** The executor's handle; null until the item's tracker exists. */
  work: RunningWork<R, WS> | null;
  /**
   * What the item still owns: its restriction less the residuals the runner split off. Unlike
   * the tracker's current restriction, it keeps a self-checkpoint's residual that the invoker
   * holds until `processElement` returns, so a checkpoint taken meanwhile does not lose it.
   */
  owned: R;
}
