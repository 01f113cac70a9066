// Beam pipelines at the sizes users have, on each portable engine: a 405,001-line read whose
// ids are beyond 2^31, summed and counted exactly through combines; one group of every line
// (a data frame far over gRPC's 4 MB default); per-key sums over 8 keys; and records with
// epoch-ms timestamps, Kafka offsets, bigints and Buffers through a shuffle, compared field by
// field. Each fails without one of sdfkit's apache-beam mends (see beam/mends/).
import "apache-beam";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, sum } from "apache-beam/transforms/combiners";
import { create } from "apache-beam/transforms/create";
import { groupBy, groupGlobally } from "apache-beam/transforms/group_and_combine";
import { withName } from "apache-beam/transforms/transform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataChannelStats, sdfRead } from "../../../beam/index.js";
import { TextFileSource } from "../../../connectors/files/index.js";
import { ENGINES, recordTo, resetSinks } from "./portableHelpers.js";

const LINES = 405_001;
const FIRST_ID = 3_000_000_000;
const KEYS = 8;
const RECORD_BATCHES = 20;
const RECORDS_PER_BATCH = 1_000;

const dir = mkdtempSync(join(tmpdir(), "sdfkit-portable-sizes-"));
const path = join(dir, "ids.txt");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const out = createWriteStream(path);
  for (let i = 0; i < LINES; i += 10_000) {
    const batch: string[] = [];
    for (let j = i; j < Math.min(LINES, i + 10_000); j++) batch.push(`${FIRST_ID + j},k${j % KEYS},${"x".repeat(24)}`);
    if (!out.write(batch.join("\n") + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}, 60_000);

/** `3000000007,k7,xxx…` → `{ id, key }` (runs in the worker). */
function parseLine(line: string): { id: number; key: string } {
  const [id, key] = line.split(",");
  return { id: Number(id), key: key! };
}

/** Every fourth id (101,251 of them), for the `groupGlobally()` group. */
function everyFourthId(row: { id: number }): number[] {
  return row.id % 4 === 0 ? [row.id] : [];
}

function everything(): string {
  return "all";
}

/** A group's size, sum, extremes and distinct count, computed where the group arrives. */
function summarize(group: { key: unknown; value: Iterable<{ id: number } | number> }): { n: number; sum: number; min: number; max: number; distinct: number } {
  const seen = new Set<number>();
  let n = 0;
  let total = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const item of group.value) {
    const id = typeof item === "number" ? item : item.id;
    n++;
    total += id;
    min = Math.min(min, id);
    max = Math.max(max, id);
    seen.add(id);
  }
  return { n, sum: total, min, max, distinct: seen.size };
}

/** `groupGlobally()`'s bare iterable as the group `summarize` takes. */
function asGroup(values: Iterable<number>): { key: null; value: Iterable<number> } {
  return { key: null, value: values };
}

/** Kafka-like records of batch `batch`: offsets beyond 2^40, epoch-ms timestamps, bigints, bytes, -0. */
function kafkaRecords(batch: number): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (let j = 0; j < 1_000; j++) {
    const i = batch * 1_000 + j;
    records.push({
      topic: "orders",
      partition: i % 8,
      offset: 2 ** 40 + i,
      timestamp: Date.UTC(2026, 11, 7, 12) + i * 1_000,
      key: `user-${i % 8}`,
      value: Buffer.from(`order ${i}`),
      headers: { trace: `t-${i}` },
      sequence: 2n ** 64n + BigInt(i),
      ratio: i / 7,
      sign: i % 2 === 0 ? -0 : 0,
      missing: i % 3 === 0 ? undefined : null,
    });
  }
  return records;
}

function valuesOfGroup(group: { value: Iterable<unknown> }): Iterable<unknown> {
  return group.value;
}

const expectedIds = { n: LINES, sum: LINES * FIRST_ID + (LINES * (LINES - 1)) / 2, min: FIRST_ID, max: FIRST_ID + LINES - 1, distinct: LINES };

function expectedPerKey(): { key: string; sum: number; n: number }[] {
  return Array.from({ length: KEYS }, (_, k) => {
    let total = 0;
    let n = 0;
    for (let i = k; i < LINES; i += KEYS) {
      total += FIRST_ID + i;
      n++;
    }
    return { key: `k${k}`, sum: total, n };
  });
}

