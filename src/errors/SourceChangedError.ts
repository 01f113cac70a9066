import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/** The input changed while it was being read (a file rewritten, an object overwritten). */
export class SourceChangedError extends SdfError {
  /**
   * @param message - the input, the versions seen and what to do
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
