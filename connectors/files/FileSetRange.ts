import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import type { FileEntry } from "./FileEntry.js";

/**
 * The restriction of a file source: a byte range over one or more files laid end to end
 * (what one element — a path or a glob — matched). Carrying the files pins their versions in
 * every piece and checkpoint; a split keeps only the files a piece overlaps.
 *
 * @example
 * ```ts
 * // a.txt (100 bytes) and b.txt (50 bytes): the set spans [0, 150)
 * const r = new FileSetRange([a, b], new OffsetRange(0, 150));
 * r.withRange(new OffsetRange(120, 150)).files;   // [b]
 * ```
 */
export class FileSetRange {
  /** Files overlapping `range`, in offset order. */
  readonly files: readonly FileEntry[];
  /** The byte range of the set's offset space this restriction covers. */
  readonly range: OffsetRange;

  /**
   * @param files - files in offset order
   * @param range - the covered range
   */
  constructor(files: readonly FileEntry[], range: OffsetRange) {
    this.range = range;
    this.files = files.filter((f) => f.offset < range.to && f.offset + f.size > range.from);
  }

  /** The same files restricted to `range`. */
  withRange(range: OffsetRange): FileSetRange {
    return new FileSetRange(this.files, range);
  }

  /** Total bytes covered. */
  size(): number {
    return this.range.size();
  }

  /** `[from, to) of uri, …`. */
  toString(): string {
    const names = this.files.map((f) => f.uri);
    const shown = names.length <= 2 ? names.join(", ") : `${names[0]}, … ${names.length} files`;
    return `${this.range.toString()} of ${shown || "no files"}`;
  }
}
