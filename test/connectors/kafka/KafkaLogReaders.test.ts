// KafkaLog's handling of its partition readers, over scripted kafkajs consumers: reuse, a
// crashing consumer replaced quietly until that persists, silent brokers.
import kafkajs from "kafkajs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KafkaLog } from "../../../connectors/kafka/KafkaLog.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { TransientIoError } from "../../../src/errors/TransientIoError.js";
import { scriptedKafka } from "./scriptedKafka.js";

/** What kafkajs's consumer crashes with when its join gives up on a coordinator that is still loading. */
function coordinatorLoading(): Error {
  return new kafkajs.KafkaJSProtocolError({ type: "COORDINATOR_LOAD_IN_PROGRESS", code: 14, retriable: true, message: "The coordinator is loading" } as unknown as Error);
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await tick();
  expect(check()).toBe(true);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("KafkaLog readers", () => {
  it("reuses one reader for the fetches of a partition", async () => {
    const kafka = scriptedKafka({ events: 2 }, (consumer) => (consumer.partition = 1));
    const log = new KafkaLog({ kafka });
    const first = log.fetch("events", 1, 0, { maxRecords: 10, maxWaitMs: 5000 });
    await until(() => kafka.consumers[0]?.eachBatch !== undefined);
    await kafka.consumers[0]?.deliver(0, [0, 1, 2], 2);
    expect((await first).records.map((r) => r.offset)).toEqual([0, 1, 2]);
    expect(await log.fetch("events", 1, 3, { maxRecords: 10, maxWaitMs: 0 })).toEqual({ records: [], nextOffset: 3 });
    expect(kafka.consumers).toHaveLength(1);
    expect(log.readerStats).toEqual({ created: 1, open: 1 });
    await expect(log.fetch("events", 2, 0, { maxRecords: 1, maxWaitMs: 0 })).rejects.toThrow(InputNotFoundError);
    await log.close();
    expect(kafka.consumers[0]?.disconnected).toBeGreaterThan(0);
  });

  it("replaces a reader whose consumer crashed, quietly, and fails once that persists", async () => {
    let now = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const kafka = scriptedKafka({ events: 1 }, (consumer) => (consumer.crashOnRun = coordinatorLoading()));
    const log = new KafkaLog({ kafka });
    const fetch = (): Promise<unknown> => log.fetch("events", 0, 7, { maxRecords: 10, maxWaitMs: 0 });

    expect(await fetch()).toEqual({ records: [], nextOffset: 7 }); // starts a reader, which crashes
    await until(() => kafka.consumers[0]?.eachBatch !== undefined);
    expect(await fetch()).toEqual({ records: [], nextOffset: 7 }); // the crash is noticed, no error yet
    expect(await fetch()).toEqual({ records: [], nextOffset: 7 }); // a new reader
    expect(kafka.consumers).toHaveLength(2);
    now += 6000;
    const error = await fetch().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    // Check: still crashing after 5 s: a retriable error naming the input.
    expect(error).toBeInstanceOf(TransientIoError);
    expect(String(error)).toContain("kafka://events/0 at offset 7");
    expect(String(error)).toContain("COORDINATOR_LOAD_IN_PROGRESS");
    await log.close();
  });

  it("fails a fetch that finds nothing while the brokers answered nothing for 5 s", async () => {
    let now = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const kafka = scriptedKafka({ events: 1 });
    const log = new KafkaLog({ kafka, brokers: undefined });
    expect(await log.fetch("events", 0, 0, { maxRecords: 10, maxWaitMs: 0 })).toEqual({ records: [], nextOffset: 0 });
    await until(() => kafka.consumers[0]?.eachBatch !== undefined);
    now += 6000;
    const error = await log.fetch("events", 0, 0, { maxRecords: 10, maxWaitMs: 0 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TransientIoError);
    expect(String(error)).toMatch(/answered nothing for 6\d{3} ms/);
    kafka.consumers[0]?.emit(kafka.consumers[0].events.REQUEST, {}); // the broker is back
    expect(await log.fetch("events", 0, 0, { maxRecords: 10, maxWaitMs: 0 })).toEqual({ records: [], nextOffset: 0 });
    await log.close();
  });
});
