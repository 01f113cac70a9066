// Kafka benchmarks: KafkaSource on LocalRunner against a plain kafkajs eachBatch consumer over
// the same topic and broker (the local KRaft broker from test/services/up.sh), in the same run.
import { Kafka, logLevel } from "kafkajs";
import { LocalRunner } from "../dist/src/index.js";
import { KafkaSource } from "../dist/connectors/kafka/index.js";
import { ensureServices, stopServices } from "./fixtures/services.mjs";

const quick = process.env.SDFKIT_BENCH_QUICK === "1";
const COUNT = quick ? 60_000 : 200_000;
const BIG = quick ? 200_000 : 600_000;
const PARTITIONS = 3;
const startedServices = ensureServices();
const brokers = () => process.env.KAFKA_BROKERS.split(",");
const kafka = () => new Kafka({ brokers: brokers(), clientId: "sdfkit-bench", logLevel: logLevel.NOTHING });

/** A topic of `count` messages of `size` bytes over 3 partitions, produced once per broker. */
async function topicOf(size, count) {
  const topic = `sdfkit-bench-${size}b-${count}`;
  const admin = kafka().admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (existing.includes(topic)) {
      const offsets = await admin.fetchTopicOffsets(topic);
      if (offsets.reduce((sum, p) => sum + Number(p.high), 0) >= count) return topic;
      await admin.deleteTopics({ topics: [topic] });
    }
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka().producer();
  await producer.connect();
  const value = Buffer.alloc(size, 97);
  for (let sent = 0; sent < count; sent += 1000) {
    const messages = Array.from({ length: Math.min(1000, count - sent) }, (_, i) => ({ key: String(sent + i), value }));
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  return topic;
}

async function ours(size, count) {
  const topic = await topicOf(size, count);
  const source = new KafkaSource({ brokers: brokers(), until: "latest" });
  const runner = new LocalRunner({ parallelism: PARTITIONS, dynamicSplitting: process.env.NODYN !== "1" });
  const start = performance.now();
  let messages = 0;
  let bytes = 0;
  for await (const batch of runner.runBatches(source, [topic])) {
    for (const m of batch) {
      messages++;
      bytes += m.value.length;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  await source.close();
  if (messages !== count) throw new Error(`KafkaSource read ${messages} of ${count}`);
  return { value: messages / seconds, counters: { MBps: bytes / 1e6 / seconds } };
}

/** What a kafkajs user writes: one consumer in a fresh group, eachBatch, until all are read. */
async function plainConsumer(size, count) {
  const topic = await topicOf(size, count);
  const consumer = kafka().consumer({ groupId: `sdfkit-bench-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const start = performance.now();
  let messages = 0;
  let bytes = 0;
  await new Promise((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            messages++;
            bytes += m.value.length;
          }
          if (messages >= count) resolve();
        },
      })
      .catch(reject);
  });
  const seconds = (performance.now() - start) / 1000;
  await consumer.disconnect();
  return { value: messages / seconds, counters: { MBps: bytes / 1e6 / seconds } };
}

/** Peak RSS in MB while `run` reads. */
async function peakRss(run) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage.rss()) / 1e6;
}

export const cases = [
  {
    name: "kafka.source_vs_kafkajs",
    unit: "msgs/s",
    target: { of: "ratio", atLeast: 0.9 },
    note: `KafkaSource (until latest, LocalRunner with ${PARTITIONS} workers) reading ${COUNT} messages of 1 KiB in ${PARTITIONS} partitions, vs a plain kafkajs eachBatch consumer on the same topic; both count messages and bytes. Ours is timed from before the source looks up the topic (metadata, offsets, a consumer connection and group join per partition); the baseline from after its connect() and subscribe() (group join, assignment, fetches)`,
    ours: () => ours(1024, COUNT),
    baseline: { name: "kafkajs eachBatch consumer", run: () => plainConsumer(1024, COUNT) },
  },
  {
    name: "kafka.source_vs_kafkajs_100b",
    unit: "msgs/s",
    note: `the same with ${COUNT} messages of 100 B`,
    ours: () => ours(100, COUNT),
    baseline: { name: "kafkajs eachBatch consumer", run: () => plainConsumer(100, COUNT) },
  },
  {
    name: "kafka.peak_rss_backlog",
    warmup: false,
    unit: "MB headroom",
    note: `peak RSS reading a backlog of ${BIG} × 1 KiB (${Math.round(BIG / 1000)} MB) with KafkaSource vs the plain consumer; value = 400 MB budget - peak RSS (the readers buffer a bounded number of records)`,
    ours: async () => 400 - (await peakRss(() => ours(1024, BIG))),
    baseline: { name: "kafkajs consumer headroom", run: async () => 400 - (await peakRss(() => plainConsumer(1024, BIG))) },
    derived: (value) => ({ label: "peak RSS MB", value: 400 - value }),
  },
];

/** Called by run.mjs after this file's cases. */
export function cleanup() {
  if (startedServices) stopServices();
}
