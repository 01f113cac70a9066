// Schema evolution across the files of one read: added and dropped columns read as null,
// INT32/INT64 and FLOAT/DOUBLE widen, any other difference is a SchemaMismatchError naming both
// files and the column, and a projected column no file has is an InvalidOptionError.
import { join } from "node:path";
import type { ColumnSource } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { ParquetSource, RowGroupSet } from "../../../connectors/parquet/index.js";
import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import { SchemaMismatchError } from "../../../src/errors/SchemaMismatchError.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import { expectFailure, failureOf, findCause, sortBy, useTempDirs, writeParquet } from "./fixtures.js";

const tempDir = useTempDirs();
type Row = Record<string, unknown>;

function read(source: ParquetSource, elements: readonly string[], parallelism = 2): Promise<Row[]> {
  return new LocalRunner({ parallelism }).collect(source, elements) as Promise<Row[]>;
}

const ids = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

describe("ParquetSource: columns added and dropped between files", () => {
  const dir = tempDir();
  // 1-old.parquet: id, name, legacy. 2-new.parquet: extra, id, name (a column added, put first;
  // legacy dropped). Files sort as 1-old, 2-new, so the union is id, name, legacy, extra.
  const oldIds = ids(0, 30);
  const newIds = ids(100, 25);
  writeParquet(dir, "1-old.parquet", [
    { name: "id", data: oldIds, type: "INT32", nullable: false },
    { name: "name", data: oldIds.map((i) => `old-${i}`), type: "STRING" },
    { name: "legacy", data: oldIds.map((i) => i % 2 === 0), type: "BOOLEAN" },
  ], { rowGroupSize: 8 });
  writeParquet(dir, "2-new.parquet", [
    { name: "extra", data: newIds.map((i) => i * 1.5), type: "DOUBLE" },
    { name: "id", data: newIds, type: "INT32", nullable: false },
    { name: "name", data: newIds.map((i) => `new-${i}`), type: "STRING" },
  ], { rowGroupSize: 10 });
  const glob = join(dir, "*.parquet");

  it("keys are the union of the files' columns, in first-seen order", async () => {
    const rows = await read(new ParquetSource(), [glob]);
    expect(rows).toHaveLength(55);
    for (const row of rows) expect(Object.keys(row)).toEqual(["id", "name", "legacy", "extra"]);
    const r = (await new ParquetSource().initialRestriction(glob)) as RowGroupSet;
    expect(r.columns.map((c) => c.name)).toEqual(["id", "name", "legacy", "extra"]);
  });

  it("a column only in the newer file is null for the older file's rows, and the other way round", async () => {
    const rows = sortBy(await read(new ParquetSource({ desiredSplitSize: 1 }), [glob], 3), "id");
    expect(rows).toEqual([
      ...oldIds.map((i) => ({ id: i, name: `old-${i}`, legacy: i % 2 === 0, extra: null })),
      ...newIds.map((i) => ({ id: i, name: `new-${i}`, legacy: null, extra: i * 1.5 })),
    ]);
  });

  it("projecting a column only the newer file has gives null for the older rows", async () => {
    const rows = sortBy(await read(new ParquetSource({ columns: ["extra", "id"] }), [glob]), "id");
    expect(rows).toEqual([...oldIds.map((i) => ({ extra: null, id: i })), ...newIds.map((i) => ({ extra: i * 1.5, id: i }))]);
  });

  it("a projected column that no file has is an InvalidOptionError naming it", async () => {
    await expectFailure(read(new ParquetSource({ columns: ["id", "no_such_column"] }), [glob]), InvalidOptionError, "no_such_column");
  });
});

