import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A checkpoint in `checkpointDir` that cannot be used: corrupt, written by another source,
 * or for other elements. It is never silently ignored; remove the directory to start over.
 */
export class CheckpointError extends SdfError {
  /**
   * @param message - the file, what is wrong, and what to do
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
