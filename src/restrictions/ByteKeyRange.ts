import { InvalidRestrictionError } from "../errors/InvalidRestrictionError.js";
import { InvalidSplitError } from "../errors/InvalidSplitError.js";
import { compareKeys, formatKey, keysEqual } from "./byteKeys.js";
import { InternalError } from "../errors/InternalError.js";

/**
 * A half-open range of byte keys `[start, end)` in unsigned lexicographic order, with the
 * semantics of Beam's `ByteKeyRange`. Immutable: the constructor copies the bytes and the `start`
 * and `end` getters return copies.
 *
 * An empty `end` means "no upper bound"; an empty `start` means "from the very first key". Keys are
 * read as binary fractions in `[0, 1]` (`[80]` is 0.5, `[c0]` 0.75), which is how
 * {@link ByteKeyRange.interpolateKey} and {@link ByteKeyRange.estimateFractionForKey} measure a
 * range; they use `bigint` arithmetic, so keep them off per-record paths.
 *
 * @example
 * ```ts
 * const r = new ByteKeyRange(Uint8Array.of(0x30), Uint8Array.of(0x50));
 * r.containsKey(Uint8Array.of(0x40));             // true
 * r.estimateFractionForKey(Uint8Array.of(0x40));  // 0.5
 * r.interpolateKey(0.5);                          // [40000000000000]: 0x40, padded to 53 bits
 * ByteKeyRange.ALL_KEYS.interpolateKey(0.25);     // [40000000000000]
 * r.toString();                                   // "ByteKeyRange{startKey=[30], endKey=[50]}"
 * ```
 */
export class ByteKeyRange {
  /** Every key: empty start and empty (unbounded) end. */
  static readonly ALL_KEYS: ByteKeyRange = new ByteKeyRange(new Uint8Array(0), new Uint8Array(0));
  /** No key at all: `[[], [00])`, as Beam's `ByteKeyRangeTracker.NO_KEYS` (it holds only the empty key, never claimable). */
  static readonly NO_KEYS: ByteKeyRange = new ByteKeyRange(new Uint8Array(0), Uint8Array.of(0));

  /** Inclusive lower bound; private copy, never exposed. */
  readonly #start: Uint8Array;
  /** Exclusive upper bound, empty for none; private copy, never exposed. `start <= end` unless empty. */
  readonly #end: Uint8Array;

  /**
   * @param start - the first key of the range (inclusive); empty for the very first key
   * @param end - the end of the range (exclusive); empty for no upper bound
   * @throws {@link InvalidRestrictionError} if a bound is not a `Uint8Array`, or `start > end`
   *   with a non-empty `end`
   */
  constructor(start: Uint8Array, end: Uint8Array) {
    if (!(start instanceof Uint8Array) || !(end instanceof Uint8Array)) {
      throw new InvalidRestrictionError(
        `Expected ByteKeyRange \`start\` and \`end\` to be Uint8Arrays, got ${typeof start} and ${typeof end}.`,
      );
    }
    if (end.length > 0 && compareKeys(start, end) > 0) {
      throw new InvalidRestrictionError(
        `Expected ByteKeyRange start <= end (or an empty end for no upper bound), got start ${formatKey(start)} ` +
          `> end ${formatKey(end)}.`,
        { context: { restriction: `[${formatKey(start)}, ${formatKey(end)})` } },
      );
    }
    this.#start = new Uint8Array(start);
    this.#end = new Uint8Array(end);
  }

