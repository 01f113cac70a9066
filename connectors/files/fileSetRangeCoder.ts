import { RestrictionCoderError } from "../../src/errors/RestrictionCoderError.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import type { RestrictionCoder } from "../../src/restrictions/coders/RestrictionCoder.js";
import type { FileEntry } from "./FileEntry.js";
import { FileSetRange } from "./FileSetRange.js";
import { FileWatchRestriction } from "./FileWatchRestriction.js";

/** The restrictions of a file source: a byte range over files, or a watch of a glob. */
export type FileRestriction = FileSetRange | FileWatchRestriction;

/** JSON coder for {@link FileSetRange}: files with their versions, and the byte range. */
export const fileSetRangeCoder: RestrictionCoder<FileSetRange> = {
  encode(restriction: FileSetRange): Uint8Array {
    const json = JSON.stringify({ v: 1, from: restriction.range.from, to: restriction.range.to, files: restriction.files });
    return new TextEncoder().encode(json);
  },
  decode(bytes: Uint8Array): FileSetRange {
    const parsed = parseJson(bytes) as { v?: unknown; from?: unknown; to?: unknown; files?: unknown };
    if (parsed.v !== 1 || typeof parsed.from !== "number" || typeof parsed.to !== "number" || !Array.isArray(parsed.files)) {
      throw new RestrictionCoderError(`A file restriction in a checkpoint lacks from/to/files: the checkpoint is corrupt or from another version.`);
    }
    const files = parsed.files as FileEntry[];
    for (const f of files) {
      if (typeof f?.uri !== "string" || typeof f.size !== "number" || typeof f.offset !== "number" || typeof f.version !== "string") {
        throw new RestrictionCoderError(`A file entry in a checkpoint is malformed: ${JSON.stringify(f)}.`);
      }
    }
    try {
      return new FileSetRange(files, new OffsetRange(parsed.from, parsed.to));
    } catch (cause) {
      throw new RestrictionCoderError(`A file restriction in a checkpoint has an invalid range: ${String(cause)}`, { cause });
    }
  },
};

/** JSON coder for every {@link FileRestriction}: byte ranges over files, and watches. */
export const fileRestrictionCoder: RestrictionCoder<FileRestriction> = {
  encode(restriction: FileRestriction): Uint8Array {
    if (restriction instanceof FileSetRange) return fileSetRangeCoder.encode(restriction);
    const { seen, range } = restriction;
    return new TextEncoder().encode(JSON.stringify({ v: 1, watch: true, seen, from: range.from, to: range.to === Infinity ? null : range.to }));
  },
  decode(bytes: Uint8Array): FileRestriction {
    const parsed = parseJson(bytes) as { watch?: unknown; seen?: unknown; from?: unknown; to?: unknown };
    if (parsed.watch !== true) return fileSetRangeCoder.decode(bytes);
    const { seen, from, to } = parsed;
    if (!Array.isArray(seen) || !seen.every((uri) => typeof uri === "string") || typeof from !== "number" || (to !== null && typeof to !== "number")) {
      throw new RestrictionCoderError(`A watch restriction in a checkpoint is malformed: the checkpoint is corrupt or from another version.`);
    }
    return new FileWatchRestriction(seen as string[], new OffsetRange(from, to === null ? Infinity : (to as number)));
  },
};

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as unknown;
  } catch (cause) {
    throw new RestrictionCoderError(`A file restriction in a checkpoint is not valid JSON: the checkpoint is corrupt.`, { cause });
  }
}
