import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/** A connector or runner option that cannot work: an empty delimiter, a negative size. */
export class InvalidOptionError extends SdfError {
  /**
   * @param message - the option, the value received and what is expected
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
