// Kafka benchmarks: KafkaSource on LocalRunner against a plain kafkajs eachBatch consumer over
// the same topic and broker (the local KRaft broker from test/services/up.sh), in the same run.
import { Kafka, logLevel } from "kafkajs";
import { LocalRunner } from "../dist/src/index.js";
import { KafkaSource, PlatformaticKafkaLog } from "../dist/connectors/kafka/index.js";
import { loadPlatformaticKafka } from "../dist/connectors/kafka/platformaticModule.js";
import { ensureServices, stopServices } from "./fixtures/services.mjs";

const quick = process.env.SDFKIT_BENCH_QUICK === "1";
const COUNT = quick ? 60_000 : 200_000;
const BIG = quick ? 200_000 : 600_000;
const PARTITIONS = 3;
const startedServices = ensureServices();
const brokers = () => process.env.KAFKA_BROKERS.split(",");
const kafka = () => new Kafka({ brokers: brokers(), clientId: "sdfkit-bench", logLevel: logLevel.NOTHING });
/** The broker with Kafka's default group settings (group.initial.rebalance.delay.ms 3 s). */
const defaultBrokers = () => process.env.KAFKA_DEFAULT_BROKERS.split(",");
const defaultKafka = () => new Kafka({ brokers: defaultBrokers(), clientId: "sdfkit-bench", logLevel: logLevel.NOTHING });
/** Records per partition-count case on the default broker: 100 k over 32 partitions is the figure. */
const WIDE = { 4: 4_000, 32: 100_000, 200: 200_000 };

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

async function ours(size, count, platformatic = false) {
  const topic = await topicOf(size, count);
  const source = platformatic ? new KafkaSource({ log: new PlatformaticKafkaLog({ brokers: brokers() }), until: "latest" }) : new KafkaSource({ brokers: brokers(), until: "latest" });
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

/**
 * What a @platformatic/kafka user writes to read a topic from offset 0 to its end without a
 * group: listOffsets, then per partition a Consumer of its own looping fetch() from the offset
 * (loaded through sdfkit's loader only for Node 20's Promise.withResolvers polyfill).
 */
async function platformaticRaw(size, count) {
  const topic = await topicOf(size, count);
  const { Consumer } = await loadPlatformaticKafka();
  const consumer = () => new Consumer({ clientId: "sdfkit-bench", bootstrapBrokers: brokers(), groupId: "sdfkit-bench-unused" });
  const start = performance.now();
  const admin = consumer();
  const metadata = (await admin.metadata({ topics: [topic] })).topics.get(topic);
  const ends = (await admin.listOffsets({ topics: [topic], isolationLevel: 1 })).get(topic);
  let messages = 0;
  let bytes = 0;
  await Promise.all(
    metadata.partitions.map(async ({ leader }, partition) => {
      const reader = consumer();
      await reader.metadata({ topics: [topic] });
      const end = ends[partition];
      let offset = 0n;
      while (offset < end) {
        const response = await reader.fetch({
          node: leader,
          maxWaitTime: 500,
          minBytes: 1,
          maxBytes: 1 << 20,
          isolationLevel: 1,
          topics: [{ topicId: metadata.id, partitions: [{ partition, fetchOffset: offset, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }] }],
        });
        for (const batch of response.responses[0].partitions[0].records ?? []) {
          for (const record of batch.records) {
            if (batch.firstOffset + BigInt(record.offsetDelta) < offset) continue;
            messages++;
            bytes += record.value.length;
          }
          offset = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
        }
      }
      await reader.close();
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await admin.close();
  if (messages !== count) throw new Error(`the platformatic fetch loop read ${messages} of ${count}`);
  return { value: messages / seconds, counters: { MBps: bytes / 1e6 / seconds } };
}

/**
 * A topic of at least `count` 100 B records spread evenly over `partitions` on the default-settings
 * broker, produced once; returns it and how many records it holds (a retried send may have
 * written some twice).
 */
async function wideTopic(partitions, count) {
  const topic = `sdfkit-bench-wide-${partitions}p-${count}`;
  const admin = defaultKafka().admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(topic)) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const total = offsets.reduce((sum, p) => sum + Number(p.high), 0);
      if (total >= count) return { topic, total };
      await admin.deleteTopics({ topics: [topic] });
    }
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const producer = defaultKafka().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const value = Buffer.alloc(100, 97);
  for (let sent = 0; sent < count; sent += 2000) {
    const messages = Array.from({ length: Math.min(2000, count - sent) }, (_, i) => ({ key: String(sent + i), value, partition: (sent + i) % partitions }));
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  return wideTopic(partitions, count);
}

/** KafkaSource on the default broker: seconds to the first record and to the end, from before it looks up the topic. */
async function oursWide(partitions) {
  const { topic, total: count } = await wideTopic(partitions, WIDE[partitions]);
  const source = new KafkaSource({ brokers: defaultBrokers(), until: "latest" });
  const runner = new LocalRunner({ parallelism: 2 });
  const start = performance.now();
  let first;
  let messages = 0;
  for await (const batch of runner.runBatches(source, [topic])) {
    first ??= performance.now();
    messages += batch.length;
  }
  const end = performance.now();
  await source.close();
  if (messages !== count) throw new Error(`KafkaSource read ${messages} of ${count}`);
  return { value: (first - start) / 1000, counters: { end_s: (end - start) / 1000 } };
}

/** One kafkajs group consumer for the whole topic, fresh group, on the default broker: seconds to the first record and to the end, from connect(). */
async function groupConsumerWide(partitions) {
  const { topic, total: count } = await wideTopic(partitions, WIDE[partitions]);
  const consumer = defaultKafka().consumer({ groupId: `sdfkit-bench-wide-${process.pid}-${Date.now()}` });
  const start = performance.now();
  let first;
  let messages = 0;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          first ??= performance.now();
          messages += batch.messages.length;
          if (messages >= count) resolve();
        },
      })
      .catch(reject);
  });
  const end = performance.now();
  await consumer.disconnect();
  return { value: (first - start) / 1000, counters: { end_s: (end - start) / 1000 } };
}

