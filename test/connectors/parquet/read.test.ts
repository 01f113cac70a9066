// ParquetSource reads: every row once at any parallelism, globs, projection, the restriction's
// figures and initial splits checked against each file's own metadata, and empty files.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ParquetSource, RowGroupSet } from "../../../connectors/parquet/index.js";
import { OffsetRange } from "../../../src/restrictions/OffsetRange.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import {
  referencePieces,
  rowGroupBytes,
  rowGroupRows,
  rowsOf,
  sortBy,
  standardColumns,
  sumRange,
  useTempDirs,
  writeParquet,
  type ParquetFixture,
} from "./fixtures.js";

const tempDir = useTempDirs();
type Row = Record<string, unknown>;

/** Reads `elements` with a fresh runner. */
function read(source: ParquetSource, elements: readonly string[], parallelism = 1): Promise<Row[]> {
  return new LocalRunner({ parallelism }).collect(source, elements) as Promise<Row[]>;
}

describe("ParquetSource: one multi-row-group file", () => {
  const dir = tempDir();
  const columns = standardColumns(1000);
  const file = writeParquet(dir, "thousand.parquet", columns, { rowGroupSize: 100 });
  const expected = rowsOf(columns);

  it("the fixture has 10 row groups of 100 rows", () => {
    expect(rowGroupRows(file.metadata)).toEqual(Array(10).fill(100));
  });

  for (const parallelism of [1, 3]) {
    for (const desiredSplitSize of [undefined, 1]) {
      it(`parallelism ${parallelism}, desiredSplitSize ${desiredSplitSize ?? "default"}: every row exactly once, values as written`, async () => {
        const got = await read(new ParquetSource(desiredSplitSize === undefined ? {} : { desiredSplitSize }), [file.path], parallelism);
        expect(got).toHaveLength(1000);
        expect(sortBy(got, "id")).toEqual(expected);
      });
    }
  }

  it("rows carry the file's columns in schema order, and INT64 as bigint by default", async () => {
    const got = await read(new ParquetSource(), [file.path]);
    for (const row of got) expect(Object.keys(row)).toEqual(["id", "name", "score", "big"]);
    const row = got.find((r) => r["id"] === 1)!;
    expect(row).toEqual({ id: 1, name: "name-1-é", score: 1 / 4 - 10, big: 1_000_000_002n });
  });

  it("a file:// URI reads the same rows as the plain path", async () => {
    const got = await read(new ParquetSource(), [pathToFileURL(file.path).href], 2);
    expect(sortBy(got, "id")).toEqual(expected);
  });
});

describe("ParquetSource: globs", () => {
  it("a glob over 3 files reads every row of the matching files, and nothing else", async () => {
    const dir = tempDir();
    const a = standardColumns(250, 0);
    const b = standardColumns(40, 1000);
    const c = standardColumns(333, 2000);
    writeParquet(dir, "part-a.parquet", a, { rowGroupSize: 100 });
    writeParquet(dir, "part-b.parquet", b, { rowGroupSize: 7 });
    writeParquet(dir, "part-c.parquet", c, { rowGroupSize: 50 });
    writeParquet(dir, "other.parq", standardColumns(10, 5000));
    writeFileSync(join(dir, "notes.txt"), "not parquet\n");
    const expected = [...rowsOf(a), ...rowsOf(b), ...rowsOf(c)];
    for (const parallelism of [1, 3]) {
      const got = await read(new ParquetSource({ desiredSplitSize: 2000 }), [join(dir, "part-*.parquet")], parallelism);
      expect(got, `parallelism ${parallelism}`).toHaveLength(expected.length);
      expect(sortBy(got, "id"), `parallelism ${parallelism}`).toEqual(expected);
    }
  });

  it("two elements, a glob and a path, read each file once per element", async () => {
    const dir = tempDir();
    const a = standardColumns(30, 0);
    const b = standardColumns(20, 100);
    writeParquet(dir, "a.parquet", a, { rowGroupSize: 8 });
    const fileB = writeParquet(dir, "b.parquet", b, { rowGroupSize: 8 });
    const got = await read(new ParquetSource(), [join(dir, "*.parquet"), fileB.path], 2);
    expect(sortBy(got, "id")).toEqual(sortBy([...rowsOf(a), ...rowsOf(b), ...rowsOf(b)], "id"));
  });
});

