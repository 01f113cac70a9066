import { CheckpointError } from "../errors/CheckpointError.js";
import { WorkItemFailedError } from "../errors/WorkItemFailedError.js";
import type { RestrictionCoder } from "../restrictions/coders/RestrictionCoder.js";
import type { InvokeResult } from "../sdf/invokeProcessElement.js";
import type { SplittableDoFn } from "../sdf/SplittableDoFn.js";
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from "../watermark/timestamps.js";
import { CheckpointStore, ElementsFingerprint, type CheckpointSnapshot, type StoredWorkItem } from "./CheckpointStore.js";
import type { Executor, RunningWork } from "./Executor.js";
import { Finalizations } from "./Finalizations.js";
import { OutputChannel } from "./OutputChannel.js";
import type { RunProgress } from "./RunProgress.js";
import { Wakeup } from "./Wakeup.js";
import type { WorkItem } from "./WorkItem.js";

/** Settled options of one run. @internal */
export interface ExecutionSettings {
  readonly parallelism: number;
  readonly dynamicSplitting: boolean;
  readonly maxOutputs: number;
  readonly maxDurationMs: number;
  readonly checkpointDir: string | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((progress: RunProgress) => void) | undefined;
  readonly outputBufferSize: number;
  readonly now: () => number;
}

/** An item being processed, with the running handle once it exists. */
interface Running<In, R, WS> {
  readonly item: WorkItem<In, R, WS>;
  work: RunningWork<R, WS> | null;
  /**
   * What the item still owns: its restriction less the residuals the runner split off. Unlike
   * the tracker's current restriction, it keeps a self-checkpoint's residual that the invoker
   * holds until `processElement` returns, so a checkpoint taken meanwhile does not lose it.
   */
  owned: R;
}

/** An item whose outputs are not all consumed yet: what a checkpoint must keep. */
interface Unconsumed<In, R, WS> {
  readonly item: WorkItem<In, R, WS>;
  running: Running<In, R, WS> | null;
  /** Set when processing ended: its restriction then, and its last output's sequence number. */
  finished: { restriction: R; upTo: number } | null;
}

const PROGRESS_INTERVAL_MS = 1_000;
/**
 * Smallest remaining work (in progress units) worth splitting for an idle worker. Below 3, a
 * half split of an unstarted offset range gives the primary nothing (Beam's formula splits
 * `[a, a + 2)` at `a`), and the work would only move from worker to worker.
 */
const MIN_STEAL_WORK = 3;
/** Elements expanded ahead of the workers, per worker. */
const ELEMENTS_AHEAD_PER_WORKER = 2;

/**
 * One run of a source over its elements: expands elements into work items, runs `parallelism`
 * workers over the queue, rebalances, tracks the watermark, writes checkpoints, runs bundle
 * finalization and reports progress. Outputs go to an {@link OutputChannel}.
 * @internal
 */
export class Execution<In, Out, R, P, WS> {
  readonly channel: OutputChannel<Out>;
  private readonly queue: WorkItem<In, R, WS>[] = [];
  private readonly running = new Set<Running<In, R, WS>>();
  private readonly unconsumed = new Map<number, Unconsumed<In, R, WS>>();
  private readonly wakeup = new Wakeup();
  private readonly abort = new AbortController();
  private readonly finalizations: Finalizations;
  private readonly store: CheckpointStore | null;
  private readonly coder: RestrictionCoder<R> | null;
  private readonly fingerprint = new ElementsFingerprint();
  private readonly sources = new Set<string>();
  private nextId = 0;
  private elementsDone = false;
  private elementsExpanded = 0;
  private draining = false;
  private failure: unknown = null;
  private watermark = MIN_TIMESTAMP;
  private counters = { workItemsDone: 0, initialSplits: 0, dynamicSplits: 0, checkpoints: 0, resumes: 0 };
  private checkpointWrite: Promise<void> | null = null;
  private checkpointDirty = false;

  constructor(
    private readonly sdf: SplittableDoFn<In, Out, R, P, WS>,
    private readonly elements: Iterable<In> | AsyncIterable<In>,
    private readonly executor: Executor<In, Out, R, WS>,
    private readonly settings: ExecutionSettings,
  ) {
    this.finalizations = new Finalizations(settings.now, (message) => console.warn(message));
    this.store = settings.checkpointDir === undefined ? null : new CheckpointStore(settings.checkpointDir);
    this.coder = this.store === null ? null : sdf.restrictionCoder();
    this.channel = new OutputChannel<Out>(settings.outputBufferSize, (consumed) => this.outputsConsumed(consumed));
  }

