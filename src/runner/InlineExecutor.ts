import { invokeProcessElement } from "../sdf/invokeProcessElement.js";
import type { SplittableDoFn } from "../sdf/SplittableDoFn.js";
import type { Executor, ProcessOptions } from "./Executor.js";
import type { WorkItem } from "./WorkItem.js";

/**
 * Runs work items as concurrent async calls on this thread: right for I/O-bound sources.
 * @internal
 */
export class InlineExecutor<In, Out, R, P, WS> implements Executor<In, Out, R, WS> {
  private started = false;

  constructor(private readonly sdf: SplittableDoFn<In, Out, R, P, WS>) {}

  async start(): Promise<void> {
    this.started = true;
    await this.sdf.setup?.();
  }

  process(item: WorkItem<In, R, WS>, options: ProcessOptions<Out, R, WS>) {
    return invokeProcessElement(this.sdf, item.element, item.restriction, item.watermarkState, {
      emit: options.emit,
      maxOutputs: options.maxOutputs,
      maxDurationMs: options.maxDurationMs,
      signal: options.signal,
      now: options.now,
      onStart: (running) =>
        options.onStart({
          progress: () => running.getProgress(),
          isBounded: () => running.isBounded(),
          watermark: () => running.currentWatermark(),
          split: async (fraction) => running.trySplit(fraction),
          currentRestriction: () => running.currentRestriction(),
        }),
    });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.sdf.teardown?.();
  }
}
