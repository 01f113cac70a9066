// `sdfkit demo` (and `npm start`): the main job on an embedded default. Writes a sample dataset
// to a temp folder (text, gzip'd text, JSON lines), feeds an in-process Kafka-like log while an
// unbounded read tails it, reads everything with the LocalRunner (initial splits, dynamic
// rebalancing, checkpoints, drain) plus the README's example connector, and prints a summary
// table. No external service, no network.
//
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { JsonLinesSource, TextFileSource } from "../connectors/files/index.js";
import { LogSource, MemoryLog, type NewLogRecord } from "../connectors/log/index.js";
import { ParquetSource } from "../connectors/parquet/index.js";
import { PagedSource, fakePagedApi } from "../examples/PagedSource.js";
import { LocalRunner, type AnySplittableDoFn } from "../src/runner/LocalRunner.js";
import type { RunProgress } from "../src/runner/RunProgress.js";
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from "../src/watermark/timestamps.js";
import { InputNotFoundError } from "../src/errors/InputNotFoundError.js";
import { InternalError } from "../src/errors/InternalError.js";

/** Options of {@link demoCommand}. */
export interface DemoCommandOptions {
  /** Receives the summary, one line per call. @defaultValue console.log */
  readonly print?: (line: string) => void;
}

/** Workers of every run. */
const PARALLELISM = 4;

/** The live log: a backlog stored before the read starts, then batches appended while it runs. */
const LIVE = { topic: "orders", partitions: 4, backlog: 50_000, batches: 50, batchSize: 1_000, intervalMs: 20 } as const;

/** Records the live log ends up with, all of which the unbounded read must deliver before the drain. */
const LIVE_TOTAL = LIVE.backlog + LIVE.batches * LIVE.batchSize;

/** If the live read has not received every record by then (a bug), it is drained anyway and the count check fails. */
const LIVE_DEADLINE_MS = 30_000;

/** The files of the sample dataset. */
interface Dataset {
  /** Glob of the 8 CSV text files. */
  readonly text: string;
  readonly textBytes: number;
  /** One gzip'd text file, not splittable. */
  readonly gzip: string;
  readonly gzipBytes: number;
  /** One JSON-lines file. */
  readonly jsonl: string;
  readonly jsonlBytes: number;
}

/** One line of the summary. */
interface Row {
  readonly job: string;
  readonly expected: number;
  readonly records: number;
  readonly seconds: number;
  /** Input bytes (file sizes) for byte inputs; 0 otherwise. */
  readonly bytes: number;
  /** The runner's last report, at the end of the run. */
  readonly progress: RunProgress;
}

/** Writes the dataset: 400,000 CSV lines in 8 files, 20,000 gzip'd lines, 40,000 JSON lines. */
function writeDataset(dir: string): Dataset {
  let textBytes = 0;
  for (let file = 0; file < 8; file++) {
    const lines = Array.from({ length: 50_000 }, (_, i) => `${file},${i},user-${(i * 7919) % 10_007},${"x".repeat(i % 40)}`);
    const path = join(dir, `part-${file}.csv`);
    writeFileSync(path, lines.join("\n") + "\n");
    textBytes += statSync(path).size;
  }
  const gzip = join(dir, "archive.log.gz");
  writeFileSync(gzip, gzipSync(Array.from({ length: 20_000 }, (_, i) => `archived ${i}`).join("\n")));
  const jsonl = join(dir, "events.jsonl");
  const events = Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ id: i, kind: i % 3 === 0 ? "click" : "view", at: 1_700_000_000_000 + i }));
  writeFileSync(jsonl, events.join("\n") + "\n");
  return { text: join(dir, "part-*.csv"), textBytes, gzip, gzipBytes: statSync(gzip).size, jsonl, jsonlBytes: statSync(jsonl).size };
}

/** Rows of `examples/data/events.parquet`. */
const PARQUET_ROWS = 60_000;

