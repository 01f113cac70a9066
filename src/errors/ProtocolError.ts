import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A server that answered outside its protocol: a ranged GET answered with bytes beyond the range,
 * an object's metadata without its size or version. Never retriable: the same server answers the
 * same way; the message names the input and what to check (usually the endpoint in use).
 *
 * @example
 * ```ts
 * throw new ProtocolError(`Cannot open s3://b/k: the server sent no Content-Length or ETag; sdfkit needs both to pin the version`, { context: { input: "s3://b/k" } });
 * ```
 */
export class ProtocolError extends SdfError {
  /**
   * @param message - the input, what the server sent instead, and what to check
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
