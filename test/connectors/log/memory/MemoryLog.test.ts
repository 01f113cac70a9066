// MemoryLog: topics, appends, key partitioning, commits, closing and argument errors.
// Gaps, retention and timestamps are in MemoryLog.offsets.test.ts; waiting fetches in
// MemoryLog.wait.test.ts; the model-based property in MemoryLog.property.test.ts.
import { describe, expect, it } from "vitest";
import { MemoryLog } from "../../../../connectors/log/memory/MemoryLog.js";
import { murmur2, partitionForKey } from "../../../../connectors/log/memory/memoryPartitioner.js";
import type { PartitionedLog } from "../../../../connectors/log/PartitionedLog.js";
import type { LogRecord } from "../../../../connectors/log/LogRecord.js";
import { InputNotFoundError } from "../../../../src/errors/InputNotFoundError.js";
import { InvalidOptionError } from "../../../../src/errors/InvalidOptionError.js";
import { LogClosedError } from "../../../../src/errors/LogClosedError.js";

const ALL = { maxRecords: 10_000, maxWaitMs: 0 };

/** Every stored record of a partition, as text. */
async function readAll(log: MemoryLog, topic: string, partition: number): Promise<{ offset: number; key: string | null; value: string | null; timestamp: number }[]> {
  const { records } = await log.fetch(topic, partition, 0, ALL);
  return records.map(text);
}

function text(record: LogRecord): { offset: number; key: string | null; value: string | null; timestamp: number } {
  return { offset: record.offset, key: record.key?.toString("utf8") ?? null, value: record.value?.toString("utf8") ?? null, timestamp: record.timestamp };
}

function logWith(topic = "events", partitions = 1, now = () => 1_000): MemoryLog {
  const log = new MemoryLog({ now });
  log.createTopic(topic, partitions);
  return log;
}

