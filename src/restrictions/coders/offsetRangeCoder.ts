import { RestrictionCoderError } from "../../errors/RestrictionCoderError.js";
import { OffsetRange } from "../OffsetRange.js";
import type { RestrictionCoder } from "./RestrictionCoder.js";

const OFFSET_RANGE_TAG = 0x01;
const ENCODED_LENGTH = 17;

/**
 * Binary coder for {@link OffsetRange}: a tag byte, then `from` and `to` as little-endian
 * float64 (exact for safe integers and `Infinity`). 17 bytes.
 */
export const offsetRangeCoder: RestrictionCoder<OffsetRange> = {
  encode(range: OffsetRange): Uint8Array {
    const bytes = new Uint8Array(ENCODED_LENGTH);
    const view = new DataView(bytes.buffer);
    bytes[0] = OFFSET_RANGE_TAG;
    view.setFloat64(1, range.from, true);
    view.setFloat64(9, range.to, true);
    return bytes;
  },
  decode(bytes: Uint8Array): OffsetRange {
    if (bytes.length !== ENCODED_LENGTH || bytes[0] !== OFFSET_RANGE_TAG) {
      throw new RestrictionCoderError(
        `Expected ${ENCODED_LENGTH} bytes starting with tag ${OFFSET_RANGE_TAG} for an OffsetRange, ` +
          `got ${bytes.length} bytes starting with ${String(bytes[0])}: the checkpoint is corrupt or from another coder.`,
      );
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    try {
      return new OffsetRange(view.getFloat64(1, true), view.getFloat64(9, true));
    } catch (cause) {
      throw new RestrictionCoderError(`Decoded bytes do not form a valid OffsetRange: ${String(cause)}`, { cause });
    }
  },
};
