// `npm start`: the main job on an embedded default. Writes a sample dataset to a temp folder
// (text, gzip'd text, JSON lines) and fills an in-process Kafka-like log, reads them with
// LocalRunner (initial splits, dynamic rebalancing, checkpoints), and the README's example
// connector, and prints a summary table. No external service, no network.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { JsonLinesSource, TextFileSource } from "../connectors/files/index.js";
import { LogSource, MemoryLog } from "../connectors/log/index.js";
import { LocalRunner, MAX_TIMESTAMP, type AnySplittableDoFn, type RunProgress } from "../src/index.js";
import { PagedSource, fakePagedApi } from "./PagedSource.js";

interface Row {
  readonly job: string;
  readonly records: number;
  readonly seconds: number;
  readonly progress: RunProgress;
  readonly bytes: number;
}

function writeDataset(dir: string): { text: string; gzip: string; jsonl: string; bytes: number } {
  let bytes = 0;
  for (let file = 0; file < 8; file++) {
    const lines = Array.from({ length: 50_000 }, (_, i) => `${file},${i},user-${(i * 7919) % 10_007},${"x".repeat(i % 40)}`);
    const text = lines.join("\n") + "\n";
    writeFileSync(join(dir, `part-${file}.csv`), text);
    bytes += text.length;
  }
  const compressed = Array.from({ length: 20_000 }, (_, i) => `archived ${i}`).join("\n");
  writeFileSync(join(dir, "archive.log.gz"), gzipSync(compressed));
  const events = Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ id: i, kind: i % 3 === 0 ? "click" : "view", at: 1_700_000_000_000 + i }));
  writeFileSync(join(dir, "events.jsonl"), events.join("\n") + "\n");
  return { text: join(dir, "part-*.csv"), gzip: join(dir, "archive.log.gz"), jsonl: join(dir, "events.jsonl"), bytes };
}

/** An in-process log with a 4-partition topic of keyed JSON events, like a Kafka topic. */
function fillLog(): MemoryLog {
  const log = new MemoryLog();
  log.createTopic("orders", 4);
  const start = 1_700_000_000_000;
  for (let i = 0; i < 100_000; i++) {
    log.append("orders", { key: `customer-${i % 997}`, value: JSON.stringify({ order: i, amount: (i * 37) % 500 }), timestamp: start + i * 10 });
  }
  return log;
}

async function run<In, Out>(job: string, sdf: AnySplittableDoFn<In, Out>, elements: In[], bytes: number): Promise<Row> {
  let progress: RunProgress | undefined;
  const runner = new LocalRunner({ parallelism: 4, checkpointAfterOutputs: 1_000, onProgress: (p) => (progress = p) });
  const start = performance.now();
  let records = 0;
  for await (const batch of runner.runBatches(sdf, elements)) records += batch.length;
  return { job, records, seconds: (performance.now() - start) / 1000, progress: progress!, bytes };
}

const dir = mkdtempSync(join(tmpdir(), "sdfkit-demo-"));
try {
  const data = writeDataset(dir);
  const rows = [
    await run("text files (glob, 64 KiB splits)", new TextFileSource({ desiredSplitSize: 64 * 1024 }), [data.text], data.bytes),
    await run("gzip file (read whole)", new TextFileSource(), [data.gzip], 0),
    await run("JSON lines", new JsonLinesSource({ desiredSplitSize: 256 * 1024 }), [data.jsonl], 0),
    await run("paged API (README connector)", new PagedSource(fakePagedApi(40, 25)), ["orders"], 0),
    await run("in-process log (4 partitions)", new LogSource({ log: fillLog(), until: "latest", decodeValue: "json" }), ["orders"], 0),
  ];
  const header = ["job", "records", "records/s", "MB/s", "initial splits", "dynamic splits", "checkpoints", "watermark"];
  const table = rows.map((r) => [
    r.job,
    String(r.records),
    Math.round(r.records / r.seconds).toLocaleString("en-US"),
    r.bytes > 0 ? (r.bytes / 1e6 / r.seconds).toFixed(1) : "-",
    String(r.progress.initialSplits),
    String(r.progress.dynamicSplits),
    String(r.progress.checkpoints),
    r.progress.watermark === MAX_TIMESTAMP ? "done (max)" : new Date(r.progress.watermark).toISOString(),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(`sdfkit demo: sample data in ${dir}, LocalRunner with 4 workers\n`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of table) console.log(line(row));
  const expected = [400_000, 20_000, 40_000, 1_000, 100_000];
  if (rows.some((r, i) => r.records !== expected[i])) {
    console.error(`unexpected record counts: ${rows.map((r) => r.records).join(", ")}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
