import type { RestrictionCoder } from "../../src/restrictions/coders/RestrictionCoder.js";
import { ForwardingTracker } from "../../src/restrictions/ForwardingTracker.js";
import type { RestrictionTracker } from "../../src/restrictions/RestrictionTracker.js";
import type { ProcessContext } from "../../src/sdf/ProcessContext.js";
import type { ProcessContinuation } from "../../src/sdf/ProcessContinuation.js";
import { SplittableDoFn } from "../../src/sdf/SplittableDoFn.js";
import type { WatermarkEstimator } from "../../src/watermark/WatermarkEstimator.js";
import { ConformanceViolation } from "../ConformanceReport.js";

/** Observes a tracker's successful claims. @internal */
class HookedTracker<R, P> extends ForwardingTracker<R, P> {
  constructor(
    inner: RestrictionTracker<R, P>,
    private readonly onClaim: () => void,
  ) {
    super(inner);
  }
  override tryClaim(position: P): boolean {
    const claimed = this.inner.tryClaim(position);
    if (claimed) this.onClaim();
    return claimed;
  }
}

/**
 * The source's own estimator, seen through a proxy that fails the run if the watermark it
 * reports ever goes down; every other method (`setWatermark`, `observeTimestamp`) is the
 * estimator's own.
 * @internal
 */
function monotoneChecking<S>(inner: WatermarkEstimator<S>): WatermarkEstimator<S> {
  let last = -Infinity;
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === "currentWatermark") {
        return () => {
          const watermark = target.currentWatermark();
          if (watermark < last) {
            throw new ConformanceViolation("watermark-monotone", `the watermark went back from ${last} to ${watermark}`);
          }
          last = watermark;
          return watermark;
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Wraps a source for the harness: every tracker reports claims to `onClaim` (where the
 * schedule injects splits) and every estimator is checked for a regressing watermark.
 * Everything else is the source's own behaviour.
 * @internal
 */
export class InstrumentedSdf<In, Out, R, P, WS> extends SplittableDoFn<In, Out, R, P, WS> {
  /**
   * The claim hook for the next tracker created. The invoker creates the tracker synchronously
   * when a call starts, so each concurrent call gets its own hook.
   */
  nextClaimHook: () => void = () => {};

  constructor(readonly inner: SplittableDoFn<In, Out, R, P, WS>) {
    super();
  }
  initialRestriction(element: In): R | Promise<R> {
    return this.inner.initialRestriction(element);
  }
  override splitRestriction(element: In, restriction: R): R[] | Promise<R[]> {
    return this.inner.splitRestriction(element, restriction);
  }
  newTracker(element: In, restriction: R): RestrictionTracker<R, P> {
    const hook = this.nextClaimHook;
    this.nextClaimHook = () => {};
    return new HookedTracker(this.inner.newTracker(element, restriction), hook);
  }
  override getSize(element: In, restriction: R): number | Promise<number> {
    return this.inner.getSize(element, restriction);
  }
  override truncateRestriction(element: In, restriction: R): R | null {
    return this.inner.truncateRestriction(element, restriction);
  }
  override initialWatermarkState(element: In, restriction: R): WS {
    return this.inner.initialWatermarkState(element, restriction);
  }
  override newWatermarkEstimator(state: WS): WatermarkEstimator<WS> {
    return monotoneChecking(this.inner.newWatermarkEstimator(state));
  }
  override restrictionCoder(): RestrictionCoder<R> {
    return this.inner.restrictionCoder();
  }
  processElement(ctx: ProcessContext<In, Out, R, P, WS>): Promise<ProcessContinuation | void> | ProcessContinuation | void {
    return this.inner.processElement(ctx);
  }
  override lineage(element: In): string {
    return this.inner.lineage(element);
  }
}
