import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A read from a byte source (a local file, an S3 or GCS object) after its `close()`. Never
 * retriable: the same source fails the same way; open the input again to go on reading.
 *
 * @example
 * ```ts
 * throw new ByteSourceClosedError(`Cannot read /data/a.txt at byte offset 0: the byte source was closed`, { context: { input: "/data/a.txt" } });
 * ```
 */
export class ByteSourceClosedError extends SdfError {
  /**
   * @param message - the input, the byte offset, and what to do (open it again)
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
