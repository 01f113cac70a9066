// Topics written by Kafka's own Java producer (kafka-clients 4.1.1, Producer.java) with each
// compression codec, on the broker with Kafka's default settings, read exactly by KafkaSource:
// count, offsets, keys and values. kafkajs 2.2.4 alone reads only gzip of these.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import kafkajs from "kafkajs";
import { KafkaSink } from "../../../connectors/kafka/KafkaSink.js";
import { KafkaSource } from "../../../connectors/kafka/KafkaSource.js";
import { eventually, produceWithJava, uniqueTopic } from "./kafkaFixtures.js";

const CODECS = ["gzip", "snappy", "lz4", "zstd"] as const;
const PARTITIONS = 3;
const COUNT = 3000;

const brokerList = (): string => {
  const value = process.env["KAFKA_DEFAULT_BROKERS"];
  if (value === undefined || value === "") throw new Error("KAFKA_DEFAULT_BROKERS is not set; the integration global setup starts the kafka-default service");
  return value;
};

const topics = new Map<string, string>();
const sources: KafkaSource<unknown, unknown>[] = [];

beforeAll(async () => {
  for (const codec of CODECS) topics.set(codec, uniqueTopic(`java-${codec}`));
  // Two at a time: each is a JVM compiling Producer.java.
  for (const pair of [CODECS.slice(0, 2), CODECS.slice(2)]) {
    await Promise.all(pair.map((codec) => produceWithJava(brokerList(), topics.get(codec) as string, PARTITIONS, codec, COUNT, codec === "zstd" ? 300 : 0)));
  }
}, 120_000);
afterAll(async () => {
  await Promise.all(sources.map((s) => s.close()));
});

describe("KafkaSource reads what Kafka's Java producer writes, with every codec", () => {
  it.each(CODECS)("%s: every record exactly once, at its offset, with its key and value", async (codec) => {
    const source = new KafkaSource<string, string>({ brokers: brokerList().split(","), until: "latest", decodeKey: "string", decodeValue: "string" });
    sources.push(source as unknown as KafkaSource<unknown, unknown>);
    const got = await new LocalRunner({ parallelism: PARTITIONS }).collect(source, [topics.get(codec) as string]);
    expect(got).toHaveLength(COUNT);
    const seen = new Set<string>();
    for (const message of got) {
      const i = Number(message.key?.slice(1));
      // Check: record i is in partition i % 3 at offset floor(i / 3), with its own value.
      expect(message.partition).toBe(i % PARTITIONS);
      expect(message.offset).toBe(Math.floor(i / PARTITIONS));
      expect(message.value?.replace(/\.+$/, "")).toBe(`v${i}`);
      seen.add(`${message.partition}/${message.offset}`);
    }
    expect(seen.size).toBe(COUNT);
  });
});

describe("KafkaSink writes with a chosen codec", () => {
  it.each(CODECS)("%s: the broker (Java) accepts the batches, and KafkaSource reads them back", async (codec) => {
    const topic = uniqueTopic(`sink-${codec}`);
    const admin = new kafkajs.Kafka({ brokers: brokerList().split(","), logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const sink = new KafkaSink({ brokers: brokerList().split(","), transactionalId: `${topic}-tx`, topic, compression: codec });
    await sink.connect();
    // Kafka validates compressed batches on append, decompressing them with its own codecs.
    await sink.writeTransaction(Array.from({ length: 500 }, (_, i) => ({ key: `k${i}`, value: `w${i}`.padEnd(200, "x") })), `${topic}-group`, []);
    await sink.close();
    // EndTxn returns before the commit marker is written: wait for the last stable offset to pass it.
    await eventually(async () => Number((await admin.fetchTopicOffsets(topic))[0]?.high) === 501, 10_000, `the commit marker of ${topic}`);
    await admin.disconnect();
    const source = new KafkaSource<string, string>({ brokers: brokerList().split(","), until: "latest", decodeKey: "string", decodeValue: "string" });
    sources.push(source as unknown as KafkaSource<unknown, unknown>);
    const got = await new LocalRunner().collect(source, [topic]);
    expect(got.map((m) => m.key)).toEqual(Array.from({ length: 500 }, (_, i) => `k${i}`));
    expect(got.every((m, i) => m.value === `w${i}`.padEnd(200, "x"))).toBe(true);
  });
});
