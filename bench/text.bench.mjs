// Text benchmarks: LocalRunner + TextFileSource against what a Node user writes by hand, each
// side building one string per line and counting them, in the same run.
import { execFileSync } from "node:child_process";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { LocalRunner } from "../dist/src/index.js";
import { TextFileSource } from "../dist/connectors/files/index.js";
import { textFile } from "./fixtures/textData.mjs";

const quick = process.env.SDFKIT_BENCH_QUICK === "1" || process.argv.includes("--quick");
const SIZE = quick ? 100e6 : 300e6;
const BIG = quick ? 500e6 : 1.5e9;

async function ours({ parallelism = 1, workerThreads = false, size = SIZE } = {}) {
  const file = textFile(size);
  const runner = new LocalRunner({ parallelism, workerThreads });
  const source = new TextFileSource({ desiredSplitSize: workerThreads ? 16 << 20 : 64 << 20 });
  const start = performance.now();
  let lines = 0;
  for await (const batch of runner.runBatches(source, [file])) {
    for (const line of batch) if (typeof line === "string") lines++;
  }
  return lines / ((performance.now() - start) / 1000);
}

async function readlineLoop(size = SIZE) {
  const file = textFile(size);
  const start = performance.now();
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (typeof line === "string") lines++;
  }
  return lines / ((performance.now() - start) / 1000);
}

/** The splitter a careful Node user writes: 1 MiB reads, Buffer.indexOf, one string per line. */
async function handSplit() {
  const file = textFile(SIZE);
  const start = performance.now();
  const handle = await open(file, "r");
  const chunk = Buffer.allocUnsafe(1 << 20);
  let carry = Buffer.alloc(0);
  let lines = 0;
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    const buffer = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
    let i = 0;
    for (let j = buffer.indexOf(10, i); j >= 0; j = buffer.indexOf(10, i)) {
      if (typeof buffer.toString("utf8", i, j) === "string") lines++;
      i = j + 1;
    }
    carry = Buffer.from(buffer.subarray(i));
  }
  if (carry.length > 0) lines++;
  await handle.close();
  return lines / ((performance.now() - start) / 1000);
}

/** `wc -l` over the file, lines/s including its process start (a few ms). */
function wcLines() {
  const file = textFile(SIZE);
  const start = performance.now();
  const lines = Number(execFileSync("wc", ["-l", file], { encoding: "utf8" }).trim().split(/\s+/)[0]);
  return lines / ((performance.now() - start) / 1000);
}

/** Peak RSS in MB while reading a file much larger than the RSS budget. */
async function peakRss(read) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  await read();
  clearInterval(timer);
  return Math.max(peak, process.memoryUsage.rss()) / 2 ** 20;
}

/** Benchmark cases. */
export const cases = [
  {
    name: "text.runner_vs_readline",
    target: { of: "ratio", atLeast: 1.8 },
    unit: "lines/s",
    note: `LocalRunner + TextFileSource, 1 worker, consuming runBatches() over a ${SIZE / 1e6} MB file vs readline for-await over fs.createReadStream`,
    ours: () => ours(),
    baseline: { name: "readline for-await", run: readlineLoop },
  },
  {
    name: "text.runner_vs_handsplit",
    target: { of: "ratio", atLeast: 0.85 },
    unit: "lines/s",
    note: "the same, vs a hand-written 1 MiB read + Buffer.indexOf splitter building one string per line",
    ours: () => ours(),
    baseline: { name: "hand-written indexOf splitter", run: handSplit },
  },
  {
    name: "text.2workers_vs_1",
    target: { of: "ratio", atLeast: 1.6 },
    unit: "lines/s",
    note: "TextFileSource on worker threads (16 MiB splits): 2 threads vs 1 thread",
    ours: () => ours({ parallelism: 2, workerThreads: true }),
    baseline: { name: "1 worker thread", run: () => ours({ parallelism: 1, workerThreads: true }) },
  },
  {
    name: "text.peak_rss_mb",
    target: { of: "value", atMost: 150 },
    warmup: false,
    unit: "MB peak RSS (lower is better)",
    note: `peak RSS (MB) reading a ${BIG / 1e9} GB file with LocalRunner + TextFileSource, 1 worker, vs readline for-await over the same file; target ≤ 150 MB; the ratio is ours ÷ readline's peak (lower is better)`,
    ours: () => peakRss(() => ours({ size: BIG })),
    baseline: { name: "readline for-await, same file", run: () => peakRss(() => readlineLoop(BIG)) },
  },
  {
    name: "text.runner_vs_wc_l",
    unit: "lines/s",
    note: "LocalRunner + TextFileSource, 1 worker, vs `wc -l` on the same file: the physical ceiling (wc counts newlines in C and builds no string); both timed from start to end of the process or read",
    ours: () => ours(),
    baseline: { name: "wc -l", run: wcLines },
  },
];
