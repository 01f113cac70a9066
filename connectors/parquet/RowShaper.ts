import { PrecisionLossError } from "../../src/errors/PrecisionLossError.js";
import type { ParquetColumn } from "./ParquetFileEntry.js";

/** One output row: column name to value. */
export type ParquetRow = Record<string, unknown>;

/** How INT64 values reach the user. */
export type Int64Mode = "bigint" | "number";

type Convert = (value: unknown) => unknown;

/**
 * Shapes the rows hyparquet decodes from one file into the rows of the read: the output
 * columns in output order, `null` for a column this file does not have (added later), INT32
 * values widened to `bigint` where the read's type is INT64, and INT64 turned into `number`
 * when asked (refusing values a `number` cannot hold). When a file needs none of that, its
 * rows pass through untouched.
 */
export class RowShaper {
  /** The output columns this file has, in output order: what to ask hyparquet for. */
  readonly readColumns: string[];
  /** Whether rows pass through as decoded. */
  readonly passThrough: boolean;
  private readonly outputNames: string[];
  private readonly converters: (Convert | null)[];
  private readonly present: boolean[];

  /**
   * @param uri - the file, for error messages
   * @param output - the read's output columns (merged types), in output order
   * @param fileColumns - this file's columns, in file order
   * @param int64 - how to deliver INT64 values
   */
  constructor(uri: string, output: readonly ParquetColumn[], fileColumns: readonly ParquetColumn[], int64: Int64Mode) {
    const fileTypes = new Map(fileColumns.map((c) => [c.name, c.type]));
    this.outputNames = output.map((c) => c.name);
    this.present = output.map((c) => fileTypes.has(c.name));
    this.readColumns = this.outputNames.filter((name) => fileTypes.has(name));
    this.converters = output.map((c) => {
      const fileType = fileTypes.get(c.name);
      return fileType === undefined ? null : converterFor(uri, c.name, fileType, c.type, int64);
    });
    // hyparquet builds object rows with keys in the file's column order.
    const wanted = new Set(this.readColumns);
    const decodedOrder = fileColumns.map((c) => c.name).filter((name) => wanted.has(name));
    this.passThrough =
      this.readColumns.length === this.outputNames.length &&
      decodedOrder.every((name, i) => name === this.outputNames[i]) &&
      this.converters.every((convert) => convert === null);
  }

  /**
   * The output rows for decoded `rows` (or, when this file has none of the output columns,
   * for `count` rows of nulls).
   * @param rows - rows as hyparquet decoded them, holding `readColumns`
   * @param count - the number of rows, used when `rows` is empty because nothing was read
   */
  shape(rows: readonly ParquetRow[], count: number): readonly ParquetRow[] {
    if (this.passThrough) return rows;
    const total = this.readColumns.length === 0 ? count : rows.length;
    const shaped = new Array<ParquetRow>(total);
    const names = this.outputNames;
    for (let r = 0; r < total; r++) {
      const decoded = rows[r];
      const row: ParquetRow = {};
      for (let c = 0; c < names.length; c++) {
        const name = names[c]!;
        if (!this.present[c] || decoded === undefined) {
          row[name] = null;
          continue;
        }
        const convert = this.converters[c];
        const value = decoded[name];
        row[name] = convert === null || convert === undefined ? value : convert(value);
      }
      shaped[r] = row;
    }
    return shaped;
  }
}

function converterFor(uri: string, column: string, fileType: string, readType: string, int64: Int64Mode): Convert | null {
  const widen = fileType === "INT32" && readType === "INT64";
  if (int64 === "number") {
    if (widen || !readType.includes("INT64")) return null;
    return (value) => deepToNumber(value, uri, column);
  }
  if (widen) return (value) => (typeof value === "number" ? BigInt(value) : value);
  return null;
}

/** Replaces every `bigint` inside `value` by a `number`, refusing any that does not fit exactly. */
function deepToNumber(value: unknown, uri: string, column: string): unknown {
  if (typeof value === "bigint") {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new PrecisionLossError(
        `Column "${column}" of ${uri} holds ${value}, beyond what a JavaScript number holds exactly (±2^53 - 1): ` +
          `read INT64 as bigint (the default, \`int64: "bigint"\`) to keep every digit.`,
        { context: { input: uri, position: column } },
      );
    }
    return Number(value);
  }
  if (Array.isArray(value)) return value.map((item: unknown) => deepToNumber(item, uri, column));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const converted: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) converted[key] = deepToNumber(item, uri, column);
    return converted;
  }
  return value;
}
