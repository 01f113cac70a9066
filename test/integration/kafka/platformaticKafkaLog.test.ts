// KafkaSource over PlatformaticKafkaLog (@platformatic/kafka) against the test broker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import { KafkaSink } from "../../../connectors/kafka/KafkaSink.js";
import { KafkaSource } from "../../../connectors/kafka/KafkaSource.js";
import { PlatformaticKafkaLog } from "../../../connectors/kafka/PlatformaticKafkaLog.js";
import { brokers, eventually, KafkaFixture, messages, timeWindowTopic, transactionalTopic, uniqueTopic } from "./kafkaFixtures.js";

const fixture = new KafkaFixture();
const sources: KafkaSource<unknown, unknown>[] = [];

function source<K = Buffer | null, V = Buffer | null>(options: Omit<ConstructorParameters<typeof KafkaSource<K, V>>[0], "brokers" | "kafka" | "log">): KafkaSource<K, V> {
  const created = new KafkaSource<K, V>({ log: new PlatformaticKafkaLog({ brokers: brokers() }), fetchWaitMs: 50, pollIntervalMs: 50, ...options });
  sources.push(created as unknown as KafkaSource<unknown, unknown>);
  return created;
}

beforeAll(() => fixture.start(), 120_000);
afterAll(async () => {
  await Promise.all(sources.map((s) => s.close()));
  await fixture.close();
});

describe("KafkaSource over PlatformaticKafkaLog", () => {
  it("reads a 3-partition topic until latest: every record once, offsets 0..n-1 per partition, keys, values, headers", async () => {
    const topic = await fixture.createTopic(uniqueTopic("plt-bounded"), 3);
    const sent = messages(3000, "m", { headers: { h: "v" } }).map((m, i) => ({ ...m, partition: i % 3 }));
    await fixture.produce(topic, sent);
    const got = await new LocalRunner({ parallelism: 3, checkpointAfterOutputs: 400 }).collect(source({ until: "latest", decodeValue: "string" }), [topic]);
    expect(got).toHaveLength(3000);
    for (const partition of [0, 1, 2]) {
      const mine = got.filter((m) => m.partition === partition).sort((a, b) => a.offset - b.offset);
      expect(mine.map((m) => m.offset)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(mine.map((m) => m.value)).toEqual(Array.from({ length: 1000 }, (_, i) => `m-${i * 3 + partition}`));
      expect(mine.map((m) => m.key?.toString())).toEqual(Array.from({ length: 1000 }, (_, i) => `k${i * 3 + partition}`));
    }
    const first = got[0];
    expect(Buffer.isBuffer(first?.key)).toBe(true);
    expect(first?.headers["h"]?.toString()).toBe("v");
    expect(typeof first?.timestamp).toBe("number");
  });

  it("from/until by timestamp select exactly the records in the window", async () => {
    const { topic, base } = await timeWindowTopic(fixture, "plt-time");
    const got = await new LocalRunner({ parallelism: 2 }).collect(source({ from: { timestamp: base + 10_000 }, until: { timestamp: base + 30_000 }, decodeValue: "string" }), [topic]);
    expect(got.map((m) => m.value).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `t${i + 10}`).sort());
    const open = await new LocalRunner({ parallelism: 2 }).collect(source({ from: { timestamp: base + 35_000 }, until: "latest", decodeValue: "string" }), [topic]);
    expect(open.map((m) => m.value).sort()).toEqual(Array.from({ length: 5 }, (_, i) => `t${i + 35}`).sort());
  });

  it("transactions: committed records are read, aborted ones are not", async () => {
    const topic = await transactionalTopic(fixture, "plt-tx", 2);
    const got = await new LocalRunner().collect(source({ until: "latest", decodeValue: "string" }), [topic]);
    expect(got.map((m) => m.value)).toEqual([...messages(5, "ok"), ...messages(2, "later")].map((m) => m.value));
  });

  it("the log itself: offsets, maxRecords, commits, unknown topics", async () => {
    const topic = await fixture.createTopic(uniqueTopic("plt-log"), 2);
    await fixture.produce(topic, messages(50, "x", { partition: 1 }));
    const log = new PlatformaticKafkaLog({ brokers: brokers() });
    try {
      expect(await log.partitions(topic)).toEqual([0, 1]);
      expect(await log.offsets(topic, 1)).toEqual({ earliest: 0, latest: 50 });
      expect(await log.offsets(topic, 0)).toEqual({ earliest: 0, latest: 0 });
      const page = await log.fetch(topic, 1, 10, { maxRecords: 7, maxWaitMs: 100 });
      expect(page.records.map((r) => r.offset)).toEqual([10, 11, 12, 13, 14, 15, 16]);
      expect(page.nextOffset).toBe(17);
      expect(page.records[0]?.value?.toString()).toBe("x-10");
      // the rest of that response is served next; a fetch elsewhere drops what was fetched ahead
      const rest = await log.fetch(topic, 1, 17, { maxRecords: 100, maxWaitMs: 100 });
      expect(rest.records.map((r) => r.offset)).toEqual(Array.from({ length: 33 }, (_, i) => 17 + i));
      expect(rest.nextOffset).toBe(50);
      const back = await log.fetch(topic, 1, 3, { maxRecords: 2, maxWaitMs: 100 });
      expect(back.records.map((r) => r.value?.toString())).toEqual(["x-3", "x-4"]);
      const empty = await log.fetch(topic, 0, 0, { maxRecords: 10, maxWaitMs: 50 });
      expect(empty).toEqual({ records: [], nextOffset: 0 });
      const group = `sdfkit-plt-${Date.now()}`;
      await log.commit(group, [{ topic, partition: 1, offset: 17 }]);
      expect(await log.committedOffset(group, topic, 1)).toBe(17);
      await expect(log.partitions(uniqueTopic("plt-missing"))).rejects.toBeInstanceOf(InputNotFoundError);
    } finally {
      await log.close();
    }
  });

  it.each(["gzip", "snappy", "lz4", "zstd"] as const)("%s batches (written by KafkaSink) decode", async (codec) => {
    const topic = await fixture.createTopic(uniqueTopic(`plt-${codec}`), 1);
    const sink = new KafkaSink({ brokers: brokers(), transactionalId: `${topic}-tx`, topic, compression: codec });
    await sink.connect();
    await sink.writeTransaction(Array.from({ length: 500 }, (_, i) => ({ key: `k${i}`, value: `w${i}`.padEnd(200, "x") })), `${topic}-group`, []);
    await sink.close();
    await eventually(async () => Number((await fixture.admin.fetchTopicOffsets(topic))[0]?.high) === 501, 10_000, `the commit marker of ${topic}`);
    const got = await new LocalRunner().collect(source<string, string>({ until: "latest", decodeKey: "string", decodeValue: "string" }), [topic]);
    expect(got.map((m) => m.key)).toEqual(Array.from({ length: 500 }, (_, i) => `k${i}`));
    expect(got.every((m, i) => m.value === `w${i}`.padEnd(200, "x") && m.offset === i)).toBe(true);
  });
});
