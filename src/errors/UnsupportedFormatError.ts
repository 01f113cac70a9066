import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * Input in a valid format that uses a feature sdfkit cannot decode: a Parquet compression codec,
 * encoding or type the reader does not support. Retrying cannot help; the message names the
 * input, the feature and how to rewrite the data so it can be read.
 */
export class UnsupportedFormatError extends SdfError {
  /**
   * @param message - the input, the unsupported feature and what to do
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
