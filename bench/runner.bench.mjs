// Runner benchmarks: LocalRunner overhead per record against the bare invoker, and worker-thread
// scaling on a CPU-bound source (2 threads against 1).
import { Numbers } from "./fixtures/numbers.mjs";
import { LocalRunner, MIN_TIMESTAMP, OffsetRange, invokeProcessElement } from "../dist/src/index.js";
import { CpuBoundSource } from "./fixtures/cpuSource.mjs";

const quick = process.env.SDFKIT_BENCH_QUICK === "1" || process.argv.includes("--quick");
const RECORDS = quick ? 2_000_000 : 5_000_000;
const CPU_RECORDS = quick ? 1_000_000 : 3_000_000;


async function runnerRecords() {
  const runner = new LocalRunner({ parallelism: 1, dynamicSplitting: false, checkpointAfterOutputs: Infinity, outputBufferSize: Infinity });
  const start = performance.now();
  const out = await runner.collect(new Numbers(), [RECORDS]);
  const seconds = (performance.now() - start) / 1000;
  if (out.length !== RECORDS) throw new Error(`got ${out.length}`);
  return RECORDS / seconds;
}

async function invokerRecords() {
  const out = [];
  const start = performance.now();
  await invokeProcessElement(new Numbers(), RECORDS, new OffsetRange(0, RECORDS), MIN_TIMESTAMP, { emit: (v) => void out.push(v) });
  const seconds = (performance.now() - start) / 1000;
  if (out.length !== RECORDS) throw new Error(`got ${out.length}`);
  return RECORDS / seconds;
}

async function cpuBound(threads) {
  const runner = new LocalRunner({ parallelism: threads, workerThreads: true });
  const start = performance.now();
  let count = 0;
  for await (const _ of runner.run(new CpuBoundSource({ splitSize: 50_000 }), [CPU_RECORDS])) count++;
  const seconds = (performance.now() - start) / 1000;
  if (count !== CPU_RECORDS) throw new Error(`got ${count}`);
  return CPU_RECORDS / seconds;
}

/** Benchmark cases. */
export const cases = [
  {
    name: "runner.overhead_vs_invoker",
    unit: "records/s",
    note: `LocalRunner.collect, 1 worker, over ${RECORDS / 1e6} M trivial records vs invokeProcessElement pushing into an array; the derived column is the runner's added cost per record`,
    ours: runnerRecords,
    baseline: { name: "invokeProcessElement alone", run: invokerRecords },
    derived: (ours, baseline) => ({ label: "runner overhead ns/record", value: 1e9 / ours - 1e9 / baseline }),
  },
  {
    name: "runner.threads_2_vs_1",
    unit: "records/s",
    note: `CPU-bound source (JSON.parse per record, ${CPU_RECORDS / 1e6} M records) on worker threads: 2 threads vs 1 thread on this 2-core machine`,
    ours: () => cpuBound(2),
    baseline: { name: "1 worker thread", run: () => cpuBound(1) },
  },
];
