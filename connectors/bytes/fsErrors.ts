import { InputAccessError } from "../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";

/** What an OS error code means for a reader: which error to raise, and in what words. */
interface FsErrorKind {
  /** `notFound` → InputNotFoundError, `access` → InputAccessError, `transient` → TransientIoError. */
  readonly kind: "notFound" | "access" | "transient";
  /** Human words for the code. */
  readonly reason: string;
  /** What the user can do about it, if anything useful can be said. */
  readonly hint?: string;
}

/**
 * OS error codes → error class and retriability, as data (kafkajs `src/protocol/error.js`).
 * Codes not listed are non-retriable {@link InputAccessError}s carrying the original as `cause`.
 * `EIO` and `ESTALE` count as transient: on network file systems they usually are, and the
 * runner bounds its retries, so a truly bad disk still fails.
 */
export const FS_ERROR_KINDS: Readonly<Record<string, FsErrorKind>> = {
  ENOENT: { kind: "notFound", reason: "no such file or directory", hint: "check the path; relative paths are resolved against the working directory" },
  ENOTDIR: { kind: "notFound", reason: "a component of the path is not a directory", hint: "check the path" },
  EISDIR: { kind: "access", reason: "is a directory", hint: "pass a glob such as dir/**/* to read the files in it" },
  EACCES: { kind: "access", reason: "permission denied", hint: "grant this user read permission on the file and its directories" },
  EPERM: { kind: "access", reason: "operation not permitted", hint: "grant this user read permission on the file" },
  ELOOP: { kind: "access", reason: "too many levels of symbolic links", hint: "fix the symbolic link loop" },
  ENAMETOOLONG: { kind: "access", reason: "file name too long" },
  ENXIO: { kind: "access", reason: "no such device or address (a FIFO or socket?)", hint: "sdfkit reads regular files" },
  EMFILE: { kind: "transient", reason: "too many open files in this process", hint: "lower the parallelism or raise `ulimit -n`" },
  ENFILE: { kind: "transient", reason: "too many open files in the system", hint: "lower the parallelism" },
  EAGAIN: { kind: "transient", reason: "resource temporarily unavailable" },
  EBUSY: { kind: "transient", reason: "device or resource busy" },
  EINTR: { kind: "transient", reason: "interrupted system call" },
  ETIMEDOUT: { kind: "transient", reason: "timed out" },
  EIO: { kind: "transient", reason: "I/O error" },
  ESTALE: { kind: "transient", reason: "stale file handle (network file system)" },
};

/** What was being done when the OS failed; it goes into the message. */
export type FsAction = "open" | "stat" | "read" | "list" | "close";

/**
 * Turns a Node.js file-system error into the matching {@link SdfError}, naming the path, the
 * OS code and, for reads, the byte offset. An `SdfError` passes through unchanged.
 *
 * @param error - what `fs` threw
 * @param path - the path involved
 * @param action - what was being done
 * @param offset - the byte offset of a failed read
 * @returns the error to throw
 * @example
 * ```ts
 * try { await open(path, "r"); } catch (e) { throw fsError(e, path, "open"); }
 * ```
 */
export function fsError(error: unknown, path: string, action: FsAction, offset?: number): SdfError {
  if (error instanceof SdfError) return error;
  const code = errorCode(error);
  const entry = code === undefined ? undefined : FS_ERROR_KINDS[code];
  const where = offset === undefined ? "" : ` at byte offset ${offset}`;
  const context = { input: path, ...(offset === undefined ? {} : { position: String(offset) }) };
  const detail = entry === undefined ? (error instanceof Error ? error.message : String(error)) : entry.reason;
  const codeText = code === undefined ? "" : ` (${code})`;
  const hint = entry?.hint === undefined ? "" : `; ${entry.hint}`;
  switch (entry?.kind) {
    case "notFound":
      return new InputNotFoundError(`Input not found: ${path}: ${detail}${codeText}${hint}`, { cause: error, context });
    case "transient":
      return new TransientIoError(`Transient I/O error during ${action} of ${path}${where}: ${detail}${codeText}${hint}; retrying may succeed`, {
        cause: error,
        context,
      });
    default:
      return new InputAccessError(`Cannot ${action} ${path}${where}: ${detail}${codeText}${hint}`, { cause: error, context });
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
