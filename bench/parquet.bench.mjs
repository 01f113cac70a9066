// Parquet benchmarks: LocalRunner + ParquetSource against each of the three Node Parquet readers
// used the way their READMEs show, over the same local file (bench/fixtures/parquetData.mjs), each
// side summing `score` over every row and checking the count and the sum. Counters report the
// bytes each reader fetched from the file and its peak RSS.
//
// ParquetSource is imported lazily: run.mjs imports every bench file to list its cases, and a
// missing build of the parquet connector must not break the other benches.
import { createRequire } from "node:module";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { LocalRunner } from "../dist/src/index.js";
import { countingByteSource, localFileScheme, registerByteSourceScheme } from "../dist/connectors/bytes/index.js";
import { expectedScoreSum, parquetFile, ROWS, ROW_GROUP_ROWS } from "./fixtures/parquetData.mjs";

const require = createRequire(import.meta.url);
const WORKER_SPLITS = 6;

/** Byte sources opened through the `file` scheme since the last reset, each counting its reads. */
let opened = [];
/** Counts what ParquetSource reads: the last registration of a scheme wins. Inline runs only. */
function countFileReads() {
  registerByteSourceScheme({
    ...localFileScheme,
    open: async (uri, expectedVersion) => {
      const source = countingByteSource(await localFileScheme.open(uri, expectedVersion));
      opened.push(source);
      return source;
    },
  });
}

/**
 * Peak RSS (MB) of the first read in this process, keyed by side: child.mjs runs a side twice
 * (warm-up, then the measured run) and the second run starts with the heap the first one grew,
 * so the figure reported is the first, cold read's.
 */
const firstPeakRss = new Map();

/** Tracks peak RSS while a read runs: a 20 ms timer plus `sample()` calls at batch boundaries. */
function rssTracker(key) {
  let peak = process.memoryUsage.rss();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, 20);
  return {
    sample,
    /** Stops sampling; returns the peak RSS in MB of the first read of `key` in this process. */
    stop() {
      clearInterval(timer);
      sample();
      if (!firstPeakRss.has(key)) firstPeakRss.set(key, Math.round(peak / 1e6));
      return firstPeakRss.get(key);
    },
  };
}

function check(name, rows, sum, expectedRows) {
  if (rows !== expectedRows) throw new Error(`${name} read ${rows} of ${expectedRows} rows`);
  const expected = expectedScoreSum(expectedRows);
  if (Math.abs(sum - expected) > 1e-6 * Math.abs(expected)) throw new Error(`${name}: sum of score ${sum}, expected ${expected}`);
}

async function parquetSource(options) {
  const { ParquetSource } = await import("../dist/connectors/parquet/index.js");
  return new ParquetSource(options);
}

/** LocalRunner + ParquetSource reading the whole file, summing `score`; rows/s. */
async function ours({ parallelism = 1, workerThreads = false, splits } = {}) {
  const file = await parquetFile();
  const source = await parquetSource(splits ? { desiredSplitSize: Math.floor(file.bytes / splits) } : {});
  const runner = new LocalRunner({ parallelism, workerThreads });
  if (!workerThreads) countFileReads();
  opened = [];
  const rss = rssTracker(`ours-${parallelism}-${workerThreads}`);
  const start = performance.now();
  let rows = 0;
  let sum = 0;
  let batches = 0;
  for await (const batch of runner.runBatches(source, [file.path])) {
    for (const row of batch) {
      sum += row.score;
      rows++;
    }
    if (++batches % 16 === 0) rss.sample();
  }
  const seconds = (performance.now() - start) / 1000;
  const peakRssMB = rss.stop();
  check("ParquetSource", rows, sum, file.rows);
  const counters = workerThreads
    ? { peak_rss_MB: peakRssMB }
    : { bytes_read: opened.reduce((n, s) => n + s.bytesRead, 0), reads: opened.reduce((n, s) => n + s.reads, 0), peak_rss_MB: peakRssMB };
  return { value: rows / seconds, counters };
}

/** What a hyparquet user writes: the footer once, then parquetReadObjects row group by row group. */
async function hyparquetDirect() {
  const file = await parquetFile();
  const rss = rssTracker("hyparquet");
  const start = performance.now();
  const buffer = await asyncBufferFromFile(file.path);
  // Count what hyparquet asks of the file: every byte goes through slice().
  let bytesRead = 0;
  let reads = 0;
  const slice = buffer.slice.bind(buffer);
  buffer.slice = (from, to) => {
    bytesRead += (to ?? buffer.byteLength) - from;
    reads++;
    return slice(from, to);
  };
  const metadata = await parquetMetadataAsync(buffer);
  let rows = 0;
  let sum = 0;
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const objects = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, compressors });
    for (const row of objects) {
      sum += row.score;
      rows++;
    }
    rowStart = rowEnd;
    rss.sample();
  }
  const seconds = (performance.now() - start) / 1000;
  const peakRssMB = rss.stop();
  check("hyparquet", rows, sum, file.rows);
  return { value: rows / seconds, counters: { bytes_read: bytesRead, reads, peak_rss_MB: peakRssMB } };
}

/**
 * A plain cursor read with one of the parquetjs libraries. `ParquetReader.openFile(path)` is
 * `ParquetEnvelopeReader.openFile(path)` + `openEnvelopeReader`; doing those two steps here lets
 * us wrap the envelope reader's `readFn` (every read of the file goes through it) to count bytes.
 * `perRowGroup` reads with `cursor.nextRowGroup()` instead of `next()`.
 */