describe("MemoryLog: topics", () => {
  it("is a PartitionedLog with scheme memory", () => {
    const log = new MemoryLog() satisfies PartitionedLog;
    expect(log.scheme).toBe("memory");
  });

  it("createTopic: partitions are [0, n) sorted, topics() sorted", async () => {
    const log = new MemoryLog();
    log.createTopic("zeta", 1);
    log.createTopic("alpha.events_v-2", 3);
    expect(log.topics()).toEqual(["alpha.events_v-2", "zeta"]);
    expect(await log.partitions("alpha.events_v-2")).toEqual([0, 1, 2]);
    expect(await log.partitions("zeta")).toEqual([0]);
    // Check: a new partition is empty, earliest = latest = 0.
    expect(await log.offsets("zeta", 0)).toEqual({ earliest: 0, latest: 0 });
  });

  it("createTopic of an existing topic is an InvalidOptionError", () => {
    const log = logWith("events", 2);
    expect(() => log.createTopic("events", 2)).toThrow(InvalidOptionError);
    expect(() => log.createTopic("events", 5)).toThrow(/already exists.*addPartitions/);
  });

  it.each([0, -1, 1.5, Number.NaN, Infinity, 100_001])("createTopic with %s partitions is an InvalidOptionError", (count) => {
    const log = new MemoryLog();
    expect(() => log.createTopic("t", count)).toThrow(InvalidOptionError);
    // Check: nothing was created.
    expect(log.topics()).toEqual([]);
  });

  it.each(["", "a/b", "with space", ".", "..", "x".repeat(250), "ünï"])("createTopic(%j) is an InvalidOptionError (Kafka's legal names only)", (name) => {
    expect(() => new MemoryLog().createTopic(name, 1)).toThrow(InvalidOptionError);
  });

  it.each([{ maxRecords: 0 }, { maxRecords: 1.5 }, { maxAgeMs: -1 }, { maxAgeMs: Number.NaN }])("createTopic with retention %j is an InvalidOptionError", (retention) => {
    expect(() => new MemoryLog().createTopic("t", 1, { retention })).toThrow(InvalidOptionError);
  });

  it("unknown_topic: InputNotFoundError naming the topic and the known topics", async () => {
    const log = new MemoryLog();
    await expect(log.partitions("nope")).rejects.toThrow(/"nope".*none yet/);
    log.createTopic("b", 1);
    log.createTopic("a", 1);
    const error = await log.partitions("nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputNotFoundError);
    expect((error as InputNotFoundError).message).toContain('"nope"');
    expect((error as InputNotFoundError).message).toContain('known topics: "a", "b"');
    expect((error as InputNotFoundError).retriable).toBe(false);
    expect((error as InputNotFoundError).context.input).toBe("memory://nope");
    // Check: every per-topic call reports it the same way.
    await expect(log.offsets("nope", 0)).rejects.toThrow(InputNotFoundError);
    await expect(log.fetch("nope", 0, 0, ALL)).rejects.toThrow(InputNotFoundError);
    await expect(log.offsetForTimestamp("nope", 0, 0)).rejects.toThrow(InputNotFoundError);
    expect(() => log.append("nope", { value: "x" })).toThrow(InputNotFoundError);
    expect(() => log.addPartitions("nope", 1)).toThrow(InputNotFoundError);
  });

  it("unknown_partition: InputNotFoundError naming topic/partition", async () => {
    const log = logWith("events", 3);
    const error = await log.fetch("events", 3, 0, ALL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputNotFoundError);
    expect((error as InputNotFoundError).message).toContain("events/3");
    expect((error as InputNotFoundError).message).toContain("0 to 2");
    expect((error as InputNotFoundError).context.input).toBe("memory://events/3");
    await expect(log.offsets("events", 7)).rejects.toThrow(/events\/7/);
    expect(() => log.skipOffsets("events", 3, 1)).toThrow(InputNotFoundError);
    expect(() => log.compact("events", 3)).toThrow(InputNotFoundError);
    expect(() => log.deleteBefore("events", 3, 0)).toThrow(InputNotFoundError);
    expect(() => log.append("events", { partition: 3, value: "x" })).toThrow(/events\/3/);
  });

  it("addPartitions: new partitions are visible to partitions(), empty, and can be appended to", async () => {
    const log = logWith("events", 2);
    const before = await log.partitions("events");
    expect(log.addPartitions("events", 3)).toBe(5);
    // Check: sorted, the old partitions first, unchanged.
    expect(await log.partitions("events")).toEqual([0, 1, 2, 3, 4]);
    expect(before).toEqual([0, 1]);
    expect(await log.offsets("events", 4)).toEqual({ earliest: 0, latest: 0 });
    expect(log.append("events", { partition: 4, value: "v" })).toEqual({ partition: 4, offset: 0 });
    expect(() => log.addPartitions("events", 0)).toThrow(InvalidOptionError);
    expect(() => log.addPartitions("events", 100_000)).toThrow(InvalidOptionError);
  });
});

describe("MemoryLog: append", () => {
  it("one record returns its partition and offset; offsets count up per partition", () => {
    const log = logWith("events", 2);
    expect(log.append("events", { partition: 1, value: "a" })).toEqual({ partition: 1, offset: 0 });
    expect(log.append("events", { partition: 1, value: "b" })).toEqual({ partition: 1, offset: 1 });
    expect(log.append("events", { partition: 0, value: "c" })).toEqual({ partition: 0, offset: 0 });
  });

  it("an array appends in order and returns one result per record", async () => {
    const log = logWith("events", 2);
    const results = log.append("events", [
      { partition: 0, value: "a" },
      { partition: 1, value: "b" },
      { partition: 0, value: "c" },
    ]);
    expect(results).toEqual([
      { partition: 0, offset: 0 },
      { partition: 1, offset: 0 },
      { partition: 0, offset: 1 },
    ]);
    expect((await readAll(log, "events", 0)).map((r) => r.value)).toEqual(["a", "c"]);
    expect(log.append("events", [])).toEqual([]);
  });

  it("strings become UTF-8 buffers; Uint8Array, null key and null value are kept; headers copied", async () => {
    const log = logWith();
    log.append("events", { key: "clé", value: "välue ✓", headers: { trace: "t-1", raw: Uint8Array.of(1, 2) } });
    log.append("events", { key: Uint8Array.of(0, 255), value: null });
    log.append("events", { value: Buffer.from("no key") });
    const { records } = await log.fetch("events", 0, 0, ALL);
    const [first, second, third] = records as [LogRecord, LogRecord, LogRecord];
    expect(first.key).toEqual(Buffer.from("clé", "utf8"));
    expect(first.value?.toString("utf8")).toBe("välue ✓");
    expect(Buffer.isBuffer(first.value)).toBe(true);
    expect(first.headers).toEqual({ trace: Buffer.from("t-1"), raw: Buffer.from([1, 2]) });
    expect(second.key).toEqual(Buffer.from([0, 255]));
    expect(second.value).toBeNull();
    expect(second.headers).toEqual({});
    expect(third.key).toBeNull();
  });

  it("timestamps default to the injected clock; given ones may be any safe integer, in any order", async () => {
    let now = 5_000;
    const log = logWith("events", 1, () => now);
    log.append("events", { value: "a" });
    now = 6_000;
    log.append("events", [{ value: "b", timestamp: 10 }, { value: "c" }, { value: "d", timestamp: -7 }, { value: "e", timestamp: Number.MAX_SAFE_INTEGER }]);
    expect((await readAll(log, "events", 0)).map((r) => r.timestamp)).toEqual([5_000, 10, 6_000, -7, Number.MAX_SAFE_INTEGER]);
  });

  it("defaults to Date.now", async () => {
    const log = new MemoryLog();
    log.createTopic("t", 1);
    const before = Date.now();
    log.append("t", { value: "x" });
    const [record] = await readAll(log, "t", 0);
    expect(record?.timestamp).toBeGreaterThanOrEqual(before);
    expect(record?.timestamp).toBeLessThanOrEqual(Date.now());
  });

  it("a clock returning fractions is an InvalidOptionError naming the clock", () => {
    const log = logWith("events", 1, () => 1.5);
    expect(() => log.append("events", { value: "x" })).toThrow(/clock/);
    // Check: a record with its own timestamp does not need the clock.
    expect(log.append("events", { value: "x", timestamp: 3 })).toEqual({ partition: 0, offset: 0 });
  });

  it.each([
    ["timestamp 1.5", { value: "x", timestamp: 1.5 }],
    ["timestamp NaN", { value: "x", timestamp: Number.NaN }],
    ["timestamp above 2^53", { value: "x", timestamp: 2 ** 53 }],
    ["a numeric value", { value: 42 }],
    ["no value", {}],
    ["an object key", { key: { id: 1 }, value: "x" }],
    ["a null header", { value: "x", headers: { h: null } }],
    ["partition -1", { value: "x", partition: -1 }],
    ["partition 0.5", { value: "x", partition: 0.5 }],
  ])("a record with %s is an InvalidOptionError", (_, record) => {
    const log = logWith();
    expect(() => log.append("events", record as never)).toThrow(InvalidOptionError);
  });

  it("a batch is all or nothing: one bad record appends none", async () => {
    const log = logWith("events", 2);
    log.append("events", { partition: 0, value: "kept" });
    expect(() => log.append("events", [{ partition: 0, value: "a" }, { partition: 1, value: 7 as never }, { partition: 0, value: "c" }])).toThrow(InvalidOptionError);
    expect(() => log.append("events", [{ partition: 0, value: "a" }, { partition: 2, value: "b" }])).toThrow(InputNotFoundError);
    expect(await log.offsets("events", 0)).toEqual({ earliest: 0, latest: 1 });
    expect(await log.offsets("events", 1)).toEqual({ earliest: 0, latest: 0 });
  });

  it("stored records are copies: changing the appended buffer later changes nothing", async () => {
    const log = logWith();
    const value = Buffer.from("original");
    const header = Buffer.from("h");
    log.append("events", { key: value, value, headers: { h: header } });
    value.fill(0);
    header.fill(0);
    const [record] = (await log.fetch("events", 0, 0, ALL)).records;
    expect(record?.value?.toString()).toBe("original");
    expect(record?.key?.toString()).toBe("original");
    expect(record?.headers.h?.toString()).toBe("h");
  });

  it("fetched records are frozen snapshots the reader owns", async () => {
    const log = logWith();
    log.append("events", { key: "k", value: "v", headers: { h: "x" } });
    const [first] = (await log.fetch("events", 0, 0, ALL)).records as [LogRecord];
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.headers)).toBe(true);
    // Check: a reader that scribbles on its buffers does not affect the log or other readers.
    first.value?.fill(0);
    first.key?.fill(0);
    first.headers.h?.fill(0);
    const [again] = (await log.fetch("events", 0, 0, ALL)).records as [LogRecord];
    expect(again.value?.toString()).toBe("v");
    expect(again.key?.toString()).toBe("k");
    expect(again.headers.h?.toString()).toBe("x");
  });

  it("a header named __proto__ is kept as an ordinary header", async () => {
    const log = logWith();
    log.append("events", { value: "v", headers: JSON.parse('{"__proto__": "p", "a": "b"}') as Record<string, string> });
    const [record] = (await log.fetch("events", 0, 0, ALL)).records as [LogRecord];
    expect(Object.keys(record.headers).sort()).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(record.headers)).toBe(Object.prototype);
  });
});