const wideCase = (partitions) => ({
  name: `kafka.default_broker_${partitions}p_first_record`,
  unit: "s to first record (lower is better)",
  note: `a bounded read of ${WIDE[partitions]} × 100 B records in ${partitions} partitions on the broker with Kafka's default group settings (KAFKA_DEFAULT_BROKERS, group.initial.rebalance.delay.ms 3 s): KafkaSource (LocalRunner, 2 workers) vs one kafkajs group consumer subscribed to the topic (a fresh group: one join); value = seconds to the first record, counters end_s = seconds to the last; ours from before the source looks up the topic, the baseline from before connect()`,
  ours: () => oursWide(partitions),
  baseline: { name: "kafkajs group consumer", run: () => groupConsumerWide(partitions) },
});

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
    target: { of: "ratio", atLeast: 1.0 },
    note: `KafkaSource (until latest, LocalRunner with ${PARTITIONS} workers) reading ${COUNT} messages of 1 KiB in ${PARTITIONS} partitions, vs a plain kafkajs eachBatch consumer on the same topic; both count messages and bytes. Ours is timed from before the source looks up the topic (metadata, offsets, and per partition a connection of its own that fetches from the offset, joining no group); the baseline from after its connect() and subscribe() (group join, assignment, fetches)`,
    ours: () => ours(1024, COUNT),
    baseline: { name: "kafkajs eachBatch consumer", run: () => plainConsumer(1024, COUNT) },
  },
  {
    name: "kafka.source_vs_kafkajs_100b",
    unit: "msgs/s",
    target: { of: "ratio", atLeast: 1.0 },
    note: `the same with ${COUNT} messages of 100 B`,
    ours: () => ours(100, COUNT),
    baseline: { name: "kafkajs eachBatch consumer", run: () => plainConsumer(100, COUNT) },
  },
  {
    name: "kafka.platformatic_source_vs_raw",
    unit: "msgs/s",
    target: { of: "ratio", atLeast: 0.9 },
    note: `KafkaSource over PlatformaticKafkaLog (@platformatic/kafka 2.12.1; until latest, LocalRunner with ${PARTITIONS} workers) reading ${COUNT} messages of 1 KiB in ${PARTITIONS} partitions, vs @platformatic/kafka alone: listOffsets, then per partition a Consumer of its own looping fetch() from offset 0 to the end (no group); both timed from before the topic's metadata is asked for, both count messages and bytes`,
    ours: () => ours(1024, COUNT, true),
    baseline: { name: "@platformatic/kafka fetch loop", run: () => platformaticRaw(1024, COUNT) },
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
  wideCase(4),
  wideCase(32),
  wideCase(200),
];

/** Called by run.mjs after this file's cases. */
export function cleanup() {
  if (startedServices) stopServices();
}
