import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * An input that does not exist: a missing file, or a glob or prefix that matches nothing.
 * Never retriable and never skipped: a pipeline that silently reads fewer inputs than it was
 * given looks like success.
 *
 * @example
 * ```ts
 * throw new InputNotFoundError(`No such file: /data/a.txt; check the path`, { context: { input: "/data/a.txt" } });
 * ```
 */
export class InputNotFoundError extends SdfError {
  /**
   * @param message - the URI or pattern, and what to do (check the path, the working directory)
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
