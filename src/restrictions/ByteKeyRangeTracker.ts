import { ClaimOrderError } from "../errors/ClaimOrderError.js";
import { UnfinishedWorkError } from "../errors/UnfinishedWorkError.js";
import { ByteKeyRange } from "./ByteKeyRange.js";
import { compareKeys, formatKey, nextKey } from "./byteKeys.js";
import type { Progress, RestrictionTracker, SplitResult } from "./RestrictionTracker.js";
import { assertSplitFraction } from "./validation.js";

/**
 * Tracks a {@link ByteKeyRange}, with the semantics of Beam's `ByteKeyRangeTracker`.
 *
 * - Keys are claimed in strictly increasing unsigned lexicographic order; a key at or past the end
 *   returns `false` and finishes the tracker. Claiming the empty key means "end of all ranges":
 *   it returns `false` and finishes any range (how a reader that ran out of keys stops).
 * - `trySplit(0)` checkpoints right after the last attempted key `k`, at `nextKey(k)` = `k ++ 00`;
 *   before any claim, the whole range is handed off and the tracker keeps `[start, start)` (or
 *   {@link ByteKeyRange.NO_KEYS} when `start` is empty). `trySplit(f)` with `f > 0` splits the
 *   unclaimed rest at {@link ByteKeyRange.interpolateKey}`(f)`.
 * - Progress is a fraction of the range: `{0, 1}` before a claim, `{1, 0}` when finished.
 *
 * @example
 * ```ts
 * const t = new ByteKeyRangeTracker(new ByteKeyRange(Uint8Array.of(0x10), Uint8Array.of(0xc0)));
 * t.tryClaim(Uint8Array.of(0x50));   // true
 * t.trySplit(0);                     // primary [10, 5000), residual [5000, c0): a checkpoint
 * t.tryClaim(Uint8Array.of(0x60));   // false: split off
 * t.checkDone();                     // passes
 * ```
 */
export class ByteKeyRangeTracker implements RestrictionTracker<ByteKeyRange, Uint8Array> {
  /** The range owned; shrinks on every successful split, never below the last attempted key. */
  #range: ByteKeyRange;
  /** Copy of the last key passed to `tryClaim`, successful or not; null before the first claim. */
  #lastAttemptedKey: Uint8Array | null = null;
  /** Copy of the last key for which `tryClaim` returned true; null before the first. */
  #lastClaimedKey: Uint8Array | null = null;

  /** @param range - the range to track */
  constructor(range: ByteKeyRange) {
    this.#range = range;
  }

  /**
   * Claims `key`.
   *
   * @param key - strictly above the last attempted key and `>= start`; or the empty key to say
   *   "nothing more" (allowed once, at any point)
   * @returns `true` if `key < end`; `false` for a key at or past the end or the empty key (the
   *   tracker is then finished)
   * @throws {@link ClaimOrderError} on a repeated, decreasing or below-start key, any claim after
   *   the empty key, or a key that is not a `Uint8Array`
   */
  tryClaim(key: Uint8Array): boolean {
    if (!(key instanceof Uint8Array)) {
      throw new ClaimOrderError(`Expected a Uint8Array key to claim in ${this.#range.toString()}, got ${typeof key}.`, {
        context: { restriction: this.#range.toString() },
      });
    }
    const last = this.#lastAttemptedKey;
    if (last !== null && (last.length === 0 || (key.length > 0 && compareKeys(key, last) <= 0))) {
      throw this.#orderError(
        `Trying to claim key ${formatKey(key)} while last attempted key was ${formatKey(last)} in ${this.#range.toString()}: ` +
          (last.length === 0
            ? `the empty key already finished the tracker; stop claiming once tryClaim returns false.`
            : `claims must strictly increase.`),
        key,
      );
    }
    if (key.length === 0) {
      this.#lastAttemptedKey = new Uint8Array(0);
      return false;
    }
    if (this.#range.startsAfterKey(key)) {
      throw this.#orderError(
        `Trying to claim key ${formatKey(key)} before start of the range ${this.#range.toString()}: ` +
          `a reader must begin at the restriction's start key.`,
        key,
      );
    }
    const copy = new Uint8Array(key);
    this.#lastAttemptedKey = copy;
    if (!this.#range.endsAfterKey(key)) return false;
    this.#lastClaimedKey = copy;
    return true;
  }

  /** The range currently owned: the primary after a split. */
  currentRestriction(): ByteKeyRange {
    return this.#range;
  }

