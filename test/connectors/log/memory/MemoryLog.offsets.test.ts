// MemoryLog offsets: fetch ranges and nextOffset, gaps (skipped offsets, compaction), retention
// (deleteBefore, maxRecords, maxAgeMs) and offsetForTimestamp.
import { describe, expect, it } from "vitest";
import { MemoryLog } from "../../../../connectors/log/memory/MemoryLog.js";
import type { LogRecord } from "../../../../connectors/log/LogRecord.js";

const T = "events";

function logWith(now = () => 1_000, retention?: { maxRecords?: number; maxAgeMs?: number }): MemoryLog {
  const log = new MemoryLog({ now });
  log.createTopic(T, 1, retention === undefined ? {} : { retention });
  return log;
}

/** Appends values to partition 0 (a value `@ts` sets the timestamp; key `k` from `k=v`). */
function put(log: MemoryLog, ...values: string[]): number[] {
  return values.map((spec) => {
    const [body = "", ts] = spec.split("@");
    const [key, value] = body.includes("=") ? body.split("=") : [null, body];
    return log.append(T, { partition: 0, key: key ?? null, value: value ?? null, ...(ts === undefined ? {} : { timestamp: Number(ts) }) }).offset;
  });
}

async function fetchAt(log: MemoryLog, offset: number, maxRecords = 1000): Promise<{ offsets: number[]; values: (string | null)[]; nextOffset: number }> {
  const { records, nextOffset } = await log.fetch(T, 0, offset, { maxRecords, maxWaitMs: 0 });
  return { offsets: records.map((r) => r.offset), values: records.map((r) => r.value?.toString() ?? null), nextOffset };
}

describe("MemoryLog: fetch ranges", () => {
  it("from 0 returns everything in offset order; nextOffset = latest", async () => {
    const log = logWith();
    put(log, "a", "b", "c");
    expect(await fetchAt(log, 0)).toEqual({ offsets: [0, 1, 2], values: ["a", "b", "c"], nextOffset: 3 });
  });

  it("maxRecords limits a fetch; nextOffset is the first record not returned", async () => {
    const log = logWith();
    put(log, "a", "b", "c", "d", "e");
    expect(await fetchAt(log, 0, 2)).toEqual({ offsets: [0, 1], values: ["a", "b"], nextOffset: 2 });
    expect(await fetchAt(log, 2, 2)).toEqual({ offsets: [2, 3], values: ["c", "d"], nextOffset: 4 });
    expect(await fetchAt(log, 4, 2)).toEqual({ offsets: [4], values: ["e"], nextOffset: 5 });
  });

  it("a fetch at the latest offset with maxWaitMs 0 returns [] and nextOffset = offset", async () => {
    const log = logWith();
    put(log, "a");
    expect(await fetchAt(log, 1)).toEqual({ offsets: [], values: [], nextOffset: 1 });
    // Check: above the latest, nextOffset never goes below the offset asked for.
    expect(await fetchAt(log, 10)).toEqual({ offsets: [], values: [], nextOffset: 10 });
  });

  it("fetch of 1000 records from a 100 000-record partition is fast (binary search)", async () => {
    const log = logWith();
    log.append(T, Array.from({ length: 100_000 }, (_, i) => ({ partition: 0, key: `k${i % 100}`, value: `value-${i}` })));
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      const { records } = await log.fetch(T, 0, 50_000 + i * 1000, { maxRecords: 1000, maxWaitMs: 0 });
      expect(records.length).toBe(1000);
      expect(records[0]?.offset).toBe(50_000 + i * 1000);
    }
    // Loose bound: 20 fetches of 1000 records take a few ms; a linear scan or quadratic copy would not.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("MemoryLog: gaps", () => {
  it("skipped_offsets: the next record gets a higher offset; fetch skips the gap", async () => {
    const log = logWith();
    put(log, "a", "b");
    expect(log.skipOffsets(T, 0, 3)).toBe(5);
    expect(put(log, "c")).toEqual([5]);
    expect(await log.offsets(T, 0)).toEqual({ earliest: 0, latest: 6 });
    expect(await fetchAt(log, 0)).toEqual({ offsets: [0, 1, 5], values: ["a", "b", "c"], nextOffset: 6 });
    // Check: nextOffset jumps over a gap the log knows of.
    expect(await fetchAt(log, 0, 2)).toEqual({ offsets: [0, 1], values: ["a", "b"], nextOffset: 5 });
    // Check: a fetch inside the gap returns the record after it.
    expect(await fetchAt(log, 3)).toEqual({ offsets: [5], values: ["c"], nextOffset: 6 });
  });

  it("marker_at_end: a fetch that only finds a gap returns [] at once with nextOffset = latest", async () => {
    const log = logWith();
    put(log, "a");
    log.skipOffsets(T, 0, 2);
    const started = performance.now();
    const { records, nextOffset } = await log.fetch(T, 0, 1, { maxRecords: 10, maxWaitMs: 5_000 });
    // Check: no wait, since nextOffset moved: a bounded read ending at 3 can finish.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(records).toEqual([]);
    expect(nextOffset).toBe(3);
  });

  it("skipOffsets(0) changes nothing; skipping on an empty partition moves latest only", async () => {
    const log = logWith();
    expect(log.skipOffsets(T, 0, 0)).toBe(0);
    expect(log.skipOffsets(T, 0, 4)).toBe(4);
    expect(await log.offsets(T, 0)).toEqual({ earliest: 0, latest: 4 });
    expect(await fetchAt(log, 0)).toEqual({ offsets: [], values: [], nextOffset: 4 });
  });

  it("compact keeps the last record per key, every null-keyed record and tombstones, leaving gaps", async () => {
    const log = logWith();
    log.append(T, [
      { key: "a", value: "a1" },
      { key: null, value: "n1" },
      { key: "b", value: "b1" },
      { key: "a", value: "a2" },
      { key: null, value: "n2" },
      { key: "b", value: null },
      { key: "c", value: "c1" },
    ]);
    expect(log.compact(T, 0)).toBe(2);
    // Check: offsets 0 (a1) and 2 (b1) are gone; the tombstone of b stays; earliest and latest do not move.
    expect(await fetchAt(log, 0)).toEqual({ offsets: [1, 3, 4, 5, 6], values: ["n1", "a2", "n2", null, "c1"], nextOffset: 7 });
    expect(await log.offsets(T, 0)).toEqual({ earliest: 0, latest: 7 });
    expect(await fetchAt(log, 0, 1)).toEqual({ offsets: [1], values: ["n1"], nextOffset: 3 });
    expect(await fetchAt(log, 2, 1)).toEqual({ offsets: [3], values: ["a2"], nextOffset: 4 });
    // Check: compacting again removes nothing more.
    expect(log.compact(T, 0)).toBe(0);
  });

  it("compact compares keys as bytes", () => {
    const log = logWith();
    log.append(T, [
      { key: Buffer.from([0xc3, 0xa9]), value: "1" },
      { key: "é", value: "2" },
      { key: Buffer.from([0xe9]), value: "3" },
    ]);
    // Check: "é" is the UTF-8 bytes c3 a9; e9 is another key.
    expect(log.compact(T, 0)).toBe(1);
  });

  it("records already fetched are not changed by compaction or deletion", async () => {
    const log = logWith();
    log.append(T, [{ key: "a", value: "1" }, { key: "a", value: "2" }]);
    const { records } = await log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: 0 });
    log.compact(T, 0);
    log.deleteBefore(T, 0, 2);
    expect(records.map((r: LogRecord) => r.value?.toString())).toEqual(["1", "2"]);
  });
});

