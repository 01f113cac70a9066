import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * An input that exists but cannot be read as a file: a directory where a file was expected,
 * permission denied (`EACCES`, `EPERM`), a FIFO or device, or another open failure that will
 * not go away by retrying. Transient OS failures are a `TransientIoError` instead.
 *
 * @example
 * ```ts
 * throw new InputAccessError(`Cannot read /data/x: permission denied (EACCES)`, { context: { input: "/data/x" } });
 * ```
 */
export class InputAccessError extends SdfError {
  /**
   * @param message - the path, the OS code when there is one, and what to do
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
