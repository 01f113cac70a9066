import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/** A timestamp or watermark outside [`MIN_TIMESTAMP`, `MAX_TIMESTAMP`], or not a number. */
export class InvalidTimestampError extends SdfError {
  /**
   * @param message - the value received and the range expected
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
