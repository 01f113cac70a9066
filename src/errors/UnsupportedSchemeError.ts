import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A URI whose scheme no byte source handles (`ftp://…`), or whose backend could not be
 * loaded. The message lists the schemes that are known.
 *
 * @example
 * ```ts
 * // Unknown scheme "ftp" in ftp://host/x: known schemes are file (also bare paths), gs, s3
 * ```
 */
export class UnsupportedSchemeError extends SdfError {
  /**
   * @param message - the URI, its scheme and the known schemes
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
