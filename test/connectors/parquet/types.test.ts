// ParquetSource value types: what each Parquet physical and logical type becomes in a row, both
// INT64 modes, and the precision check of `int64: "number"`.
import type { SchemaElement } from "hyparquet-writer";
import type { ColumnSource } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { ParquetSource } from "../../../connectors/parquet/index.js";
import { PrecisionLossError } from "../../../src/errors/PrecisionLossError.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import { expectFailure, sortBy, useTempDirs, writeParquet } from "./fixtures.js";

const tempDir = useTempDirs();
type Row = Record<string, unknown>;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const DAY_MS = 86_400_000;

/** Columns of every flat type, 3 rows each (the third all null), written with an explicit schema. */
const flatColumns: ColumnSource[] = [
  { name: "id", data: [0, 1, 2] },
  { name: "i32", data: [7, -2147483648, null] },
  { name: "i64", data: [MAX_SAFE, -123_456_789_012n, null] },
  { name: "f32", data: [1.5, -0.25, null] },
  { name: "f64", data: [Math.PI, -1e300, null] },
  { name: "flag", data: [true, false, null] },
  { name: "utf8", data: ["é😀 text", "", null] },
  { name: "str", data: ["logical STRING", "日本", null] },
  { name: "raw", data: [new Uint8Array([0, 255, 128, 10]), new Uint8Array([]), null] },
  { name: "day", data: [new Date(19_000 * DAY_MS), new Date(-DAY_MS), null] },
  { name: "ts_ms", data: [new Date(1_700_000_000_123), new Date(-1), null] },
  { name: "ts_us", data: [1_700_000_000_123_456n, 999n, null] },
  { name: "ts_us_logical", data: [1_600_000_000_000_001n, 2_500n, null] },
  { name: "dec", data: [123.45, -0.05, null] },
  { name: "dec64", data: [123_456_789n, -5n, null] },
];