/**
 * The committed Parquet sample (`examples/data/events.parquet`, written by the script beside
 * it): found by walking up from this module, which runs from `src/cli` or `dist/src/cli`.
 */
function sampleParquet(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "examples", "data", "events.parquet");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new InputNotFoundError("sdfkit demo: examples/data/events.parquet is missing from the installation; reinstall sdfkit", { context: { input: "examples/data/events.parquet" } });
    dir = parent;
  }
}

/** Keyed order events `first .. first + count - 1`, partitioned by key hash as a Kafka producer would. */
function orders(first: number, count: number): NewLogRecord[] {
  return Array.from({ length: count }, (_, n) => {
    const i = first + n;
    return { key: `customer-${i % 997}`, value: JSON.stringify({ order: i, amount: (i * 37) % 500 }) };
  });
}

/** Runs one job on a fresh runner, timing it and keeping the runner's final progress report. */
async function timed(job: string, expected: number, bytes: number, read: (runner: LocalRunner) => Promise<number>): Promise<Row> {
  let progress: RunProgress | undefined;
  const runner = new LocalRunner({ parallelism: PARALLELISM, dynamicSplitting: true, checkpointAfterOutputs: 1_000, onProgress: (p) => (progress = p) });
  const start = performance.now();
  const records = await read(runner);
  const seconds = (performance.now() - start) / 1000;
  if (progress === undefined) throw new InternalError(`The runner reported no progress for job "${job}"; this is a bug in sdfkit, please report it`);
  return { job, expected, records, seconds, bytes, progress };
}

/** Reads a bounded input to the end, counting outputs. */
function readAll<In, Out>(sdf: AnySplittableDoFn<In, Out>, elements: In[]): (runner: LocalRunner) => Promise<number> {
  return async (runner) => {
    let records = 0;
    for await (const batch of runner.runBatches(sdf, elements)) records += batch.length;
    return records;
  };
}

/**
 * The live log: an unbounded `LogSource` read (no `until`) of a 4-partition `MemoryLog` topic
 * that a feeder appends to in batches while the read runs. Once the feeder has appended its
 * last batch and the read has received every record, `runner.drain()` ends the run cleanly.
 */
async function readLiveLog(runner: LocalRunner): Promise<number> {
  const log = new MemoryLog();
  log.createTopic(LIVE.topic, LIVE.partitions);
  log.append(LIVE.topic, orders(0, LIVE.backlog));
  let records = 0;
  let fed = false;
  let drained = false;
  const drain = (): void => {
    if (drained) return;
    drained = true;
    runner.drain();
  };
  const drainWhenDone = (): void => {
    if (fed && records >= LIVE_TOTAL) drain();
  };
  const stop = new AbortController();
  const feeder = (async () => {
    for (let batch = 0; batch < LIVE.batches; batch++) {
      await sleep(LIVE.intervalMs, undefined, { signal: stop.signal });
      log.append(LIVE.topic, orders(LIVE.backlog + batch * LIVE.batchSize, LIVE.batchSize));
    }
    fed = true;
    drainWhenDone();
  })();
  const deadline = setTimeout(drain, LIVE_DEADLINE_MS);
  try {
    for await (const batch of runner.runBatches(new LogSource({ log, decodeValue: "json" }), [LIVE.topic])) {
      records += batch.length;
      drainWhenDone();
    }
  } finally {
    clearTimeout(deadline);
    stop.abort();
    await feeder.catch(() => undefined);
    log.close();
  }
  return records;
}

/** ISO time, or `done` when the runner reports {@link MAX_TIMESTAMP} (`-` before any). */
function formatWatermark(watermark: number): string {
  if (watermark >= MAX_TIMESTAMP) return "done";
  if (watermark <= MIN_TIMESTAMP) return "-";
  return new Date(watermark).toISOString();
}

