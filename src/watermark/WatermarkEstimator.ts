/**
 * Reports the watermark of one running restriction: a promise that no later output will carry
 * an earlier timestamp. Its state travels with a residual, so a resumed piece starts where the
 * old one was.
 *
 * Contract: `currentWatermark()` MUST never decrease, also across an estimator rebuilt from
 * `getState()`; `getState()` MUST have no side effects.
 *
 * @typeParam S - the state saved in checkpoints
 */
export interface WatermarkEstimator<S> {
  /** The current watermark, epoch milliseconds. */
  currentWatermark(): number;
  /** The state to rebuild an equivalent estimator from. */
  getState(): S;
}

/** A watermark estimator that learns from the timestamps of outputs. */
export interface TimestampObservingWatermarkEstimator<S> extends WatermarkEstimator<S> {
  /** @param timestamp - the timestamp of an output, epoch milliseconds */
  observeTimestamp(timestamp: number): void;
}

/**
 * Whether `estimator` observes output timestamps.
 * @param estimator - any watermark estimator
 */
export function observesTimestamps<S>(
  estimator: WatermarkEstimator<S>,
): estimator is TimestampObservingWatermarkEstimator<S> {
  return typeof (estimator as Partial<TimestampObservingWatermarkEstimator<S>>).observeTimestamp === "function";
}
