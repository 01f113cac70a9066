import { OutputOutsideClaimError } from "../errors/OutputOutsideClaimError.js";
import type { Progress } from "../restrictions/RestrictionTracker.js";
import { assertTimestamp } from "../watermark/timestamps.js";
import { observesTimestamps } from "../watermark/WatermarkEstimator.js";
import {
  DEFAULT_FINALIZATION_TIMEOUT_MS,
  type BundleFinalizer,
  type FinalizationCallback,
  type PendingFinalization,
} from "./BundleFinalizer.js";
import { ClaimObservingTracker } from "./ClaimObservingTracker.js";
import type { ProcessContext } from "./ProcessContext.js";
import { ProcessContinuation } from "./ProcessContinuation.js";
import type { SplittableDoFn } from "./SplittableDoFn.js";

/** A split taken while `processElement` runs, with the watermark hold its residual carries. */
export interface LiveSplit<R, WS> {
  /** What the running call keeps. */
  readonly primary: R;
  /** What was split off, to be queued as new work. */
  readonly residual: R;
  /** The watermark when the split was taken; the residual's hold. */
  readonly watermark: number;
  /** The estimator state when the split was taken; the residual starts from it. */
  readonly estimatorState: WS;
}

/**
 * A handle on a running `processElement` call, for the runner: split off part of the
 * unclaimed rest (dynamic rebalancing) or read progress, at any time while it runs.
 */
export interface RunningRestriction<R, WS> {
  /**
   * Splits the unclaimed remainder of the running restriction.
   * @param fractionOfRemainder - in [0, 1]
   * @returns the split with the residual's watermark hold, or `null`
   */
  trySplit(fractionOfRemainder: number): LiveSplit<R, WS> | null;
  /** Progress of the running tracker. */
  getProgress(): Progress;
  /** Whether the running restriction has a known end. */
  isBounded(): boolean;
  /** The running restriction: the primary after any split. */
  currentRestriction(): R;
  /** The running estimator's watermark. */
  currentWatermark(): number;
}

/** How one `processElement` call is bounded and where its outputs go. */
export interface InvokeOptions<Out, R, WS> {
  /**
   * Receives every output. Return a promise to apply backpressure; `processElement` awaits
   * what `ctx.output` returns.
   */
  emit(value: Out, timestamp: number | undefined): void | Promise<void>;
  /** Checkpoint after this many outputs. @defaultValue no bound */
  maxOutputs?: number;
  /** Checkpoint this many ms after the first successful claim. @defaultValue no bound */
  maxDurationMs?: number;
  /** Cancels the call; handed to `processElement` as `ctx.signal`. */
  signal?: AbortSignal;
  /** Monotonic clock in ms for the time bound. @defaultValue performance.now */
  clock?: () => number;
  /** Epoch-ms clock for finalization deadlines. @defaultValue Date.now */
  now?: () => number;
  /** Receives a handle as soon as the tracker exists, for splits while the call runs. */
  onStart?(running: RunningRestriction<R, WS>): void;
}

/** What one `processElement` call left behind. */
export interface InvokeResult<R, WS> {
  /** The checkpoint residual (runner- or self-initiated), or `null` when the work is done. */
  readonly residual: R | null;
  /** What `processElement` asked for. Resume a residual after `resumeDelayMs` if it says resume. */
  readonly continuation: ProcessContinuation;
  /** The residual's watermark hold (snapshotted before the checkpoint), else the final watermark. */
  readonly watermark: number;
  /** The estimator state the residual resumes from, else the final state. */
  readonly estimatorState: WS;
  /** Number of outputs emitted. */
  readonly outputs: number;
  /** Callbacks to run after the outputs are committed. */
  readonly finalizations: readonly PendingFinalization[];
}

const NEVER_ABORTED = new AbortController().signal;
const OUTPUTS_PER_CLOCK_READ = 64;

/**
 * Processes one (element, restriction, watermark state) the way Beam's
 * `OutputAndTimeBoundedSplittableProcessElementInvoker` does:
 *
 * - a checkpoint (`trySplit(0)`, at most once) is taken after `maxOutputs` outputs or
 *   `maxDurationMs` after the first successful claim (checked every 64 outputs, and by a
 *   timer while the source waits); the watermark and estimator state are snapshotted
 *   *before* the split and travel with the residual;
 * - `resume()` without a checkpoint takes one after `processElement` returns; a runner
 *   checkpoint is kept even if `processElement` then returns `stop()`;
 * - `checkDone()` runs after `processElement` returns;
 * - an output before the first successful claim or after a failed one throws
 *   {@link OutputOutsideClaimError}; every output timestamp is observed by a
 *   timestamp-observing estimator.
 *
 * @param sdf - the source
 * @param element - the element
 * @param restriction - the restriction to process
 * @param watermarkState - the estimator state to start from
 * @param options - bounds, output sink, cancellation
 * @returns the residual (if any), continuation, watermark and finalizations
 * @throws whatever `processElement` throws, {@link UnfinishedWorkError} from `checkDone()`
 */
