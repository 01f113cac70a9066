// The small pieces of the kafkajs log: logging route, record conversion, cache, codecs.
import kafkajs from "kafkajs";
import type { KafkaMessage } from "kafkajs";
import type { CommitOffset } from "../../../connectors/log/PartitionedLog.js";
import { describe, expect, it, vi } from "vitest";
import { CommitQueue } from "../../../connectors/kafka/CommitQueue.js";
import { kafkaLogging, type KafkaLogEntry } from "../../../connectors/kafka/kafkaLogging.js";
import { toLogRecord } from "../../../connectors/kafka/toLogRecord.js";
import { TtlCache } from "../../../connectors/kafka/TtlCache.js";

const { logLevel } = kafkajs;

describe("kafkaLogging", () => {
  it("logs nothing by default", () => {
    const { logLevel: level, logCreator } = kafkaLogging(undefined);
    expect(level).toBe(logLevel.NOTHING);
    const console = vi.spyOn(globalThis.console, "error");
    logCreator(logLevel.ERROR)({ namespace: "Connection", level: logLevel.ERROR, label: "ERROR", log: { timestamp: "t", message: "Connection error" } });
    expect(console).not.toHaveBeenCalled();
    console.mockRestore();
  });

  it("passes kafkajs entries to onLog at the level asked for, and survives a failing sink", () => {
    const entries: KafkaLogEntry[] = [];
    const { logLevel: level, logCreator } = kafkaLogging((entry) => entries.push(entry), "error");
    expect(level).toBe(logLevel.ERROR);
    const log = logCreator(level);
    log({ namespace: "Consumer", level: logLevel.ERROR, label: "ERROR", log: { timestamp: "t", message: "Crash", logger: "kafkajs", groupId: "g" } });
    expect(entries).toEqual([{ level: "error", namespace: "Consumer", message: "Crash", extra: { groupId: "g" } }]);
    const failing = kafkaLogging(() => {
      throw new Error("sink down");
    }).logCreator(logLevel.WARN);
    expect(() => failing({ namespace: "x", level: logLevel.WARN, label: "WARN", log: { timestamp: "t", message: "m" } })).not.toThrow();
  });
});

describe("toLogRecord", () => {
  it("converts offsets and timestamps to numbers and headers to Buffers, the last value of a repeated name winning", () => {
    const message = {
      offset: "42",
      timestamp: "1767225600000",
      key: Buffer.from("k"),
      value: null,
      attributes: 0,
      headers: { a: Buffer.from("x"), b: "text", c: [Buffer.from("1"), "2"], d: undefined },
    } satisfies KafkaMessage;
    const record = toLogRecord(message);
    expect(record.offset).toBe(42);
    expect(record.timestamp).toBe(1767225600000);
    expect(record.key?.toString()).toBe("k");
    expect(record.value).toBeNull();
    expect(Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, v?.toString()]))).toEqual({ a: "x", b: "text", c: "2", d: undefined });
  });
});

describe("TtlCache", () => {
  it("reuses a value for ttlMs, shares concurrent loads, and does not keep failures", async () => {
    let now = 0;
    const cache = new TtlCache<string, number>(100, () => now);
    let loads = 0;
    const load = async (): Promise<number> => ++loads;
    expect(await Promise.all([cache.get("k", load), cache.get("k", load)])).toEqual([1, 1]);
    now = 100;
    expect(await cache.get("k", load)).toBe(1);
    now = 101;
    expect(await cache.get("k", load)).toBe(2);
    cache.delete("k");
    expect(await cache.get("k", load)).toBe(3);

    await expect(cache.get("bad", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("bad", load)).toBe(4);
  });
});

describe("CommitQueue", () => {
  it("runs one commit at a time and merges the calls made meanwhile, the latest offset winning", async () => {
    const runs: CommitOffset[][] = [];
    let release: () => void = () => {};
    const queue = new CommitQueue(async (offsets) => {
      runs.push([...offsets]);
      if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = queue.commit([{ topic: "t", partition: 0, offset: 5 }]);
    const second = queue.commit([{ topic: "t", partition: 0, offset: 7 }]);
    const third = queue.commit([
      { topic: "t", partition: 0, offset: 9 },
      { topic: "t", partition: 1, offset: 2 },
    ]);
    expect(queue.idle).toBe(false);
    release();
    await Promise.all([first, second, third]);
    // Check: the first alone, then one commit for both later calls.
    expect(runs).toEqual([
      [{ topic: "t", partition: 0, offset: 5 }],
      [
        { topic: "t", partition: 0, offset: 9 },
        { topic: "t", partition: 1, offset: 2 },
      ],
    ]);
    expect(queue.idle).toBe(true);
  });

  it("rejects the calls of a failed commit, and goes on with later ones", async () => {
    let fail = true;
    const queue = new CommitQueue(async () => {
      if (fail) throw new Error("coordinator gone");
    });
    await expect(queue.commit([{ topic: "t", partition: 0, offset: 1 }])).rejects.toThrow("coordinator gone");
    fail = false;
    await expect(queue.commit([{ topic: "t", partition: 0, offset: 2 }])).resolves.toBeUndefined();
  });
});
