import { SdfError, type SdfErrorOptions } from "./SdfError.js";

/**
 * A call on a partitioned log after its `close()`: a `MemoryLog` or a `KafkaLog` that was
 * closed. Never retriable: the same call on the same log fails again; create a new log to go on.
 *
 * @example
 * ```ts
 * throw new LogClosedError(`Cannot call fetch: the memory log is closed; create a new MemoryLog to go on`);
 * ```
 */
export class LogClosedError extends SdfError {
  /**
   * @param message - the call, the log, and what to do (create a new log)
   * @param options - context and cause
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
