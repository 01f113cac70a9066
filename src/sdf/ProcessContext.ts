import type { RestrictionTracker } from "../restrictions/RestrictionTracker.js";
import type { WatermarkEstimator } from "../watermark/WatermarkEstimator.js";
import type { BundleFinalizer } from "./BundleFinalizer.js";

/**
 * What `processElement` receives: the element, the tracker to claim positions through, the
 * watermark estimator, an output function and a bundle finalizer.
 *
 * Output only what a successful claim covers: calling `output` before the first successful
 * `tryClaim`, or after one returned `false`, throws {@link OutputOutsideClaimError}.
 *
 * @typeParam In - element type
 * @typeParam Out - output type
 * @typeParam R - restriction type
 * @typeParam P - position type
 * @typeParam WS - watermark estimator state type
 */
export interface ProcessContext<In, Out, R, P, WS> {
  /** The element being read (a file name, a topic). */
  readonly element: In;
  /** Claims positions; the runner may split it concurrently between your calls. */
  readonly tracker: RestrictionTracker<R, P>;
  /** The estimator of this restriction's watermark. */
  readonly watermarkEstimator: WatermarkEstimator<WS>;
  /**
   * Emits one record. When it returns a promise, await it: that is backpressure.
   * @param value - the record
   * @param timestamp - its event time, epoch ms; observed by a timestamp-observing estimator
   */
  output(value: Out, timestamp?: number): void | Promise<void>;
  /** Registers work to run after the bundle is committed. */
  readonly bundleFinalizer: BundleFinalizer;
  /** Aborted when the runner cancels; stop promptly and return. */
  readonly signal: AbortSignal;
}