describe.each(ENGINES)("production sizes on $name", (engine) => {
  it(`${LINES} lines with ids beyond 2^31: exact count and sum, one group of every line, per-key sums`, async () => {
    const sinks = resetSinks();
    const started = Date.now();
    const largestBefore = dataChannelStats.largestMessageBytes;
    dataChannelStats.largestMessageBytes = 0;
    await engine.runner().run((root) => {
      const rows = root
        .apply(create([path]))
        .apply(sdfRead(new TextFileSource({ desiredSplitSize: 2 * 1024 * 1024 })))
        .map(withName("parse", parseLine));
      rows
        .apply(withName("totals", groupGlobally().combining("id", sum, "sum").combining("id", count, "n")))
        .map(withName("recordTotals", recordTo), { sink: "totals" });
      rows
        .apply(withName("perKey", groupBy("key").combining("id", sum, "sum").combining("id", count, "n")))
        .map(withName("recordPerKey", recordTo), { sink: "perKey" });
      rows
        .apply(withName("oneGroup", groupBy(everything)))
        .map(withName("summarizeGroup", summarize))
        .map(withName("recordGroup", recordTo), { sink: "group" });
    });
    const largest = dataChannelStats.largestMessageBytes;
    dataChannelStats.largestMessageBytes = Math.max(largest, largestBefore);
    console.log(`[portable] ${engine.name} production sizes: ${LINES} lines in ${Date.now() - started} ms; largest data frame ${(largest / 2 ** 20).toFixed(1)} MiB`);
    expect((sinks["totals"] ?? []).map((e) => e.value)).toEqual([{ sum: expectedIds.sum, n: LINES }]);
    const perKey = (sinks["perKey"] ?? []).map((e) => e.value as { key: string }).sort((a, b) => a.key.localeCompare(b.key));
    expect(perKey).toEqual(expectedPerKey());
    expect((sinks["group"] ?? []).map((e) => e.value)).toEqual([expectedIds]);
    // The whole group reached the worker in one element: a frame far over gRPC's 4 MB default.
    expect(largest).toBeGreaterThan(4 * 1024 * 1024);
  }, 300_000);

  // A job of its own: Prism 2.77 takes minutes, not seconds, when one job holds two groups this
  // large (114 s against 7 s for either alone, the time spent in Prism itself).
  it("groupGlobally() without a combiner: one group of 101,251 ids beyond 2^31", async () => {
    const sinks = resetSinks();
    await engine.runner().run((root) => {
      root
        .apply(create([path]))
        .apply(sdfRead(new TextFileSource({ desiredSplitSize: 2 * 1024 * 1024 })))
        .map(withName("parse", parseLine))
        .flatMap(withName("everyFourthId", everyFourthId))
        .apply(withName("allIds", groupGlobally()))
        .map(withName("asGroup", asGroup))
        .map(withName("summarizeIds", summarize))
        .map(withName("recordIds", recordTo), { sink: "globalGroup" });
    });
    const ids = Array.from({ length: LINES }, (_, i) => FIRST_ID + i).filter((id) => id % 4 === 0);
    const expected = { n: ids.length, sum: ids.reduce((a, b) => a + b, 0), min: ids[0], max: ids.at(-1), distinct: ids.length };
    expect((sinks["globalGroup"] ?? []).map((e) => e.value)).toEqual([expected]);
  }, 300_000);

  it(`${RECORD_BATCHES * RECORDS_PER_BATCH} Kafka-like records through a shuffle come back field by field`, async () => {
    const sinks = resetSinks();
    await engine.runner().run((root) => {
      root
        .apply(create(Array.from({ length: RECORD_BATCHES }, (_, batch) => batch)))
        .flatMap(withName("records", kafkaRecords))
        .apply(withName("byKey", groupBy("key")))
        .flatMap(withName("ungroup", valuesOfGroup))
        .map(withName("recordRecords", recordTo), { sink: "records" });
    });
    const received = (sinks["records"] ?? []).map((e) => e.value as Record<string, unknown>).sort((a, b) => (a["offset"] as number) - (b["offset"] as number));
    const sent = Array.from({ length: RECORD_BATCHES }, (_, batch) => kafkaRecords(batch)).flat();
    expect(received).toHaveLength(sent.length);
    for (const [i, record] of sent.entries()) {
      const back = received[i]!;
      for (const [field, value] of Object.entries(record)) {
        if (typeof value === "object" && value !== null) continue;
        expect(Object.is(back[field], value), `record ${i} field ${field}: ${String(back[field])} instead of ${String(value)}`).toBe(true);
      }
      expect(Buffer.isBuffer(back["value"])).toBe(true);
      expect((back["value"] as Buffer).equals(record["value"] as Buffer)).toBe(true);
      expect(back["headers"]).toEqual(record["headers"]);
      expect("missing" in back).toBe(true);
    }
  }, 300_000);
});
