// Beam engines side by side: the same bounded text job (sdfRead(TextFileSource) → a count) on
// Prism and on Flink's job server against Beam's direct runner, wall time including job
// submission; and the end-to-end latency of an unbounded KafkaSource read on each engine against
// the same source on sdfkit's LocalRunner. Services come from test/services/up.sh.
import "apache-beam";
import { Kafka, logLevel } from "kafkajs";
import { directRunner } from "apache-beam/runners/direct_runner";
import { create } from "apache-beam/transforms/create";
import { withName } from "apache-beam/transforms/transform";
import { LocalRunner } from "../dist/src/index.js";
import { portableRunner, sdfRead } from "../dist/beam/index.js";
import { TextFileSource } from "../dist/connectors/files/index.js";
import { KafkaSource } from "../dist/connectors/kafka/index.js";
import { ensureServices, stopServices } from "./fixtures/services.mjs";
import { textFile } from "./fixtures/textData.mjs";

const quick = process.env.SDFKIT_BENCH_QUICK === "1" || process.argv.includes("--quick");
// At least 1 M lines (about 1.07 M), so that job start-up does not dominate the comparison.
const TEXT_BYTES = 64 << 20;
const PROBES = quick ? 10 : 20;
const startedServices = ensureServices();

/** Counts lines in this process (DoFns are serialized: they reach the counter through a global). */
function countLine() {
  globalThis.sdfkitBenchFirstLineAt ??= performance.now();
  globalThis.sdfkitBenchLines = (globalThis.sdfkitBenchLines ?? 0) + 1;
  return 1;
}

/** Runs the text job on `runner`; returns lines/s over the whole run, submission included. */
async function textJob(runner) {
  const path = textFile(TEXT_BYTES);
  globalThis.sdfkitBenchLines = 0;
  globalThis.sdfkitBenchFirstLineAt = undefined;
  const start = performance.now();
  await runner.run((root) => {
    root.apply(create([path])).apply(sdfRead(new TextFileSource({ desiredSplitSize: 4 << 20 }))).map(withName("count", countLine));
  });
  const seconds = (performance.now() - start) / 1000;
  const lines = globalThis.sdfkitBenchLines;
  // Start-up: submission, staging, job start and the first bundle, until the first line is counted.
  const startupMs = Math.round((globalThis.sdfkitBenchFirstLineAt ?? start) - start);
  const wallMs = Math.round(seconds * 1000);
  return { value: lines / seconds, counters: { lines, wall_ms: wallMs, startup_ms: startupMs, startup_share_pct: Math.round((100 * startupMs) / wallMs) } };
}

const engines = {
  prism: () => portableRunner({ jobEndpoint: process.env.PRISM_JOB_ENDPOINT }),
  flink: (unbounded = false) => portableRunner({ jobEndpoint: process.env.FLINK_JOB_ENDPOINT, ...(unbounded ? { streaming: true } : {}) }),
};

/** Records each probe's arrival in this process. */
function arrive(message) {
  const sent = Number(String(message.value).split(":")[1]);
  (globalThis.sdfkitBenchLatencies ??= []).push(Date.now() - sent);
  return 1;
}

async function newTopic() {
  const admin = new Kafka({ brokers: process.env.KAFKA_BROKERS.split(","), clientId: "sdfkit-bench", logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const topic = `sdfkit-bench-latency-${process.pid}-${Date.now()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  return topic;
}

/**
 * Produces probes one at a time (each stamped with its send time) once the read runs, and
 * returns the median time from send to the end of the pipeline, in ms.
 */
async function measureLatency(topic, started) {
  const producer = new Kafka({ brokers: process.env.KAFKA_BROKERS.split(","), clientId: "sdfkit-bench", logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  globalThis.sdfkitBenchLatencies = [];
  // A first record shows the read is running (the job has started and caught up).
  await producer.send({ topic, messages: [{ value: `warm:${Date.now()}` }] });
  for (let waited = 0; globalThis.sdfkitBenchLatencies.length === 0; waited += 50) {
    if (waited > 120_000) throw new Error("the read did not start within 120 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await started;
  const latencies = [];
  for (let i = 0; i < PROBES; i++) {
    const before = globalThis.sdfkitBenchLatencies.length;
    await producer.send({ topic, messages: [{ value: `probe:${Date.now()}` }] });
    while (globalThis.sdfkitBenchLatencies.length === before) await new Promise((resolve) => setTimeout(resolve, 2));
    latencies.push(globalThis.sdfkitBenchLatencies.at(-1));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await producer.disconnect();
  return [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length / 2)];
}

/** The unbounded read on a Beam engine, drained after the probes. */
async function engineLatency(runner) {
  const topic = await newTopic();
  const drain = new AbortController();
  const source = new KafkaSource({ brokers: process.env.KAFKA_BROKERS.split(","), from: "earliest", decodeValue: "string", pollIntervalMs: 20, fetchWaitMs: 20 });
  const job = runner.run((root) => {
    root.apply(create([topic])).apply(sdfRead(source, { drain: drain.signal })).map(withName("arrive", arrive));
  });
  const value = await measureLatency(topic, Promise.resolve());
  drain.abort();
  await job;
  await source.close();
  return value;
}

/** The same read on sdfkit's LocalRunner. */
async function localLatency() {
  const topic = await newTopic();
  const runner = new LocalRunner({ parallelism: 2 });
  const source = new KafkaSource({ brokers: process.env.KAFKA_BROKERS.split(","), from: "earliest", decodeValue: "string", pollIntervalMs: 20, fetchWaitMs: 20 });
  const reading = (async () => {
    for await (const message of runner.run(source, [topic])) arrive(message);
  })();
  const value = await measureLatency(topic, Promise.resolve());
  runner.drain();
  await reading;
  await source.close();
  return value;
}

const textNote = (engine) =>
  `sdfRead(TextFileSource, 4 MiB splits) over a ${TEXT_BYTES >> 20} MiB text file, each line counted, on ${engine} (sdfkit's SDF steps, LOOPBACK worker in the same process) vs Beam's direct runner (sdfRead's expansion); lines/s over the whole run, job submission and startup included; startup_ms is the time to the first line counted and startup_share_pct its share of the run`;
const latencyNote = (engine) =>
  `median of ${PROBES} records, each produced alone once an unbounded KafkaSource read runs, from send to the end of the pipeline, on ${engine} vs KafkaSource on sdfkit's LocalRunner; lower is better`;

export const cases = [
  { name: "beam.prism_vs_direct_text", unit: "lines/s", note: textNote("Prism"), warmup: false, ours: () => textJob(engines.prism()), baseline: { name: "Beam direct runner", run: () => textJob(directRunner()) } },
  { name: "beam.flink_vs_direct_text", unit: "lines/s", note: textNote("Flink 1.19 (Beam's Flink job server, local)"), warmup: false, ours: () => textJob(engines.flink()), baseline: { name: "Beam direct runner", run: () => textJob(directRunner()) } },
  { name: "beam.prism_kafka_latency_ms", unit: "ms (lower is better)", note: latencyNote("Prism"), warmup: false, ours: () => engineLatency(engines.prism()), baseline: { name: "LocalRunner", run: localLatency } },
  { name: "beam.flink_kafka_latency_ms", unit: "ms (lower is better)", note: latencyNote("Flink in streaming mode"), warmup: false, ours: () => engineLatency(engines.flink(true)), baseline: { name: "LocalRunner", run: localLatency } },
];

/** Called by run.mjs after this file's cases. */
export function cleanup() {
  if (startedServices) stopServices();
}
