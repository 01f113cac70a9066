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

/** A serialized error. @internal */
export interface ThreadError {
  name: string;
  message: string;
  stack?: string;
  retriable?: boolean;
}

/** @internal */
export type FromThread =
  | { type: "ready" }
  | { type: "started"; status: ThreadStatus }
  | { type: "outputs"; values: unknown[]; status: ThreadStatus | null }
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
