import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A run stopped by its caller (an aborted `signal`, a second Ctrl-C) before it finished. What was
 * checkpointed stays resumable; nothing past the last checkpoint was committed.
 *
 * @example
 * ```ts
 * controller.abort(new RunCancelledError("interrupted by a second Ctrl-C"));
 * ```
 */
export class RunCancelledError extends SdfError {
  /**
   * @param message - who cancelled and what state the run was left in
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
