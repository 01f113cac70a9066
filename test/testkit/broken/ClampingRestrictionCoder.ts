import { OffsetRange, type RestrictionCoder } from "../../../src/index.js";

/**
 * Bug 11c, a restriction coder that drops `Infinity`: offsets as int64, and since
 * `BigInt(Infinity)` throws, an open end is clamped to `Number.MAX_SAFE_INTEGER`. An open
 * residual comes back bounded: it loses "open" (a drain then reads it to 2^53 instead of
 * truncating it, a growable tracker is never built for it again).
 */
export const clampingRestrictionCoder: RestrictionCoder<OffsetRange> = {
  encode(range: OffsetRange): Uint8Array {
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    view.setBigInt64(0, BigInt(range.from));
    view.setBigInt64(8, BigInt(Math.min(range.to, Number.MAX_SAFE_INTEGER))); // BUG: Infinity → 2^53 - 1
    return bytes;
  },
  decode(bytes: Uint8Array): OffsetRange {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return new OffsetRange(Number(view.getBigInt64(0)), Number(view.getBigInt64(8)));
  },
};
