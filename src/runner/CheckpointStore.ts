import { createHash, type Hash } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { CheckpointError } from "../errors/CheckpointError.js";
import { isKnownOsErrorCode, OS_ERROR_CODES, osErrorCodeOf, type OsErrorCode } from "../errors/osErrorCodes.js";

/** One pending work item as stored in a checkpoint. @internal */
export interface StoredWorkItem {
  readonly elementIndex: number;
  /** The restriction through the source's coder, base64. */
  readonly restriction: string;
  readonly watermarkState: unknown;
  readonly hold: number;
}

/** What a checkpoint file holds. @internal */
export interface CheckpointSnapshot {
  readonly version: 1;
  /** Class name of the source that wrote it. */
  readonly source: string;
  /** How many elements of the input were expanded. */
  readonly elementsConsumed: number;
  /** SHA-256 over the JSON of those elements, in order. */
  readonly elementsFingerprint: string;
  readonly items: readonly StoredWorkItem[];
}

const FILE_NAME = "sdfkit-checkpoint.json";

/** What a checkpoint directory adds to the OS facts of a code (`OS_ERROR_CODES`). */
interface CheckpointAdvice {
  /** What to do, as a sentence. */
  readonly advice: string;
  /** What the code means here, when more can be said than the OS reason (`EISDIR` on the checkpoint file). */
  readonly reason?: string;
}

/** The codes a checkpoint directory commonly fails with, and what to do about each. */
const CHECKPOINT_ADVICE: { readonly [code in OsErrorCode]?: CheckpointAdvice } = {
  ENOSPC: { advice: "Free space on the disk holding checkpointDir, or move checkpointDir to another disk, then run again." },
  EDQUOT: { advice: "Free space or raise the quota of the disk holding checkpointDir, then run again." },
  ENOTDIR: { advice: "Set checkpointDir to a directory, or to a path that can be created as one (not a path under a regular file)." },
  EEXIST: { reason: "the path exists and is not a directory", advice: "Set checkpointDir to a directory, not a regular file." },
  EISDIR: { reason: "the checkpoint file is a directory", advice: "Remove that directory or choose another checkpointDir." },
  EACCES: { advice: "Give this process write access to checkpointDir, or choose another one." },
  EPERM: { advice: "Give this process write access to checkpointDir, or choose another one." },
  EROFS: { advice: "Set checkpointDir to a directory on a writable file system." },
  ENOENT: {
    reason: "a part of the path does not exist and cannot be created (a read-only or special file system?)",
    advice: "Set checkpointDir to a directory on an ordinary writable file system.",
  },
  ENAMETOOLONG: { advice: "Choose a shorter checkpointDir." },
  EIO: { reason: "the disk reported an I/O error", advice: "Check the disk, or move checkpointDir to another one, then run again." },
};

/**
 * Reads and writes a run's checkpoint in a directory, atomically: write a temp file, fsync,
 * rename over the old one, fsync the directory.
 * @internal
 */
export class CheckpointStore {
  readonly path: string;

  constructor(private readonly dir: string) {
    this.path = join(dir, FILE_NAME);
  }

  /**
   * The checkpoint in the directory, or `null` when there is none.
   * @throws {@link CheckpointError} if the file is unreadable or malformed
   */
  async read(): Promise<CheckpointSnapshot | null> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if (osErrorCodeOf(error) === "ENOENT") return null;
      throw this.fsFailure("read", error);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw this.corrupt("it is not valid JSON", cause);
    }
    if (!isSnapshot(parsed)) throw this.corrupt("it does not have the checkpoint format");
    return parsed;
  }

  /**
   * Replaces the checkpoint atomically. On failure the previous checkpoint stays in place.
   * @throws {@link CheckpointError} naming the path and the cause (disk full, not a directory,
   *   read-only, ...) when the file system refuses; the original error is its `cause`
   */
  async write(snapshot: CheckpointSnapshot): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      const temp = `${this.path}.${process.pid}.tmp`;
      const file = await open(temp, "w");
      try {
        await file.writeFile(JSON.stringify(snapshot));
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, this.path);
      const dir = await open(this.dir, "r");
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch (error) {
      throw this.fsFailure("write", error);
    }
  }

  /** Deletes the checkpoint after a clean finish. */
  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }

  /** A CheckpointError for a file-system error while reading or writing the checkpoint. */
  fsFailure(action: "read" | "write", error: unknown): CheckpointError {
    const code = osErrorCodeOf(error);
    // The OS facts of the code, with what a checkpoint directory says about it on top.
    const known: Partial<CheckpointAdvice> | undefined = isKnownOsErrorCode(code) ? { ...OS_ERROR_CODES[code], ...CHECKPOINT_ADVICE[code] } : undefined;
    const reason = known?.reason === undefined ? String(error) : `${known.reason} (${code})`;
    const consequence =
      action === "write"
        ? "The run stopped: no offsets were committed and no bundle was finalized past the last checkpoint written, " +
          "and a new run with the same checkpointDir resumes from that checkpoint (records since then are read again)."
        : "The run did not start: no input was read.";
    const advice = known?.advice ?? "Fix the file system or choose another checkpointDir, then run again.";
    return new CheckpointError(`Cannot ${action} checkpoint ${this.path}: ${reason}. ${consequence} ${advice}`, {
      cause: error,
      context: { input: this.path },
    });
  }

  /** A CheckpointError for a corrupt file. */
  corrupt(what: string, cause?: unknown): CheckpointError {
    return new CheckpointError(
      `Checkpoint ${this.path} is corrupt: ${what}. Remove it to start the run over (records since the last checkpoint are read again).`,
      { cause, context: { input: this.path } },
    );
  }
}

/** Incremental fingerprint of the input elements, for checking a resume reads the same input. @internal */
export class ElementsFingerprint {
  private hash: Hash = createHash("sha256");
  count = 0;

  /**
   * @param element - the next element of the input
   * @throws {@link CheckpointError} if the element is not JSON-serializable
   */
  add(element: unknown): void {
    let json: string | undefined;
    try {
      json = JSON.stringify(element);
    } catch (cause) {
      throw unserializable(element, cause);
    }
    if (json === undefined) throw unserializable(element);
    this.hash.update(json).update("\n");
    this.count++;
  }

  /** The fingerprint of the elements added so far. */
  digest(): string {
    return this.hash.copy().digest("hex");
  }
}

function unserializable(element: unknown, cause?: unknown): CheckpointError {
  return new CheckpointError(
    `With checkpointDir, elements must be JSON-serializable to be recognised on resume; got ${String(element)}. ` +
      `Pass plain values (file names, topics) as elements.`,
    { cause },
  );
}

function isSnapshot(value: unknown): value is CheckpointSnapshot {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.version === 1 &&
    typeof v.source === "string" &&
    Number.isSafeInteger(v.elementsConsumed) &&
    typeof v.elementsFingerprint === "string" &&
    Array.isArray(v.items) &&
    v.items.every(
      (item: unknown) =>
        typeof item === "object" &&
        item !== null &&
        Number.isSafeInteger((item as StoredWorkItem).elementIndex) &&
        typeof (item as StoredWorkItem).restriction === "string" &&
        typeof (item as StoredWorkItem).hold === "number",
    )
  );
}