async function parquetjsCursor(library, { perRowGroup = false } = {}) {
  const { ParquetEnvelopeReader, ParquetReader } = require(library);
  const file = await parquetFile();
  const rss = rssTracker(library);
  const start = performance.now();
  const envelope = await ParquetEnvelopeReader.openFile(file.path);
  let bytesRead = 0;
  let reads = 0;
  const readFn = envelope.readFn;
  envelope.readFn = (offset, length, external) => {
    bytesRead += length;
    reads++;
    return readFn(offset, length, external);
  };
  const reader = await ParquetReader.openEnvelopeReader(envelope);
  const cursor = reader.getCursor();
  let rows = 0;
  let sum = 0;
  if (perRowGroup) {
    for (let group = await cursor.nextRowGroup(); group !== null; group = await cursor.nextRowGroup()) {
      for (const row of group) {
        sum += row.score;
        rows++;
      }
      rss.sample();
    }
  } else {
    for (let row = await cursor.next(); row !== null && row !== undefined; row = await cursor.next()) {
      sum += row.score;
      if (++rows % 10_000 === 0) rss.sample();
    }
  }
  await reader.close();
  const seconds = (performance.now() - start) / 1000;
  const peakRssMB = rss.stop();
  check(library, rows, sum, file.rows);
  return { value: rows / seconds, counters: { bytes_read: bytesRead, reads, peak_rss_MB: peakRssMB } };
}

/** Bytes ParquetSource fetches for a read of `columns` (all when absent), and the file's layout. */
async function bytesFetched(columns) {
  const file = await parquetFile();
  const source = await parquetSource(columns ? { columns } : {});
  countFileReads();
  opened = [];
  let rows = 0;
  for await (const batch of new LocalRunner({ parallelism: 1 }).runBatches(source, [file.path])) rows += batch.length;
  if (rows !== file.rows) throw new Error(`ParquetSource read ${rows} of ${file.rows} rows`);
  const bytesRead = opened.reduce((n, s) => n + s.bytesRead, 0);
  const reads = opened.reduce((n, s) => n + s.reads, 0);
  // What the projection should cost: the `id` column chunks (from the footer) plus the footer.
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file.path));
  const idChunkBytes = metadata.row_groups.reduce((n, g) => n + Number(g.columns.find((c) => c.meta_data.path_in_schema[0] === "id").meta_data.total_compressed_size), 0);
  const footerBytes = Number(metadata.metadata_length) + 8;
  return {
    value: bytesRead,
    counters: columns
      ? { bytes_read: bytesRead, reads, id_chunk_bytes: idChunkBytes, footer_bytes: footerBytes }
      : { bytes_read: bytesRead, reads, file_bytes: file.bytes },
  };
}

const rowsNote = `${ROWS / 1000} k rows (6 columns: INT64, UTF8, DOUBLE, BOOLEAN, TIMESTAMP_MICROS, optional INT32; SNAPPY; row groups of ${ROW_GROUP_ROWS / 1000} k)`;

/** Benchmark cases. */
export const cases = [
  {
    name: "parquet.source_vs_hyparquet",
    target: { of: "ratio", atLeast: 0.9 },
    unit: "rows/s",
    note: `LocalRunner + ParquetSource, 1 worker, consuming runBatches() over a local file of ${rowsNote}, vs hyparquet used directly (asyncBufferFromFile, parquetMetadataAsync, then parquetReadObjects row group by row group with hyparquet-compressors); both sum one field per row. Counters: bytes fetched from the file, reads, peak RSS`,
    ours: () => ours(),
    baseline: { name: "hyparquet parquetReadObjects per row group", run: () => hyparquetDirect() },
  },
  {
    name: "parquet.2workers_vs_1",
    target: { of: "ratio", atLeast: 1.6 },
    unit: "rows/s",
    note: `ParquetSource on worker threads (desiredSplitSize = file size / ${WORKER_SPLITS}, one split per row group or so): 2 threads vs 1 thread`,
    ours: () => ours({ parallelism: 2, workerThreads: true, splits: WORKER_SPLITS }),
    baseline: { name: "1 worker thread", run: () => ours({ parallelism: 1, workerThreads: true, splits: WORKER_SPLITS }) },
  },
  {
    name: "parquet.source_vs_dsnp_parquetjs",
    unit: "rows/s",
    note: "ParquetSource (1 worker) vs @dsnp/parquetjs 1.8.7 ParquetReader.openFile + getCursor() + next() until null, same file and per-row work",
    ours: () => ours(),
    baseline: { name: "@dsnp/parquetjs cursor.next()", run: () => parquetjsCursor("@dsnp/parquetjs") },
  },
  {
    name: "parquet.source_vs_parquetjs_lite",
    unit: "rows/s",
    note: "ParquetSource (1 worker) vs parquetjs-lite 0.8.7 ParquetReader.openFile + getCursor() + nextRowGroup() until null (its next() shifts a whole row group's array once per row: quadratic, see READING), same file and per-row work",
    ours: () => ours(),
    baseline: { name: "parquetjs-lite cursor.nextRowGroup()", run: () => parquetjsCursor("parquetjs-lite", { perRowGroup: true }) },
  },
  {
    name: "parquet.projection_bytes",
    warmup: false,
    unit: "bytes fetched",
    note: "bytes ParquetSource fetches reading only column `id` (value) vs all 6 columns (baseline), counted by a counting `file` byte source; lower is better here, the ratio is the share of the full read's bytes a projected read fetches; id_chunk_bytes + footer_bytes is what the projection needs at least",
    ours: () => bytesFetched(["id"]),
    baseline: { name: "ParquetSource, all columns", run: () => bytesFetched() },
  },
];
