import { OffsetRange, type RestrictionCoder } from "../../../src/index.js";

/**
 * Bug 11b, a lossy restriction coder: JSON, which writes `Infinity` as `null`; the decoder
 * reads a missing end as "empty range" (`to = from`), so an open residual decodes as nothing.
 */
export const jsonRestrictionCoder: RestrictionCoder<OffsetRange> = {
  encode(range: OffsetRange): Uint8Array {
    return new TextEncoder().encode(JSON.stringify({ from: range.from, to: range.to })); // BUG: Infinity → null
  },
  decode(bytes: Uint8Array): OffsetRange {
    const { from, to } = JSON.parse(new TextDecoder().decode(bytes)) as { from: number; to: number | null };
    return new OffsetRange(from, to ?? from);
  },
};
