import type { RunProgress } from "./RunProgress.js";

/** Options of a {@link LocalRunner}; every field is optional. */
export interface LocalRunnerOptions {
  /** Work items processed at once. @defaultValue `os.availableParallelism()` */
  parallelism?: number;
  /** Split running work for idle workers. @defaultValue true */
  dynamicSplitting?: boolean;
  /** Checkpoint a running item after this many outputs. @defaultValue no bound (only the time bound) */
  checkpointAfterOutputs?: number;
  /** Checkpoint a running item this many ms after its first claim. @defaultValue 10000 (Beam's) */
  checkpointAfterMs?: number;
  /** Directory for durable checkpoints; a new run with the same directory resumes. */
  checkpointDir?: string;
  /** Cancels the run: teardown runs, the iterator rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Receives progress at least once a second and at the end. */
  onProgress?: (progress: RunProgress) => void;
  /** Outputs buffered before `ctx.output` applies backpressure. @defaultValue 4096 */
  outputBufferSize?: number;
  /**
   * Run each worker in its own thread, for CPU-bound sources. The source must implement
   * `moduleReference()` so each thread can load it. @defaultValue false
   */
  workerThreads?: boolean;
  /** Epoch-ms clock, for resume delays and finalization deadlines. @defaultValue Date.now */
  now?: () => number;
}
