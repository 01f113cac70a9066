import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/** `checkDone()` found work that was neither claimed nor split off: it would be lost. */
export class UnfinishedWorkError extends SdfError {
  /**
   * @param message - the unclaimed range and how to fix the source
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
