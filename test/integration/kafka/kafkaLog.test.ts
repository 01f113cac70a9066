// KafkaLog against the real Kafka broker of test/services/up.sh (KRaft, one node).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaLog } from "../../../connectors/kafka/KafkaLog.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import { TransientIoError } from "../../../src/errors/TransientIoError.js";
import type { LogRecord } from "../../../connectors/log/LogRecord.js";
import { brokers, eventually, KafkaFixture, messages, readPartition, restartKafka, uniqueTopic, values } from "./kafkaFixtures.js";

const fixture = new KafkaFixture();
const logs: KafkaLog[] = [];

/** A KafkaLog on the test broker, closed after the file. */
function newLog(options: ConstructorParameters<typeof KafkaLog>[0] = {}): KafkaLog {
  const log = new KafkaLog({ brokers: brokers(), ...options });
  logs.push(log);
  return log;
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/**
 * Compacted topic, prepared in beforeAll so the broker's cleaner (it looks every 15 s) works
 * while other tests run: 100 records, every tenth with a unique key (they all survive, so the
 * survivors are spread out), the others updating five keys over and over.
 */
const compacted = {
  topic: uniqueTopic("compact"),
  records: Array.from({ length: 100 }, (_, i) => ({ key: i % 10 === 0 ? `unique${i}` : `key${i % 5}`, value: `v${i}`, partition: 0 })),
};

beforeAll(async () => {
  await fixture.start();
  await fixture.createTopic(compacted.topic, 1, {
    "cleanup.policy": "compact",
    "segment.ms": "100",
    "min.cleanable.dirty.ratio": "0.001",
    "min.compaction.lag.ms": "0",
    "delete.retention.ms": "0",
  });
  await fixture.produce(compacted.topic, compacted.records);
  // segment.ms rolls the segment on the next append after 100 ms; only rolled segments are compacted.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await fixture.produce(compacted.topic, [{ key: "roll", value: "roll", partition: 0 }]);
});

afterAll(async () => {
  await Promise.all(logs.map((log) => log.close()));
  await fixture.close();
});

describe("KafkaLog against a real Kafka broker", () => {
  it("lists the partitions of a topic, sorted, and reads each one in order", async () => {
    const topic = await fixture.createTopic(uniqueTopic("multi"), 3);
    for (const partition of [0, 1, 2]) await fixture.produce(topic, messages(40, `p${partition}`, { partition }));
    const log = newLog();

    expect(await log.partitions(topic)).toEqual([0, 1, 2]);
    const reads = await Promise.all([0, 1, 2].map((partition) => readPartition(log, topic, partition, 0, { until: 40 }, { maxRecords: 7 })));
    reads.forEach(({ records }, partition) => {
      // Check: each partition's own records, all of them, in offset order.
      expect(values(records)).toEqual(messages(40, `p${partition}`).map((m) => m.value));
      expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(records[3]?.key?.toString()).toBe("k3");
    });
    expect(log.readerStats.created).toBe(3);
  });

  it("fetches from an exact offset in the middle of a partition, keeping keys, headers and timestamps", async () => {
    const topic = await fixture.createTopic(uniqueTopic("middle"));
    const t0 = Date.UTC(2026, 0, 1);
    await fixture.produce(
      topic,
      Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: `m${i}`, timestamp: String(t0 + i), headers: { trace: `t${i}`, multi: ["a", `b${i}`] } })),
    );
    const { records, nextOffset } = await newLog().fetch(topic, 0, 37, { maxRecords: 1000, maxWaitMs: 5000 });

    expect(records[0]?.offset).toBe(37);
    const first = records[0] as LogRecord;
    expect(first.key?.toString()).toBe("k37");
    expect(first.value?.toString()).toBe("m37");
    expect(first.timestamp).toBe(t0 + 37);
    expect(first.headers["trace"]?.toString()).toBe("t37");
    expect(first.headers["multi"]?.toString()).toBe("b37"); // the last value of a repeated header
    expect(nextOffset).toBe(records[records.length - 1]!.offset + 1);
  });

  it("returns at most maxRecords", async () => {
    const topic = await fixture.createTopic(uniqueTopic("max"));
    await fixture.produce(topic, messages(100, "m"));
    const log = newLog();
    const first = await log.fetch(topic, 0, 0, { maxRecords: 10, maxWaitMs: 5000 });
    expect(first.records.length).toBeGreaterThan(0);
    expect(first.records.length).toBeLessThanOrEqual(10);
    const second = await log.fetch(topic, 0, first.nextOffset, { maxRecords: 25, maxWaitMs: 5000 });
    expect(second.records.length).toBeLessThanOrEqual(25);
    expect(second.records[0]?.offset).toBe(first.nextOffset);
  });

  it("waits up to maxWaitMs on a caught-up partition, and wakes as soon as a record arrives", async () => {
    const topic = await fixture.createTopic(uniqueTopic("wait"));
    await fixture.produce(topic, messages(3, "m"));
    const log = newLog();
    const caughtUp = await readPartition(log, topic, 0, 0, { until: 3 });

    let started = Date.now();
    const idle = await log.fetch(topic, 0, caughtUp.nextOffset, { maxRecords: 10, maxWaitMs: 400 });
    const idleMs = Date.now() - started;
    expect(idle).toEqual({ records: [], nextOffset: 3 });
    expect(idleMs).toBeGreaterThanOrEqual(380);
    expect(idleMs).toBeLessThan(2000);

    started = Date.now();
    const waiting = log.fetch(topic, 0, 3, { maxRecords: 10, maxWaitMs: 20_000 });
    setTimeout(() => void fixture.produce(topic, [{ value: "late" }]), 300);
    const woken = await waiting;
    expect(values(woken.records)).toEqual(["late"]);
    expect(Date.now() - started).toBeLessThan(3000);

    const controller = new AbortController();
    started = Date.now();
    setTimeout(() => controller.abort(), 200);
    const aborted = await log.fetch(topic, 0, 4, { maxRecords: 10, maxWaitMs: 20_000, signal: controller.signal });
    expect(aborted.records).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("reports earliest/latest offsets and finds offsets by timestamp", async () => {
    const topic = await fixture.createTopic(uniqueTopic("offsets"));
    const log = newLog({ metadataCacheMs: 0 });
    expect(await log.offsets(topic, 0)).toEqual({ earliest: 0, latest: 0 });
    expect(await log.offsetForTimestamp(topic, 0, Date.now())).toBe(0);

    const t0 = Date.UTC(2026, 5, 1);
    await fixture.produce(topic, Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, timestamp: String(t0 + i * 1000) })));
    expect(await log.offsets(topic, 0)).toEqual({ earliest: 0, latest: 10 });
    // Check: the first record at or after the time; before all → 0; after all → latest.
    expect(await log.offsetForTimestamp(topic, 0, t0 + 2500)).toBe(3);
    expect(await log.offsetForTimestamp(topic, 0, t0 + 3000)).toBe(3);
    expect(await log.offsetForTimestamp(topic, 0, t0 - 1)).toBe(0);
    expect(await log.offsetForTimestamp(topic, 0, t0 + 60_000)).toBe(10);
  });

  it("skips offsets below the earliest one stored (retention), never failing on them", async () => {
    const topic = await fixture.createTopic(uniqueTopic("retention"));
    await fixture.produce(topic, messages(20, "m"));
    // kafkajs's first deleteTopicRecords on a fresh admin fails with KafkaJSBrokerNotFound (its broker pool is not keyed by node id yet).
    const deleteRecords = (): Promise<void> => fixture.admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: "12" }] });
    await deleteRecords().catch(deleteRecords);
    const log = newLog();
    expect(await log.offsets(topic, 0)).toEqual({ earliest: 12, latest: 20 });
    const read = await readPartition(log, topic, 0, 0, { until: 20 });
    expect(read.records.map((r) => r.offset)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it("holds at most about maxBufferedRecords ahead, and reads on as they are taken", async () => {
    const topic = await fixture.createTopic(uniqueTopic("bounded"));
    await fixture.produce(topic, messages(3000, "m"));
    const log = newLog({ maxBufferedRecords: 50 });
    const read = await readPartition(log, topic, 0, 0, { until: 3000 }, { maxRecords: 40 });
    expect(values(read.records)).toEqual(messages(3000, "m").map((m) => m.value));
    expect(log.readerStats.created).toBe(1);
  });

  it("reads an empty topic as nothing, without error", async () => {
    const topic = await fixture.createTopic(uniqueTopic("empty"));
    const log = newLog();
    expect(await log.partitions(topic)).toEqual([0]);
    expect(await log.offsets(topic, 0)).toEqual({ earliest: 0, latest: 0 });
    expect(await log.fetch(topic, 0, 0, { maxRecords: 10, maxWaitMs: 200 })).toEqual({ records: [], nextOffset: 0 });
  });

  it("names an unknown topic or partition in an InputNotFoundError, and never creates the topic", async () => {
    const missing = uniqueTopic("missing");
    const log = newLog();
    for (const call of [() => log.partitions(missing), () => log.offsets(missing, 0), () => log.fetch(missing, 0, 0, { maxRecords: 1, maxWaitMs: 0 }), () => log.offsetForTimestamp(missing, 0, 0)]) {
      const error = await errorOf(call());
      expect(error).toBeInstanceOf(InputNotFoundError);
      expect(String(error)).toContain(`kafka://${missing}`);
    }
    const topic = await fixture.createTopic(uniqueTopic("onepart"));
    const error = await errorOf(log.fetch(topic, 0 + 5, 0, { maxRecords: 1, maxWaitMs: 0 }));
    expect(error).toBeInstanceOf(InputNotFoundError);
    expect(String(error)).toContain(`kafka://${topic}/5`);
    expect(await fixture.admin.listTopics()).not.toContain(missing);
  });

  it("reads committed transactions, skips aborted ones and steps over transaction markers", async () => {
    const topic = await fixture.createTopic(uniqueTopic("tx"));
    const producer = await fixture.transactionalProducer();
    const inTransaction = async (prefix: string, commit: boolean): Promise<void> => {
      const tx = await producer.transaction();
      await tx.send({ topic, messages: messages(5, prefix, { partition: 0 }) });
      await (commit ? tx.commit() : tx.abort());
    };
    await inTransaction("one", true); // offsets 0–4, commit marker 5
    await inTransaction("two", false); // 6–10 aborted, abort marker 11
    await inTransaction("three", true); // 12–16, commit marker 17

    const committed = newLog();
    const { latest } = await committed.offsets(topic, 0);
    expect(latest).toBe(18);
    const read = await readPartition(committed, topic, 0, 0, { until: latest });
    // Check: only committed records; the read reaches the end although a marker holds it.
    expect(values(read.records)).toEqual([...messages(5, "one"), ...messages(5, "three")].map((m) => m.value));
    expect(read.records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 12, 13, 14, 15, 16]);
    expect(read.nextOffset).toBe(18);

    const uncommitted = newLog({ readCommitted: false });
    const all = await readPartition(uncommitted, topic, 0, 0, { until: 18 });
    expect(all.records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16]);

    // An open transaction: latest stays at the last stable offset, its records stay unread.
    const open = await producer.transaction();
    await open.send({ topic, messages: messages(3, "open", { partition: 0 }) });
    const stable = newLog({ metadataCacheMs: 0 });
    expect((await stable.offsets(topic, 0)).latest).toBe(18);
    expect(await stable.fetch(topic, 0, 18, { maxRecords: 10, maxWaitMs: 300 })).toEqual({ records: [], nextOffset: 18 });
    await open.commit();
    const after = await readPartition(stable, topic, 0, 18, { until: 22 });
    expect(values(after.records)).toEqual(messages(3, "open").map((m) => m.value));
    expect((await stable.offsets(topic, 0)).latest).toBe(22);
  });

  it("commits next offsets for an idle consumer group, and refuses a group with running members", async () => {
    const topic = await fixture.createTopic(uniqueTopic("commit"), 2);
    await fixture.produce(topic, messages(10, "m", { partition: 0 }));
    const log = newLog();
    const groupId = `sdfkit-test-commit-${topic}`;
    await log.commit(groupId, [
      { topic, partition: 0, offset: 7 },
      { topic, partition: 1, offset: 0 },
    ]);
    // Parallel bundles finalize at once: commits for one group must not meet each other as "active members".
    await Promise.all([log.commit(groupId, [{ topic, partition: 0, offset: 9 }]), log.commit(groupId, [{ topic, partition: 1, offset: 4 }])]);
    const [committed] = await fixture.admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed?.partitions.map(({ partition, offset }) => ({ partition, offset })).sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, offset: "9" },
      { partition: 1, offset: "4" },
    ]);

    const active = fixture.kafka.consumer({ groupId: `${groupId}-active`, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    const joined = new Promise<void>((resolve) => active.on(active.events.GROUP_JOIN, () => resolve()));
    await active.connect();
    await active.subscribe({ topics: [topic] });
    await active.run({ eachBatch: async () => {} });
    await joined;
    try {
      const error = await errorOf(log.commit(`${groupId}-active`, [{ topic, partition: 0, offset: 1 }]));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(String(error)).toMatch(/active member/);
    } finally {
      await active.disconnect();
    }
  });

  it("reuses the partition's reader across fetches, seeking it for an offset elsewhere", async () => {
    const topic = await fixture.createTopic(uniqueTopic("reuse"));
    await fixture.produce(topic, messages(200, "m"));
    const log = newLog();
    const first = await readPartition(log, topic, 0, 0, { until: 50 });
    const resumed = await readPartition(log, topic, 0, 50, { until: 120 });
    expect(resumed.records[0]?.offset).toBe(50);
    expect(log.readerStats).toEqual({ created: 1, open: 1 });

    // A checkpoint of another range of the same partition: the same consumer, sought.
    const ahead = await log.fetch(topic, 0, 180, { maxRecords: 5, maxWaitMs: 5000 });
    expect(ahead.records.map((r) => r.offset)).toEqual([180, 181, 182, 183, 184]);
    const back = await log.fetch(topic, 0, 10, { maxRecords: 3, maxWaitMs: 5000 });
    expect(back.records.map((r) => r.offset)).toEqual([10, 11, 12]);
    expect(values(first.records)).toEqual(messages(50, "m").map((m) => m.value));
    expect(log.readerStats).toEqual({ created: 1, open: 1 });
  });

  it("closes a reader that was idle for idleReaderMs, and makes a new one when needed", async () => {
    const topic = await fixture.createTopic(uniqueTopic("idle"));
    await fixture.produce(topic, messages(5, "m"));
    const log = newLog({ idleReaderMs: 100 });
    await readPartition(log, topic, 0, 0, { until: 5 });
    await eventually(async () => log.readerStats.open === 0, 5000, "the idle reader to close");
    const again = await log.fetch(topic, 0, 2, { maxRecords: 10, maxWaitMs: 5000 });
    expect(again.records[0]?.offset).toBe(2);
    expect(log.readerStats).toEqual({ created: 2, open: 1 });
  });

  it("sees partitions added while running and reads them", async () => {
    const topic = await fixture.createTopic(uniqueTopic("grow"), 1);
    const log = newLog();
    expect(await log.partitions(topic)).toEqual([0]);
    expect(await log.offsets(topic, 0)).toEqual({ earliest: 0, latest: 0 });

    await fixture.admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
    await eventually(async () => (await log.partitions(topic)).length === 3, 10_000, "the new partitions");
    expect(await log.partitions(topic)).toEqual([0, 1, 2]);
    await fixture.produce(topic, messages(4, "new", { partition: 2 }));
    await eventually(async () => (await log.offsets(topic, 2)).latest === 4, 10_000, "the new partition's offsets");
    const read = await readPartition(log, topic, 2, 0, { until: 4 });
    expect(values(read.records)).toEqual(messages(4, "new").map((m) => m.value));
  });

  it("reads a compacted topic with offset gaps, as they come", async () => {
    const log = newLog({ metadataCacheMs: 0 });
    const total = compacted.records.length + 1;
    // The broker's log cleaner looks for work every 15 s (log.cleaner.backoff.ms).
    let records: LogRecord[] = [];
    await eventually(
      async () => {
        records = (await readPartition(log, compacted.topic, 0, 0, { until: total })).records;
        return records.length < total;
      },
      45_000,
      "the log cleaner to compact the topic",
    );
    const offsets = records.map((r) => r.offset);
    // Check: increasing offsets with gaps, and the latest value of every key survives.
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(offsets.some((offset, i) => i > 0 && offset > (offsets[i - 1] as number) + 1)).toBe(true);
    const last = new Map(records.map((r) => [r.key?.toString(), r.value?.toString()]));
    const expected = new Map(compacted.records.map((r) => [r.key, r.value]));
    for (const [key, value] of expected) expect(last.get(key)).toBe(value);
    // A fetch from a compacted-away offset starts at the next record.
    const gap = offsets.findIndex((offset, i) => i > 0 && offset > (offsets[i - 1] as number) + 1);
    const fromGap = await newLog().fetch(compacted.topic, 0, (offsets[gap - 1] as number) + 1, { maxRecords: 1, maxWaitMs: 5000 });
    expect(fromGap.records[0]?.offset).toBe(offsets[gap]);
  });

  // Last: it restarts the shared broker.
  it("survives a broker restart in the middle of a read: every record exactly once, in order", async () => {
    const topic = await fixture.createTopic(uniqueTopic("restart"));
    await fixture.produce(topic, messages(300, "before", { partition: 0 }));
    const log = newLog();
    const seen: LogRecord[] = [];
    const errors: unknown[] = [];
    let next = 0;
    const fetchSome = async (): Promise<void> => {
      try {
        const result = await log.fetch(topic, 0, next, { maxRecords: 20, maxWaitMs: 300 });
        seen.push(...result.records);
        next = result.nextOffset;
      } catch (error) {
        errors.push(error);
        await new Promise((resolve) => setTimeout(resolve, 200)); // as a runner retries a retriable failure
      }
    };
    while (next < 100) await fetchSome();

    let restarting = true;
    const restart = restartKafka(1).finally(() => (restarting = false));
    while (restarting) await fetchSome(); // reading on while the broker goes away and comes back
    await restart;
    await fixture.produce(topic, messages(100, "after", { partition: 0 }));
    const deadline = Date.now() + 60_000;
    while (next < 400 && Date.now() < deadline) await fetchSome();

    expect(values(seen)).toEqual([...messages(300, "before"), ...messages(100, "after")].map((m) => m.value));
    expect(await log.offsets(topic, 0)).toEqual({ earliest: 0, latest: 400 });
    expect(seen.map((r) => r.offset)).toEqual(Array.from({ length: 400 }, (_, i) => i));
    for (const error of errors) {
      expect(error).toBeInstanceOf(TransientIoError);
      expect(String(error)).toContain(brokers()[0]);
    }
  }, 120_000);
});
