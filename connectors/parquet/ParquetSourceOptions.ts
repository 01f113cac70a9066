import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import type { Int64Mode } from "./RowShaper.js";

/** Options of a {@link ParquetSource}. */
export interface ParquetSourceOptions {
  /**
   * Top-level columns to read, in output order; only their column chunks are fetched.
   * @defaultValue every column of the files read (their union, in first-seen order)
   */
  columns?: readonly string[];
  /** Compressed bytes per initial split; row groups are never cut. @defaultValue 64 MiB */
  desiredSplitSize?: number;
  /**
   * How INT64 values are delivered: `bigint` keeps every digit; `number` is handier and
   * throws `PrecisionLossError` for a value beyond ±(2^53 − 1) instead of rounding it.
   * @defaultValue "bigint"
   */
  int64?: Int64Mode;
}

/** {@link ParquetSourceOptions} with defaults applied and checked. */
export interface SettledParquetOptions {
  readonly columns: readonly string[] | null;
  readonly desiredSplitSize: number;
  readonly int64: Int64Mode;
}

/**
 * Checks options and applies defaults.
 * @throws {@link InvalidOptionError} naming the option, the value and what is expected
 */
export function settleParquetOptions(options: ParquetSourceOptions): SettledParquetOptions {
  const { columns, desiredSplitSize, int64 } = options;
  if (columns !== undefined) {
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === "string" && c.length > 0)) {
      throw new InvalidOptionError(`Expected \`columns\` to be a non-empty list of column names, got ${JSON.stringify(columns)}.`);
    }
    if (new Set(columns).size !== columns.length) {
      throw new InvalidOptionError(`\`columns\` names a column twice: ${JSON.stringify(columns)}.`);
    }
  }
  if (desiredSplitSize !== undefined && !(desiredSplitSize >= 1)) {
    throw new InvalidOptionError(`Expected \`desiredSplitSize\` >= 1 byte, got ${String(desiredSplitSize)}.`);
  }
  if (int64 !== undefined && int64 !== "bigint" && int64 !== "number") {
    throw new InvalidOptionError(`Expected \`int64\` to be "bigint" or "number", got ${JSON.stringify(int64)}.`);
  }
  return { columns: columns ?? null, desiredSplitSize: desiredSplitSize ?? 64 * 1024 * 1024, int64: int64 ?? "bigint" };
}
