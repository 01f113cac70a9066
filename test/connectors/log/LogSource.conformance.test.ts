import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LogSource } from "../../../connectors/log/LogSource.js";
import type { LogMessage } from "../../../connectors/log/LogMessage.js";
import { MemoryLog } from "../../../connectors/log/memory/MemoryLog.js";
import { checkSourceConformance } from "../../../testkit/index.js";
import { expectConformance } from "../../../testkit/vitest.js";

/** How one generated partition is filled: record values, with gaps and compaction. */
interface PartitionPlan {
  readonly records: readonly { key: string | null; value: string; gapBefore: number }[];
  readonly compact: boolean;
}

const partitionPlan: fc.Arbitrary<PartitionPlan> = fc.record({
  records: fc.array(fc.record({ key: fc.option(fc.constantFrom("a", "b", "c", "d"), { nil: null }), value: fc.string({ maxLength: 6 }), gapBefore: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 })) }), { maxLength: 40 }),
  compact: fc.boolean(),
});

function buildLog(plans: readonly PartitionPlan[]): { log: MemoryLog; stored: string[] } {
  const log = new MemoryLog({ now: () => 1_700_000_000_000 });
  log.createTopic("t", plans.length);
  plans.forEach((plan, partition) => {
    plan.records.forEach((record, i) => {
      if (record.gapBefore > 0) log.skipOffsets("t", partition, record.gapBefore);
      log.append("t", { partition, key: record.key, value: `${partition}:${i}:${record.value}`, timestamp: 1_700_000_000_000 + i });
    });
    if (plan.compact) log.compact("t", partition);
  });
  return { log, stored: [] };
}

const keyOf = (m: LogMessage): string => `${m.partition}/${m.offset}/${m.value?.toString("utf8") ?? "null"}`;

describe("LogSource over MemoryLog: checkSourceConformance", () => {
  it("any split, checkpoint and resume schedule reads every record of every partition exactly once, in offset order per partition (600 runs over 12 generated logs)", async () => {
    const logs = fc.sample(fc.array(partitionPlan, { minLength: 1, maxLength: 4 }), { numRuns: 12, seed: 7_2026 });
    let runs = 0;
    for (const [index, plans] of logs.entries()) {
      const { log } = buildLog(plans);
      const expected: LogMessage[] = [];
      for (let partition = 0; partition < plans.length; partition++) {
        const { latest } = await log.offsets("t", partition);
        const { records } = await log.fetch("t", partition, 0, { maxRecords: latest + 1, maxWaitMs: 0 });
        for (const r of records) expected.push({ topic: "t", partition, offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers });
      }
      const report = await checkSourceConformance<string, LogMessage>({
        sdf: () => new LogSource({ log, until: "latest", fetchWaitMs: 0, pollIntervalMs: 0, maxRecordsPerFetch: 1 + (index % 5) }),
        elements: ["t"],
        expected,
        keyOf,
        orderOf: (m) => ({ group: String(m.partition), position: m.offset }),
        numRuns: 50,
        seed: 4_2026 + index,
      });
      expectConformance(report, `log ${index}: ${plans.map((p) => p.records.length).join("/")} records`);
      runs += report.runs;
    }
    expect(runs).toBe(600);
  });
});