const flatSchema: SchemaElement[] = [
  { name: "root", num_children: flatColumns.length },
  { name: "id", type: "INT32", repetition_type: "REQUIRED" },
  { name: "i32", type: "INT32", repetition_type: "OPTIONAL" },
  { name: "i64", type: "INT64", repetition_type: "OPTIONAL" },
  { name: "f32", type: "FLOAT", repetition_type: "OPTIONAL" },
  { name: "f64", type: "DOUBLE", repetition_type: "OPTIONAL" },
  { name: "flag", type: "BOOLEAN", repetition_type: "OPTIONAL" },
  { name: "utf8", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
  { name: "str", type: "BYTE_ARRAY", logical_type: { type: "STRING" }, repetition_type: "OPTIONAL" },
  { name: "raw", type: "BYTE_ARRAY", repetition_type: "OPTIONAL" },
  { name: "day", type: "INT32", converted_type: "DATE", repetition_type: "OPTIONAL" },
  { name: "ts_ms", type: "INT64", converted_type: "TIMESTAMP_MILLIS", repetition_type: "OPTIONAL" },
  { name: "ts_us", type: "INT64", converted_type: "TIMESTAMP_MICROS", repetition_type: "OPTIONAL" },
  { name: "ts_us_logical", type: "INT64", logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" }, repetition_type: "OPTIONAL" },
  { name: "dec", type: "INT32", converted_type: "DECIMAL", scale: 2, precision: 9, repetition_type: "OPTIONAL" },
  { name: "dec64", type: "INT64", converted_type: "DECIMAL", scale: 3, precision: 18, repetition_type: "OPTIONAL" },
];

async function readAll(source: ParquetSource, path: string): Promise<Row[]> {
  return sortBy((await new LocalRunner({ parallelism: 1 }).collect(source, [path])) as Row[], "id");
}

describe("ParquetSource: flat types", () => {
  const dir = tempDir();
  const file = writeParquet(dir, "types.parquet", flatColumns, { schema: flatSchema, rowGroupSize: 2 });

  it("each type becomes its JavaScript value (INT64 as bigint by default)", async () => {
    const [first, second] = await readAll(new ParquetSource(), file.path);
    expect(first).toEqual({
      id: 0,
      i32: 7,
      i64: MAX_SAFE,
      f32: 1.5,
      f64: Math.PI,
      flag: true,
      utf8: "é😀 text",
      str: "logical STRING",
      raw: expect.any(Uint8Array),
      day: new Date(19_000 * DAY_MS),
      ts_ms: new Date(1_700_000_000_123),
      ts_us: new Date(1_700_000_000_123), // the microseconds 456 dropped
      ts_us_logical: new Date(1_600_000_000_000),
      dec: 123.45,
      dec64: 123_456.789,
    });
    expect(second).toEqual({
      id: 1,
      i32: -2147483648,
      i64: -123_456_789_012n,
      f32: -0.25,
      f64: -1e300,
      flag: false,
      utf8: "",
      str: "日本",
      raw: expect.any(Uint8Array),
      day: new Date(-DAY_MS),
      ts_ms: new Date(-1),
      ts_us: new Date(0),
      ts_us_logical: new Date(2),
      dec: -0.05,
      dec64: -0.005,
    });
  });

  it("typeof and instanceof of each value", async () => {
    const [first] = await readAll(new ParquetSource(), file.path);
    const row = first!;
    expect(typeof row["i64"]).toBe("bigint");
    for (const name of ["id", "i32", "f32", "f64", "dec", "dec64"]) expect(typeof row[name], name).toBe("number");
    expect(typeof row["flag"]).toBe("boolean");
    expect(typeof row["utf8"]).toBe("string");
    expect(typeof row["str"]).toBe("string");
    for (const name of ["day", "ts_ms", "ts_us", "ts_us_logical"]) expect(row[name], name).toBeInstanceOf(Date);
  });

  it("BYTE_ARRAY without a string annotation is a Uint8Array of the bytes written", async () => {
    const [first, second] = await readAll(new ParquetSource(), file.path);
    expect(first!["raw"]).toBeInstanceOf(Uint8Array);
    expect(Array.from(first!["raw"] as Uint8Array)).toEqual([0, 255, 128, 10]);
    expect(second!["raw"]).toBeInstanceOf(Uint8Array);
    expect((second!["raw"] as Uint8Array).length).toBe(0);
  });

  it("a null of every optional type is null", async () => {
    const rows = await readAll(new ParquetSource(), file.path);
    const third = rows[2]!;
    for (const column of flatColumns) {
      if (column.name === "id") expect(third["id"]).toBe(2);
      else expect(third[column.name], column.name).toBeNull();
    }
  });

  it('int64: "number" gives numbers for INT64, other types unchanged', async () => {
    const rows = await readAll(new ParquetSource({ int64: "number" }), file.path);
    expect(rows.map((r) => r["i64"])).toEqual([Number.MAX_SAFE_INTEGER, -123_456_789_012, null]);
    expect(typeof rows[0]!["i64"]).toBe("number");
    expect(rows[2]!["i64"]).toBeNull();
    expect(rows[0]!["ts_us"]).toEqual(new Date(1_700_000_000_123));
    expect(rows[0]!["dec64"]).toBe(123_456.789);
    expect(rows[0]!["i32"]).toBe(7);
  });
});

describe('ParquetSource: int64 "number" and precision', () => {
  const exact = (values: (bigint | null)[]): ColumnSource[] => [
    { name: "id", data: values.map((_, i) => i), type: "INT32", nullable: false },
    { name: "counter_big", data: values, type: "INT64" },
  ];

  it("values within ±(2^53 − 1) become exactly those numbers", async () => {
    const values = [MAX_SAFE, -MAX_SAFE, 0n, 1n, -1n, 2n ** 40n + 3n, null];
    const file = writeParquet(tempDir(), "safe.parquet", exact(values), { rowGroupSize: 3 });
    const rows = await readAll(new ParquetSource({ int64: "number" }), file.path);
    expect(rows.map((r) => r["counter_big"])).toEqual(values.map((v) => (v === null ? null : Number(v))));
    const asBigint = await readAll(new ParquetSource({ int64: "bigint" }), file.path);
    expect(asBigint.map((r) => r["counter_big"])).toEqual(values);
  });

  for (const [label, value] of [
    ["2^53", 2n ** 53n],
    ["-(2^53)", -(2n ** 53n)],
    ["2^62", 2n ** 62n],
  ] as const) {
    it(`${label} is a PrecisionLossError naming the file and the column`, async () => {
      const file = writeParquet(tempDir(), "lossy.parquet", exact([1n, 2n, value, 3n]), { rowGroupSize: 2 });
      const read = new LocalRunner({ parallelism: 1 }).collect(new ParquetSource({ int64: "number" }), [file.path]);
      await expectFailure(read, PrecisionLossError, file.path, "counter_big");
    });
  }

  it("the default bigint mode reads the same values without loss", async () => {
    const file = writeParquet(tempDir(), "big.parquet", exact([2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n]));
    const rows = await readAll(new ParquetSource(), file.path);
    expect(rows.map((r) => r["counter_big"])).toEqual([2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n]);
  });
});

describe("ParquetSource: dictionary-encoded and multi-page columns", () => {
  it("a repetitive string column (dictionary pages) and small pages read back as written", async () => {
    const n = 2000;
    const columns: ColumnSource[] = [
      { name: "id", data: Array.from({ length: n }, (_, i) => i), type: "INT32", nullable: false },
      { name: "colour", data: Array.from({ length: n }, (_, i) => (i % 9 === 0 ? null : ["red", "green", "blue"][i % 3]!)), type: "STRING" },
      { name: "wide", data: Array.from({ length: n }, (_, i) => BigInt(i) ** 3n), type: "INT64" },
    ];
    const file = writeParquet(tempDir(), "dict.parquet", columns, { rowGroupSize: 700, pageSize: 1024 });
    const colour = file.metadata.row_groups[0]!.columns[1]!.meta_data!;
    expect(colour.dictionary_page_offset).toBeDefined();
    const rows = await readAll(new ParquetSource({ desiredSplitSize: 1 }), file.path);
    expect(rows).toHaveLength(n);
    rows.forEach((row, i) => {
      expect(row).toEqual({ id: i, colour: i % 9 === 0 ? null : ["red", "green", "blue"][i % 3], wide: BigInt(i) ** 3n });
    });
  });
});

describe("ParquetSource: nested types", () => {
  const columns: ColumnSource[] = [
    { name: "id", data: [0, 1, 2, 3] },
    { name: "point", data: [{ x: 1, label: "a" }, null, { x: 3, label: null }, { x: -4, label: "d" }] },
    { name: "tags", data: [[1, 2, 3], [], null, [7]] },
  ];
  const schema: SchemaElement[] = [
    { name: "root", num_children: 3 },
    { name: "id", type: "INT32", repetition_type: "REQUIRED" },
    { name: "point", repetition_type: "OPTIONAL", num_children: 2 },
    { name: "x", type: "INT32", repetition_type: "OPTIONAL" },
    { name: "label", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
    { name: "tags", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", type: "INT32", repetition_type: "OPTIONAL" },
  ];

  it("a struct is an object, a list an array, null where null", async () => {
    const file = writeParquet(tempDir(), "nested.parquet", columns, { schema, rowGroupSize: 3 });
    const rows = await readAll(new ParquetSource(), file.path);
    expect(rows).toEqual([
      { id: 0, point: { x: 1, label: "a" }, tags: [1, 2, 3] },
      { id: 1, point: null, tags: [] },
      { id: 2, point: { x: 3, label: null }, tags: null },
      { id: 3, point: { x: -4, label: "d" }, tags: [7] },
    ]);
  });

  it("projecting a nested column reads it whole", async () => {
    const file = writeParquet(tempDir(), "nested-projected.parquet", columns, { schema, rowGroupSize: 3 });
    const rows = await readAll(new ParquetSource({ columns: ["tags", "id"] }), file.path);
    expect(rows).toEqual([
      { tags: [1, 2, 3], id: 0 },
      { tags: [], id: 1 },
      { tags: null, id: 2 },
      { tags: [7], id: 3 },
    ]);
  });
});
