// KafkaLog's handling of its partition readers, over scripted kafkajs clusters: reuse, one
// cluster per reader and no consumer group, retriable failures retried inside the reader until
// the brokers stay silent, a batch that does not decode failing the fetch with a typed error.
import kafkajs from "kafkajs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KafkaLog } from "../../../connectors/kafka/KafkaLog.js";
import { CorruptInputError } from "../../../src/errors/CorruptInputError.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { TransientIoError } from "../../../src/errors/TransientIoError.js";
import { batch, scriptedKafka } from "./scriptedKafka.js";

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await tick();
  expect(check()).toBe(true);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("KafkaLog readers", () => {
  it("reuses one reader (one cluster, no consumer group) for the fetches of a partition", async () => {
    const kafka = scriptedKafka({ events: 2 });
    const log = new KafkaLog({ kafka });
    const first = log.fetch("events", 1, 0, { maxRecords: 10, maxWaitMs: 5000 });
    await until(() => kafka.clusters[0] !== undefined);
    const cluster = kafka.clusters[0];
    (await cluster!.next()).respond({ partition: 1, messages: batch([0, 1, 2]) });
    expect((await first).records.map((r) => r.offset)).toEqual([0, 1, 2]);
    expect(await log.fetch("events", 1, 3, { maxRecords: 10, maxWaitMs: 0 })).toEqual({ records: [], nextOffset: 3 });
    expect(kafka.clusters).toHaveLength(1);
    expect(cluster!.isolation[0]).toBe(1); // read_committed by default
    expect(log.readerStats).toEqual({ created: 1, open: 1 });
    await expect(log.fetch("events", 2, 0, { maxRecords: 1, maxWaitMs: 0 })).rejects.toThrow(InputNotFoundError);
    await log.close();
    expect(cluster!.disconnected).toBeGreaterThan(0);
  });

  it("retries a retriable Fetch failure (a leader moving) inside the reader, without replacing it", async () => {
    const kafka = scriptedKafka({ events: 1 });
    const log = new KafkaLog({ kafka });
    const pending = log.fetch("events", 0, 5, { maxRecords: 10, maxWaitMs: 5000 });
    await until(() => kafka.clusters[0] !== undefined);
    const cluster = kafka.clusters[0]!;
    (await cluster.next()).fail(new kafkajs.KafkaJSProtocolError({ type: "NOT_LEADER_OR_FOLLOWER", code: 6, retriable: true, message: "not leader" } as unknown as Error));
    const again = await cluster.next();
    expect(again.offset).toBe(5);
    again.respond({ messages: batch([5, 6], 7) });
    expect(await pending).toMatchObject({ nextOffset: 8 }); // 7 held a marker
    expect(kafka.clusters).toHaveLength(1);
    await log.close();
  });

  it("fails a fetch that finds nothing while the brokers answered nothing for 5 s", async () => {
    let now = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const kafka = scriptedKafka({ events: 1 });
    const log = new KafkaLog({ kafka });
    expect(await log.fetch("events", 0, 0, { maxRecords: 10, maxWaitMs: 0 })).toEqual({ records: [], nextOffset: 0 });
    await until(() => kafka.clusters[0]?.fetches.length === 1);
    now += 6000;
    const error = await log.fetch("events", 0, 0, { maxRecords: 10, maxWaitMs: 0 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TransientIoError);
    expect(String(error)).toMatch(/answered nothing for 6\d{3} ms/);
    (await kafka.clusters[0]!.next()).respond({}); // the broker is back
    await tick();
    expect(await log.fetch("events", 0, 0, { maxRecords: 10, maxWaitMs: 0 })).toEqual({ records: [], nextOffset: 0 });
    await log.close();
  });

  it("fails with a CorruptInputError naming topic, partition and offset when a batch does not decode", async () => {
    const kafka = scriptedKafka({ events: 1 });
    const log = new KafkaLog({ kafka });
    const pending = log.fetch("events", 0, 42, { maxRecords: 10, maxWaitMs: 5000 }).catch((e: unknown) => e);
    await until(() => kafka.clusters[0] !== undefined);
    (await kafka.clusters[0]!.next()).fail(new CorruptInputError("A zstd-compressed record batch does not decode: bad magic"));
    const error = await pending;
    expect(error).toBeInstanceOf(CorruptInputError);
    expect((error as Error).message).toMatch(/^Cannot read kafka:\/\/events\/0 at offset 42: .*zstd.*bad magic/);
    await log.close();
  });
});
