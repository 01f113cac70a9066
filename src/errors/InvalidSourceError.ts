import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A source (a `SplittableDoFn` subclass) defined in a way a runner cannot use: no
 * `moduleReference()` where the work runs in another thread or process, a module reference whose
 * export is missing, or a default the source relies on without the state it needs. The message
 * names the source and the method to implement.
 *
 * @example
 * ```ts
 * throw new InvalidSourceError("CsvSource does not implement moduleReference(), so it cannot run on worker threads: implement it");
 * ```
 */
export class InvalidSourceError extends SdfError {
  /**
   * @param message - the source, what it lacks, and the method to implement
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