  /** Starts the work; resolves when every output is in the channel (then closed) or the run failed. */
  async execute(): Promise<void> {
    const signal = this.settings.signal;
    const onAbort = (): void => this.fail(signal?.reason ?? new DOMException("The run was aborted", "AbortError"));
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const ticker = this.settings.onProgress ? setInterval(() => this.reportProgress(), PROGRESS_INTERVAL_MS) : undefined;
    ticker?.unref();
    let started = false;
    try {
      if (this.failure === null) {
        await this.executor.start();
        started = true;
        const restored = await this.restore();
        // Fail fast when checkpointDir cannot be written (read-only, disk full), before any input
        // is read: a first, empty checkpoint (a resume from it starts over).
        if (this.store !== null && restored === null) await this.store.write(this.snapshot());
        const feeding = this.feed(restored).catch((error: unknown) => this.fail(error));
        await Promise.all(Array.from({ length: this.settings.parallelism }, () => this.workerLoop()));
        await feeding;
      }
    } catch (error) {
      this.fail(error);
    } finally {
      signal?.removeEventListener("abort", onAbort);
      if (ticker !== undefined) clearInterval(ticker);
      if (started || this.failure !== null) await this.executor.stop().catch((error: unknown) => this.fail(error));
      this.channel.close();
    }
  }

