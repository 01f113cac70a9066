import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A `processElement` output that no successful claim covers: before the first successful
 * `tryClaim`, or after one returned `false`. Such a record could be emitted twice or lost.
 */
export class OutputOutsideClaimError extends SdfError {
  /**
   * @param message - when the output happened and how to fix the source
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
