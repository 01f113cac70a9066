import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { deserializeError } from "../../errors/errorTransport.js";
import type { Progress } from "../../restrictions/RestrictionTracker.js";
import type { RestrictionCoder } from "../../restrictions/coders/RestrictionCoder.js";
import type { PendingFinalization } from "../../sdf/BundleFinalizer.js";
import type { InvokeResult, LiveSplit } from "../../sdf/invokeProcessElement.js";
import { ProcessContinuation } from "../../sdf/ProcessContinuation.js";
import type { SplittableDoFn } from "../../sdf/SplittableDoFn.js";
import type { Executor, ProcessOptions, RunningWork } from "../Executor.js";
import { unpackBatch, type FromThread, type ThreadError, type ThreadStatus, type ToThread } from "./threadProtocol.js";
import type { WorkItem } from "../WorkItem.js";
import { InvalidSourceError } from "../../errors/InvalidSourceError.js";
import { InternalError } from "../../errors/InternalError.js";

/** The compiled thread entry point; from the TypeScript sources (tests), the built copy in dist/. */
function threadEntry(): URL {
  const sibling = new URL("./threadWorkerMain.js", import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL("../../../dist/src/runner/threads/threadWorkerMain.js", import.meta.url);
}

function fromThreadError(error: ThreadError): Error {
  return deserializeError(error);
}

/** One worker thread and the item it is processing. */
class ThreadSlot {
  readonly worker: Worker;
  busy = false;
  private handler: ((message: FromThread) => void) | null = null;
  private readonly finalizers = new Map<number, (error: ThreadError | null) => void>();
  readonly ready: Promise<void>;
  readonly stopped: Promise<ThreadError | null>;

  constructor(url: URL, reference: unknown) {
    this.worker = new Worker(url, { workerData: reference });
    let markReady: () => void = () => {};
    let markStopped: (error: ThreadError | null) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      this.worker.once("error", reject);
    });
    this.stopped = new Promise((resolve) => (markStopped = resolve));
    this.worker.on("message", (message: FromThread) => {
      if (message.type === "ready") markReady();
      else if (message.type === "stopped") markStopped(message.error);
      else if (message.type === "finalized") {
        this.finalizers.get(message.finalizationId)?.(message.error);
        this.finalizers.delete(message.finalizationId);
      } else this.handler?.(message);
    });
    this.worker.on("exit", () => markStopped(null));
  }

  post(message: ToThread): void {
    this.worker.postMessage(message);
  }

  listen(handler: ((message: FromThread) => void) | null): void {
    this.handler = handler;
  }

  finalize(id: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.finalizers.set(id, (error) => (error === null ? resolve() : reject(fromThreadError(error))));
      this.post({ type: "finalize", finalizationId: id });
    });
  }
}

/**
 * Runs work items on worker threads, one item per thread at a time, for CPU-bound sources.
 * Each thread loads the source by its `moduleReference()`; restrictions cross as bytes of the
 * source's coder; outputs come back in batches of 1024 with credit-based flow control.
 * @internal
 */
export class ThreadExecutor<In, Out, R, WS> implements Executor<In, Out, R, WS> {
  private slots: ThreadSlot[] = [];
  private readonly coder: RestrictionCoder<R>;

  constructor(
    private readonly sdf: SplittableDoFn<In, Out, R, unknown, WS>,
    private readonly threads: number,
  ) {
    this.coder = sdf.restrictionCoder();
  }

  async start(): Promise<void> {
    const reference = this.sdf.moduleReference?.();
    if (reference === undefined) {
      throw new InvalidSourceError(
        `${this.sdf.constructor.name} does not implement moduleReference(), so it cannot run on worker threads: ` +
          `implement it, or run without workerThreads.`,
      );
    }
    const url = threadEntry();
    this.slots = Array.from({ length: this.threads }, () => new ThreadSlot(url, reference));
    await Promise.all(this.slots.map((slot) => slot.ready));
  }

  process(item: WorkItem<In, R, WS>, options: ProcessOptions<Out, R, WS>): Promise<InvokeResult<R, WS>> {
    const slot = this.slots.find((s) => !s.busy);
    if (slot === undefined) return Promise.reject(new InternalError("sdfkit: no free worker thread (more items than threads); this is a bug in sdfkit, please report it"));
    slot.busy = true;
    return new Promise<InvokeResult<R, WS>>((resolve, reject) => {
      let latest: ThreadStatus | null = null;
      let nextRequest = 0;
      const splits = new Map<number, (split: LiveSplit<R, WS> | null) => void>();
      let delivering: Promise<void> = Promise.resolve();
      const onAbort = (): void => slot.post({ type: "abort" });
      options.signal.addEventListener("abort", onAbort, { once: true });
      const settle = (): void => {
        options.signal.removeEventListener("abort", onAbort);
        slot.listen(null);
        slot.busy = false;
        for (const pending of splits.values()) pending(null);
      };
      const work: RunningWork<R, WS> = {
        progress: (): Progress | null => latest,
        isBounded: () => latest?.bounded ?? true,
        watermark: () => latest?.watermark ?? null,
        currentRestriction: () => (latest === null ? null : this.coder.decode(latest.restriction)),
        split: (fraction) =>
          new Promise((resolveSplit) => {
            const requestId = nextRequest++;
            splits.set(requestId, resolveSplit);
            slot.post({ type: "split", requestId, fraction });
          }),
      };
      slot.listen((message) => {
        switch (message.type) {
          case "started":
            latest = message.status;
            options.onStart(work);
            break;
          case "outputs":
            if (message.status !== null) latest = message.status;
            delivering = delivering.then(async () => {
              await options.emitMany(unpackBatch(message.batch) as Out[]);
              slot.post({ type: "credit" });
            });
            break;
          case "split-result": {
            if (message.status !== null) latest = message.status;
            const split = message.split;
            splits.get(message.requestId)?.(
              split === null
                ? null
                : { primary: this.coder.decode(split.primary), residual: this.coder.decode(split.residual), watermark: split.watermark, estimatorState: split.estimatorState as WS },
            );
            splits.delete(message.requestId);
            break;
          }
          case "done": {
            const finalizations: PendingFinalization[] = message.finalizations.map(({ id, deadline }) => ({
              deadline,
              callback: () => slot.finalize(id),
            }));
            const continuation = message.shouldResume
              ? ProcessContinuation.resume().withResumeDelay(message.resumeDelayMs)
              : ProcessContinuation.stop();
            void delivering.then(() => {
              settle();
              resolve({
                residual: message.residual === null ? null : this.coder.decode(message.residual),
                continuation,
                watermark: message.watermark,
                estimatorState: message.estimatorState as WS,
                outputs: message.outputs,
                finalizations,
              });
            });
            break;
          }
          case "error":
            void delivering.then(() => {
              settle();
              reject(fromThreadError(message.error));
            });
            break;
        }
      });
      slot.post({
        type: "process",
        element: item.element,
        restriction: this.coder.encode(item.restriction),
        watermarkState: item.watermarkState,
        maxOutputs: options.maxOutputs,
        maxDurationMs: options.maxDurationMs,
      });
    });
  }

  async stop(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    const errors = await Promise.all(
      slots.map(async (slot) => {
        slot.post({ type: "teardown" });
        const error = await slot.stopped;
        await slot.worker.terminate();
        return error;
      }),
    );
    const first = errors.find((error) => error !== null);
    if (first) throw fromThreadError(first);
  }
}
