// ParquetSource under the testkit: files of many small row groups × random schedules of
// splits, checkpoints and resumes must give exactly the rows written, each once.
import { join } from "node:path";
import type { SchemaElement } from "hyparquet-writer";
import type { ColumnSource } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { ParquetSource } from "../../../connectors/parquet/index.js";
import type { ParquetSourceOptions } from "../../../connectors/parquet/index.js";
import { checkSourceConformance } from "../../../testkit/index.js";
import { expectConformance } from "../../../testkit/vitest.js";
import { rowsOf, standardColumns, useTempDirs, writeParquet, type WriteOptions } from "./fixtures.js";

const tempDir = useTempDirs();
const SEED = 737_373;
const RUNS = 100;

/** One fixture: files to write, the element to read, the options, and the rows expected. */
interface Fixture {
  readonly label: string;
  readonly files: readonly { name: string; columns: ColumnSource[]; options: WriteOptions }[];
  readonly element: (dir: string) => string;
  readonly options: ParquetSourceOptions;
  readonly expected: Record<string, unknown>[];
}

const ids = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

const nestedSchema: SchemaElement[] = [
  { name: "root", num_children: 3 },
  { name: "id", type: "INT32", repetition_type: "REQUIRED" },
  { name: "point", repetition_type: "OPTIONAL", num_children: 2 },
  { name: "x", type: "INT32", repetition_type: "OPTIONAL" },
  { name: "label", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
  { name: "tags", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  { name: "element", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
];
const nestedColumns: ColumnSource[] = [
  { name: "id", data: ids(0, 45) },
  { name: "point", data: ids(0, 45).map((i) => (i % 6 === 0 ? null : { x: i * i, label: i % 4 === 0 ? null : `p${i}` })) },
  { name: "tags", data: ids(0, 45).map((i) => (i % 5 === 0 ? null : ids(0, i % 4).map((k) => `t${i}.${k}`))) },
];

const evolvedA = [
  { name: "id", data: ids(0, 30), type: "INT32" as const, nullable: false },
  { name: "v", data: ids(0, 30).map((i) => i * 3), type: "INT32" as const },
];
const evolvedB = [
  { name: "note", data: ids(30, 26).map((i) => (i % 3 === 0 ? null : `n${i}`)), type: "STRING" as const },
  { name: "id", data: ids(30, 26), type: "INT32" as const, nullable: false },
  { name: "v", data: ids(30, 26).map((i) => BigInt(i) * 10_000_000_000n), type: "INT64" as const },
];

const fixtures: Fixture[] = [
  {
    label: "one file, 12 row groups of 5 rows, one piece per row group",
    files: [{ name: "one.parquet", columns: standardColumns(60), options: { rowGroupSize: 5 } }],
    element: (dir) => join(dir, "one.parquet"),
    options: { desiredSplitSize: 1 },
    expected: rowsOf(standardColumns(60)),
  },
  {
    label: "one file, uneven row groups (3, 7, 1, then 4s), pieces of a few row groups, INT64 as numbers",
    files: [{ name: "uneven.parquet", columns: standardColumns(70, 500), options: { rowGroupSize: [3, 7, 1, 4] } }],
    element: (dir) => join(dir, "uneven.parquet"),
    options: { desiredSplitSize: 600, int64: "number" },
    expected: rowsOf(standardColumns(70, 500)).map((row) => ({ ...row, big: row["big"] === null ? null : Number(row["big"]) })),
  },
  {
    label: "a glob of three files, one of them empty, initial pieces of about 2 row groups",
    files: [
      { name: "g-1.parquet", columns: standardColumns(33, 0), options: { rowGroupSize: 6 } },
      { name: "g-2.parquet", columns: standardColumns(0), options: {} },
      { name: "g-3.parquet", columns: standardColumns(21, 100), options: { rowGroupSize: 4 } },
    ],
    element: (dir) => join(dir, "g-*.parquet"),
    options: { desiredSplitSize: 350 },
    expected: [...rowsOf(standardColumns(33, 0)), ...rowsOf(standardColumns(21, 100))],
  },
  {
    label: "a projection over two files whose schemas evolved (column added, INT32 widened to INT64)",
    files: [
      { name: "e-1.parquet", columns: evolvedA, options: { rowGroupSize: 4 } },
      { name: "e-2.parquet", columns: evolvedB, options: { rowGroupSize: 5 } },
    ],
    element: (dir) => join(dir, "e-*.parquet"),
    options: { columns: ["note", "v", "id"], desiredSplitSize: 1 },
    expected: [
      ...ids(0, 30).map((i) => ({ note: null, v: BigInt(i * 3), id: i })),
      ...ids(30, 26).map((i) => ({ note: i % 3 === 0 ? null : `n${i}`, v: BigInt(i) * 10_000_000_000n, id: i })),
    ],
  },
  {
    label: "nested struct and list columns, the whole file in one initial piece",
    files: [{ name: "nested.parquet", columns: nestedColumns, options: { schema: nestedSchema, rowGroupSize: 4 } }],
    element: (dir) => join(dir, "nested.parquet"),
    options: {},
    expected: ids(0, 45).map((i) => ({
      id: i,
      point: i % 6 === 0 ? null : { x: i * i, label: i % 4 === 0 ? null : `p${i}` },
      tags: i % 5 === 0 ? null : ids(0, i % 4).map((k) => `t${i}.${k}`),
    })),
  },
];

describe("ParquetSource conformance over files of many small row groups", () => {
  fixtures.forEach((fixture, index) => {
    it(`${fixture.label}: ${RUNS} schedules give exactly the rows written (seed ${SEED + index})`, async () => {
      const dir = tempDir();
      for (const file of fixture.files) writeParquet(dir, file.name, file.columns, file.options);
      const report = await checkSourceConformance({
        sdf: () => new ParquetSource(fixture.options),
        elements: [fixture.element(dir)],
        expected: fixture.expected,
        numRuns: RUNS,
        seed: SEED + index,
      });
      expectConformance(report, fixture.label);
      expect(report.runs).toBe(RUNS);
    });
  });

  it("the harness is not vacuous: a row left out of the expected rows is reported", async () => {
    const dir = tempDir();
    writeParquet(dir, "sanity.parquet", standardColumns(10), { rowGroupSize: 3 });
    const report = await checkSourceConformance({
      sdf: () => new ParquetSource({ desiredSplitSize: 1 }),
      elements: [join(dir, "sanity.parquet")],
      expected: rowsOf(standardColumns(10)).slice(1),
      numRuns: 5,
      seed: SEED,
    });
    expect(report.ok).toBe(false);
  });
});