describe("MemoryLog: partitioning", () => {
  // Reference values of Kafka's Utils.murmur2, as the Java client and kafkajs compute them.
  it.each([
    ["21", -973932308],
    ["foobar", -790332482],
    ["a-little-bit-long-string", -985981536],
    ["a-little-bit-longer-string", -1486304829],
    ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
    ["abc", 479470107],
    ["", 275646681],
    ["a", -1563381124],
    ["ab", 316155434],
    ["héllo", 614509002],
  ])("murmur2(%j) is Kafka's %i", (key, hash) => {
    expect(murmur2(Buffer.from(key, "utf8"))).toBe(hash);
  });

  it("a keyed record goes where Kafka's default partitioner puts it, always the same partition", () => {
    const log = logWith("events", 7);
    for (const key of ["21", "foobar", "abc", "user-42"]) {
      const expected = (murmur2(Buffer.from(key)) & 0x7fffffff) % 7;
      expect(partitionForKey(Buffer.from(key), 7)).toBe(expected);
      // Check: stable over appends, and the same for a string and its UTF-8 bytes.
      expect(log.append("events", { key, value: "1" }).partition).toBe(expected);
      expect(log.append("events", { key, value: "2" }).partition).toBe(expected);
      expect(log.append("events", { key: Buffer.from(key), value: "3" }).partition).toBe(expected);
    }
    // "foobar": murmur2 -790332482 → & 0x7fffffff = 1357151166 → % 7 = 3.
    expect(partitionForKey(Buffer.from("foobar"), 7)).toBe(1357151166 % 7);
  });

  it("keys spread over the partitions", () => {
    const log = logWith("events", 4);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++) {
      const { partition } = log.append("events", { key: `key-${i}`, value: "v" });
      counts[partition] = (counts[partition] ?? 0) + 1;
    }
    // Check: every partition gets a fair share (expected 100 each).
    for (const count of counts) expect(count).toBeGreaterThan(60);
  });

  it("records with a null key go round-robin; an explicit partition wins over the key", () => {
    const log = logWith("events", 3);
    const partitions = [1, 2, 3, 4, 5, 6, 7].map(() => log.append("events", { value: "v" }).partition);
    expect(partitions).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(log.append("events", { key: null, value: "v" }).partition).toBe(1);
    expect(log.append("events", { key: "foobar", value: "v", partition: 0 }).partition).toBe(0);
  });

  it("round-robin covers partitions added later", () => {
    const log = logWith("events", 2);
    log.addPartitions("events", 1);
    const seen = new Set([1, 2, 3, 4, 5, 6].map(() => log.append("events", { value: "v" }).partition));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });
});

