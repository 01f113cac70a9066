import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A broken invariant inside sdfkit itself: a bug, never the user's input. The message says what
 * was expected; report it with the stack. Never retriable.
 *
 * @example
 * ```ts
 * throw new InternalError("sdfkit: no free worker thread (more items than threads); this is a bug in sdfkit, please report it");
 * ```
 */
export class InternalError extends SdfError {
  /**
   * @param message - what invariant broke, and that it is a bug to report
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
