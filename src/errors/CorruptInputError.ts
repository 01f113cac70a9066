import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * Input bytes that cannot be decoded: a truncated gzip stream, a corrupt footer, a malformed
 * record. The message names the input and, where known, the byte offset.
 */
export class CorruptInputError extends SdfError {
  /**
   * @param message - the input, the offset and what is wrong
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
