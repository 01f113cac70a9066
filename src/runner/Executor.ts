import type { Progress } from "../restrictions/RestrictionTracker.js";
import type { InvokeResult, LiveSplit } from "../sdf/invokeProcessElement.js";
import type { WorkItem } from "./WorkItem.js";

/** The runner's view of an item being processed, wherever it runs. @internal */
export interface RunningWork<R, WS> {
  /** Latest known progress; null before the tracker exists. */
  progress(): Progress | null;
  isBounded(): boolean;
  /** Latest known watermark of the item; null before the estimator exists. */
  watermark(): number | null;
  /** Splits the unclaimed remainder. */
  split(fraction: number): Promise<LiveSplit<R, WS> | null>;
  /** The item's restriction now (the primary after splits), for checkpoints. */
  currentRestriction(): R | null;
}

/** Per-item settings passed to an executor. @internal */
export interface ProcessOptions<Out, R, WS> {
  emit(value: Out): void | Promise<void>;
  /** Emits a batch of values at once. */
  emitMany(values: readonly Out[]): void | Promise<void>;
  maxOutputs: number;
  maxDurationMs: number;
  signal: AbortSignal;
  now: () => number;
  onStart(running: RunningWork<R, WS>): void;
}

/** Runs work items: on this thread, or on worker threads. @internal */
export interface Executor<In, Out, R, WS> {
  /** Calls `setup()`. */
  start(): Promise<void>;
  process(item: WorkItem<In, R, WS>, options: ProcessOptions<Out, R, WS>): Promise<InvokeResult<R, WS>>;
  /** Calls `teardown()`; safe to call after a failed start. */
  stop(): Promise<void>;
}