describe("MemoryLog: commit", () => {
  it("records the committed offsets per group, the latest winning, with a history", async () => {
    const log = logWith("events", 2);
    expect(log.committed("g", "events", 0)).toBeUndefined();
    await log.commit("g", [
      { topic: "events", partition: 0, offset: 5 },
      { topic: "events", partition: 1, offset: 2 },
    ]);
    await log.commit("g", [{ topic: "events", partition: 0, offset: 9 }]);
    await log.commit("other", [{ topic: "events", partition: 0, offset: 1 }]);
    expect(log.committed("g", "events", 0)).toBe(9);
    expect(log.committed("g", "events", 1)).toBe(2);
    expect(log.committed("other", "events", 0)).toBe(1);
    expect(log.committed("other", "events", 1)).toBeUndefined();
    expect(log.commitCount).toBe(3);
    expect(log.commitHistory).toEqual([
      { groupId: "g", offsets: [{ topic: "events", partition: 0, offset: 5 }, { topic: "events", partition: 1, offset: 2 }] },
      { groupId: "g", offsets: [{ topic: "events", partition: 0, offset: 9 }] },
      { groupId: "other", offsets: [{ topic: "events", partition: 0, offset: 1 }] },
    ]);
    // Check: the history is a copy, not a live view.
    expect(Object.isFrozen(log.commitHistory[0])).toBe(true);
  });

  it("an offset above the latest may be committed, as in Kafka", async () => {
    const log = logWith();
    await log.commit("g", [{ topic: "events", partition: 0, offset: 1_000 }]);
    expect(log.committed("g", "events", 0)).toBe(1_000);
  });

  it("a bad commit records nothing", async () => {
    const log = logWith("events", 1);
    await expect(log.commit("g", [{ topic: "events", partition: 0, offset: 1 }, { topic: "events", partition: 1, offset: 1 }])).rejects.toThrow(InputNotFoundError);
    await expect(log.commit("g", [{ topic: "events", partition: 0, offset: -1 }])).rejects.toThrow(InvalidOptionError);
    await expect(log.commit("g", [{ topic: "missing", partition: 0, offset: 1 }])).rejects.toThrow(InputNotFoundError);
    await expect(log.commit("", [{ topic: "events", partition: 0, offset: 1 }])).rejects.toThrow(/groupId/);
    expect(log.committed("g", "events", 0)).toBeUndefined();
    expect(log.commitCount).toBe(0);
  });
});