describe("ParquetSource: projection", () => {
  const dir = tempDir();
  const columns = standardColumns(300);
  const file = writeParquet(dir, "projected.parquet", columns, { rowGroupSize: 40 });

  it("keys are exactly the projected columns, in the order given", async () => {
    const got = await read(new ParquetSource({ columns: ["big", "id"], desiredSplitSize: 1 }), [file.path], 3);
    expect(got).toHaveLength(300);
    for (const row of got) expect(Object.keys(row)).toEqual(["big", "id"]);
    expect(sortBy(got, "id")).toEqual(rowsOf(columns, ["big", "id"]));
  });

  it("one column, not the first: the rows of that column only", async () => {
    const got = await read(new ParquetSource({ columns: ["name"] }), [file.path]);
    for (const row of got) expect(Object.keys(row)).toEqual(["name"]);
    const names = (rows: readonly Row[]) => rows.map((r) => String(r["name"])).sort();
    expect(names(got)).toEqual(names(rowsOf(columns, ["name"])));
  });

  it("the projection's row-group bytes are those of its column chunks only", async () => {
    const r = (await new ParquetSource({ columns: ["score", "id"] }).initialRestriction(file.path)) as RowGroupSet;
    expect(r.columns.map((c) => c.name)).toEqual(["score", "id"]);
    const [entry] = r.files;
    expect(entry!.rowGroupBytes).toEqual(rowGroupBytes(file.metadata, ["score", "id"]));
    expect(r.size()).toBe(sumRange(rowGroupBytes(file.metadata, ["score", "id"]), 0, file.metadata.row_groups.length));
    expect(r.size()).toBeLessThan(sumRange(rowGroupBytes(file.metadata), 0, file.metadata.row_groups.length));
  });
});

describe("ParquetSource: restrictions from the files' own metadata", () => {
  const dir = tempDir();
  // Uneven row groups (the last size repeats) and three files, one with a single row group.
  const files: ParquetFixture[] = [
    writeParquet(dir, "r-0.parquet", standardColumns(200, 0), { rowGroupSize: [10, 60, 5, 25] }),
    writeParquet(dir, "r-1.parquet", standardColumns(9, 1000), { rowGroupSize: 100 }),
    writeParquet(dir, "r-2.parquet", standardColumns(120, 2000), { rowGroupSize: [70, 20] }),
  ];
  const glob = join(dir, "r-*.parquet");
  const bytesPerFile = files.map((f) => rowGroupBytes(f.metadata));
  const total = bytesPerFile.flat().reduce((a, b) => a + b, 0);
  const groups = bytesPerFile.flat().length;

  it("the fixtures have uneven row groups", () => {
    expect(rowGroupRows(files[0]!.metadata)).toEqual([10, 60, 5, 25, 25, 25, 25, 25]);
    expect(rowGroupRows(files[1]!.metadata)).toEqual([9]);
    expect(rowGroupRows(files[2]!.metadata)).toEqual([70, 20, 20, 10]);
    expect(new Set(bytesPerFile[0]).size).toBeGreaterThan(2);
  });

  it("initialRestriction covers every row group of every matching file, end to end", async () => {
    const r = (await new ParquetSource().initialRestriction(glob)) as RowGroupSet;
    expect(r).toBeInstanceOf(RowGroupSet);
    expect(r.range.from).toBe(0);
    expect(r.range.to).toBe(groups);
    let first = 0;
    r.files.forEach((entry, i) => {
      const file = files[i]!;
      // Check: the entry names the file, its size and version, and its place in the index space.
      expect(entry.uri).toBe(file.path);
      expect(entry.size).toBe(file.bytes.length);
      expect(typeof entry.version).toBe("string");
      expect(entry.firstRowGroup).toBe(first);
      // Check: the figures are the footer's.
      expect(entry.rowGroupBytes).toEqual(rowGroupBytes(file.metadata));
      expect(entry.rowGroupRows).toEqual(rowGroupRows(file.metadata));
      first += file.metadata.row_groups.length;
    });
    expect(r.files).toHaveLength(3);
    expect(r.columns.map((c) => c.name)).toEqual(["id", "name", "score", "big"]);
    expect(r.size()).toBe(total);
  });

  it("size() and getSize are the bytes of the row groups in range", async () => {
    const source = new ParquetSource();
    const r = (await source.initialRestriction(glob)) as RowGroupSet;
    const flat = bytesPerFile.flat();
    expect(await source.getSize(glob, r)).toBe(total);
    for (const [from, to] of [[0, 0], [0, 1], [3, 9], [7, 10], [8, 9], [5, groups], [groups, groups]] as const) {
      const piece = r.withRange(new OffsetRange(from, to));
      expect(piece.size(), `[${from}, ${to})`).toBe(sumRange(flat, from, to));
      expect(await source.getSize(glob, piece), `[${from}, ${to})`).toBe(sumRange(flat, from, to));
    }
  });

  const medium = Math.max(...bytesPerFile.flat()) + 1;
  const desiredSizes = [1, Math.min(...bytesPerFile.flat()), medium, medium * 2 + 17, Math.floor(total / 3), total, 64 * 1024 * 1024];
  for (const desiredSplitSize of desiredSizes) {
    it(`splitRestriction with desiredSplitSize ${desiredSplitSize}: runs of one file, grown up to the size, covering the restriction in order`, async () => {
      const source = new ParquetSource({ desiredSplitSize });
      const r = (await source.initialRestriction(glob)) as RowGroupSet;
      const pieces = (await source.splitRestriction(glob, r)) as RowGroupSet[];
      const ranges = pieces.map((p) => [p.range.from, p.range.to]);
      expect(ranges).toEqual(referencePieces(bytesPerFile, desiredSplitSize));
      for (const piece of pieces) {
        // Check: each piece is sized by the footers of the file it reads.
        expect(await source.getSize(glob, piece), String(piece)).toBe(sumRange(bytesPerFile.flat(), piece.range.from, piece.range.to));
      }
    });
  }

  it("the default desiredSplitSize (64 MiB) keeps each small file in one piece", async () => {
    const source = new ParquetSource();
    const r = (await source.initialRestriction(glob)) as RowGroupSet;
    const pieces = (await source.splitRestriction(glob, r)) as RowGroupSet[];
    expect(pieces.map((p) => [p.range.from, p.range.to])).toEqual([[0, 8], [8, 9], [9, 13]]);
  });

  it("splitRestriction of a sub-range covers exactly that sub-range", async () => {
    const desired = medium * 2;
    const source = new ParquetSource({ desiredSplitSize: desired });
    const r = ((await source.initialRestriction(glob)) as RowGroupSet).withRange(new OffsetRange(3, 11));
    const pieces = (await source.splitRestriction(glob, r)) as RowGroupSet[];
    expect(pieces.map((p) => [p.range.from, p.range.to])).toEqual(referencePieces(bytesPerFile, desired, 3, 11));
  });
});

