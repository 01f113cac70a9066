// MemoryLog fetch waits: when nothing is there, a fetch waits for an append (woken by it, no
// polling) up to maxWaitMs, an abort or close. Timing checks are loose on purpose: "returned []
// after waiting about maxWaitMs" and "woke long before maxWaitMs".
import { getEventListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { MemoryLog } from "../../../../connectors/log/memory/MemoryLog.js";
import { SdfError } from "../../../../src/errors/SdfError.js";

const T = "events";
/** A wait far longer than any test: a fetch that returns sooner was woken. */
const LONG = 10_000;

function logWith(partitions = 1): MemoryLog {
  const log = new MemoryLog();
  log.createTopic(T, partitions);
  return log;
}

async function timed<R>(run: () => Promise<R>): Promise<{ result: R; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

describe("MemoryLog: waiting fetches", () => {
  it("caught_up: with nothing to read, fetch waits maxWaitMs and returns []", async () => {
    const log = logWith();
    log.append(T, { value: "a" });
    const { result, ms } = await timed(() => log.fetch(T, 0, 1, { maxRecords: 10, maxWaitMs: 60 }));
    expect(result).toEqual({ records: [], nextOffset: 1 });
    // Check: it did wait (timers fire no earlier than asked, allow clock rounding).
    expect(ms).toBeGreaterThanOrEqual(55);
  });

  it("maxWaitMs 0 returns at once", async () => {
    const log = logWith();
    const { result, ms } = await timed(() => log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: 0 }));
    expect(result.records).toEqual([]);
    expect(ms).toBeLessThan(LONG / 2);
  });

  it("wakes_on_append: a waiting fetch returns the new record long before maxWaitMs", async () => {
    const log = logWith();
    setTimeout(() => log.append(T, { value: "late" }), 20);
    const { result, ms } = await timed(() => log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: LONG }));
    expect(result.records.map((r) => r.value?.toString())).toEqual(["late"]);
    expect(result.nextOffset).toBe(1);
    expect(ms).toBeLessThan(LONG / 2);
  });

  it("a batch appended while waiting is returned whole, up to maxRecords", async () => {
    const log = logWith();
    const pending = log.fetch(T, 0, 0, { maxRecords: 3, maxWaitMs: LONG });
    await sleep(10);
    log.append(T, ["a", "b", "c", "d"].map((value) => ({ value })));
    const { records, nextOffset } = await pending;
    // Check: the wake-up comes after the synchronous append finished, so the fetch sees all of it.
    expect(records.map((r) => r.offset)).toEqual([0, 1, 2]);
    expect(nextOffset).toBe(3);
  });

  it("every fetch waiting on the partition wakes", async () => {
    const log = logWith();
    const pending = [0, 1, 2].map(() => log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: LONG }));
    await sleep(10);
    log.append(T, { value: "x" });
    const { result, ms } = await timed(() => Promise.all(pending));
    for (const { records } of result) expect(records.map((r) => r.offset)).toEqual([0]);
    expect(ms).toBeLessThan(LONG / 2);
  });

  it("an append to another partition does not end the wait", async () => {
    const log = logWith(2);
    const pending = log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: 80 });
    await sleep(10);
    log.append(T, { partition: 1, value: "elsewhere" });
    const { result, ms } = await timed(() => pending);
    expect(result).toEqual({ records: [], nextOffset: 0 });
    expect(ms).toBeGreaterThanOrEqual(40);
  });

  it("offset_above_latest: the fetch waits until records reach that offset", async () => {
    const log = logWith();
    const pending = log.fetch(T, 0, 2, { maxRecords: 10, maxWaitMs: LONG });
    let settled = false;
    void pending.then(() => (settled = true));
    log.append(T, [{ value: "0" }, { value: "1" }]);
    await sleep(30);
    // Check: records below the offset asked for do not end the wait.
    expect(settled).toBe(false);
    log.append(T, { value: "2" });
    const { records, nextOffset } = await pending;
    expect(records.map((r) => r.offset)).toEqual([2]);
    expect(nextOffset).toBe(3);
  });

  it("skipped offsets end the wait with nextOffset past them", async () => {
    const log = logWith();
    setTimeout(() => log.skipOffsets(T, 0, 2), 20);
    const { result, ms } = await timed(() => log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: LONG }));
    expect(result).toEqual({ records: [], nextOffset: 2 });
    expect(ms).toBeLessThan(LONG / 2);
  });

  it("abort ends the wait early with []", async () => {
    const log = logWith();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const { result, ms } = await timed(() => log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: LONG, signal: controller.signal }));
    expect(result).toEqual({ records: [], nextOffset: 0 });
    expect(ms).toBeLessThan(LONG / 2);
    // Check: the fetch removed its abort listener.
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("an already aborted signal does not wait, but records already there are returned", async () => {
    const log = logWith();
    const signal = AbortSignal.abort();
    const { result, ms } = await timed(() => log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: LONG, signal }));
    expect(result.records).toEqual([]);
    expect(ms).toBeLessThan(LONG / 2);
    log.append(T, { value: "x" });
    expect((await log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: LONG, signal })).records).toHaveLength(1);
  });

  it("listeners are released after a timeout and after a wake-up", async () => {
    const log = logWith();
    const controller = new AbortController();
    await log.fetch(T, 0, 0, { maxRecords: 1, maxWaitMs: 10, signal: controller.signal });
    setTimeout(() => log.append(T, { value: "x" }), 10);
    await log.fetch(T, 0, 0, { maxRecords: 1, maxWaitMs: LONG, signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("close ends waiting fetches with []; later fetches fail", async () => {
    const log = logWith();
    const pending = log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: LONG });
    setTimeout(() => void log.close(), 20);
    const { result, ms } = await timed(() => pending);
    expect(result).toEqual({ records: [], nextOffset: 0 });
    expect(ms).toBeLessThan(LONG / 2);
    await expect(log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: 0 })).rejects.toThrow(SdfError);
  });

  it("an Infinity maxWaitMs waits until woken", async () => {
    const log = logWith();
    setTimeout(() => log.append(T, { value: "x" }), 20);
    const { records } = await log.fetch(T, 0, 0, { maxRecords: 10, maxWaitMs: Infinity });
    expect(records).toHaveLength(1);
  });
});
