// PartitionReader against a scripted stand-in for a kafkajs consumer: the orderings a real
// broker produces only by chance (a batch in flight across a seek, a batch of nothing but
// markers, a crash) played deterministically.
import type { ConsumerConfig, Kafka } from "kafkajs";
import { describe, expect, it } from "vitest";
import { PartitionReader } from "../../../connectors/kafka/PartitionReader.js";
import { ScriptedConsumer } from "./scriptedKafka.js";

async function startReader(offset: number, maxBufferedRecords = 1000): Promise<{ reader: PartitionReader; consumer: ScriptedConsumer }> {
  let consumer: ScriptedConsumer | undefined;
  const kafka = { consumer: (config: ConsumerConfig) => (consumer = new ScriptedConsumer(config)) } as unknown as Kafka;
  const reader = new PartitionReader(kafka, "t", 0, offset, { readCommitted: true, maxBufferedRecords });
  await new Promise((resolve) => setTimeout(resolve, 0));
  return { reader, consumer: consumer as ScriptedConsumer };
}

const offsets = (result: { records: readonly { offset: number }[] }): number[] => result.records.map((r) => r.offset);
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe("PartitionReader", () => {
  it("runs its consumer in a group of its own, reading committed, never creating topics, seeking to the start on join", async () => {
    const { consumer } = await startReader(40);
    expect(consumer.config.groupId).toMatch(/^sdfkit-reader\.t\.0\.[0-9a-f-]{36}$/);
    expect(consumer.config).toMatchObject({ allowAutoTopicCreation: false, readUncommitted: false });
    expect(consumer.seeks).toEqual(["40"]);
  });

  it("serves a fetch from what the consumer delivered, waiting for it", async () => {
    const { reader, consumer } = await startReader(40);
    const pending = reader.fetch(40, 5, 5000);
    await consumer.deliver(40, range(40, 60), 59);
    expect(offsets(await pending)).toEqual([40, 41, 42, 43, 44]);
    expect(await reader.fetch(45, 100, 0)).toMatchObject({ nextOffset: 60 });
  });

  it("seeks when asked for an offset the buffer does not continue at, and drops a stale batch ahead of it", async () => {
    const { reader, consumer } = await startReader(0);
    await consumer.deliver(0, range(0, 10), 9);
    expect(offsets(await reader.fetch(0, 100, 0))).toEqual(range(0, 10));
    expect(offsets(await reader.fetch(0, 100, 0))).toEqual(range(0, 10)); // the last take again: no seek
    expect(await reader.fetch(10, 100, 0)).toEqual({ records: [], nextOffset: 10 });
    expect(consumer.seeks).toEqual(["0"]);
    const back = reader.fetch(2, 3, 5000); // dropped since: seek back
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(consumer.seeks).toEqual(["0", "2"]);
    await consumer.deliver(10, range(10, 20), 19, true); // fetched before the seek: must not hide 2–9
    await consumer.deliver(2, range(2, 12), 11);
    expect(offsets(await back)).toEqual([2, 3, 4]);
  });

  it("trusts a batch past its end when no seek is pending: the consumer skipped offsets with nothing to read", async () => {
    const { reader, consumer } = await startReader(0);
    const pending = reader.fetch(0, 10, 5000);
    await consumer.deliver(7, [7, 8], 8); // 0–6 were markers and aborted records
    expect(offsets(await pending)).toEqual([7, 8]);
  });

  it("uses a batch fetched before a seek where it covers the offsets asked for", async () => {
    const { reader, consumer } = await startReader(0);
    const ahead = reader.fetch(5, 3, 5000); // 5 is past the buffer's end (0): seek to 5
    await consumer.deliver(0, range(0, 10), 9, true); // in flight from 0, covers 5–9
    expect(offsets(await ahead)).toEqual([5, 6, 7]);
  });

  it("steps over a batch of nothing but transaction markers", async () => {
    const { reader, consumer } = await startReader(0);
    await consumer.deliver(0, range(0, 5), 4);
    expect(offsets(await reader.fetch(0, 100, 0))).toEqual([0, 1, 2, 3, 4]);
    const pending = reader.fetch(5, 100, 5000);
    await consumer.deliver(5, [], 5); // the commit marker
    expect(await pending).toEqual({ records: [], nextOffset: 6 });
  });

  it("returns nothing after maxWaitMs, or at once when aborted", async () => {
    const { reader } = await startReader(0);
    let started = Date.now();
    expect(await reader.fetch(0, 10, 150)).toEqual({ records: [], nextOffset: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const controller = new AbortController();
    started = Date.now();
    setTimeout(() => controller.abort(), 20);
    expect(await reader.fetch(0, 10, 10_000, controller.signal)).toEqual({ records: [], nextOffset: 0 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("holds the batch handler while the buffer is full, until a fetch makes room", async () => {
    const { reader, consumer } = await startReader(0, 10);
    let handled = false;
    const delivering = consumer.deliver(0, range(0, 15), 14).then(() => (handled = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(handled).toBe(false); // 15 buffered >= 10: the consumer fetches no further
    expect(offsets(await reader.fetch(0, 8, 0))).toEqual(range(0, 8));
    await delivering;
    expect(handled).toBe(true);
  });

  it("re-seeks to where its buffer continues after a rejoin", async () => {
    const { reader, consumer } = await startReader(0);
    await consumer.deliver(0, range(0, 30), 29);
    await reader.fetch(0, 10, 0);
    consumer.emit(consumer.events.GROUP_JOIN, {});
    expect(consumer.seeks).toEqual(["0", "30"]);
  });

  it("serves what it has after its consumer crashed, then reports the crash", async () => {
    const { reader, consumer } = await startReader(0);
    await consumer.deliver(0, range(0, 3), 2);
    const crash = new Error("KafkaJSNumberOfRetriesExceeded");
    consumer.emit(consumer.events.CRASH, { error: crash, restart: false });
    expect(reader.failure).toBe(crash);
    expect(offsets(await reader.fetch(0, 10, 0))).toEqual([0, 1, 2]);
    await expect(reader.fetch(3, 10, 1000)).rejects.toBe(crash);
  });

  it("counts silence only once joined, and closes its consumer", async () => {
    const { reader, consumer } = await startReader(0);
    expect(reader.silentForMs(Date.now() + 60_000)).toBeGreaterThanOrEqual(59_000);
    consumer.emit(consumer.events.REQUEST, {});
    expect(reader.silentForMs()).toBeLessThan(100);
    await reader.close();
    await reader.close();
    expect(consumer.disconnected).toBeGreaterThanOrEqual(1);
  });
});
