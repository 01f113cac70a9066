import type { OffsetRange, RestrictionCoder } from "../../../src/index.js";
import { TailingCountSdf } from "./correct/TailingCountSdf.js";
import { jsonRestrictionCoder } from "./JsonRestrictionCoder.js";

/** Bug 11b at source level: {@link TailingCountSdf} with the JSON coder that drops `Infinity`. */
export class JsonCoderSdf extends TailingCountSdf {
  override restrictionCoder(): RestrictionCoder<OffsetRange> {
    return jsonRestrictionCoder;
  }
}
