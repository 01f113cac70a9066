import { InvalidRestrictionError } from "../errors/InvalidRestrictionError.js";

/**
 * A half-open range of integer positions `[from, to)`: byte offsets, record indices, log
 * offsets. Immutable. `to` may be `Infinity` for a range with no known end.
 *
 * @example
 * ```ts
 * const r = new OffsetRange(0, 250);
 * r.size();            // 250
 * r.split(100);        // [0,100) [100,200) [200,250): the tail of 50 is not under 100/4
 * r.split(120);        // [0,120) [120,250): a tail of 10 would be under 120/4, so it merges
 * ```
 */
export class OffsetRange {
  /** First position in the range (inclusive). */
  readonly from: number;
  /** End of the range (exclusive); `Infinity` when open. */
  readonly to: number;

  /**
   * @param from - a safe integer
   * @param to - a safe integer `>= from`, or `Infinity`
   * @throws {@link InvalidRestrictionError} if a bound is not a safe integer or `from > to`
   */
  constructor(from: number, to: number) {
    if (!Number.isSafeInteger(from)) {
      throw new InvalidRestrictionError(
        `Expected OffsetRange \`from\` to be a safe integer, got ${String(from)}: positions must be integers below 2^53.`,
      );
    }
    if (!Number.isSafeInteger(to) && to !== Infinity) {
      throw new InvalidRestrictionError(
        `Expected OffsetRange \`to\` to be a safe integer or Infinity, got ${String(to)}.`,
      );
    }
    if (from > to) {
      throw new InvalidRestrictionError(`Expected OffsetRange \`from\` <= \`to\`, got [${from}, ${to}).`);
    }
    this.from = from;
    this.to = to;
  }

  /** Number of positions in the range (`Infinity` when open). */
  size(): number {
    return this.to - this.from;
  }

  /** Whether `position` lies in `[from, to)`. */
  contains(position: number): boolean {
    return position >= this.from && position < this.to;
  }

  /**
   * Splits the range into consecutive pieces of `desiredSize`, the way Beam's
   * `OffsetRange.split` does: a tail smaller than `max(desiredSize / 4, minSize)` joins the
   * previous piece (`desiredSize / 4` rounded down, as in Beam). An empty range yields no pieces;
   * an open range yields itself (it cannot be cut into finitely many pieces).
   *
   * @param desiredSize - target piece size, > 0
   * @param minSize - smallest acceptable tail @defaultValue 1
   * @returns pieces that tile this range in order
   * @throws {@link InvalidRestrictionError} if `desiredSize` or `minSize` is not a positive number
   * @example `new OffsetRange(0, 10).split(4)` → `[0,4) [4,8) [8,10)`; `new OffsetRange(0, 9).split(4)` → `[0,4) [4,8) [8,9)` (a tail of 1 is not under 4/4)
   */
  split(desiredSize: number, minSize = 1): OffsetRange[] {
    if (!(desiredSize > 0)) {
      throw new InvalidRestrictionError(`Expected \`desiredSize\` > 0 to split ${this.toString()}, got ${String(desiredSize)}.`);
    }
    if (!(minSize > 0)) {
      throw new InvalidRestrictionError(`Expected \`minSize\` > 0 to split ${this.toString()}, got ${String(minSize)}.`);
    }
    if (this.to === Infinity) return [this];
    const step = Math.max(1, Math.floor(desiredSize));
    const smallestTail = Math.max(Math.floor(step / 4), minSize);
    const pieces: OffsetRange[] = [];
    let start = this.from;
    while (start < this.to) {
      let end = Math.min(this.to, start + step);
      if (this.to - end < smallestTail) end = this.to;
      pieces.push(new OffsetRange(start, end));
      start = end;
    }
    return pieces;
  }

  /** Whether `other` is an `OffsetRange` with the same bounds. */
  equals(other: unknown): boolean {
    return other instanceof OffsetRange && other.from === this.from && other.to === this.to;
  }

  /** `[from, to)`. */
  toString(): string {
    return `[${this.from}, ${this.to})`;
  }
}
