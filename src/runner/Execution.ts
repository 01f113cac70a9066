import { WorkItemFailedError } from "../errors/WorkItemFailedError.js";
import type { InvokeResult } from "../sdf/invokeProcessElement.js";
import type { SplittableDoFn } from "../sdf/SplittableDoFn.js";
import { CheckpointCoordinator } from "./CheckpointCoordinator.js";
import { ElementFeeder } from "./ElementFeeder.js";
import type { ExecutionSettings } from "./ExecutionSettings.js";
import type { Executor } from "./Executor.js";
import { Finalizations } from "./Finalizations.js";
import { OutputChannel } from "./OutputChannel.js";
import { OutputWatermark } from "./OutputWatermark.js";
import { backlogOf, ProgressReporter } from "./ProgressReporter.js";
import { Rebalancer } from "./Rebalancer.js";
import type { RunProgress } from "./RunProgress.js";
import { UnconsumedItems } from "./UnconsumedItems.js";
import { Wakeup } from "./Wakeup.js";
import type { WorkItem } from "./WorkItem.js";
import { WorkPool, type NewWorkItem } from "./WorkPool.js";

/**
 * One run of a source over its elements. The feeder expands elements into the pool,
 * `parallelism` workers process the pool's items, idle workers rebalance, and the run tracks
 * the watermark, writes checkpoints, runs bundle finalization and reports progress. Outputs go
 * to an {@link OutputChannel}.
 * @internal
 */
export class Execution<In, Out, R, P, WS> {
  readonly channel: OutputChannel<Out>;
  private readonly pool = new WorkPool<In, R, WS>();
  private readonly unconsumed = new UnconsumedItems<In, R, WS>();
  private readonly wakeup = new Wakeup();
  private readonly abort = new AbortController();
  private readonly watermark = new OutputWatermark();
  private readonly finalizations: Finalizations;
  private readonly checkpoints: CheckpointCoordinator<In, R, WS> | null;
  private readonly feeder: ElementFeeder<In, Out, R, P, WS>;
  private readonly rebalancer: Rebalancer<In, R, WS>;
  private readonly reporter: ProgressReporter;
  private readonly counters = { workItemsDone: 0, checkpoints: 0, resumes: 0 };
  private draining = false;
  /** The error that stopped the run; set once. */
  private failure: unknown = null;
  /** Outputs the consumer has taken so far. */
  private consumedSoFar = 0;

  constructor(
    private readonly sdf: SplittableDoFn<In, Out, R, P, WS>,
    elements: Iterable<In> | AsyncIterable<In>,
    private readonly executor: Executor<In, Out, R, WS>,
    private readonly settings: ExecutionSettings,
  ) {
    this.finalizations = new Finalizations(settings.now, (message) => console.warn(message));
    this.checkpoints =
      settings.checkpointDir === undefined
        ? null
        : new CheckpointCoordinator(settings.checkpointDir, sdf.constructor.name, sdf.restrictionCoder(), {
            unconsumed: this.unconsumed,
            finalizations: this.finalizations,
            elementsConsumed: () => this.feeder.elementsExpanded,
            outputsConsumed: () => this.consumedSoFar,
            fail: (error) => this.fail(error),
          });
    this.channel = new OutputChannel<Out>(settings.outputBufferSize, (consumed) => this.outputsConsumed(consumed));
    const run = {
      isStopped: () => this.failure !== null,
      isDraining: () => this.draining,
      queuedCount: () => this.pool.queuedCount,
      enqueue: (item: NewWorkItem<In, R, WS>) => this.enqueue(item),
    };
    this.feeder = new ElementFeeder(sdf, elements, run, this.wakeup, this.checkpoints, settings.parallelism);
    this.rebalancer = new Rebalancer(this.pool, run.isStopped, (parent, split, isResume) =>
      this.enqueueResidual(parent, split.residual, split.estimatorState, split.watermark, 0, isResume),
    );
    this.reporter = new ProgressReporter(settings.onProgress, () => this.progress());
  }

  /** Starts the work; resolves when every output is in the channel (then closed) or the run failed. */
  async execute(): Promise<void> {
    const signal = this.settings.signal;
    const onAbort = (): void => this.fail(signal?.reason ?? new DOMException("The run was aborted", "AbortError"));
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const stopReports = this.reporter.start();
    let started = false;
    try {
      if (this.failure === null) {
        await this.executor.start();
        started = true;
        const restored = (await this.checkpoints?.open()) ?? null;
        const feeding = this.feeder.feed(restored).catch((error: unknown) => this.fail(error));
        await Promise.all(Array.from({ length: this.settings.parallelism }, () => this.workerLoop()));
        await feeding;
      }
    } catch (error) {
      this.fail(error);
    } finally {
      signal?.removeEventListener("abort", onAbort);
      stopReports();
      if (started || this.failure !== null) await this.executor.stop().catch((error: unknown) => this.fail(error));
      this.channel.close();
    }
  }

  /** Called after the consumer has taken every output: final checkpoint handling and finalization. */
  async finish(): Promise<void> {
    this.channel.markConsumed();
    if (this.checkpoints !== null) {
      await this.checkpoints.flush();
      if (this.failure === null) await this.checkpoints.remove();
    } else {
      // With a checkpoint, only a successful write commits (CheckpointCoordinator): when the
      // last write failed, bundles it would have covered must not be finalized.
      this.finalizations.commit();
    }
    await this.finalizations.settled();
    this.reporter.report();
    if (this.failure !== null) throw this.failure;
  }

