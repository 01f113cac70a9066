import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * Files read together whose schemas cannot be reconciled: the same column with incompatible
 * types in two files. The message names both files, the column and both types.
 */
export class SchemaMismatchError extends SdfError {
  /**
   * @param message - both inputs, the column, both types and what to do
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