export async function invokeProcessElement<In, Out, R, P, WS>(
  sdf: SplittableDoFn<In, Out, R, P, WS>,
  element: In,
  restriction: R,
  watermarkState: WS,
  options: InvokeOptions<Out, R, WS>,
): Promise<InvokeResult<R, WS>> {
  const clock = options.clock ?? (() => performance.now());
  const now = options.now ?? Date.now;
  const maxOutputs = options.maxOutputs ?? Infinity;
  const maxDurationMs = options.maxDurationMs ?? Infinity;
  const estimator = sdf.newWatermarkEstimator(watermarkState);
  const observer = observesTimestamps(estimator) ? estimator : null;
  const emit = options.emit;

  let checkpointTaken = false;
  let residual: R | null = null;
  let residualWatermark = 0;
  let residualState = watermarkState;
  let outputs = 0;
  let deadline = Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finalizations: PendingFinalization[] = [];

  const checkpoint = (): void => {
    if (checkpointTaken) return;
    checkpointTaken = true;
    const watermark = estimator.currentWatermark();
    const state = estimator.getState();
    const split = tracker.inner.trySplit(0);
    if (split !== null) {
      residual = split.residual;
      residualWatermark = watermark;
      residualState = state;
    }
  };

  // The time bound starts at the first successful claim; the clock is then read every
  // OUTPUTS_PER_CLOCK_READ outputs (reading it per record would cost more than the record),
  // and a timer covers a source that waits. Checking at output time, never inside a claim,
  // means a claim only fails at a point where everything claimed before it was output.
  let outputsUntilClockRead = OUTPUTS_PER_CLOCK_READ;
  const onClaim = (): void => {
    if (deadline !== Infinity || maxDurationMs === Infinity || timer !== undefined) return;
    deadline = clock() + maxDurationMs;
    timer = setTimeout(checkpoint, maxDurationMs);
    timer.unref?.();
  };
  const checkBounds = (): void => {
    if (outputs >= maxOutputs) checkpoint();
    else if (deadline !== Infinity && !checkpointTaken && --outputsUntilClockRead <= 0) {
      outputsUntilClockRead = OUTPUTS_PER_CLOCK_READ;
      if (clock() >= deadline) checkpoint();
    }
  };

  const tracker = new ClaimObservingTracker(sdf.newTracker(element, restriction), onClaim);
  options.onStart?.({
    trySplit(fraction: number): LiveSplit<R, WS> | null {
      const watermark = estimator.currentWatermark();
      const estimatorState = estimator.getState();
      const split = tracker.inner.trySplit(fraction);
      return split === null ? null : { ...split, watermark, estimatorState };
    },
    getProgress: () => tracker.inner.getProgress(),
    isBounded: () => tracker.inner.isBounded(),
    currentRestriction: () => tracker.inner.currentRestriction(),
    currentWatermark: () => estimator.currentWatermark(),
  });

  const bundleFinalizer: BundleFinalizer = {
    afterBundleCommit(callback: FinalizationCallback, timeoutMs = DEFAULT_FINALIZATION_TIMEOUT_MS): void {
      finalizations.push({ callback, deadline: now() + timeoutMs });
    },
  };

  const context: ProcessContext<In, Out, R, P, WS> = {
    element,
    tracker,
    watermarkEstimator: estimator,
    bundleFinalizer,
    signal: options.signal ?? NEVER_ABORTED,
    output(value: Out, timestamp?: number): void | Promise<void> {
      if (!tracker.claimedOnce || tracker.claimFailed) throw outputOutsideClaim(tracker, restriction);
      if (timestamp !== undefined) {
        assertTimestamp(timestamp, "output timestamp");
        observer?.observeTimestamp(timestamp);
      }
      outputs++;
      checkBounds();
      return emit(value, timestamp);
    },
  };

  let continuation: ProcessContinuation;
  try {
    continuation = (await sdf.processElement(context)) ?? ProcessContinuation.stop();
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
  if (continuation.shouldResume) checkpoint();
  tracker.checkDone();

  if (residual === null) {
    return {
      residual: null,
      continuation,
      watermark: estimator.currentWatermark(),
      estimatorState: estimator.getState(),
      outputs,
      finalizations,
    };
  }
  return { residual, continuation, watermark: residualWatermark, estimatorState: residualState, outputs, finalizations };
}

function outputOutsideClaim<R, P>(tracker: ClaimObservingTracker<R, P>, restriction: R): OutputOutsideClaimError {
  const when = tracker.claimFailed ? "after tryClaim returned false" : "before the first successful tryClaim";
  return new OutputOutsideClaimError(
    `Output ${when} while processing ${String(restriction)}: claim each position with tryClaim before ` +
      `outputting its records, and stop as soon as a claim fails.`,
    { context: { restriction: String(restriction) } },
  );
}
