import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A value that the requested JavaScript type cannot hold exactly, such as an INT64 beyond
 * `Number.MAX_SAFE_INTEGER` read as a `number`. sdfkit refuses rather than round silently; the
 * message names the input, the column and the option that keeps every digit.
 */
export class PrecisionLossError extends SdfError {
  /**
   * @param message - the input, the column, the value and what to do
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
