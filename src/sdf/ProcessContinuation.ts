import { InvalidOptionError } from "../errors/InvalidOptionError.js";

/**
 * What a `processElement` call asks for when it returns: stop (the restriction is done, or was
 * checkpointed by the runner) or resume the rest later, optionally after a delay.
 *
 * @example
 * ```ts
 * if (!batch.length) return ProcessContinuation.resume().withResumeDelay(1_000); // poll again in 1 s
 * return ProcessContinuation.stop();
 * ```
 */
export class ProcessContinuation {
  private static readonly STOP = new ProcessContinuation(false, 0);

  /** Whether the runner should resume the residual. */
  readonly shouldResume: boolean;
  /** Milliseconds the runner waits before resuming; 0 for "as soon as possible". */
  readonly resumeDelayMs: number;

  private constructor(shouldResume: boolean, resumeDelayMs: number) {
    this.shouldResume = shouldResume;
    this.resumeDelayMs = resumeDelayMs;
  }

  /** Nothing more to do for this restriction (beyond a runner checkpoint already taken). */
  static stop(): ProcessContinuation {
    return ProcessContinuation.STOP;
  }

  /** Checkpoint now and resume the rest as soon as possible. */
  static resume(): ProcessContinuation {
    return new ProcessContinuation(true, 0);
  }

  /**
   * The same continuation, resumed no earlier than `ms` from now.
   * @param ms - a finite delay >= 0
   * @throws {@link InvalidOptionError} if `ms` is negative or not finite
   */
  withResumeDelay(ms: number): ProcessContinuation {
    if (!(ms >= 0 && Number.isFinite(ms))) {
      throw new InvalidOptionError(`Expected a resume delay in ms >= 0, got ${String(ms)}.`);
    }
    return new ProcessContinuation(this.shouldResume, ms);
  }

  /** `stop` or `resume(after Nms)`. */
  toString(): string {
    return this.shouldResume ? `resume(after ${this.resumeDelayMs}ms)` : "stop";
  }
}
