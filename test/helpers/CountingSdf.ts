import {
  OffsetRange,
  OffsetRangeTracker,
  ProcessContinuation,
  SplittableDoFn,
  type ProcessContext,
} from "../../src/index.js";

/** Hooks a test can set on {@link CountingSdf}. */
export interface CountingSdfHooks {
  /** Called after each successful claim, before the output; may await. */
  afterClaim?(position: number): void | Promise<void>;
  /** Stop (return this continuation) after this many claims in one call. */
  returnAfterClaims?: { claims: number; continuation: ProcessContinuation };
  /** Output timestamp of position p. */
  timestampOf?(position: number): number;
}

/** Outputs every integer of `[0, n)` for element `n`, one claim per integer. */
export class CountingSdf extends SplittableDoFn<number, number, OffsetRange> {
  constructor(private readonly hooks: CountingSdfHooks = {}) {
    super();
  }

  initialRestriction(n: number): OffsetRange {
    return new OffsetRange(0, n);
  }

  newTracker(_n: number, restriction: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(restriction);
  }

  async processElement(
    ctx: ProcessContext<number, number, OffsetRange, number, unknown>,
  ): Promise<ProcessContinuation | void> {
    let claims = 0;
    for (let p = ctx.tracker.currentRestriction().from; ctx.tracker.tryClaim(p); p++) {
      await this.hooks.afterClaim?.(p);
      await ctx.output(p, this.hooks.timestampOf?.(p));
      const bound = this.hooks.returnAfterClaims;
      if (bound !== undefined && ++claims >= bound.claims) return bound.continuation;
    }
    return ProcessContinuation.stop();
  }
}
