import { RestrictionCoderError } from "../errors/RestrictionCoderError.js";
import { builtinRestrictionCoder, isBuiltinRestriction } from "../restrictions/coders/builtinRestrictionCoder.js";
import type { RestrictionCoder } from "../restrictions/coders/RestrictionCoder.js";
import type { RestrictionTracker } from "../restrictions/RestrictionTracker.js";
import { MonotonicallyIncreasingWatermarkEstimator } from "../watermark/MonotonicallyIncreasingWatermarkEstimator.js";
import { MIN_TIMESTAMP } from "../watermark/timestamps.js";
import type { WatermarkEstimator } from "../watermark/WatermarkEstimator.js";
import type { ProcessContext } from "./ProcessContext.js";
import type { ProcessContinuation } from "./ProcessContinuation.js";
import type { SdfModuleReference } from "./SdfModuleReference.js";
import { InvalidSourceError } from "../errors/InvalidSourceError.js";

/**
 * A source written as a Splittable DoFn: for each element it names a restriction and reads it
 * through a tracker, so a runner can split off or checkpoint the unread rest at any time.
 *
 * Override the abstract methods; the others have Beam's defaults. The default watermark
 * estimator is monotonically increasing over output timestamps with state `MIN_TIMESTAMP`;
 * if you change `WS`, override both `initialWatermarkState` and `newWatermarkEstimator`.
 *
 * @typeParam In - element type (a file name, a topic)
 * @typeParam Out - output type
 * @typeParam R - restriction type
 * @typeParam P - position type
 * @typeParam WS - watermark estimator state type
 *
 * @example
 * ```ts
 * class Numbers extends SplittableDoFn<number, number, OffsetRange> {
 *   initialRestriction(n: number) { return new OffsetRange(0, n); }
 *   newTracker(_n: number, r: OffsetRange) { return new OffsetRangeTracker(r); }
 *   async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>) {
 *     for (let i = ctx.tracker.currentRestriction().from; ctx.tracker.tryClaim(i); i++) await ctx.output(i);
 *   }
 * }
 * ```
 */
export abstract class SplittableDoFn<In, Out, R, P = number, WS = unknown> {
  /**
   * The restriction covering all the work of `element`.
   * @param element - the input element
   */
  abstract initialRestriction(element: In): R | Promise<R>;

  /**
   * Initial splits of a restriction, before any processing; they MUST tile it in order.
   * @defaultValue `[restriction]`
   */
  splitRestriction(_element: In, restriction: R): R[] | Promise<R[]> {
    return [restriction];
  }

  /**
   * A fresh tracker for `restriction`.
   * @param element - the input element
   * @param restriction - the restriction to track
   */
  abstract newTracker(element: In, restriction: R): RestrictionTracker<R, P>;

  /**
   * The size of `restriction` in a unit shared by all restrictions of this source (bytes,
   * records), finite and >= 0. The runner balances work and reports backlog with it.
   * @defaultValue `workRemaining` of a fresh tracker
   */
  getSize(element: In, restriction: R): number | Promise<number> {
    return this.newTracker(element, restriction).getProgress().workRemaining;
  }

  /**
   * What to finish of `restriction` when the pipeline drains: the restriction itself when it is
   * bounded, `null` (nothing) when it is not.
   */
  truncateRestriction(element: In, restriction: R): R | null {
    return this.newTracker(element, restriction).isBounded() ? restriction : null;
  }

  /** The watermark estimator state a restriction starts with. @defaultValue MIN_TIMESTAMP */
  initialWatermarkState(_element: In, _restriction: R): WS {
    return MIN_TIMESTAMP as WS;
  }

  /**
   * An estimator rebuilt from `state`.
   * @defaultValue a {@link MonotonicallyIncreasingWatermarkEstimator} over output timestamps
   * @throws {@link InvalidSourceError} if the default is used with a state that is not a number
   */
  newWatermarkEstimator(state: WS): WatermarkEstimator<WS> {
    if (typeof state !== "number") {
      throw new InvalidSourceError(
        `${this.constructor.name}: the default watermark estimator needs a numeric state, got ${typeof state}; ` +
          `override newWatermarkEstimator() together with initialWatermarkState().`,
      );
    }
    return new MonotonicallyIncreasingWatermarkEstimator(state) as unknown as WatermarkEstimator<WS>;
  }

  /**
   * The coder for this source's restrictions, used for checkpoints.
   * @defaultValue the built-in coder of `OffsetRange` and `ByteKeyRange`; any other type fails
   *   with a {@link RestrictionCoderError} naming this class
   */
  restrictionCoder(): RestrictionCoder<R> {
    const owner = this.constructor.name;
    return {
      encode(restriction: R): Uint8Array {
        if (!isBuiltinRestriction(restriction)) {
          throw new RestrictionCoderError(
            `${owner} uses a restriction type with no built-in coder (${String(restriction)}): ` +
              `override restrictionCoder() in ${owner}.`,
          );
        }
        return builtinRestrictionCoder.encode(restriction);
      },
      decode(bytes: Uint8Array): R {
        return builtinRestrictionCoder.decode(bytes) as R;
      },
    };
  }

  /**
   * Reads the restriction of `ctx.tracker`: claim each position before outputting its records,
   * stop when a claim returns `false`.
   * @returns `stop()` (or nothing) when done; `resume()` to be called again for the rest
   */
  abstract processElement(
    ctx: ProcessContext<In, Out, R, P, WS>,
  ): Promise<ProcessContinuation | void> | ProcessContinuation | void;

  /**
   * The fully qualified name of what `element` reads, for lineage in run progress
   * (`/data/a.csv`, `s3://bucket/key`, `kafka://topic`).
   * @defaultValue `String(element)`
   */
  lineage(element: In): string {
    return String(element);
  }

  /**
   * Where a worker thread can load this source from; implement it to let the runner process
   * this source on worker threads (`workerThreads: true`). Absent: the source runs on the
   * main thread only.
   */
  moduleReference?(): SdfModuleReference;

  /** Called once per worker before the first element. */
  setup?(): void | Promise<void>;

  /** Called once per worker after the last element, also after a failure or cancellation. */
  teardown?(): void | Promise<void>;
}
