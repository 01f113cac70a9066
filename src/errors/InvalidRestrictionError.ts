import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/** A restriction (range, key range) that cannot exist: reversed bounds, unsafe integers, NaN. */
export class InvalidRestrictionError extends SdfError {
  /**
   * @param message - which bound was wrong and what was expected
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