  /**
   * Splits the unclaimed remainder `[nextKey(last attempted) or start, end)`.
   *
   * `[10, c0)` claimed to `[90]`: `trySplit(0)` → primary `[10, 9000)`, residual `[9000, c0)`.
   * Unclaimed `[[], [])`: `trySplit(0.5)` → primary `[[], 80000000000000)`, residual
   * `[80000000000000, [])`. Returns null for an empty range, after the tracker finished, when the
   * remainder is empty, when `f = 1`, or when no key can be interpolated inside the remainder.
   *
   * @param fractionOfRemainder - in [0, 1]
   * @returns primary and residual, which tile the range owned before the call; or `null`
   * @throws {@link InvalidSplitError} if the fraction is NaN, negative or above 1
   */
  trySplit(fractionOfRemainder: number): SplitResult<ByteKeyRange> | null {
    assertSplitFraction(fractionOfRemainder, this.#range);
    const range = this.#range;
    const last = this.#lastAttemptedKey;
    if (range.isEmpty() || (last !== null && last.length === 0)) return null;
    const unprocessedStart = last === null ? range.start : nextKey(last);
    if (!range.endsAfterKey(unprocessedStart)) return null;
    const { start, end } = range;
    if (fractionOfRemainder === 0) {
      if (last === null) {
        this.#range = start.length === 0 ? ByteKeyRange.NO_KEYS : new ByteKeyRange(start, start);
        return { primary: this.#range, residual: range };
      }
      return this.#splitAt(unprocessedStart);
    }
    let splitKey: Uint8Array;
    try {
      splitKey = new ByteKeyRange(unprocessedStart, end).interpolateKey(fractionOfRemainder);
    } catch {
      return null; // f = 1, or a remainder too narrow to interpolate in
    }
    if (splitKey.length === 0 || !range.endsAfterKey(splitKey)) return null;
    return this.#splitAt(splitKey);
  }

  /**
   * Throws unless no claimable key is left: the range is empty, the empty key or a key at or past
   * the end was attempted, or the last attempted key `k` was the last one (`end = k ++ 00`).
   * @throws {@link UnfinishedWorkError} naming the range left unclaimed
   */
  checkDone(): void {
    const range = this.#range;
    if (range.isEmpty()) return;
    const last = this.#lastAttemptedKey;
    if (last === null) {
      throw new UnfinishedWorkError(
        `Key range is non-empty ${range.toString()} and no keys have been attempted: the source must claim keys ` +
          `until tryClaim returns false (or claim the empty key to finish).`,
        { context: { restriction: range.toString() } },
      );
    }
    if (last.length === 0) return;
    const next = nextKey(last);
    if (!range.endsAfterKey(next)) return;
    throw new UnfinishedWorkError(
      `Last attempted key was ${formatKey(last)} in range ${range.toString()}, claiming work in ` +
        `[${formatKey(next)}, ${formatKey(range.end)}) was not attempted: the source stopped early; keep claiming ` +
        `until tryClaim returns false (claim the empty key when out of keys), or return resume() to checkpoint.`,
      { context: { restriction: range.toString(), position: formatKey(last) } },
    );
  }

  /** Always `true`: even a range with an empty end has a fraction-based size. */
  isBounded(): boolean {
    return true;
  }

  /**
   * Beam's progress as fractions of the range: `{0, 0}` for an empty range, `{0, 1}` before any
   * claim, `{1, 0}` once finished, otherwise `f = estimateFractionForKey(last attempted)` and
   * `{f, 1 - f}`. `[[], [])` claimed to `[a0]` → `{ workCompleted: 0.625, workRemaining: 0.375 }`.
   */
  getProgress(): Progress {
    const range = this.#range;
    const last = this.#lastAttemptedKey;
    if (range.isEmpty()) return { workCompleted: 0, workRemaining: 0 };
    if (last === null) return { workCompleted: 0, workRemaining: 1 };
    if (last.length === 0 || !range.endsAfterKey(last)) return { workCompleted: 1, workRemaining: 0 };
    const workCompleted = range.estimateFractionForKey(last);
    return { workCompleted, workRemaining: 1 - workCompleted };
  }

  /** `ByteKeyRangeTracker{range=…, lastClaimedKey=[…], lastAttemptedKey=[…]}`, keys in hex. */
  toString(): string {
    const show = (key: Uint8Array | null): string => (key === null ? "null" : formatKey(key));
    return (
      `ByteKeyRangeTracker{range=${this.#range.toString()}, lastClaimedKey=${show(this.#lastClaimedKey)}, ` +
      `lastAttemptedKey=${show(this.#lastAttemptedKey)}}`
    );
  }

  /** Cuts the owned range at `key`, which lies above the last attempted key and below the end. */
  #splitAt(key: Uint8Array): SplitResult<ByteKeyRange> {
    const { start, end } = this.#range;
    const primary = new ByteKeyRange(start, key);
    this.#range = primary;
    return { primary, residual: new ByteKeyRange(key, end) };
  }

  /** A {@link ClaimOrderError} with the range and key as context. */
  #orderError(message: string, key: Uint8Array): ClaimOrderError {
    return new ClaimOrderError(message, { context: { restriction: this.#range.toString(), position: formatKey(key) } });
  }
}
