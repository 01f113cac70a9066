import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A dependency at a version sdfkit cannot work with (e.g. an apache-beam other than the one whose
 * internals sdfkit mends). The message names the package and the version to install.
 *
 * @example
 * ```ts
 * throw new UnsupportedVersionError("sdfkit/beam: this apache-beam version is not supported (use 2.49.0)");
 * ```
 */
export class UnsupportedVersionError extends SdfError {
  /**
   * @param message - the package, the version found if known, and the version to use
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
