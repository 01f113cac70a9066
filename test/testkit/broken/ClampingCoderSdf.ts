import type { OffsetRange, RestrictionCoder } from "../../../src/index.js";
import { TailingCountSdf } from "./correct/TailingCountSdf.js";
import { clampingRestrictionCoder } from "./ClampingRestrictionCoder.js";

/** Bug 11c at source level: {@link TailingCountSdf} with a coder that clamps `Infinity`. */
export class ClampingCoderSdf extends TailingCountSdf {
  override restrictionCoder(): RestrictionCoder<OffsetRange> {
    return clampingRestrictionCoder;
  }
}
