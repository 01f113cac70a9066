import type { FileMetaData, LogicalType, SchemaElement, SchemaTree } from "hyparquet";
import { parquetSchema } from "hyparquet";
import { SchemaMismatchError } from "../../src/errors/SchemaMismatchError.js";
import type { ParquetColumn } from "./ParquetFileEntry.js";

/**
 * The top-level columns of a Parquet file, in file order, with type signatures that compare
 * equal exactly when two files store the column the same way. Top-level optional vs required
 * is left out (a column may become optional); everything nested is kept.
 *
 * @param metadata - the file's footer
 * @returns the columns, in the file's order
 */
export function columnsOf(metadata: FileMetaData): ParquetColumn[] {
  return parquetSchema(metadata).children.map((child) => ({ name: child.element.name, type: signatureOf(child, true) }));
}

/**
 * The type two files' signatures of one column read as, or null if they cannot be read as
 * one type. Equal types merge; INT32 widens to INT64 and FLOAT to DOUBLE, as Parquet readers
 * (Spark, Arrow) allow for schema evolution.
 *
 * @param a - one signature
 * @param b - another signature
 * @returns the merged signature, or null when incompatible
 */
export function widerType(a: string, b: string): string | null {
  if (a === b) return a;
  const pair = new Set([a, b]);
  if (pair.has("INT32") && pair.has("INT64")) return "INT64";
  if (pair.has("FLOAT") && pair.has("DOUBLE")) return "DOUBLE";
  return null;
}

/**
 * Merges the columns of files read together, in first-seen order, widening compatible types.
 * Feed files in read order with {@link SchemaMerger.add}; {@link SchemaMerger.columns} is the union.
 */
export class SchemaMerger {
  /** Each column's merged type and the file that first gave it that type. */
  private readonly merged = new Map<string, { type: string; uri: string }>();

  /**
   * Adds the columns of one file.
   * @param uri - the file, for error messages
   * @param columns - its columns
   * @throws {@link SchemaMismatchError} naming both files and the column when a type cannot widen
   */
  add(uri: string, columns: readonly ParquetColumn[]): void {
    for (const { name, type } of columns) {
      const seen = this.merged.get(name);
      if (seen === undefined) {
        this.merged.set(name, { type, uri });
        continue;
      }
      const wider = widerType(seen.type, type);
      if (wider === null) {
        throw new SchemaMismatchError(
          `Column "${name}" is ${seen.type} in ${seen.uri} but ${type} in ${uri}: files read together must agree on a column's type ` +
            `(INT32 may widen to INT64, FLOAT to DOUBLE). Read the files separately, project the column away with \`columns\`, or rewrite one of them.`,
          { context: { input: uri } },
        );
      }
      if (wider !== seen.type) this.merged.set(name, { type: wider, uri });
    }
  }

  /** The union of the columns added so far, in first-seen order. */
  columns(): ParquetColumn[] {
    return [...this.merged].map(([name, { type }]) => ({ name, type }));
  }
}

function signatureOf(node: SchemaTree, topLevel: boolean): string {
  const { element, children } = node;
  const repeated = element.repetition_type === "REPEATED" ? "*" : "";
  const optional = !topLevel && element.repetition_type === "OPTIONAL" ? "?" : "";
  if (children.length === 0) return `${repeated}${optional}${element.type ?? "UNKNOWN"}${annotationOf(element)}`;
  const inner = children.map((child) => `${child.element.name}:${signatureOf(child, false)}`).join(",");
  const kind = element.logical_type?.type ?? element.converted_type;
  const group = kind === "LIST" ? "list" : kind === "MAP" || kind === "MAP_KEY_VALUE" ? "map" : "struct";
  return `${repeated}${optional}${group}<${inner}>`;
}

function annotationOf(element: SchemaElement): string {
  const logical = element.logical_type;
  if (logical !== undefined) return logicalAnnotation(logical, element);
  const converted = element.converted_type;
  if (converted === undefined) return "";
  switch (converted) {
    case "UTF8":
      return "/STRING";
    case "TIMESTAMP_MILLIS":
      return "/TIMESTAMP(MILLIS)";
    case "TIMESTAMP_MICROS":
      return "/TIMESTAMP(MICROS)";
    case "DECIMAL":
      return `/DECIMAL(${element.precision ?? "?"},${element.scale ?? 0})`;
    case "INT_32":
    case "INT_64":
      return "";
    default:
      return `/${converted}`;
  }
}

function logicalAnnotation(logical: LogicalType, element: SchemaElement): string {
  switch (logical.type) {
    case "DECIMAL":
      return `/DECIMAL(${logical.precision},${logical.scale})`;
    case "TIMESTAMP":
    case "TIME":
      return `/${logical.type}(${logical.unit})`;
    case "INTEGER": {
      const natural = (element.type === "INT32" && logical.bitWidth === 32) || (element.type === "INT64" && logical.bitWidth === 64);
      return natural && logical.isSigned ? "" : `/INTEGER(${logical.bitWidth},${logical.isSigned ? "signed" : "unsigned"})`;
    }
    default:
      return `/${logical.type}`;
  }
}