/** The rows as an aligned table: the job left-aligned, numbers right-aligned. */
function formatTable(rows: readonly Row[]): string[] {
  const header = ["job", "records", "records/s", "MB/s", "initial splits", "dynamic splits", "checkpoints", "watermark"];
  const cells = rows.map((r) => [
    r.job,
    String(r.records),
    Math.round(r.records / r.seconds).toLocaleString("en-US"),
    r.bytes > 0 ? (r.bytes / 1e6 / r.seconds).toFixed(1) : "-",
    String(r.progress.initialSplits),
    String(r.progress.dynamicSplits),
    String(r.progress.checkpoints),
    formatWatermark(r.progress.watermark),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]): string => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)];
}

/**
 * `sdfkit demo`: the main job on an embedded default, with no external service and no network.
 * Writes a sample dataset to a temp folder (8 CSV files, a gzip'd text file, JSON lines),
 * reads it and the committed Parquet sample (two of its four columns) with the `LocalRunner` (4 workers, dynamic splitting, checkpoints every 1,000
 * outputs), reads the README's example connector (`examples/PagedSource.ts`) and a live
 * in-process `MemoryLog` topic of 4 partitions that is fed while an unbounded `LogSource` read
 * tails it (then drained), and prints a summary table: records, records/s, MB/s for byte
 * inputs, initial and dynamic splits, checkpoints and the final watermark of each job. The temp
 * folder is removed afterwards. Takes a few seconds.
 *
 * @param options - where the summary goes
 * @returns the process exit code: 0 when every job read its expected record count, 1 otherwise
 *   (with the counts on stderr)
 * @example
 * ```ts
 * process.exitCode = await demoCommand();
 * ```
 */
export async function demoCommand(options: DemoCommandOptions = {}): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "sdfkit-demo-"));
  try {
    const data = writeDataset(dir);
    const rows = [
      await timed("text files (glob, 64 KiB splits)", 400_000, data.textBytes, readAll(new TextFileSource({ desiredSplitSize: 64 * 1024 }), [data.text])),
      await timed("gzip file (read whole)", 20_000, data.gzipBytes, readAll(new TextFileSource(), [data.gzip])),
      await timed("JSON lines", 40_000, data.jsonlBytes, readAll(new JsonLinesSource({ desiredSplitSize: 256 * 1024 }), [data.jsonl])),
      await timed("Parquet (12 row groups, 2 columns)", PARQUET_ROWS, statSync(sampleParquet()).size, readAll(new ParquetSource({ columns: ["id", "kind"], desiredSplitSize: 64 * 1024 }), [sampleParquet()])),
      await timed("paged API (README connector)", 1_000, 0, readAll(new PagedSource(fakePagedApi(40, 25)), ["orders"])),
      await timed("live log (4 partitions, fed while read)", LIVE_TOTAL, 0, readLiveLog),
    ];
    print(`sdfkit demo: sample data in ${dir} (removed afterwards), LocalRunner with ${PARALLELISM} workers and dynamic splitting`);
    print("");
    for (const line of formatTable(rows)) print(line);
    print("");
    print(`live log:  ${LIVE.backlog.toLocaleString("en-US")} records stored first, then ${LIVE.batches} batches of ${LIVE.batchSize.toLocaleString("en-US")} appended every ${LIVE.intervalMs} ms`);
    print(`           while an unbounded read tailed the topic (records/s follows the feeder); drained once all ${LIVE_TOTAL.toLocaleString("en-US")} arrived`);
    print("MB/s:      input file bytes per second (compressed bytes for gzip)");
    print('watermark: "done" = the runner reported MAX_TIMESTAMP (input read to the end, or drained)');
    print(`total:     ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const wrong = rows.filter((r) => r.records !== r.expected);
    if (wrong.length > 0) {
      console.error(`sdfkit demo: unexpected record counts: ${wrong.map((r) => `${r.job}: ${r.records}, expected ${r.expected}`).join("; ")}`);
      return 1;
    }
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