describe("ParquetSource: widening", () => {
  it("INT32 in one file and INT64 in another read as bigint, or as numbers with int64: number", async () => {
    const dir = tempDir();
    writeParquet(dir, "a.parquet", [
      { name: "id", data: ids(0, 12), type: "INT32", nullable: false },
      { name: "v", data: ids(0, 12).map((i) => (i === 5 ? null : i - 6)), type: "INT32" },
    ], { rowGroupSize: 5 });
    writeParquet(dir, "b.parquet", [
      { name: "id", data: ids(12, 6), type: "INT32", nullable: false },
      { name: "v", data: ids(12, 6).map((i) => BigInt(i) * 1_000_000_000_000n), type: "INT64" },
    ], { rowGroupSize: 4 });
    const glob = join(dir, "*.parquet");
    const expected = [
      ...ids(0, 12).map((i) => ({ id: i, v: i === 5 ? null : BigInt(i - 6) })),
      ...ids(12, 6).map((i) => ({ id: i, v: BigInt(i) * 1_000_000_000_000n })),
    ];
    expect(sortBy(await read(new ParquetSource(), [glob]), "id")).toEqual(expected);
    const asNumbers = sortBy(await read(new ParquetSource({ int64: "number" }), [glob]), "id");
    expect(asNumbers).toEqual(expected.map(({ id, v }) => ({ id, v: v === null ? null : Number(v) })));
  });

  it("INT64 first and INT32 second widen the same way", async () => {
    const dir = tempDir();
    writeParquet(dir, "a.parquet", [
      { name: "id", data: [0, 1], type: "INT32", nullable: false },
      { name: "v", data: [2n ** 40n, -1n], type: "INT64" },
    ]);
    writeParquet(dir, "b.parquet", [
      { name: "id", data: [2, 3], type: "INT32", nullable: false },
      { name: "v", data: [7, null], type: "INT32" },
    ]);
    const rows = sortBy(await read(new ParquetSource(), [join(dir, "*.parquet")]), "id");
    expect(rows).toEqual([{ id: 0, v: 2n ** 40n }, { id: 1, v: -1n }, { id: 2, v: 7n }, { id: 3, v: null }]);
  });

  it("FLOAT in one file and DOUBLE in another read as numbers", async () => {
    const dir = tempDir();
    writeParquet(dir, "a.parquet", [
      { name: "id", data: [0, 1, 2], type: "INT32", nullable: false },
      { name: "x", data: [0.5, -2.25, null], type: "FLOAT" },
    ]);
    writeParquet(dir, "b.parquet", [
      { name: "id", data: [3, 4], type: "INT32", nullable: false },
      { name: "x", data: [Math.E, 1e200], type: "DOUBLE" },
    ]);
    const rows = sortBy(await read(new ParquetSource(), [join(dir, "*.parquet")]), "id");
    expect(rows).toEqual([{ id: 0, x: 0.5 }, { id: 1, x: -2.25 }, { id: 2, x: null }, { id: 3, x: Math.E }, { id: 4, x: 1e200 }]);
  });
});

describe("ParquetSource: incompatible types", () => {
  const conflicts: [string, ColumnSource["type"], unknown[], ColumnSource["type"], unknown[]][] = [
    ["INT32 vs STRING", "INT32", [1, 2], "STRING", ["a", "b"]],
    ["BOOLEAN vs INT32", "BOOLEAN", [true, false], "INT32", [1, 2]],
    ["STRING vs DOUBLE", "STRING", ["x", "y"], "DOUBLE", [1.5, 2.5]],
    ["INT64 vs DOUBLE", "INT64", [1n, 2n], "DOUBLE", [1.5, 2.5]],
  ];
  for (const [label, typeA, dataA, typeB, dataB] of conflicts) {
    it(`${label} under one name is a SchemaMismatchError naming both files and the column`, async () => {
      const dir = tempDir();
      const a = writeParquet(dir, "a.parquet", [
        { name: "id", data: [0, 1], type: "INT32", nullable: false },
        { name: "clash_col", data: dataA, type: typeA },
      ]);
      const b = writeParquet(dir, "b.parquet", [
        { name: "id", data: [2, 3], type: "INT32", nullable: false },
        { name: "clash_col", data: dataB, type: typeB },
      ]);
      const glob = join(dir, "*.parquet");
      // Check: initialRestriction rejects, so the plan fails before any row is read.
      const planned = findCause(await failureOf(new ParquetSource().initialRestriction(glob)), SchemaMismatchError);
      for (const text of [a.path, b.path, "clash_col"]) expect(planned.message).toContain(text);
      // Check: so does the run.
      await expectFailure(read(new ParquetSource(), [glob]), SchemaMismatchError, a.path, b.path, "clash_col");
    });
  }

  it("projecting the clashing column away reads the rest, as the error message suggests", async () => {
    const dir = tempDir();
    writeParquet(dir, "a.parquet", [
      { name: "id", data: [0, 1], type: "INT32", nullable: false },
      { name: "clash_col", data: [1, 2], type: "INT32" },
    ]);
    writeParquet(dir, "b.parquet", [
      { name: "id", data: [2, 3], type: "INT32", nullable: false },
      { name: "clash_col", data: ["a", "b"], type: "STRING" },
    ]);
    const glob = join(dir, "*.parquet");
    const error = findCause(await failureOf(new ParquetSource().initialRestriction(glob)), SchemaMismatchError);
    expect(error.message).toContain("`columns`");
    const rows = sortBy(await read(new ParquetSource({ columns: ["id"] }), [glob]), "id");
    expect(rows).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it("the mismatch between the first and third of three files names those two", async () => {
    const dir = tempDir();
    const make = (name: string, type: ColumnSource["type"], data: unknown[]) =>
      writeParquet(dir, name, [
        { name: "id", data: [0], type: "INT32", nullable: false },
        { name: "val", data, type },
      ]);
    const first = make("1.parquet", "INT32", [1]);
    make("2.parquet", "INT64", [2n]);
    const third = make("3.parquet", "STRING", ["three"]);
    await expectFailure(read(new ParquetSource(), [join(dir, "*.parquet")]), SchemaMismatchError, third.path, "val");
    const error = findCause(await failureOf(new ParquetSource().initialRestriction(join(dir, "*.parquet"))), SchemaMismatchError);
    // The clash is with the integer column seen first: the message names a file that has it.
    expect(error.message.includes(first.path) || error.message.includes(join(dir, "2.parquet"))).toBe(true);
  });
});
