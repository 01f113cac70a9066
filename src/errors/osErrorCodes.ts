/**
 * What an OS error code means, whoever met it: words for a message, and whether the same call
 * may succeed if tried again. What to *do* about it depends on who failed (a reader of inputs,
 * the checkpoint store), so each of them adds its own advice on top of these facts.
 */
export interface OsErrorFacts {
  /** Human words for the code, to follow "Cannot open /data/a.txt: ", e.g. `permission denied`. */
  readonly reason: string;
  /**
   * Whether the condition usually goes away by itself (a descriptor freed, a network file system
   * back), so that retrying the same call may succeed.
   */
  readonly transient: boolean;
}

/**
 * The OS error codes sdfkit knows (Node.js system errors' `code`), as data: their meaning and
 * whether they are transient (kafkajs `src/protocol/error.js` keeps its error codes the same way).
 * `EIO` and `ESTALE` count as transient: on network file systems they usually are, and callers
 * bound their retries, so a truly bad disk still fails.
 *
 * @example
 * ```ts
 * OS_ERROR_CODES.ENOSPC; // { reason: "the disk is full", transient: false }
 * ```
 */
export const OS_ERROR_CODES = {
  ENOENT: { reason: "no such file or directory", transient: false },
  ENOTDIR: { reason: "a part of the path is not a directory", transient: false },
  EISDIR: { reason: "is a directory", transient: false },
  EEXIST: { reason: "the path already exists", transient: false },
  EACCES: { reason: "permission denied", transient: false },
  EPERM: { reason: "operation not permitted", transient: false },
  EROFS: { reason: "the file system is read-only", transient: false },
  ELOOP: { reason: "too many levels of symbolic links", transient: false },
  ENAMETOOLONG: { reason: "the path is too long", transient: false },
  ENXIO: { reason: "no such device or address (a FIFO or socket?)", transient: false },
  ENOSPC: { reason: "the disk is full", transient: false },
  EDQUOT: { reason: "the disk quota is exhausted", transient: false },
  EMFILE: { reason: "too many open files in this process", transient: true },
  ENFILE: { reason: "too many open files in the system", transient: true },
  EAGAIN: { reason: "resource temporarily unavailable", transient: true },
  EBUSY: { reason: "device or resource busy", transient: true },
  EINTR: { reason: "interrupted system call", transient: true },
  ETIMEDOUT: { reason: "timed out", transient: true },
  EIO: { reason: "I/O error", transient: true },
  ESTALE: { reason: "stale file handle (network file system)", transient: true },
} as const satisfies Readonly<Record<string, OsErrorFacts>>;

/** A code listed in {@link OS_ERROR_CODES}, such as `ENOENT`. */
export type OsErrorCode = keyof typeof OS_ERROR_CODES;

/**
 * The OS error code of a Node.js system error (its string `code`), listed or not.
 *
 * @param error - anything thrown by `fs` (or anything else)
 * @returns the code, e.g. `ENOENT`, or undefined when `error` has no string `code`
 * @example
 * ```ts
 * try { await open(path); } catch (e) { if (osErrorCodeOf(e) === "ENOENT") return null; throw e; }
 * ```
 */
export function osErrorCodeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/**
 * Whether `code` is listed in {@link OS_ERROR_CODES} (own keys only, so `constructor` is not).
 *
 * @param code - an OS error code, or undefined
 * @returns true when its facts are known
 * @example
 * ```ts
 * const facts = isKnownOsErrorCode(code) ? OS_ERROR_CODES[code] : undefined;
 * ```
 */
export function isKnownOsErrorCode(code: string | undefined): code is OsErrorCode {
  return code !== undefined && Object.hasOwn(OS_ERROR_CODES, code);
}