describe("ParquetSource: empty files", () => {
  it("a file with zero row groups reads nothing and does not fail", async () => {
    const dir = tempDir();
    const empty = writeParquet(dir, "empty.parquet", [{ name: "id", data: [], type: "INT32" }]);
    expect(empty.metadata.row_groups).toHaveLength(0);
    expect(Number(empty.metadata.num_rows)).toBe(0);
    const source = new ParquetSource();
    const r = (await source.initialRestriction(empty.path)) as RowGroupSet;
    expect(r.range.size()).toBe(0);
    expect(r.size()).toBe(0);
    expect(await read(new ParquetSource(), [empty.path])).toEqual([]);
    expect(await read(new ParquetSource({ desiredSplitSize: 1 }), [empty.path], 3)).toEqual([]);
  });

  it("an empty file in a glob takes no row-group index and leaves the others' rows as they are", async () => {
    const dir = tempDir();
    const a = standardColumns(25, 0);
    const c = standardColumns(15, 100);
    const fileA = writeParquet(dir, "a.parquet", a, { rowGroupSize: 10 });
    writeParquet(dir, "b.parquet", standardColumns(0));
    const fileC = writeParquet(dir, "c.parquet", c, { rowGroupSize: 10 });
    const glob = join(dir, "*.parquet");
    const r = (await new ParquetSource().initialRestriction(glob)) as RowGroupSet;
    expect(r.range.to).toBe(5);
    const nonEmpty = r.files.filter((f) => f.rowGroupBytes.length > 0);
    expect(nonEmpty.map((f) => [f.uri, f.firstRowGroup])).toEqual([[fileA.path, 0], [fileC.path, 3]]);
    const got = await read(new ParquetSource({ desiredSplitSize: 1 }), [glob], 3);
    expect(sortBy(got, "id")).toEqual([...rowsOf(a), ...rowsOf(c)]);
  });
});
