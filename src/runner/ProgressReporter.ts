import type { RunProgress } from "./RunProgress.js";
import type { WorkPool } from "./WorkPool.js";

const PROGRESS_INTERVAL_MS = 1_000;

/**
 * Sends a run's progress to `onProgress`: once a second while the run goes on, and when asked.
 * Progress is measured only when there is someone to tell.
 * @internal
 */
export class ProgressReporter {
  /**
   * @param onProgress - the user's callback, if any
   * @param measure - the run's progress now
   */
  constructor(
    private readonly onProgress: ((progress: RunProgress) => void) | undefined,
    private readonly measure: () => RunProgress,
  ) {}

  /**
   * Starts the once-a-second reports (an unref'd timer; none without `onProgress`).
   * @returns a function that stops them
   */
  start(): () => void {
    if (!this.onProgress) return () => undefined;
    const ticker = setInterval(() => this.report(), PROGRESS_INTERVAL_MS);
    ticker.unref();
    return () => clearInterval(ticker);
  }

  /** Reports the progress now. */
  report(): void {
    this.onProgress?.(this.measure());
  }
}

/**
 * Σ `getSize` of a run's pending work: queued items by their size, running ones by their
 * tracker's remaining work (or their size before it exists); infinite remainders left out.
 * @param pool - the run's work
 * @returns the backlog, in the source's unit
 */
export function backlogOf<In, R, WS>(pool: WorkPool<In, R, WS>): number {
  let backlog = 0;
  for (const item of pool.queuedItems()) backlog += item.size;
  for (const running of pool.runningItems()) {
    const remaining = running.work?.progress()?.workRemaining ?? running.item.size;
    if (Number.isFinite(remaining)) backlog += remaining;
  }
  return backlog;
}