describe("MemoryLog: argument errors", () => {
  it.each([
    ["offset -1", -1, {}],
    ["offset NaN", Number.NaN, {}],
    ["offset 1.5", 1.5, {}],
    ["offset Infinity", Infinity, {}],
    ["maxRecords 0", 0, { maxRecords: 0 }],
    ["maxRecords NaN", 0, { maxRecords: Number.NaN }],
    ["maxRecords 2.5", 0, { maxRecords: 2.5 }],
    ["maxWaitMs -1", 0, { maxWaitMs: -1 }],
    ["maxWaitMs NaN", 0, { maxWaitMs: Number.NaN }],
  ])("fetch with %s is an InvalidOptionError naming the argument", async (_, offset, override) => {
    const log = logWith();
    const error = await log.fetch("events", 0, offset, { ...ALL, ...override }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toMatch(/Expected `(offset|maxRecords|maxWaitMs)`.*got/);
  });

  it("a negative or fractional partition is an InvalidOptionError, for every call", async () => {
    const log = logWith();
    await expect(log.offsets("events", -1)).rejects.toThrow(InvalidOptionError);
    await expect(log.fetch("events", 0.5, 0, ALL)).rejects.toThrow(/`partition`/);
    await expect(log.offsetForTimestamp("events", Number.NaN, 0)).rejects.toThrow(InvalidOptionError);
    expect(() => log.skipOffsets("events", -1, 1)).toThrow(InvalidOptionError);
  });

  it("skipOffsets, deleteBefore and offsetForTimestamp check their numbers", async () => {
    const log = logWith();
    expect(() => log.skipOffsets("events", 0, -1)).toThrow(InvalidOptionError);
    expect(() => log.skipOffsets("events", 0, 0.5)).toThrow(InvalidOptionError);
    expect(() => log.deleteBefore("events", 0, -1)).toThrow(InvalidOptionError);
    expect(() => log.deleteBefore("events", 0, 1)).toThrow(/above the latest offset 0/);
    await expect(log.offsetForTimestamp("events", 0, Number.NaN)).rejects.toThrow(InvalidOptionError);
  });

  it("a clock that is not a function is an InvalidOptionError", () => {
    expect(() => new MemoryLog({ now: 5 as never })).toThrow(InvalidOptionError);
  });
});

describe("MemoryLog: close", () => {
  it("every call after close fails with a LogClosedError saying the log is closed; close is idempotent", async () => {
    const log = logWith();
    log.append("events", { value: "v" });
    await log.commit("g", [{ topic: "events", partition: 0, offset: 1 }]);
    expect(log.closed).toBe(false);
    await log.close();
    await log.close();
    expect(log.closed).toBe(true);
    const asyncCalls: (() => Promise<unknown>)[] = [
      () => log.partitions("events"),
      () => log.offsets("events", 0),
      () => log.offsetForTimestamp("events", 0, 0),
      () => log.fetch("events", 0, 0, ALL),
      () => log.commit("g", []),
      () => log.committedOffset("g", "events", 0),
    ];
    for (const call of asyncCalls) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LogClosedError);
      expect((error as LogClosedError).retriable).toBe(false);
      expect((error as Error).message).toMatch(/memory log is closed; create a new MemoryLog to go on/);
    }
    const syncCalls: (() => unknown)[] = [
      () => log.createTopic("other", 1),
      () => log.addPartitions("events", 1),
      () => log.topics(),
      () => log.append("events", { value: "v" }),
      () => log.skipOffsets("events", 0, 1),
      () => log.compact("events", 0),
      () => log.deleteBefore("events", 0, 0),
    ];
    for (const call of syncCalls) {
      expect(call).toThrow(LogClosedError);
      expect(call).toThrow(/memory log is closed/);
    }
    // Check: what was committed stays readable, to inspect a finished pipeline.
    expect(log.committed("g", "events", 0)).toBe(1);
    expect(log.commitCount).toBe(1);
  });
});
