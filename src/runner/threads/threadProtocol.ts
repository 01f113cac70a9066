import { packRecords, unpackRecords, type PackedRecords } from "./packRecords.js";
import type { SerializedError } from "../../errors/errorTransport.js";

/**
 * Messages between the runner and its worker threads.
 * @internal
 */
export type ToThread =
  | {
      type: "process";
      element: unknown;
      restriction: Uint8Array;
      watermarkState: unknown;
      maxOutputs: number;
      maxDurationMs: number;
    }
  | { type: "split"; requestId: number; fraction: number }
  | { type: "credit" }
  | { type: "finalize"; finalizationId: number }
  | { type: "abort" }
  | { type: "teardown" };

/** Progress, bounds and watermark of the running item, piggybacked on messages. @internal */
export interface ThreadStatus {
  workCompleted: number;
  workRemaining: number;
  bounded: boolean;
  watermark: number;
  restriction: Uint8Array;
}

/** An error crossing the thread boundary: its class, `retriable`, `context` and `cause` intact. @internal */
export type ThreadError = SerializedError;

/** @internal */
export type FromThread =
  | { type: "ready" }
  | { type: "started"; status: ThreadStatus }
  | { type: "outputs"; batch: PackedBatch; status: ThreadStatus | null }
  | {
      type: "split-result";
      requestId: number;
      split: { primary: Uint8Array; residual: Uint8Array; watermark: number; estimatorState: unknown } | null;
      status: ThreadStatus | null;
    }
  | {
      type: "done";
      residual: Uint8Array | null;
      shouldResume: boolean;
      resumeDelayMs: number;
      watermark: number;
      estimatorState: unknown;
      outputs: number;
      finalizations: { id: number; deadline: number }[];
    }
  | { type: "finalized"; finalizationId: number; error: ThreadError | null }
  | { type: "error"; error: ThreadError }
  | { type: "stopped"; error: ThreadError | null };

/**
 * A batch of outputs as it crosses threads: strings packed into one string and their end
 * offsets (one copy instead of one per record), records of one shape column by column
 * ({@link PackedRecords}), anything else as structured-clone values.
 * @internal
 */
export type PackedBatch = { kind: "strings"; text: string; ends: Uint32Array } | PackedRecords | { kind: "values"; values: unknown[] };

/** Packs a batch for postMessage. @internal */
export function packBatch(values: unknown[]): PackedBatch {
  let length = 0;
  for (const value of values) {
    if (typeof value !== "string") return packRecords(values) ?? { kind: "values", values };
    length += value.length;
  }
  if (length > 0xffffffff) return { kind: "values", values };
  const ends = new Uint32Array(values.length);
  let end = 0;
  for (let i = 0; i < values.length; i++) ends[i] = end += (values[i] as string).length;
  return { kind: "strings", text: (values as string[]).join(""), ends };
}

/** Unpacks what {@link packBatch} made. @internal */
export function unpackBatch(batch: PackedBatch): unknown[] {
  if (batch.kind === "values") return batch.values;
  if (batch.kind === "records") return unpackRecords(batch);
  const values = new Array<string>(batch.ends.length);
  let start = 0;
  for (let i = 0; i < batch.ends.length; i++) {
    const end = batch.ends[i]!;
    values[i] = batch.text.slice(start, end);
    start = end;
  }
  return values;
}
