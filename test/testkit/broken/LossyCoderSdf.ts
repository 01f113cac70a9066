import type { OffsetRange, RestrictionCoder } from "../../../src/index.js";
import { TailingCountSdf } from "./correct/TailingCountSdf.js";
import { int32RestrictionCoder } from "./Int32RestrictionCoder.js";

/** Bug 11 at source level: {@link TailingCountSdf}, whose residuals are open, with a 32-bit coder. */
export class LossyCoderSdf extends TailingCountSdf {
  override restrictionCoder(): RestrictionCoder<OffsetRange> {
    return int32RestrictionCoder;
  }
}
