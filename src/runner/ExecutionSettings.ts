import type { RunProgress } from "./RunProgress.js";

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
