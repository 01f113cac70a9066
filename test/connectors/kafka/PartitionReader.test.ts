// PartitionReader against a scripted kafkajs cluster: the orderings a real broker produces only
// by chance (a response in flight across a seek, whole batches from below the offset asked
// for, aborted transactions, retention) played deterministically.
import { describe, expect, it } from "vitest";
import { PartitionReader } from "../../../connectors/kafka/PartitionReader.js";
import { readableRecords } from "../../../connectors/kafka/readableRecords.js";
import type { RawRecord } from "../../../connectors/kafka/kafkaCluster.js";
import { batch, ScriptedCluster } from "./scriptedKafka.js";

function startReader(offset: number | undefined, maxBufferedRecords = 1000): { reader: PartitionReader; cluster: ScriptedCluster } {
  const cluster = new ScriptedCluster();
  const reader = new PartitionReader(() => cluster, "t", 0, offset, { readCommitted: true, maxBufferedRecords });
  return { reader, cluster };
}

const offsets = (result: { records: readonly { offset: number }[] }): number[] => result.records.map((r) => r.offset);
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** A transactional batch of one producer, and its marker. */
function txn(producerId: string, from: number, to: number, abort: boolean): RawRecord[] {
  const context = { firstOffset: String(from), lastOffsetDelta: to - from - 1, producerId, inTransaction: true };
  const records: RawRecord[] = range(from, to).map((offset) => ({ offset: String(offset), timestamp: "0", key: null, value: Buffer.from("x"), headers: {}, batchContext: context }));
  const marker: RawRecord = { offset: String(to), timestamp: "0", key: Buffer.from([0, 0, 0, abort ? 0 : 1]), value: null, isControlRecord: true, batchContext: { firstOffset: String(to), lastOffsetDelta: 0, producerId, inTransaction: true } };
  return [...records, marker];
}

describe("PartitionReader", () => {
  it("fetches from the offset asked for, read_committed, and serves what came", async () => {
    const { reader, cluster } = startReader(40);
    const pending = reader.fetch(40, 5, 5000);
    const request = await cluster.next();
    expect(request.offset).toBe(40);
    expect(cluster.isolation).toEqual([1]);
    request.respond({ messages: batch(range(30, 60)) }); // a whole batch from below 40
    expect(offsets(await pending)).toEqual([40, 41, 42, 43, 44]);
    expect(await reader.fetch(45, 100, 0)).toMatchObject({ nextOffset: 60 });
    expect((await cluster.next()).offset).toBe(60); // fetching on from the end
    await reader.close();
  });

  it("resets on a fetch the buffer does not continue at; a response from before that extends it only where it covers it", async () => {
    const { reader, cluster } = startReader(0);
    (await cluster.next()).respond({ messages: batch(range(0, 10)) });
    expect(offsets(await reader.fetch(0, 100, 1000))).toEqual(range(0, 10));
    expect(await reader.fetch(10, 100, 0)).toEqual({ records: [], nextOffset: 10 }); // 0–9 dropped now
    const inFlight = await cluster.next(); // from 10
    const back = reader.fetch(2, 3, 5000); // dropped since: reset to 2
    await new Promise((resolve) => setTimeout(resolve, 0));
    inFlight.respond({ messages: batch(range(10, 20)) }); // fetched from 10 > 2: must not hide 2–9
    const next = await cluster.next();
    expect(next.offset).toBe(2);
    next.respond({ messages: batch(range(0, 12)) });
    expect(offsets(await back)).toEqual([2, 3, 4]);
    await reader.close();
  });

  it("stops fetching once the buffer is full (plus the one response sent ahead) and goes on once records are taken", async () => {
    const { reader, cluster } = startReader(0, 10);
    (await cluster.next()).respond({ messages: batch(range(0, 10)) });
    const ahead = await cluster.next(); // sent before the first response was buffered
    expect(ahead.offset).toBe(10);
    ahead.respond({ messages: batch(range(10, 20)) });
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Check: 20 buffered >= 10: nothing more is fetched.
    expect(cluster.fetches).toHaveLength(0);
    expect(offsets(await reader.fetch(0, 20, 0))).toEqual(range(0, 20));
    expect((await cluster.next()).offset).toBe(20);
    await reader.close();
  });

  it("moves on to the earliest offset after OFFSET_OUT_OF_RANGE below the log start (retention)", async () => {
    const { reader, cluster } = startReader(3);
    cluster.offsets = { earliest: 100, latest: 120 };
    (await cluster.next()).fail(Object.assign(new Error("out of range"), { name: "KafkaJSOffsetOutOfRange" }));
    const request = await cluster.next();
    expect(request.offset).toBe(100);
    request.respond({ messages: batch([100, 101]) });
    expect(await reader.fetch(3, 10, 1000)).toEqual({ records: [], nextOffset: 100 }); // 3–99 are gone
    expect(offsets(await reader.fetch(100, 10, 1000))).toEqual([100, 101]);
    await reader.close();
  });

  it("counts silence only while a Fetch is outstanding: not while prepared, not while the buffer is full", async () => {
    let now = 1_000_000;
    const realNow = Date.now;
    Date.now = () => now;
    try {
      const { reader, cluster } = startReader(undefined, 10);
      now += 60_000; // prepared long before its first fetch
      const first = reader.fetch(0, 10, 1000);
      const request = await cluster.next();
      // Check: positioned just now, so no silence yet.
      expect(reader.silentForMs()).toBe(0);
      request.respond({ messages: batch(range(0, 10)) });
      (await cluster.next()).respond({ messages: batch(range(10, 20)) }); // the one sent ahead: now full
      expect(offsets(await first)).toEqual(range(0, 10));
      now += 60_000; // a slow consumer: the buffer stays full, nothing is asked
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(reader.silentForMs()).toBeLessThan(60_000);
      await reader.close();
    } finally {
      Date.now = realNow;
    }
  });

  it("a reader made without an offset connects at once and fetches where its first fetch asks", async () => {
    const { reader, cluster } = startReader(undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cluster.connected).toBe(1);
    expect(cluster.requested).toEqual([]);
    const pending = reader.fetch(7, 10, 1000);
    (await cluster.next()).respond({ messages: batch([7]) });
    expect(offsets(await pending)).toEqual([7]);
    await reader.close();
  });
});

describe("readableRecords", () => {
  it("drops records below the offset asked for, control records and aborted transactions; last covers the markers", () => {
    const messages = [...batch([0, 1, 2]), ...txn("7", 3, 6, true), ...txn("8", 7, 9, false), ...batch([10])];
    const aborted = [{ producerId: "7", firstOffset: "3" }];
    const { readable, last } = readableRecords({ partition: 0, errorCode: 0, highWatermark: "11", lastStableOffset: "11", abortedTransactions: aborted, messages }, 1, true);
    // Check: 0 below the start; 3–5 aborted; 6 and 9 markers.
    expect(readable.map((r) => Number(r.offset))).toEqual([1, 2, 7, 8, 10]);
    expect(last).toBe(10);
  });

  it("keeps aborted records when reading uncommitted, and says nothing came for an empty response", () => {
    const messages = txn("7", 3, 6, true);
    const data = { partition: 0, errorCode: 0, highWatermark: "7", lastStableOffset: "7", abortedTransactions: [{ producerId: "7", firstOffset: "3" }], messages };
    expect(readableRecords(data, 3, false).readable.map((r) => Number(r.offset))).toEqual([3, 4, 5]);
    expect(readableRecords({ ...data, messages: [] }, 3, true)).toEqual({ readable: [], last: 2 });
  });
});
