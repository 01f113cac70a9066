import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/** A restriction that cannot be encoded, or bytes that do not decode to one (a corrupt checkpoint). */
export class RestrictionCoderError extends SdfError {
  /**
   * @param message - what could not be coded and what to do
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
