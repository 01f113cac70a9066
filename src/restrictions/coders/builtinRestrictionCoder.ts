import { RestrictionCoderError } from "../../errors/RestrictionCoderError.js";
import { ByteKeyRange } from "../ByteKeyRange.js";
import { OffsetRange } from "../OffsetRange.js";
import { byteKeyRangeCoder } from "./byteKeyRangeCoder.js";
import { offsetRangeCoder } from "./offsetRangeCoder.js";
import type { RestrictionCoder } from "./RestrictionCoder.js";

/** The restriction types sdfkit can encode without help. */
export type BuiltinRestriction = OffsetRange | ByteKeyRange;

/**
 * Whether `restriction` is one of the types {@link builtinRestrictionCoder} handles.
 * @param restriction - any value
 */
export function isBuiltinRestriction(restriction: unknown): restriction is BuiltinRestriction {
  return restriction instanceof OffsetRange || restriction instanceof ByteKeyRange;
}

/**
 * Coder for {@link OffsetRange} and {@link ByteKeyRange}, told apart by their tag byte.
 * @throws {@link RestrictionCoderError} for any other value, or bytes with an unknown tag
 */
export const builtinRestrictionCoder: RestrictionCoder<BuiltinRestriction> = {
  encode(restriction: BuiltinRestriction): Uint8Array {
    if (restriction instanceof OffsetRange) return offsetRangeCoder.encode(restriction);
    if (restriction instanceof ByteKeyRange) return byteKeyRangeCoder.encode(restriction);
    throw new RestrictionCoderError(
      `No built-in coder for restriction ${describe(restriction)}: only OffsetRange and ByteKeyRange have one; ` +
        `override restrictionCoder() in your SplittableDoFn.`,
    );
  },
  decode(bytes: Uint8Array): BuiltinRestriction {
    const tag = bytes[0];
    if (tag === 0x01) return offsetRangeCoder.decode(bytes);
    if (tag === 0x02) return byteKeyRangeCoder.decode(bytes);
    throw new RestrictionCoderError(
      `Unknown restriction tag ${String(tag)} in ${bytes.length} bytes: the checkpoint is corrupt or was written by another coder.`,
    );
  },
};

function describe(value: unknown): string {
  if (value === null || typeof value !== "object") return `of type ${typeof value}`;
  return `of class ${value.constructor?.name ?? "Object"}`;
}
