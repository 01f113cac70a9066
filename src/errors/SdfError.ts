/** Structured facts about where an {@link SdfError} happened; values are already redacted. */
export interface SdfErrorContext {
  /** The input being read: a path, `s3://bucket/key`, `kafka://topic/partition`. */
  readonly input?: string;
  /** The restriction being processed, as its `toString()`. */
  readonly restriction?: string;
  /** The position (offset, key) involved, as text. */
  readonly position?: string;
}

/** Options accepted by every {@link SdfError} constructor. */
export interface SdfErrorOptions {
  /** Whether retrying the same work may succeed. @defaultValue false */
  readonly retriable?: boolean;
  /** The underlying error, if any. */
  readonly cause?: unknown;
  /** Structured context for operators and logs. */
  readonly context?: SdfErrorContext;
}

/**
 * Base class of every error sdfkit raises on purpose.
 *
 * `retriable` tells a runner whether the same work may succeed if tried again (a dropped
 * connection) or never will (a misused tracker, a corrupt file). `name` is the concrete class
 * name, so logs and `instanceof` agree.
 *
 * @example
 * ```ts
 * try { tracker.trySplit(Number.NaN); }
 * catch (e) { if (e instanceof SdfError && !e.retriable) throw e; }
 * ```
 */
export class SdfError extends Error {
  /** Whether retrying the same work may succeed. */
  readonly retriable: boolean;
  /** Structured context: input, restriction, position. */
  readonly context: SdfErrorContext;

  /**
   * @param message - what happened and what to do about it
   * @param options - retriability, cause and context
   */
  constructor(message: string, options: SdfErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
  }
}