describe("MemoryLog: retention", () => {
  it("deleteBefore moves earliest; fetch below it starts at the earliest record", async () => {
    const log = logWith();
    put(log, "a", "b", "c", "d");
    expect(log.deleteBefore(T, 0, 2)).toBe(2);
    expect(await log.offsets(T, 0)).toEqual({ earliest: 2, latest: 4 });
    expect(await fetchAt(log, 0)).toEqual({ offsets: [2, 3], values: ["c", "d"], nextOffset: 4 });
    // Check: an offset at or below the earliest changes nothing.
    expect(log.deleteBefore(T, 0, 1)).toBe(0);
    expect(log.deleteBefore(T, 0, 2)).toBe(0);
    expect(await log.offsets(T, 0)).toEqual({ earliest: 2, latest: 4 });
  });

  it("deleteBefore(latest) empties the partition; new records still get the next offsets", async () => {
    const log = logWith();
    put(log, "a", "b");
    expect(log.deleteBefore(T, 0, 2)).toBe(2);
    expect(await log.offsets(T, 0)).toEqual({ earliest: 2, latest: 2 });
    expect(await fetchAt(log, 0)).toEqual({ offsets: [], values: [], nextOffset: 2 });
    expect(put(log, "c")).toEqual([2]);
    expect(await fetchAt(log, 0)).toEqual({ offsets: [2], values: ["c"], nextOffset: 3 });
  });

  it("deleteBefore into a gap makes that gap offset the earliest", async () => {
    const log = logWith();
    put(log, "a");
    log.skipOffsets(T, 0, 3);
    put(log, "b");
    expect(log.deleteBefore(T, 0, 2)).toBe(1);
    expect(await log.offsets(T, 0)).toEqual({ earliest: 2, latest: 5 });
    expect(await fetchAt(log, 2)).toEqual({ offsets: [4], values: ["b"], nextOffset: 5 });
  });

  it("deleting many records from the head keeps offsets and fetches right (array reclaimed)", async () => {
    const log = logWith();
    log.append(T, Array.from({ length: 5000 }, (_, i) => ({ partition: 0, value: String(i) })));
    for (let to = 100; to <= 4900; to += 700) {
      log.deleteBefore(T, 0, to);
      const { offsets, values } = await fetchAt(log, 0, 3);
      expect(offsets).toEqual([to, to + 1, to + 2]);
      expect(values).toEqual([String(to), String(to + 1), String(to + 2)]);
    }
  });

  it("retention.maxRecords keeps the newest records; earliest follows", async () => {
    const log = logWith(() => 1_000, { maxRecords: 3 });
    put(log, "a", "b", "c", "d", "e");
    expect(await log.offsets(T, 0)).toEqual({ earliest: 2, latest: 5 });
    expect(await fetchAt(log, 0)).toEqual({ offsets: [2, 3, 4], values: ["c", "d", "e"], nextOffset: 5 });
  });

  it("retention.maxRecords counts records, not offsets, across gaps", async () => {
    const log = logWith(() => 1_000, { maxRecords: 2 });
    put(log, "a");
    log.skipOffsets(T, 0, 5);
    put(log, "b", "c");
    expect(await fetchAt(log, 0)).toEqual({ offsets: [6, 7], values: ["b", "c"], nextOffset: 8 });
    expect((await log.offsets(T, 0)).earliest).toBe(6);
  });

  it("retention.maxAgeMs deletes records older than the clock minus the age, at append", async () => {
    let now = 10_000;
    const log = logWith(() => now, { maxAgeMs: 1_000 });
    put(log, "a@9000", "b@9500", "c@9900");
    expect(await log.offsets(T, 0)).toEqual({ earliest: 0, latest: 3 });
    now = 10_600;
    put(log, "d");
    // Check: 9000 < 9600 is deleted, 9500 < 9600 too; 9900 stays.
    expect(await fetchAt(log, 0)).toEqual({ offsets: [2, 3], values: ["c", "d"], nextOffset: 4 });
    expect((await log.offsets(T, 0)).earliest).toBe(2);
  });

  it("retention.maxAgeMs deletes a prefix only, as Kafka's segment retention does", async () => {
    const log = logWith(() => 10_000, { maxAgeMs: 1_000 });
    put(log, "a@1", "b@9999", "c@2", "d@9999");
    // Check: a (old) goes; c (old but after a young record) stays.
    expect(await fetchAt(log, 0)).toEqual({ offsets: [1, 2, 3], values: ["b", "c", "d"], nextOffset: 4 });
  });

  it("retention.maxAgeMs may delete everything; earliest = latest", async () => {
    const log = logWith(() => 10_000, { maxAgeMs: 10 });
    put(log, "a@1", "b@2");
    expect(await log.offsets(T, 0)).toEqual({ earliest: 2, latest: 2 });
  });
});

