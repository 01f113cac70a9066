// Writes examples/data/events.parquet, the Parquet sample `sdfkit demo` reads: 60,000 events in
// 12 row groups of 5,000 (SNAPPY). Run `node examples/data/writeSampleParquet.mjs` after
// `npm ci` (it needs the dev dependency hyparquet-writer); the output is committed.
import { writeFileSync } from "node:fs";
import { parquetWriteBuffer } from "hyparquet-writer";

const ROWS = 60_000;
const KINDS = ["click", "view", "purchase"];
const buffer = parquetWriteBuffer({
  columnData: [
    { name: "id", data: BigInt64Array.from({ length: ROWS }, (_, i) => BigInt(i)), type: "INT64" },
    { name: "kind", data: Array.from({ length: ROWS }, (_, i) => KINDS[(i * 7) % 3]), type: "STRING" },
    { name: "amount", data: Array.from({ length: ROWS }, (_, i) => ((i * 37) % 500) / 4), type: "DOUBLE" },
    { name: "at", data: Array.from({ length: ROWS }, (_, i) => new Date(1_700_000_000_000 + i * 1000)), type: "TIMESTAMP" },
  ],
  rowGroupSize: 5_000,
});
writeFileSync(new URL("events.parquet", import.meta.url), new Uint8Array(buffer));
