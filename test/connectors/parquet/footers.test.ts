// ParquetFooters: a file too short to be Parquet is a CorruptInputError naming the file, thrown
// as such (not an Error wrapped later), with the footer's reason in its message.
import { describe, expect, it } from "vitest";
import type { ByteSource } from "../../../connectors/bytes/ByteSource.js";
import { ParquetFooters } from "../../../connectors/parquet/ParquetFooters.js";
import { CorruptInputError } from "../../../src/errors/CorruptInputError.js";

function tinySource(bytes: Uint8Array): ByteSource {
  return {
    uri: "/data/tiny.parquet",
    size: bytes.length,
    version: "v1",
    async *read(start: number, end: number) {
      yield bytes.subarray(start, end);
    },
    close: async () => {},
  };
}

describe("ParquetFooters", () => {
  it("a file under 12 bytes is a CorruptInputError naming the file and its size", async () => {
    const error = await new ParquetFooters().of(tinySource(new Uint8Array(5))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptInputError);
    const corrupt = error as CorruptInputError;
    expect(corrupt.message).toBe(
      "/data/tiny.parquet is not a readable Parquet file (the footer: the file is 5 bytes, shorter than the smallest Parquet file (12)); check that it is Parquet and complete (not truncated, not still being written).",
    );
    expect(corrupt.context.input).toBe("/data/tiny.parquet");
    expect(corrupt.retriable).toBe(false);
  });
});
