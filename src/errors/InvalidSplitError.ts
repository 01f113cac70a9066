import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/** A split request that is always a bug: a fraction that is NaN, negative or above 1. */
export class InvalidSplitError extends SdfError {
  /**
   * @param message - the fraction received and the range expected
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
