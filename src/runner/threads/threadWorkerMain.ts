// Entry point of a runner worker thread: loads the source by module reference, then processes
// one work item at a time, sending outputs back in batches and answering split requests.
import { parentPort, workerData } from "node:worker_threads";
import { serializeError } from "../../errors/errorTransport.js";
import type { RestrictionCoder } from "../../restrictions/coders/RestrictionCoder.js";
import { invokeProcessElement, type RunningRestriction } from "../../sdf/invokeProcessElement.js";
import type { FinalizationCallback } from "../../sdf/BundleFinalizer.js";
import type { SdfModuleReference } from "../../sdf/SdfModuleReference.js";
import { loadModuleReference } from "../loadModuleReference.js";
import { transferablesOf } from "./packRecords.js";
import { packBatch, type FromThread, type ThreadError, type ThreadStatus, type ToThread } from "./threadProtocol.js";

const OUTPUT_BATCH = 1024;
const BATCHES_IN_FLIGHT = 16;

const port = parentPort!;
const send = (message: FromThread, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
const toThreadError = (error: unknown): ThreadError => serializeError(error);

const sdf = await loadModuleReference(workerData as SdfModuleReference);
const coder: RestrictionCoder<unknown> = sdf.restrictionCoder();
await sdf.setup?.();

let running: RunningRestriction<unknown, unknown> | null = null;
let abort = new AbortController();
let credits = BATCHES_IN_FLIGHT;
let creditWaiter: (() => void) | null = null;
const finalizations = new Map<number, FinalizationCallback>();
let nextFinalizationId = 0;

function status(): ThreadStatus | null {
  if (running === null) return null;
  const progress = running.getProgress();
  return {
    workCompleted: progress.workCompleted,
    workRemaining: progress.workRemaining,
    bounded: running.isBounded(),
    watermark: running.currentWatermark(),
    restriction: coder.encode(running.currentRestriction()),
  };
}

async function process(message: Extract<ToThread, { type: "process" }>): Promise<void> {
  abort = new AbortController();
  let batch: unknown[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    while (credits === 0) await new Promise<void>((resolve) => (creditWaiter = resolve));
    credits--;
    const packed = packBatch(batch);
    send({ type: "outputs", batch: packed, status: status() }, packed.kind === "records" ? transferablesOf(packed) : []);
    batch = [];
    // Let split requests and credits in between batches, even for a CPU-bound source.
    await new Promise((resolve) => setImmediate(resolve));
  };
  try {
    const result = await invokeProcessElement(sdf, message.element, coder.decode(message.restriction), message.watermarkState, {
      emit: (value) => {
        batch.push(value);
        if (batch.length >= OUTPUT_BATCH) return flush();
      },
      maxOutputs: message.maxOutputs,
      maxDurationMs: message.maxDurationMs,
      signal: abort.signal,
      onStart: (handle) => {
        running = handle;
        send({ type: "started", status: status()! });
      },
    });
    await flush();
    running = null;
    const ids = result.finalizations.map((finalization) => {
      const id = nextFinalizationId++;
      finalizations.set(id, finalization.callback);
      return { id, deadline: finalization.deadline };
    });
    send({
      type: "done",
      residual: result.residual === null ? null : coder.encode(result.residual),
      shouldResume: result.continuation.shouldResume,
      resumeDelayMs: result.continuation.resumeDelayMs,
      watermark: result.watermark,
      estimatorState: result.estimatorState,
      outputs: result.outputs,
      finalizations: ids,
    });
  } catch (error) {
    running = null;
    send({ type: "error", error: toThreadError(error) });
  }
}

port.on("message", (message: ToThread) => {
  switch (message.type) {
    case "process":
      void process(message);
      break;
    case "split": {
      const split = running?.trySplit(message.fraction) ?? null;
      send({
        type: "split-result",
        requestId: message.requestId,
        split:
          split === null
            ? null
            : { primary: coder.encode(split.primary), residual: coder.encode(split.residual), watermark: split.watermark, estimatorState: split.estimatorState },
        status: status(),
      });
      break;
    }
    case "credit": {
      credits++;
      const wake = creditWaiter;
      creditWaiter = null;
      wake?.();
      break;
    }
    case "finalize": {
      const callback = finalizations.get(message.finalizationId);
      finalizations.delete(message.finalizationId);
      Promise.resolve()
        .then(() => callback?.())
        .then(
          () => send({ type: "finalized", finalizationId: message.finalizationId, error: null }),
          (error: unknown) => send({ type: "finalized", finalizationId: message.finalizationId, error: toThreadError(error) }),
        );
      break;
    }
    case "abort":
      abort.abort();
      break;
    case "teardown":
      Promise.resolve()
        .then(() => sdf.teardown?.())
        .then(
          () => send({ type: "stopped", error: null }),
          (error: unknown) => send({ type: "stopped", error: toThreadError(error) }),
        )
        .finally(() => port.close());
      break;
  }
});
send({ type: "ready" });
