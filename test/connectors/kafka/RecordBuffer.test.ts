import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordBuffer } from "../../../connectors/kafka/RecordBuffer.js";
import type { LogRecord } from "../../../connectors/log/LogRecord.js";

function record(offset: number): LogRecord {
  return { offset, timestamp: 1000 + offset, key: null, value: Buffer.from(`v${offset}`), headers: {} };
}

function range(from: number, to: number): LogRecord[] {
  return Array.from({ length: to - from }, (_, i) => record(from + i));
}

const offsetsOf = (records: readonly LogRecord[]): number[] => records.map((r) => r.offset);

describe("RecordBuffer", () => {
  it("hands out records in order, at most maxRecords at a time", () => {
    const buffer = new RecordBuffer(0);
    expect(buffer.append(0, range(0, 10), 9, true)).toBe(true);
    // Check: nextOffset follows the last record handed out.
    const first = buffer.take(0, 4);
    expect(offsetsOf(first.records)).toEqual([0, 1, 2, 3]);
    expect(first.nextOffset).toBe(4);
    const rest = buffer.take(4, 100);
    expect(offsetsOf(rest.records)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(rest.nextOffset).toBe(10);
    expect(buffer.size).toBe(0);
  });

  it("repeat: the records of the last take are served again without a seek", () => {
    const buffer = new RecordBuffer(0);
    buffer.append(0, range(0, 10), 9, true);
    buffer.take(0, 4);
    expect(buffer.size).toBe(6); // handed out: no longer held against the limit
    expect(buffer.covers(2)).toBe(true); // a checkpoint resumed at 2
    expect(offsetsOf(buffer.take(2, 3).records)).toEqual([2, 3, 4]);
    expect(buffer.covers(1)).toBe(false); // below the last take: dropped
  });

  it("nothing_known: take returns nothing and the offset asked for", () => {
    expect(new RecordBuffer(7).take(7, 10)).toEqual({ records: [], nextOffset: 7 });
  });

  it("drops records below the offset asked for", () => {
    const buffer = new RecordBuffer(0);
    buffer.append(0, range(0, 10), 9, true);
    expect(offsetsOf(buffer.take(6, 2).records)).toEqual([6, 7]);
    expect(buffer.covers(5)).toBe(false); // dropped: a read from 5 needs a seek
    expect(buffer.covers(8)).toBe(true);
  });

  it("marker_at_end: nextOffset steps over a trailing transaction marker", () => {
    const buffer = new RecordBuffer(0);
    buffer.append(0, range(0, 5), 5, true); // records 0–4, commit marker at 5
    const result = buffer.take(0, 100);
    expect(offsetsOf(result.records)).toEqual([0, 1, 2, 3, 4]);
    expect(result.nextOffset).toBe(6);
  });

  it("markers_only: a batch with nothing readable moves the end", () => {
    const buffer = new RecordBuffer(6);
    expect(buffer.append(6, [], 11, false)).toBe(true); // aborted 6–10, abort marker 11
    expect(buffer.take(6, 10)).toEqual({ records: [], nextOffset: 12 });
  });

  it("gaps: compacted offsets are skipped, a read from a gap starts at the next record", () => {
    const buffer = new RecordBuffer(0);
    buffer.append(0, [record(0), record(3), record(9)], 9, true);
    const result = buffer.take(1, 1);
    expect(offsetsOf(result.records)).toEqual([3]);
    expect(result.nextOffset).toBe(9); // the next buffered record: 4–8 hold nothing
  });

  it("stale_ahead: a batch starting past the end is ignored unless vouched for", () => {
    const buffer = new RecordBuffer(100);
    expect(buffer.append(200, range(200, 210), 209, false)).toBe(false);
    expect(buffer.end).toBe(100);
    expect(buffer.append(150, range(150, 160), 159, true)).toBe(true); // the consumer skipped 100–149: nothing there
    expect(offsetsOf(buffer.take(100, 3).records)).toEqual([150, 151, 152]);
  });

  it("stale_behind: a batch from before a seek still fills what it covers", () => {
    const buffer = new RecordBuffer(0);
    buffer.reset(50); // sought to 50 while a batch of 0–99 was in flight
    expect(buffer.append(0, range(0, 100), 99, false)).toBe(true);
    expect(offsetsOf(buffer.take(50, 3).records)).toEqual([50, 51, 52]);
    expect(buffer.end).toBe(100);
  });

  it("duplicate: a batch that adds nothing new leaves the buffer as it was", () => {
    const buffer = new RecordBuffer(0);
    buffer.append(0, range(0, 10), 9, true);
    buffer.append(5, range(5, 10), 9, true);
    expect(offsetsOf(buffer.take(0, 100).records)).toEqual(range(0, 10).map((r) => r.offset));
  });

  it("reset forgets everything", () => {
    const buffer = new RecordBuffer(0);
    buffer.append(0, range(0, 10), 9, true);
    buffer.reset(500);
    expect({ start: buffer.start, end: buffer.end, size: buffer.size }).toEqual({ start: 500, end: 500, size: 0 });
  });

  it("a sequential read through any batching and gaps returns every readable record once, in order", () => {
    // A log: offsets 0..n-1, some readable, the rest gaps (markers, aborted, compacted).
    const logArb = fc.array(fc.boolean(), { minLength: 1, maxLength: 300 }).map((readable) => readable.flatMap((yes, offset) => (yes ? [offset] : [])));
    fc.assert(
      fc.property(logArb, fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 17 }), (readable, length, batchSize, maxRecords) => {
        const end = Math.max(length, (readable[readable.length - 1] ?? -1) + 1);
        const buffer = new RecordBuffer(0);
        // The consumer fetches from where it is: each batch covers [from, from + batchSize).
        for (let from = 0; from < end; from += batchSize) {
          const last = Math.min(end, from + batchSize) - 1;
          buffer.append(from, readable.filter((o) => o >= from && o <= last).map(record), last, true);
        }
        const read: number[] = [];
        let next = 0;
        while (next < end) {
          const result = buffer.take(next, maxRecords);
          // Check: progress on every take, never more than asked, never below the offset.
          expect(result.nextOffset).toBeGreaterThan(next);
          expect(result.records.length).toBeLessThanOrEqual(maxRecords);
          read.push(...offsetsOf(result.records));
          next = result.nextOffset;
        }
        expect(read).toEqual(readable);
        expect(next).toBe(end);
      }),
      { numRuns: 100 },
    );
  });
});