  /** Called after the consumer has taken every output: final checkpoint handling and finalization. */
  async finish(): Promise<void> {
    this.channel.markConsumed();
    if (this.store !== null) {
      await this.flushCheckpoint();
      if (this.failure === null) await this.store.remove();
    } else {
      // With a store, only a successful checkpoint write commits (writeCheckpoints): when the
      // last write failed, bundles it would have covered must not be finalized.
      this.finalizations.commit();
    }
    await this.finalizations.settled();
    this.reportProgress();
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
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const item = this.queue[i]!;
      const truncated = this.sdf.truncateRestriction(item.element, item.restriction);
      if (truncated === null) {
        this.queue.splice(i, 1);
        this.unconsumed.delete(item.id);
      } else {
        item.restriction = truncated;
      }
    }
    for (const running of this.running) {
      void running.work?.split(0).then((split) => {
        if (split === null) return;
        running.owned = split.primary;
        void this.enqueueResidual(running.item, split.residual, split.estimatorState, split.watermark, 0, true);
      });
    }
    this.wakeup.notifyAll();
  }

  // ---- feeding ------------------------------------------------------------------------

  private async feed(restored: CheckpointSnapshot | null): Promise<void> {
    let index = 0;
    const toRestore: In[] = [];
    for await (const element of this.elements) {
      if (this.failure !== null) return;
      if (this.store !== null) this.fingerprint.add(element);
      if (restored !== null && index < restored.elementsConsumed) {
        toRestore.push(element);
        if (toRestore.length === restored.elementsConsumed) this.restoreItems(restored, toRestore);
      } else {
        await this.expand(element, index);
      }
      index++;
      this.elementsExpanded = index;
      while (this.queue.length >= this.settings.parallelism * ELEMENTS_AHEAD_PER_WORKER && this.failure === null) {
        await this.wakeup.wait();
      }
    }
    if (restored !== null && index < restored.elementsConsumed) {
      throw new CheckpointError(
        `The checkpoint in ${this.settings.checkpointDir} covers ${restored.elementsConsumed} elements but the input has only ${index}: ` +
          `resume with the same elements, or remove the checkpoint to start over.`,
      );
    }
    this.elementsDone = true;
    this.wakeup.notifyAll();
  }

  private async expand(element: In, elementIndex: number): Promise<void> {
    this.sources.add(this.sdf.lineage(element));
    let initial: R | undefined;
    try {
      initial = await this.sdf.initialRestriction(element);
      const pieces = await this.sdf.splitRestriction(element, initial);
      this.counters.initialSplits += pieces.length;
      for (const restriction of pieces) {
        const state = this.sdf.initialWatermarkState(element, restriction);
        const hold = this.sdf.newWatermarkEstimator(state).currentWatermark();
        const size = await this.sdf.getSize(element, restriction);
        const truncated = this.draining ? this.sdf.truncateRestriction(element, restriction) : restriction;
        if (truncated === null) continue;
        this.enqueue({ id: this.nextId++, elementIndex, element, restriction: truncated, watermarkState: state, hold, notBefore: 0, size, isResume: false });
      }
    } catch (error) {
      throw new WorkItemFailedError(element, initial ?? "(initial restriction)", error);
    }
  }

  // ---- workers ------------------------------------------------------------------------

  private async workerLoop(): Promise<void> {
    while (this.failure === null) {
      const item = this.takeReady();
      if (item !== null) {
        await this.process(item);
        // A turn of the event loop between items lets checkpoint writes, timers and thread
        // messages through, even when the source itself never yields.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      if (this.isComplete()) {
        this.wakeup.notifyAll();
        return;
      }
      if (this.settings.dynamicSplitting && (await this.steal())) continue;
      await this.wakeup.wait(this.idleWaitMs());
    }
  }

  private takeReady(): WorkItem<In, R, WS> | null {
    const now = this.settings.now();
    const index = this.queue.findIndex((item) => item.notBefore <= now);
    if (index < 0) return null;
    const [item] = this.queue.splice(index, 1);
    this.wakeup.notifyAll(); // room for the feeder
    return item!;
  }

  private isComplete(): boolean {
    return this.elementsDone && this.queue.length === 0 && this.running.size === 0;
  }

  /** How long an idle worker sleeps: until the next delayed item, or briefly while work may become splittable. */
  private idleWaitMs(): number {
    let wait = Infinity;
    const now = this.settings.now();
    for (const item of this.queue) wait = Math.min(wait, item.notBefore - now);
    if (this.settings.dynamicSplitting) {
      for (const running of this.running) if (running.work === null || running.work.isBounded()) wait = Math.min(wait, 20);
    }
    return wait;
  }

  private async process(item: WorkItem<In, R, WS>): Promise<void> {
    const running: Running<In, R, WS> = { item, work: null, owned: item.restriction };
    this.running.add(running);
    const entry = this.unconsumed.get(item.id);
    if (entry) entry.running = running;
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
      this.running.delete(running);
      if (this.failure === null) {
        const restriction = running.work?.currentRestriction() ?? item.restriction;
        this.fail(new WorkItemFailedError(item.element, restriction, error));
      }
      return;
    }
    this.running.delete(running);
    // After a failure or abort, outputs are no longer delivered: keep the whole item for a resume.
    const upTo = this.failure === null ? this.channel.pushedCount : Infinity;
    if (entry) {
      entry.running = null;
      entry.finished = { restriction: running.work?.currentRestriction() ?? item.restriction, upTo };
    }
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

  /** Splits the running item with the most remaining work in half for an idle worker. */
  private async steal(): Promise<boolean> {
    let best: Running<In, R, WS> | null = null;
    let bestRemaining = MIN_STEAL_WORK - 1;
    for (const running of this.running) {
      const work = running.work;
      if (work === null || !work.isBounded()) continue;
      const remaining = work.progress()?.workRemaining ?? 0;
      if (Number.isFinite(remaining) && remaining > bestRemaining) {
        best = running;
        bestRemaining = remaining;
      }
    }
    if (best === null) return false;
    const split = await best.work!.split(0.5);
    // After a failure the residual is not queued: the item keeps owning it, for the checkpoint.
    if (split === null || this.failure !== null) return false;
    best.owned = split.primary;
    this.counters.dynamicSplits++;
    await this.enqueueResidual(best.item, split.residual, split.estimatorState, split.watermark, 0, false);
    return true;
  }

  private async enqueueResidual(parent: WorkItem<In, R, WS>, residual: R, state: WS, hold: number, delayMs: number, isResume: boolean): Promise<void> {
    const restriction = this.draining ? this.sdf.truncateRestriction(parent.element, residual) : residual;
    if (restriction === null) return;
    const item: WorkItem<In, R, WS> = {
      id: this.nextId++,
      elementIndex: parent.elementIndex,
      element: parent.element,
      restriction,
      watermarkState: state,
      hold,
      notBefore: this.settings.now() + delayMs,
      size: 0,
      isResume,
    };
    this.enqueue(item);
    try {
      item.size = await this.sdf.getSize(item.element, restriction);
    } catch (error) {
      this.fail(new WorkItemFailedError(item.element, restriction, error));
    }
  }

  private enqueue(item: WorkItem<In, R, WS>): void {
    this.queue.push(item);
    this.unconsumed.set(item.id, { item, running: null, finished: null });
    this.wakeup.notifyAll();
    this.scheduleCheckpoint();
  }

  private fail(error: unknown): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.abort.abort(error);
    this.wakeup.notifyAll();
    this.channel.close();
  }

  // ---- consumption, checkpoints, finalization ----------------------------------------

  private consumedSoFar = 0;

  private outputsConsumed(consumed: number): void {
    this.consumedSoFar = consumed;
    let removed = false;
    for (const [id, entry] of this.unconsumed) {
      if (entry.finished !== null && entry.finished.upTo <= consumed) {
        this.unconsumed.delete(id);
        removed = true;
      }
    }
    if (this.store === null) {
      this.finalizations.outputsConsumed(consumed);
      this.finalizations.commit();
    } else if (removed || this.finalizations.hasWaiting) {
      // Bundles become committable only in writeCheckpoints, together with the snapshot that
      // covers them: a write in flight must not commit bundles consumed after its snapshot.
      this.scheduleCheckpoint();
    }
  }

  private scheduleCheckpoint(): void {
    if (this.store === null) return;
    this.checkpointDirty = true;
    if (this.checkpointWrite !== null) return;
    this.checkpointWrite = this.writeCheckpoints().finally(() => (this.checkpointWrite = null));
  }

  private async writeCheckpoints(): Promise<void> {
    while (this.checkpointDirty) {
      this.checkpointDirty = false;
      this.finalizations.outputsConsumed(this.consumedSoFar);
      const covered = this.snapshot();
      try {
        await this.store!.write(covered);
      } catch (error) {
        this.fail(error);
        return;
      }
      this.finalizations.commit();
    }
  }

  private async flushCheckpoint(): Promise<void> {
    this.scheduleCheckpoint();
    while (this.checkpointWrite !== null) await this.checkpointWrite;
  }

  private snapshot(): CheckpointSnapshot {
    const items: StoredWorkItem[] = [];
    for (const entry of this.unconsumed.values()) {
      const restriction = entry.finished?.restriction ?? entry.running?.owned ?? entry.item.restriction;
      items.push({
        elementIndex: entry.item.elementIndex,
        restriction: Buffer.from(this.coder!.encode(restriction)).toString("base64"),
        watermarkState: entry.item.watermarkState,
        hold: entry.item.hold,
      });
    }
    return {
      version: 1,
      source: this.sdf.constructor.name,
      elementsConsumed: this.elementsExpanded,
      elementsFingerprint: this.fingerprint.digest(),
      items,
    };
  }

  private async restore(): Promise<CheckpointSnapshot | null> {
    if (this.store === null) return null;
    const snapshot = await this.store.read();
    if (snapshot === null) return null;
    if (snapshot.source !== this.sdf.constructor.name) {
      throw new CheckpointError(
        `The checkpoint ${this.store.path} was written by source ${snapshot.source}, not ${this.sdf.constructor.name}: ` +
          `use another checkpointDir per source, or remove it to start over.`,
      );
    }
    if (snapshot.elementsConsumed === 0) this.verifyFingerprint(snapshot);
    return snapshot;
  }

  /** Re-queues the checkpoint's items once the input's first elements proved to be the same. */
  private restoreItems(snapshot: CheckpointSnapshot, elements: readonly In[]): void {
    this.verifyFingerprint(snapshot);
    for (const element of elements) this.sources.add(this.sdf.lineage(element));
    for (const stored of snapshot.items) {
      const element = elements[stored.elementIndex];
      if (element === undefined) throw this.store!.corrupt(`an item refers to element ${stored.elementIndex}, beyond those covered`);
      let restriction: R;
      try {
        restriction = this.coder!.decode(Buffer.from(stored.restriction, "base64"));
      } catch (cause) {
        throw this.store!.corrupt(`a restriction of element ${stored.elementIndex} does not decode`, cause);
      }
      this.enqueue({
        id: this.nextId++,
        elementIndex: stored.elementIndex,
        element,
        restriction,
        watermarkState: stored.watermarkState as WS,
        hold: stored.hold,
        notBefore: 0,
        size: 0,
        isResume: true,
      });
    }
  }

  private verifyFingerprint(snapshot: CheckpointSnapshot): void {
    if (this.fingerprint.digest() !== snapshot.elementsFingerprint) {
      throw new CheckpointError(
        `The checkpoint ${this.store!.path} was written for other elements (the first ${snapshot.elementsConsumed} differ): ` +
          `resume with the same elements in the same order, or remove the checkpoint to start over.`,
      );
    }
  }

  // ---- watermark and progress ----------------------------------------------------------

  private advanceWatermark(): number {
    let low = this.elementsDone ? MAX_TIMESTAMP : MIN_TIMESTAMP;
    for (const item of this.queue) low = Math.min(low, item.hold);
    for (const running of this.running) low = Math.min(low, running.work?.watermark() ?? running.item.hold);
    if (low > this.watermark) this.watermark = low;
    return this.watermark;
  }

  /** The current progress snapshot. */
  progress(): RunProgress {
    let backlog = 0;
    for (const item of this.queue) backlog += item.size;
    for (const running of this.running) {
      const remaining = running.work?.progress()?.workRemaining ?? running.item.size;
      if (Number.isFinite(remaining)) backlog += remaining;
    }
    return {
      records: this.channel.pushedCount,
      workItemsDone: this.counters.workItemsDone,
      workItemsPending: this.queue.length + this.running.size,
      initialSplits: this.counters.initialSplits,
      dynamicSplits: this.counters.dynamicSplits,
      checkpoints: this.counters.checkpoints,
      resumes: this.counters.resumes,
      watermark: this.advanceWatermark(),
      backlog,
      sources: [...this.sources],
    };
  }

  private reportProgress(): void {
    this.settings.onProgress?.(this.progress());
  }
}
