import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import type { PositionWeights } from "../../src/restrictions/WeightedOffsetRangeTracker.js";
import type { ParquetColumn, ParquetFileEntry } from "./ParquetFileEntry.js";

/**
 * The restriction of a {@link ParquetSource}: a range of global row-group indices over the
 * Parquet files one element (a path or a glob) matched, with the files' versions and the
 * merged schema of the read. Every piece and checkpoint carries them, so a resumed piece reads
 * the same versions and shapes rows the same way; a split keeps only the files a piece overlaps.
 *
 * Positions are row groups; their weight is the compressed bytes of their projected column
 * chunks, which is what {@link RowGroupSet.size} and the tracker's progress report.
 *
 * @example
 * ```ts
 * // a.parquet has row groups 0-3, b.parquet 4-5
 * const r = new RowGroupSet([a, b], columns, new OffsetRange(0, 6));
 * r.withRange(new OffsetRange(4, 6)).files;   // [b]
 * ```
 */
export class RowGroupSet implements PositionWeights {
  /** Files overlapping `range`, in index order. */
  readonly files: readonly ParquetFileEntry[];
  /** The output columns, in output order, with their merged types. */
  readonly columns: readonly ParquetColumn[];
  /** The global row-group indices covered. */
  readonly range: OffsetRange;
  /** Cumulative bytes of the row groups from `files[0].firstRowGroup`; built on first use. */
  private prefix: Float64Array | null = null;

  /**
   * @param files - files in index order (those not overlapping `range` are dropped)
   * @param columns - the output columns
   * @param range - the covered row-group indices
   */
  constructor(files: readonly ParquetFileEntry[], columns: readonly ParquetColumn[], range: OffsetRange) {
    this.range = range;
    this.columns = columns;
    this.files = files.filter((f) => f.firstRowGroup < range.to && f.firstRowGroup + f.rowGroupBytes.length > range.from);
  }

  /** The same files and columns restricted to `range`. */
  withRange(range: OffsetRange): RowGroupSet {
    return new RowGroupSet(this.files, this.columns, range);
  }

  /** Compressed bytes of the row groups in range. */
  size(): number {
    return this.weightOf(this.range.from, this.range.to);
  }

  /** Compressed bytes of the row groups with global indices in `[from, to)` (clamped to the files). */
  weightOf(from: number, to: number): number {
    const first = this.files[0];
    if (first === undefined || !(to > from)) return 0;
    const prefix = this.prefixSums();
    const at = (index: number) => prefix[Math.min(prefix.length - 1, Math.max(0, index - first.firstRowGroup))]!;
    return at(to) - at(from);
  }

  /** The file holding global row group `index`, or undefined. */
  fileOf(index: number): ParquetFileEntry | undefined {
    return this.files.find((f) => index >= f.firstRowGroup && index < f.firstRowGroup + f.rowGroupBytes.length);
  }

  /** `row groups [from, to) of uri, …`. */
  toString(): string {
    const names = this.files.map((f) => f.uri);
    const shown = names.length <= 2 ? names.join(", ") : `${names[0]}, … ${names.length} files`;
    return `row groups ${this.range.toString()} of ${shown || "no files"}`;
  }

  private prefixSums(): Float64Array {
    if (this.prefix !== null) return this.prefix;
    const first = this.files[0]!.firstRowGroup;
    const last = this.files[this.files.length - 1]!;
    const prefix = new Float64Array(last.firstRowGroup + last.rowGroupBytes.length - first + 1);
    for (const file of this.files) {
      file.rowGroupBytes.forEach((bytes, i) => {
        const index = file.firstRowGroup - first + i;
        prefix[index + 1] = bytes;
      });
    }
    for (let i = 1; i < prefix.length; i++) prefix[i] = prefix[i]! + prefix[i - 1]!;
    this.prefix = prefix;
    return prefix;
  }
}
