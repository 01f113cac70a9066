import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/** An I/O failure that may go away if retried: a reset connection, a timeout, throttling. */
export class TransientIoError extends SdfError {
  /**
   * @param message - the input, the failure and the attempts made
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: true });
  }
}
