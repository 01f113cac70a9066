import { InputAccessError } from "../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { isKnownOsErrorCode, OS_ERROR_CODES, osErrorCodeOf, type OsErrorCode } from "../../src/errors/osErrorCodes.js";
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

/** What a reader of inputs adds to the OS facts of a code. */
interface ReaderAdvice {
  /** The code means the input is missing (an {@link InputNotFoundError}). */
  readonly missing?: true;
  /** What the user can do about it. */
  readonly hint?: string;
}

/** A reader's own advice per OS code; the meaning and transience come from `OS_ERROR_CODES`. */
const READER_ADVICE: { readonly [code in OsErrorCode]?: ReaderAdvice } = {
  ENOENT: { missing: true, hint: "check the path; relative paths are resolved against the working directory" },
  ENOTDIR: { missing: true, hint: "check the path" },
  EISDIR: { hint: "pass a glob such as dir/**/* to read the files in it" },
  EACCES: { hint: "grant this user read permission on the file and its directories" },
  EPERM: { hint: "grant this user read permission on the file" },
  ELOOP: { hint: "fix the symbolic link loop" },
  ENXIO: { hint: "sdfkit reads regular files" },
  EMFILE: { hint: "lower the parallelism or raise `ulimit -n`" },
  ENFILE: { hint: "lower the parallelism" },
};

/**
 * OS error codes → error class and retriability, as data (kafkajs `src/protocol/error.js`): the
 * OS facts of {@link OS_ERROR_CODES} (transient codes are {@link TransientIoError}s) with a
 * reader's advice on top (`ENOENT` and `ENOTDIR` mean the input is missing). Codes not listed are
 * non-retriable {@link InputAccessError}s carrying the original as `cause`.
 */
export const FS_ERROR_KINDS: Readonly<Record<string, FsErrorKind>> = Object.freeze(
  Object.fromEntries(
    (Object.keys(OS_ERROR_CODES) as OsErrorCode[]).map((code): [string, FsErrorKind] => {
      const { reason, transient } = OS_ERROR_CODES[code];
      const advice = READER_ADVICE[code];
      const kind = advice?.missing === true ? "notFound" : transient ? "transient" : "access";
      return [code, advice?.hint === undefined ? { kind, reason } : { kind, reason, hint: advice.hint }];
    }),
  ),
);

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
  const code = osErrorCodeOf(error);
  const entry = isKnownOsErrorCode(code) ? FS_ERROR_KINDS[code] : undefined;
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
