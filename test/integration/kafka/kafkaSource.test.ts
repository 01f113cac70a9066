import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import { KafkaSource } from "../../../connectors/kafka/KafkaSource.js";
import type { LogMessage } from "../../../connectors/log/LogMessage.js";
import { checkSourceConformance } from "../../../testkit/index.js";
import { expectConformance } from "../../../testkit/vitest.js";
import { brokers, eventually, KafkaFixture, messages, restartKafka, timeWindowTopic, transactionalTopic, uniqueTopic } from "./kafkaFixtures.js";

const fixture = new KafkaFixture();
const sources: KafkaSource<unknown, unknown>[] = [];

/** A source closed after the file. */
function source<K = Buffer | null, V = Buffer | null>(options: Omit<ConstructorParameters<typeof KafkaSource<K, V>>[0], "brokers" | "kafka">): KafkaSource<K, V> {
  const created = new KafkaSource<K, V>({ brokers: brokers(), fetchWaitMs: 50, pollIntervalMs: 50, ...options });
  sources.push(created as unknown as KafkaSource<unknown, unknown>);
  return created;
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 8; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

beforeAll(() => fixture.start(), 120_000);
afterAll(async () => {
  await Promise.all(sources.map((s) => s.close()));
  await fixture.close();
});

describe("KafkaSource against a real Kafka broker", () => {
  it("a bounded read of a 3-partition topic outputs every message once, in offset order per partition, with the fixed output shape", async () => {
    const topic = await fixture.createTopic(uniqueTopic("bounded"), 3);
    await fixture.produce(topic, messages(3000, "m", { headers: { h: "v" } }));
    const got = await new LocalRunner({ parallelism: 3, checkpointAfterOutputs: 400 }).collect(source({ until: "latest", decodeValue: "string" }), [topic]);
    expect(got).toHaveLength(3000);
    expect(new Set(got.map((m) => m.value))).toEqual(new Set(messages(3000, "m").map((m) => m.value)));
    for (const partition of [0, 1, 2]) {
      const offsets = got.filter((m) => m.partition === partition).map((m) => m.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
    const first = got[0] as LogMessage<Buffer | null, string | null>;
    expect(Object.keys(first).sort()).toEqual(["headers", "key", "offset", "partition", "timestamp", "topic", "value"]);
    expect(Buffer.isBuffer(first.key)).toBe(true);
    expect(first.headers["h"]?.toString()).toBe("v");
    expect(first.topic).toBe(topic);
  });

  it("from/until by timestamp select exactly the messages in the time window", async () => {
    const { topic, base } = await timeWindowTopic(fixture, "time");
    const got = await new LocalRunner({ parallelism: 2 }).collect(
      source({ from: { timestamp: base + 10_000 }, until: { timestamp: base + 30_000 }, decodeValue: "string" }),
      [topic],
    );
    expect(got.map((m) => m.value).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `t${i + 10}`).sort());
  });

  it("transactions: committed messages are read, aborted ones are not, and the read ends past the control records", async () => {
    const topic = await transactionalTopic(fixture, "tx");
    const got = await new LocalRunner().collect(source({ until: "latest", decodeValue: "string" }), [topic]);
    expect(got.map((m) => m.value)).toEqual(messages(5, "ok").map((m) => m.value));
  });

  it("an empty topic finishes at once; an unknown topic fails with InputNotFoundError naming it", async () => {
    const empty = await fixture.createTopic(uniqueTopic("empty"), 2);
    expect(await new LocalRunner().collect(source({ until: "latest" }), [empty])).toEqual([]);
    const missing = uniqueTopic("missing");
    const error = await new LocalRunner().collect(source({ until: "latest" }), [missing]).then(() => undefined, (caught: unknown) => caught);
    const notFound = causes(error).find((e) => e instanceof InputNotFoundError);
    expect(notFound, String(error)).toBeInstanceOf(InputNotFoundError);
    expect(String(notFound)).toContain(missing);
  });

  it("an unbounded read tails new messages and picks up partitions added while it runs; offsets are committed after delivery", async () => {
    const topic = await fixture.createTopic(uniqueTopic("tail"), 1);
    await fixture.produce(topic, messages(10, "early"));
    const groupId = uniqueTopic("group");
    const runner = new LocalRunner({ parallelism: 3 });
    const received: string[] = [];
    const reading = (async () => {
      for await (const m of runner.run(source({ decodeValue: "string", discoveryIntervalMs: 200, commitOffsets: { groupId } }), [topic])) received.push(String(m.value));
    })();
    try {
      await eventually(async () => received.length >= 10, 30_000, "the first 10 messages");
      await fixture.admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] });
      await fixture.produce(topic, [...messages(5, "late-p0").map((m) => ({ ...m, partition: 0 })), ...messages(5, "late-p1").map((m) => ({ ...m, partition: 1 }))]);
      await eventually(async () => received.length >= 20, 30_000, "messages of the new partition");
      await eventually(async () => {
        const offsets = await fixture.admin.fetchOffsets({ groupId, topics: [topic] });
        const committed = offsets[0]?.partitions.map((p) => Number(p.offset)).sort() ?? [];
        return committed.join(",") === "15,5";
      }, 30_000, "committed offsets 15 and 5");
    } finally {
      // Also on failure: a read left running would fail the next test's broker restart.
      runner.drain();
      await reading.catch(() => undefined);
    }
    await reading;
    expect(received.filter((v) => v.startsWith("late-p1"))).toHaveLength(5);
    expect(new Set(received).size).toBe(20);
  });

  it("a broker stopped and restarted mid-read: the read resumes and nothing is lost or repeated", async () => {
    const topic = await fixture.createTopic(uniqueTopic("restart"), 2);
    await fixture.produce(topic, messages(2000, "r"));
    const runner = new LocalRunner({ parallelism: 2, checkpointAfterOutputs: 200 });
    const received: string[] = [];
    let restarted: Promise<void> | undefined;
    for await (const m of runner.run(source({ until: "latest", decodeValue: "string", maxRecordsPerFetch: 50 }), [topic])) {
      received.push(String(m.value));
      if (received.length === 300) restarted = restartKafka(1);
      if (received.length % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await restarted;
    expect(received).toHaveLength(2000);
    expect(new Set(received).size).toBe(2000);
  }, 120_000);

  it("passes checkSourceConformance against the broker (random splits, checkpoints, resumes)", async () => {
    const topic = await fixture.createTopic(uniqueTopic("conformance"), 3);
    await fixture.produce(topic, messages(120, "c"));
    const report = await checkSourceConformance<string, LogMessage>({
      sdf: () => source({ until: "latest", maxRecordsPerFetch: 7 }),
      elements: [topic],
      keyOf: (m) => `${m.partition}/${m.offset}`,
      orderOf: (m) => ({ group: String(m.partition), position: m.offset }),
      numRuns: 15,
      seed: 9_2026,
    });
    expectConformance(report, "KafkaSource");
    expect(report.runs).toBe(15);
  }, 120_000);
});
