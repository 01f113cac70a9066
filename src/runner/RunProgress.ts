/**
 * A snapshot of a run, passed to `onProgress` at least once a second and once at the end.
 * Counters only grow; `watermark` never decreases.
 */
export interface RunProgress {
  /** Records output so far. */
  records: number;
  /** Work items (bundles) finished. */
  workItemsDone: number;
  /** Work items queued, waiting to resume, or running. */
  workItemsPending: number;
  /** Restrictions produced by `splitRestriction`. */
  initialSplits: number;
  /** Residuals split off running work for idle workers. */
  dynamicSplits: number;
  /** Checkpoints taken (by the runner's bounds or by `resume()`), each leaving a residual. */
  checkpoints: number;
  /** Residuals of checkpoints that started processing again. */
  resumes: number;
  /** The run's output watermark, epoch ms: the minimum hold of pending work. */
  watermark: number;
  /** Σ `getSize` of pending work (bytes, records: the source's unit). */
  backlog: number;
  /** Lineage: fully qualified names of what was read. */
  sources: string[];
}