  /** A copy of the inclusive lower bound; empty for the very first key. */
  get start(): Uint8Array {
    return new Uint8Array(this.#start);
  }

  /** A copy of the exclusive upper bound; empty for no upper bound. */
  get end(): Uint8Array {
    return new Uint8Array(this.#end);
  }

  /**
   * Whether `key` lies in `[start, end)`.
   * @param key - a key
   * @returns `true` if `start <= key` and `key < end` (always, for an empty `end`)
   */
  containsKey(key: Uint8Array): boolean {
    return compareKeys(key, this.#start) >= 0 && this.endsAfterKey(key);
  }

  /**
   * Whether the range ends after `key`: `key < end`, an empty `end` being above every key.
   * @param key - a key
   * @returns `true` if `key` is below the end
   */
  endsAfterKey(key: Uint8Array): boolean {
    return this.#end.length === 0 || compareKeys(key, this.#end) < 0;
  }

  /**
   * Whether the range starts after `key`: `key < start`.
   * @param key - a key
   * @returns `true` if `key` is below the start
   */
  startsAfterKey(key: Uint8Array): boolean {
    return compareKeys(key, this.#start) < 0;
  }

  /** Whether the range has no upper bound (its `end` is empty). */
  isUnbounded(): boolean {
    return this.#end.length === 0;
  }

  /**
   * Whether the range holds no key that can be claimed (a non-empty key): `[k, k)` or {@link ByteKeyRange.NO_KEYS}.
   * @returns `true` for an empty range
   */
  isEmpty(): boolean {
    if (this.#end.length === 0) return false;
    const firstKey = this.#start.length === 0 ? Uint8Array.of(0) : this.#start;
    return compareKeys(this.#end, firstKey) <= 0;
  }

  /**
   * Whether the two ranges share a key, Beam's rule: each starts before the other ends.
   * @param other - another range
   * @returns `true` if they overlap
   */
  overlaps(other: ByteKeyRange): boolean {
    return this.endsAfterKey(other.#start) && other.endsAfterKey(this.#start);
  }

  /**
   * Cuts the range into `numSplits` pieces of about equal size (keys assumed uniform), as Beam's
   * `ByteKeyRange.split`: `[start, k1, …, end]`, where `k_i = interpolateKey(i / numSplits)`.
   * A range whose bounds differ only by trailing zero bytes cannot be cut and yields `[start, end]`.
   *
   * @param numSplits - a positive integer
   * @returns ascending keys from `start` to `end`, consecutive pairs forming the pieces
   * @throws {@link InvalidRestrictionError} if `numSplits` is not a positive integer
   * @example `ByteKeyRange.ALL_KEYS.split(2)` → `[[], [80000000000000], []]`
   */
  split(numSplits: number): Uint8Array[] {
    if (!Number.isSafeInteger(numSplits) || numSplits < 1) {
      throw new InvalidRestrictionError(
        `Expected \`numSplits\` to be a positive integer to split ${this.toString()}, got ${String(numSplits)}.`,
      );
    }
    if (paddedBounds(this.#start, this.#end).span === 0n) return [this.start, this.end];
    const keys = [this.start];
    for (let i = 1; i < numSplits; i++) keys.push(this.interpolateKey(i / numSplits));
    keys.push(this.end);
    return keys;
  }

  /**
   * The fraction of the range that lies in `[start, key)`, reading keys as binary fractions: for
   * `[30, 50)` and key `[40]`, 0.5. Computed as Beam does: bounds padded with trailing zeros to a
   * common length (with a `01` head byte on an empty end, `00` on the others), then
   * `floor((key - start) × 2^64 / (end - start)) / 2^64`. A range whose bounds differ only by
   * trailing zeros gives 0.
   *
   * @param key - a non-empty key in `[start, end)`, or equal to `end`
   * @returns a fraction in [0, 1]; exactly 1 when `key` equals `end`
   * @throws {@link InvalidRestrictionError} if `key` is empty or outside the range
   */
  estimateFractionForKey(key: Uint8Array): number {
    if (key.length === 0) {
      throw new InvalidRestrictionError(`Cannot compute a fraction for the empty key in ${this.toString()}.`);
    }
    if (keysEqual(key, this.#end)) return 1;
    if (!this.containsKey(key)) {
      throw new InvalidRestrictionError(
        `Cannot compute a fraction for key ${formatKey(key)} outside ${this.toString()}: expected a key in the range or its end.`,
        { context: { restriction: this.toString(), position: formatKey(key) } },
      );
    }
    const { start, span, length } = paddedBounds(this.#start, this.#end, key.length);
    if (span === 0n) return 0;
    const keyInt = paddedInt(this.isUnbounded() ? withHeadByte(key, 0) : key, length);
    return Number(((keyInt - start) << 64n) / span) / 2 ** 64;
  }

  /**
   * A key `k` such that `[start, k)` is about `fraction` of the range, computed exactly as Beam's
   * `interpolateKey`: the span `end - start` is widened by whole zero bytes to at least 53 bits,
   * multiplied by `fraction` read as its shortest decimal (Java's `BigDecimal.valueOf`) and
   * truncated, and the key is `start + offset` written at the padded length (one byte shorter for
   * an unbounded range). `[30, 50)` at 0.5 → `[40000000000000]`. Never empty.
   *
   * @param fraction - in [0, 1)
   * @returns a new key in `[start, end)`, padded with trailing zero bytes
   * @throws {@link InvalidSplitError} if `fraction` is not in [0, 1), or if the bounds differ
   *   only by trailing zero bytes (no key lies strictly between them to interpolate)
   */
  interpolateKey(fraction: number): Uint8Array {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new InvalidSplitError(
        `Expected \`fraction\` to be in [0, 1) to interpolate a key in ${this.toString()}, got ${String(fraction)}.`,
        { context: { restriction: this.toString() } },
      );
    }
    let { start, span, length } = paddedBounds(this.#start, this.#end);
    if (span === 0n) {
      throw new InvalidSplitError(
        `Refusing to interpolate a key in the near-empty ${this.toString()}: its start and end differ only by ` +
          `trailing zero bytes, so there is no key to split at.`,
        { context: { restriction: this.toString() } },
      );
    }
    // Widen the span by whole bytes to at least 53 bits (a double's mantissa), as Beam does.
    const bytesNeeded = Math.trunc((53 - span.toString(2).length + 7) / 8);
    if (bytesNeeded > 0) {
      const shift = BigInt(8 * bytesNeeded);
      span <<= shift;
      start <<= shift;
      length += bytesNeeded;
    }
    const { digits, scale } = shortestDecimal(fraction);
    const offset = (span * digits) / 10n ** BigInt(scale);
    return fixedLengthBytes(start + offset, this.isUnbounded() ? length - 1 : length);
  }

  /**
   * Whether `other` is a `ByteKeyRange` with the same start and end bytes.
   * @param other - any value
   * @returns `true` when both bounds are byte-equal
   */
  equals(other: unknown): boolean {
    return other instanceof ByteKeyRange && keysEqual(other.#start, this.#start) && keysEqual(other.#end, this.#end);
  }

  /** Beam's form, keys in hex: `ByteKeyRange{startKey=[10], endKey=[c0]}`. */
  toString(): string {
    return `ByteKeyRange{startKey=${formatKey(this.#start)}, endKey=${formatKey(this.#end)}}`;
  }
}

/**
 * Start and span of `[start, end)` as integers over a common padded length (at least
 * `minKeyLength`, counted before the head byte); an empty end becomes `01` followed by zeros, and
 * the start gets a `00` head byte, giving a concrete least upper bound.
 */
function paddedBounds(
  startKey: Uint8Array,
  endKey: Uint8Array,
  minKeyLength = 0,
): { start: bigint; span: bigint; length: number } {
  const unbounded = endKey.length === 0;
  const startBytes = unbounded ? withHeadByte(startKey, 0) : startKey;
  const endBytes = unbounded ? withHeadByte(endKey, 1) : endKey;
  const length = Math.max(startBytes.length, endBytes.length, minKeyLength + (unbounded ? 1 : 0));
  const start = paddedInt(startBytes, length);
  return { start, span: paddedInt(endBytes, length) - start, length };
}

/** A copy of `bytes` with `head` in front. */
function withHeadByte(bytes: Uint8Array, head: number): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out[0] = head;
  out.set(bytes, 1);
  return out;
}

/** The unsigned big-endian integer of `bytes` padded with trailing zeros to `length` bytes. */
function paddedInt(bytes: Uint8Array, length: number): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value << BigInt(8 * (length - bytes.length));
}

/** `value` as exactly `length` unsigned big-endian bytes (Beam's `fixupHeadZeros`). */
function fixedLengthBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  if (rest !== 0n) throw new InternalError(`Internal error: ${value} does not fit in ${length} bytes; this is a bug in sdfkit, please report it.`);
  return out;
}

/** `fraction` as `digits × 10^-scale`, from its shortest round-trip decimal (as `BigDecimal.valueOf`). */
function shortestDecimal(fraction: number): { digits: bigint; scale: number } {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(Math.abs(fraction)));
  if (match === null) throw new InternalError(`Internal error: cannot read ${String(fraction)} as a decimal; this is a bug in sdfkit, please report it.`);
  const [, whole = "0", decimals = "", exponent = "0"] = match;
  const scale = decimals.length - Number(exponent);
  const digits = BigInt(whole + decimals);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}
