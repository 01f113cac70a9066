import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A claim that breaks the tracker's contract: not strictly above the last attempted position,
 * below the restriction's start, or not a valid position at all.
 */
export class ClaimOrderError extends SdfError {
  /**
   * @param message - both positions and the restriction
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
