import { RestrictionCoderError } from "../../src/errors/RestrictionCoderError.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import type { RestrictionCoder } from "../../src/restrictions/coders/RestrictionCoder.js";
import type { ParquetColumn, ParquetFileEntry } from "./ParquetFileEntry.js";
import { RowGroupSet } from "./RowGroupSet.js";

/** JSON coder for {@link RowGroupSet}: files with versions and row-group sizes, columns, range. */
export const rowGroupSetCoder: RestrictionCoder<RowGroupSet> = {
  encode(restriction: RowGroupSet): Uint8Array {
    const { range, files, columns } = restriction;
    return new TextEncoder().encode(JSON.stringify({ v: 1, from: range.from, to: range.to, columns, files }));
  },
  decode(bytes: Uint8Array): RowGroupSet {
    const parsed = parseJson(bytes) as { v?: unknown; from?: unknown; to?: unknown; columns?: unknown; files?: unknown };
    const { v, from, to, columns, files } = parsed;
    if (v !== 1 || typeof from !== "number" || typeof to !== "number" || !Array.isArray(columns) || !Array.isArray(files)) {
      throw new RestrictionCoderError(`A Parquet restriction in a checkpoint lacks from/to/columns/files: the checkpoint is corrupt or from another version.`);
    }
    if (!columns.every(isColumn)) throw new RestrictionCoderError(`A Parquet column in a checkpoint is malformed: ${JSON.stringify(columns)}.`);
    for (const file of files) {
      if (!isFileEntry(file)) throw new RestrictionCoderError(`A Parquet file entry in a checkpoint is malformed: ${JSON.stringify(file)}.`);
    }
    try {
      return new RowGroupSet(files as ParquetFileEntry[], columns, new OffsetRange(from, to));
    } catch (cause) {
      throw new RestrictionCoderError(`A Parquet restriction in a checkpoint has an invalid range: ${String(cause)}`, { cause });
    }
  },
};

function isColumn(value: unknown): value is ParquetColumn {
  const column = value as Partial<ParquetColumn> | null;
  return typeof column?.name === "string" && typeof column.type === "string";
}

function isFileEntry(value: unknown): value is ParquetFileEntry {
  const f = value as Partial<ParquetFileEntry> | null;
  const counts = (list: unknown) => Array.isArray(list) && list.every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
  return (
    typeof f?.uri === "string" &&
    typeof f.version === "string" &&
    Number.isSafeInteger(f.size) &&
    Number.isSafeInteger(f.firstRowGroup) &&
    counts(f.rowGroupBytes) &&
    counts(f.rowGroupRows) &&
    f.rowGroupBytes?.length === f.rowGroupRows?.length
  );
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as unknown;
  } catch (cause) {
    throw new RestrictionCoderError(`A Parquet restriction in a checkpoint is not valid JSON: the checkpoint is corrupt.`, { cause });
  }
}
