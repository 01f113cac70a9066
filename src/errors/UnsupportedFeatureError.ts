import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A use of sdfkit it does not support (yet): e.g. side inputs on an `sdfRead` step. The message
 * names the feature and what to do instead. Never retriable.
 *
 * @example
 * ```ts
 * throw new UnsupportedFeatureError("sdfRead takes one input; side inputs are not supported: join them downstream");
 * ```
 */
export class UnsupportedFeatureError extends SdfError {
  /**
   * @param message - the feature, and what to do instead
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
