// A connector as a user writes it, in a module of its own, with nothing Beam-specific: numbers
// [0, n) for element n. It pauses now and then without output (a slow backend), which is what
// makes Prism ask the worker to split the running element.
import { OffsetRange } from "../../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../../src/restrictions/OffsetRangeTracker.js";
import { ProcessContinuation } from "../../../src/sdf/ProcessContinuation.js";
import type { ProcessContext } from "../../../src/sdf/ProcessContext.js";
import { SplittableDoFn } from "../../../src/sdf/SplittableDoFn.js";

/** Options of {@link SlowNumbers}. */
export interface SlowNumbersOptions {
  /** Pause this long… */
  readonly pauseMs: number;
  /** …after every this many claims. */
  readonly pauseEvery: number;
}

/** Numbers [0, n) for element n, one claim each, with pauses. */
export class SlowNumbers extends SplittableDoFn<number, number, OffsetRange> {
  constructor(private readonly options: SlowNumbersOptions) {
    super();
  }
  override initialRestriction(n: number): OffsetRange {
    return new OffsetRange(0, n);
  }
  override newTracker(_n: number, range: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(range);
  }
  override async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>): Promise<ProcessContinuation> {
    for (let i = ctx.tracker.currentRestriction().from; ctx.tracker.tryClaim(i); i++) {
      await ctx.output(i);
      if ((i + 1) % this.options.pauseEvery === 0) await new Promise((resolve) => setTimeout(resolve, this.options.pauseMs));
    }
    return ProcessContinuation.stop();
  }
}