  /** Stops the run early (the consumer went away); a checkpoint, if any, is kept for a resume. */
  cancel(): void {
    this.fail(new DOMException("The consumer stopped reading", "AbortError"));
  }

  /** The error that stopped the run, if any. */
  get error(): unknown {
    return this.failure;
  }

  /** Truncates all work: bounded restrictions finish, unbounded ones stop. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    this.pool.truncateQueued(
      (item) => this.sdf.truncateRestriction(item.element, item.restriction),
      (item) => this.unconsumed.remove(item.id),
    );
    this.rebalancer.checkpointAll();
    this.wakeup.notifyAll();
  }

  /** The current progress snapshot. */
  progress(): RunProgress {
    const backlog = backlogOf(this.pool);
    return {
      records: this.channel.pushedCount,
      workItemsDone: this.counters.workItemsDone,
      workItemsPending: this.pool.queuedCount + this.pool.runningCount,
      initialSplits: this.feeder.initialSplits,
      dynamicSplits: this.rebalancer.dynamicSplits,
      checkpoints: this.counters.checkpoints,
      resumes: this.counters.resumes,
      watermark: this.advanceWatermark(),
      backlog,
      sources: [...this.feeder.sources],
    };
  }

  private async workerLoop(): Promise<void> {
    while (this.failure === null) {
      const item = this.pool.takeReady(this.settings.now());
      if (item !== null) {
        this.wakeup.notifyAll(); // room for the feeder
        await this.process(item);
        // A turn of the event loop between items lets checkpoint writes, timers and thread
        // messages through, even when the source itself never yields.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      if (this.feeder.isDone && this.pool.isEmpty) {
        this.wakeup.notifyAll();
        return;
      }
      if (this.settings.dynamicSplitting && (await this.rebalancer.steal())) continue;
      await this.wakeup.wait(this.pool.idleWaitMs(this.settings.now(), this.settings.dynamicSplitting));
    }
  }

  private async process(item: WorkItem<In, R, WS>): Promise<void> {
    const running = this.pool.start(item);
    this.unconsumed.started(running);
    if (item.isResume) this.counters.resumes++;
    let result: InvokeResult<R, WS>;
    try {
      result = await this.executor.process(item, {
        emit: (value) => this.channel.push(value),
        emitMany: (values) => this.channel.pushMany(values),
        maxOutputs: this.settings.maxOutputs,
        maxDurationMs: this.settings.maxDurationMs,
        signal: this.abort.signal,
        now: this.settings.now,
        onStart: (work) => (running.work = work),
      });
    } catch (error) {
      this.pool.finish(running);
      if (this.failure === null) {
        const restriction = running.work?.currentRestriction() ?? item.restriction;
        this.fail(new WorkItemFailedError(item.element, restriction, error));
      }
      return;
    }
    this.pool.finish(running);
    // After a failure or abort, outputs are no longer delivered: keep the whole item for a resume.
    const upTo = this.failure === null ? this.channel.pushedCount : Infinity;
    this.unconsumed.finished(running, upTo);
    this.counters.workItemsDone++;
    if (result.residual !== null) {
      this.counters.checkpoints++;
      const delay = result.continuation.shouldResume ? result.continuation.resumeDelayMs : 0;
      await this.enqueueResidual(item, result.residual, result.estimatorState, result.watermark, delay, true);
    }
    // Registered in the same step as the finished item leaves `unconsumed`: a checkpoint that
    // still holds the item must not be the one that commits its finalizations.
    this.finalizations.register(result.finalizations, upTo);
    this.advanceWatermark();
    this.outputsConsumed(this.consumedSoFar);
    this.wakeup.notifyAll();
  }

  private async enqueueResidual(parent: WorkItem<In, R, WS>, residual: R, state: WS, hold: number, delayMs: number, isResume: boolean): Promise<void> {
    const restriction = this.draining ? this.sdf.truncateRestriction(parent.element, residual) : residual;
    if (restriction === null) return;
    const item = this.enqueue({
      elementIndex: parent.elementIndex,
      element: parent.element,
      restriction,
      watermarkState: state,
      hold,
      notBefore: this.settings.now() + delayMs,
      size: 0,
      isResume,
    });
    try {
      item.size = await this.sdf.getSize(item.element, restriction);
    } catch (error) {
      this.fail(new WorkItemFailedError(item.element, restriction, error));
    }
  }

  private enqueue(fields: NewWorkItem<In, R, WS>): WorkItem<In, R, WS> {
    const item = this.pool.add(fields);
    this.unconsumed.add(item);
    this.wakeup.notifyAll();
    this.checkpoints?.schedule();
    return item;
  }

  private fail(error: unknown): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.abort.abort(error);
    this.wakeup.notifyAll();
    this.channel.close();
  }

  private outputsConsumed(consumed: number): void {
    this.consumedSoFar = consumed;
    const removed = this.unconsumed.releaseConsumed(consumed);
    if (this.checkpoints === null) {
      this.finalizations.outputsConsumed(consumed);
      this.finalizations.commit();
    } else if (removed || this.finalizations.hasWaiting) {
      // Bundles become committable only when a checkpoint write covers them: a write in flight
      // must not commit bundles consumed after its snapshot.
      this.checkpoints.schedule();
    }
  }

  private advanceWatermark(): number {
    return this.watermark.advance(this.pool, this.feeder.isDone);
  }
}