describe("MemoryLog: offsetForTimestamp", () => {
  it("monotonic timestamps: the first record at or after the time; latest when none", async () => {
    const log = logWith();
    put(log, "a@100", "b@200", "c@300");
    const at = (ts: number) => log.offsetForTimestamp(T, 0, ts);
    expect(await at(0)).toBe(0);
    expect(await at(100)).toBe(0);
    expect(await at(150)).toBe(1);
    expect(await at(300)).toBe(2);
    expect(await at(301)).toBe(3);
    expect(await at(-Infinity)).toBe(0);
    expect(await at(Infinity)).toBe(3);
  });

  it("non_monotonic timestamps: the first in offset order whose timestamp is >= the time", async () => {
    const log = logWith();
    put(log, "a@50", "b@10", "c@30", "d@70", "e@20");
    const at = (ts: number) => log.offsetForTimestamp(T, 0, ts);
    // Check: offset 0 (50) qualifies for 20, although offsets 1 and 4 are older than 50.
    expect(await at(20)).toBe(0);
    expect(await at(50)).toBe(0);
    expect(await at(51)).toBe(3);
    expect(await at(71)).toBe(5);
    log.deleteBefore(T, 0, 1);
    // Check: deleted records do not count; [10, 30, 70, 20] from offset 1.
    expect(await at(20)).toBe(2);
    expect(await at(5)).toBe(1);
  });

  it("skips gaps and compacted records; an empty partition gives latest", async () => {
    const log = logWith();
    expect(await log.offsetForTimestamp(T, 0, 0)).toBe(0);
    put(log, "k=a@100");
    log.skipOffsets(T, 0, 2);
    put(log, "k=b@200");
    expect(await log.offsetForTimestamp(T, 0, 150)).toBe(3);
    log.compact(T, 0);
    expect(await log.offsetForTimestamp(T, 0, 0)).toBe(3);
  });
});
