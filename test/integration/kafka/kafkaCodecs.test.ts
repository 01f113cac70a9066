// Topics written by Kafka's own Java producer (kafka-clients 4.1.1, Producer.java) with each
// compression codec, on the broker with Kafka's default settings, read exactly by KafkaSource:
// count, offsets, keys and values. kafkajs 2.2.4 alone reads only gzip of these.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import { KafkaSource } from "../../../connectors/kafka/KafkaSource.js";
import { produceWithJava, uniqueTopic } from "./kafkaFixtures.js";

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
