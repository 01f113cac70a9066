// Bad options and bad input to ParquetSource: each a typed error naming the option or the file.
import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ParquetSource } from "../../../connectors/parquet/index.js";
import { CorruptInputError } from "../../../src/errors/CorruptInputError.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import { SourceChangedError } from "../../../src/errors/SourceChangedError.js";
import { UnsupportedFormatError } from "../../../src/errors/UnsupportedFormatError.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import { expectFailure, parquetBytes, pseudoRandom, standardColumns, useTempDirs, writeParquet } from "./fixtures.js";

const tempDir = useTempDirs();
const read = (source: ParquetSource, elements: readonly string[]) => new LocalRunner({ parallelism: 1 }).collect(source, elements);

describe("ParquetSource: options", () => {
  it("desiredSplitSize below 1 is an InvalidOptionError at construction, naming the option", () => {
    for (const desiredSplitSize of [0, -1, 0.5]) {
      expect(() => new ParquetSource({ desiredSplitSize }), String(desiredSplitSize)).toThrow(InvalidOptionError);
      expect(() => new ParquetSource({ desiredSplitSize }), String(desiredSplitSize)).toThrow(/desiredSplitSize/);
    }
  });

  it("an empty column name is an InvalidOptionError at construction", () => {
    expect(() => new ParquetSource({ columns: ["id", ""] })).toThrow(InvalidOptionError);
  });

  it("an unknown int64 mode is an InvalidOptionError at construction, naming the option", () => {
    expect(() => new ParquetSource({ int64: "string" as "bigint" })).toThrow(InvalidOptionError);
    expect(() => new ParquetSource({ int64: "string" as "bigint" })).toThrow(/int64/);
  });

  it("valid options construct", () => {
    expect(() => new ParquetSource({ desiredSplitSize: 1, columns: ["a"], int64: "number" })).not.toThrow();
    expect(() => new ParquetSource({ int64: "bigint" })).not.toThrow();
    expect(() => new ParquetSource()).not.toThrow();
  });
});

describe("ParquetSource: bad input", () => {
  const good = parquetBytes(standardColumns(200), { rowGroupSize: 50 });

  it("a text file is a CorruptInputError naming the file, not retriable", async () => {
    const path = join(tempDir(), "notes.parquet");
    writeFileSync(path, "id,name\n1,a\n2,b\n".repeat(20));
    const error = await expectFailure(read(new ParquetSource(), [path]), CorruptInputError, path);
    expect(error.retriable).toBe(false);
  });

  it("a truncated file is a CorruptInputError naming the file, wherever it was cut", async () => {
    const dir = tempDir();
    for (const length of [0, 3, 4, 12, Math.floor(good.length / 2), good.length - 8, good.length - 1]) {
      const path = join(dir, `cut-${length}.parquet`);
      writeFileSync(path, good.subarray(0, length));
      await expectFailure(read(new ParquetSource(), [path]), CorruptInputError, path);
    }
  });

  describe("a corrupted footer (metadata garbled, trailing length and PAR1 kept) is a CorruptInputError naming the file", () => {
    const view = new DataView(good.buffer, good.byteOffset, good.byteLength);
    const metadataLength = view.getUint32(good.length - 8, true);
    const metadataStart = good.length - 8 - metadataLength;
    const next = pseudoRandom(99);
    const garbles: [string, (bytes: Uint8Array) => void][] = [
      ["metadata bytes all 0xff", (bytes) => bytes.fill(0xff, metadataStart, good.length - 8)],
      ["metadata bytes all zero", (bytes) => bytes.fill(0, metadataStart, good.length - 8)],
      ["metadata bytes random", (bytes) => bytes.forEach((_, i) => i >= metadataStart && i < good.length - 8 && (bytes[i] = Math.floor(next() * 256)))],
      ["the second half of the metadata zeroed", (bytes) => bytes.fill(0, metadataStart + Math.floor(metadataLength / 2), good.length - 8)],
      ["a metadata length past the start of the file", (bytes) => new DataView(bytes.buffer).setUint32(bytes.length - 8, bytes.length + 100, true)],
    ];
    for (const [label, garble] of garbles) {
      it(label, async () => {
        const bytes = new Uint8Array(good);
        garble(bytes);
        expect(Buffer.from(bytes.subarray(bytes.length - 4)).toString()).toBe("PAR1");
        expect(Buffer.from(bytes).equals(Buffer.from(good))).toBe(false);
        const path = join(tempDir(), `garbled-${label.replace(/\W+/g, "-")}.parquet`);
        writeFileSync(path, bytes);
        await expectFailure(read(new ParquetSource(), [path]), CorruptInputError, path);
      });
    }
  });

  it("a corrupt file among good ones in a glob fails the read naming the corrupt one", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.parquet"), good);
    const bad = join(dir, "b.parquet");
    writeFileSync(bad, good.subarray(0, good.length - 5));
    writeFileSync(join(dir, "c.parquet"), good);
    await expectFailure(read(new ParquetSource(), [join(dir, "*.parquet")]), CorruptInputError, bad);
  });

  it("a column compressed with a codec hyparquet cannot decode (LZO) is an UnsupportedFormatError naming the codec and the file", async () => {
    const dir = tempDir();
    const file = writeParquet(dir, "lzo.parquet", standardColumns(50), { codec: "LZO", compressors: { LZO: (b: Uint8Array) => b }, rowGroupSize: 20 });
    expect(file.metadata.row_groups[0]!.columns[0]!.meta_data!.codec).toBe("LZO");
    const error = await expectFailure(read(new ParquetSource(), [file.path]), UnsupportedFormatError, "LZO", file.path);
    expect(error.retriable).toBe(false);
  });

  it("a missing file is an InputNotFoundError naming the path", async () => {
    const path = join(tempDir(), "missing.parquet");
    await expectFailure(read(new ParquetSource(), [path]), InputNotFoundError, path);
  });

  it("a glob matching nothing is an InputNotFoundError naming the pattern", async () => {
    const pattern = join(tempDir(), "nothing-*.parquet");
    await expectFailure(read(new ParquetSource(), [pattern]), InputNotFoundError, pattern);
  });

  it("a file rewritten after initialRestriction and before it is read is a SourceChangedError naming the file", async () => {
    const dir = tempDir();
    const file = writeParquet(dir, "rewritten.parquet", standardColumns(120), { rowGroupSize: 30 });
    const other = parquetBytes(standardColumns(90, 500), { rowGroupSize: 30 });
    /** Rewrites the file, with other valid Parquet bytes, once the read is planned. */
    class RewrittenAfterPlanning extends ParquetSource {
      override async initialRestriction(pattern: string) {
        const restriction = await super.initialRestriction(pattern);
        writeFileSync(file.path, other);
        const later = new Date(Date.now() + 60_000);
        utimesSync(file.path, later, later);
        return restriction;
      }
    }
    await expectFailure(read(new RewrittenAfterPlanning(), [file.path]), SourceChangedError, file.path);
  });
});
