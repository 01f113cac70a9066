import { OffsetRange, type RestrictionCoder } from "../../../src/index.js";

/**
 * Bug 11, a lossy restriction coder: `from` and `to` as 32-bit integers. `Infinity` becomes 0
 * and offsets at or above 2^31 wrap around.
 */
export const int32RestrictionCoder: RestrictionCoder<OffsetRange> = {
  encode(range: OffsetRange): Uint8Array {
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    view.setInt32(0, range.from); // BUG: offsets are 53-bit, and `to` may be Infinity
    view.setInt32(4, range.to);
    return bytes;
  },
  decode(bytes: Uint8Array): OffsetRange {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return new OffsetRange(view.getInt32(0), view.getInt32(4));
  },
};
