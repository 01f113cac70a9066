import { InvalidRestrictionError } from "../errors/InvalidRestrictionError.js";
import type { OffsetRange } from "./OffsetRange.js";
import { OffsetRangeTracker } from "./OffsetRangeTracker.js";
import type { Progress, SplitResult } from "./RestrictionTracker.js";
import { assertSplitFraction } from "./validation.js";

/**
 * How much work each position of an offset range stands for: the total weight of the
 * positions in `[from, to)`. Weights are non-negative, so the total never shrinks as `to` grows.
 */
export interface PositionWeights {
  /** The summed weight of the positions in `[from, to)`; 0 when `from >= to`. */
  weightOf(from: number, to: number): number;
}

/**
 * An {@link OffsetRangeTracker} whose positions are not worth the same: a Parquet row group of
 * 100 MB and one of 1 MB are one position each. Claims and checkpoints behave exactly as in
 * `OffsetRangeTracker`; progress is reported in weight, and a split at fraction `f` cuts the
 * remainder where `f` of its *weight* lies, so a runner that balances by progress balances
 * by the real cost (bytes), not by the count of positions.
 *
 * With `cur` the last attempted position (or `from - 1`) and `W` the weight of
 * `[max(cur, from), to)`, `trySplit(f > 0)` splits at the largest `p <= to` whose prefix
 * `[max(cur, from), p)` weighs at most `f × W`, but never before `cur + 1`; `trySplit(0)`
 * splits at `cur + 1`.
 *
 * @example
 * ```ts
 * const bytes = [10, 10, 80];                      // three row groups
 * const prefix = [0, 10, 20, 100];
 * const t = new WeightedOffsetRangeTracker(new OffsetRange(0, 3), { weightOf: (a, b) => prefix[b] - prefix[a] });
 * t.trySplit(0.5);   // { primary: [0, 2), residual: [2, 3) }: 20 of 100 bytes, the most within half
 * ```
 */
export class WeightedOffsetRangeTracker extends OffsetRangeTracker {
  /** The weight of each position. */
  private readonly weights: PositionWeights;

  /**
   * @param range - a bounded range
   * @param weights - the weight of the positions
   * @throws {@link InvalidRestrictionError} for an open range (`to = Infinity`): it has no total weight
   */
  constructor(range: OffsetRange, weights: PositionWeights) {
    if (range.to === Infinity) {
      throw new InvalidRestrictionError(`A weighted offset range must be bounded, got ${range.toString()}.`, {
        context: { restriction: range.toString() },
      });
    }
    super(range);
    this.weights = weights;
  }

  /**
   * Splits the unclaimed remainder where fraction `f` of its weight lies (see the class).
   * @param fractionOfRemainder - in [0, 1]
   * @returns primary and residual, or `null` when nothing is left to split off
   * @throws {@link InvalidSplitError} if the fraction is NaN, negative or above 1
   */
  override trySplit(fractionOfRemainder: number): SplitResult<OffsetRange> | null {
    assertSplitFraction(fractionOfRemainder, this.range);
    const { from, to } = this.range;
    const last = this.lastAttemptedOffset;
    if (last !== null && last >= to) return null;
    const cur = last ?? from - 1;
    const position = fractionOfRemainder === 0 ? cur + 1 : this.weightedPosition(Math.max(cur, from), cur + 1, fractionOfRemainder);
    if (position >= to) return null;
    return this.splitAt(position);
  }

  /**
   * Progress in weight: before any claim `{0, W(range)}`; after attempting `c`, completed is
   * `W([from, c))` and remaining `W([c, to))`; when finished, all is completed.
   */
  override getProgress(): Progress {
    const { from, to } = this.range;
    const last = this.lastAttemptedOffset;
    const total = this.weights.weightOf(from, to);
    if (last === null) return { workCompleted: 0, workRemaining: total };
    if (last >= to) return { workCompleted: total, workRemaining: 0 };
    return { workCompleted: this.weights.weightOf(from, last), workRemaining: this.weights.weightOf(last, to) };
  }

  /** `WeightedOffsetRangeTracker([from, to), last attempted …)`. */
  override toString(): string {
    return `WeightedOffsetRangeTracker(${this.range.toString()}, lastAttempted=${String(this.lastAttemptedOffset)})`;
  }

  /** The largest `p` in `[lowest, to]` with `W([start, p)) <= f × W([start, to))`, or `lowest`. */
  private weightedPosition(start: number, lowest: number, fraction: number): number {
    const target = fraction * this.weights.weightOf(start, this.range.to);
    let low = lowest;
    let high = this.range.to;
    if (this.weights.weightOf(start, low) > target) return low;
    while (low < high) {
      const middle = low + Math.ceil((high - low) / 2);
      if (this.weights.weightOf(start, middle) <= target) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
