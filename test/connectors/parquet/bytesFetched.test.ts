// Bytes fetched through the byte-source registry: a projection reads the footer and the
// projected column chunks only; a full read about the file once.
import { describe, expect, it } from "vitest";
import { ParquetSource } from "../../../connectors/parquet/index.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import {
  chunkRanges,
  footerBytes,
  pseudoRandom,
  randomText,
  rowsOf,
  sortBy,
  useCountingFileScheme,
  useTempDirs,
  writeParquet,
  type ReadCall,
} from "./fixtures.js";

const tempDir = useTempDirs();
const counter = useCountingFileScheme();
const SLACK = 64 * 1024;

// 2000 rows in 8 row groups: a small `id` column and a `blob` column of 1500 random characters
// per row (about 3 MB, which snappy cannot shrink).
const next = pseudoRandom(20260101);
const n = 2000;
const columns = [
  { name: "id", data: Array.from({ length: n }, (_, i) => i), type: "INT32" as const, nullable: false },
  { name: "blob", data: Array.from({ length: n }, () => randomText(next, 1500)), type: "STRING" as const },
];
const file = writeParquet(tempDir(), "wide.parquet", columns, { rowGroupSize: 250 });
const chunks = chunkRanges(file.metadata);
const idChunks = chunks.filter((c) => c.column === "id");
const blobChunks = chunks.filter((c) => c.column === "blob");
const idBytes = idChunks.reduce((sum, c) => sum + (c.end - c.start), 0);
const allChunkBytes = chunks.reduce((sum, c) => sum + (c.end - c.start), 0);

/** The reads that lie wholly inside a `blob` chunk: bytes of a column not asked for. */
function readsInsideBlob(reads: readonly ReadCall[]): ReadCall[] {
  return reads.filter((r) => r.end > r.start && blobChunks.some((c) => r.start >= c.start && r.end <= c.end));
}

describe("ParquetSource: bytes fetched", () => {
  it("the fixture: the blob column is most of the file, in 8 row groups", () => {
    expect(file.metadata.row_groups).toHaveLength(8);
    expect(file.bytes.length).toBeGreaterThan(2_500_000);
    expect(idBytes).toBeLessThan(file.bytes.length / 100);
  });

  it('columns: ["id"] fetches the footer and the id chunks, far below the file size', async () => {
    const rows = (await new LocalRunner({ parallelism: 1, dynamicSplitting: false }).collect(new ParquetSource({ columns: ["id"] }), [file.path])) as Record<string, unknown>[];
    expect(sortBy(rows, "id")).toEqual(rowsOf(columns, ["id"]));
    const fetched = counter.bytesRead();
    expect(counter.opened.length).toBeGreaterThan(0);
    // Check: at most the footer, the id chunks and a 64 KiB footer read of slack.
    expect(fetched, `fetched ${fetched} bytes of ${file.bytes.length}`).toBeLessThanOrEqual(footerBytes(file.metadata) + idBytes + SLACK);
    expect(fetched).toBeLessThan(file.bytes.length / 10);
    // Check: no read asked for bytes of the blob column only.
    expect(readsInsideBlob(counter.reads)).toEqual([]);
  });

  it('columns: ["id"] split into one piece per row group, in parallel: still no blob-only read', async () => {
    const rows = await new LocalRunner({ parallelism: 3 }).collect(new ParquetSource({ columns: ["id"], desiredSplitSize: 1 }), [file.path]);
    expect(rows).toHaveLength(n);
    expect(readsInsideBlob(counter.reads)).toEqual([]);
    // Each piece may read the footer again, but never the blobs.
    expect(counter.bytesRead()).toBeLessThan(file.bytes.length / 4);
  });

  it("reading every column fetches about the file size", async () => {
    const rows = (await new LocalRunner({ parallelism: 1, dynamicSplitting: false }).collect(new ParquetSource(), [file.path])) as Record<string, unknown>[];
    expect(sortBy(rows, "id")).toEqual(rowsOf(columns));
    const fetched = counter.bytesRead();
    expect(fetched).toBeGreaterThanOrEqual(allChunkBytes);
    expect(fetched, `fetched ${fetched} bytes of ${file.bytes.length}`).toBeLessThanOrEqual(file.bytes.length + footerBytes(file.metadata) + SLACK);
  });
});
