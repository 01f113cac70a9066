// sdfRead on Beam's own direct runner (apache-beam 2.49.0): file reads split into pieces, a
// bounded log read, a connector written in this file, event-time windows downstream, and
// failures that end the pipeline naming the element and restriction.
import "apache-beam";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PCollection } from "apache-beam/pvalue";
import { directRunner } from "apache-beam/runners/direct_runner";
import { assertDeepEqual } from "apache-beam/testing/assert";
import { create } from "apache-beam/transforms/create";
import { countPerElement } from "apache-beam/transforms/group_and_combine";
import { windowParam } from "apache-beam/transforms/pardo";
import { withName } from "apache-beam/transforms/transform";
import { windowInto } from "apache-beam/transforms/window";
import { fixedWindows } from "apache-beam/transforms/windowings";
import type { IntervalWindow } from "apache-beam/values";
import { afterAll, describe, expect, it } from "vitest";
import { sdfRead } from "../../src/beam/index.js";
import { TextFileSource } from "../../connectors/files/index.js";
import { LogSource, MemoryLog } from "../../connectors/log/index.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import { ProcessContinuation } from "../../src/sdf/ProcessContinuation.js";
import type { ProcessContext } from "../../src/sdf/ProcessContext.js";
import { SplittableDoFn } from "../../src/sdf/SplittableDoFn.js";

const dir = mkdtempSync(join(tmpdir(), "sdfkit-beam-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What a user writes: numbers [0, n) for element n, stamped at n × 1000 + i seconds' worth of
 * ms, split in tens, and stopping every 7 numbers with a resume (a self-checkpoint).
 */
class Ticks extends SplittableDoFn<number, { n: number; i: number }, OffsetRange> {
  override initialRestriction(n: number): OffsetRange {
    return new OffsetRange(0, n);
  }
  override splitRestriction(_n: number, range: OffsetRange): OffsetRange[] {
    return range.split(10);
  }
  override newTracker(_n: number, range: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(range);
  }
  override async processElement(ctx: ProcessContext<number, { n: number; i: number }, OffsetRange, number, unknown>): Promise<ProcessContinuation> {
    const start = ctx.tracker.currentRestriction().from;
    for (let i = start; ctx.tracker.tryClaim(i); i++) {
      await ctx.output({ n: ctx.element, i }, i * 30_000);
      if (i - start === 6) return ProcessContinuation.resume();
    }
    return ProcessContinuation.stop();
  }
}

function run(build: (root: Parameters<Parameters<ReturnType<typeof directRunner>["run"]>[0]>[0]) => void): Promise<unknown> {
  return directRunner().run(build);
}

describe("sdfRead on Beam's direct runner", () => {
  it("reads text files split into pieces: every line once, compared with Beam's assertDeepEqual", async () => {
    const expected: string[] = [];
    for (let f = 0; f < 3; f++) {
      const lines = Array.from({ length: 500 }, (_, i) => `f${f}-${i}`);
      expected.push(...lines);
      writeFileSync(join(dir, `part-${f}.txt`), lines.join("\n") + "\n");
    }
    await run((root) => {
      root.apply(create([join(dir, "part-*.txt")])).apply(sdfRead(new TextFileSource({ desiredSplitSize: 1024 }))).apply(assertDeepEqual(expected));
    });
  });

  it("a wrong expectation fails the pipeline (the assertion is live)", async () => {
    writeFileSync(join(dir, "one.txt"), "a\nb\n");
    await expect(run((root) => {
      root.apply(create([join(dir, "one.txt")])).apply(sdfRead(new TextFileSource())).apply(assertDeepEqual(["a", "b", "c"]));
    })).rejects.toThrow();
  });

  it("reads a bounded LogSource (until: latest) over a MemoryLog topic of 3 partitions", async () => {
    const log = new MemoryLog();
    log.createTopic("orders", 3);
    const records = Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, value: `order-${i}`, timestamp: 1_700_000_000_000 + i }));
    log.append("orders", records);
    const source = new LogSource({ log, until: "latest", decodeKey: "string", decodeValue: "string" });
    await run((root) => {
      root
        .apply(create(["orders"]))
        .apply(sdfRead(source))
        .map(withName("value", (m: { value: string | null }) => m.value ?? ""))
        .apply(assertDeepEqual(records.map((r) => r.value)));
    });
  });

  it("runs a connector defined in a test module, resumes included, and its timestamps drive fixed windows downstream", async () => {
    // Element 30: ticks 0..29 at i × 30 s, so 60 s windows hold two ticks each (15 windows).
    const expected = Array.from({ length: 15 }, (_, w) => ({ window: w * 60_000, count: 2 }));
    const windowStart = (counted: { element: number; count: number }, ctx: { window: { lookup(): IntervalWindow } }) => ({
      window: ctx.window.lookup().start.toNumber(),
      count: counted.count,
    });
    await run((root) => {
      const ticks: PCollection<{ n: number; i: number }> = root.apply(create([30])).apply(sdfRead(new Ticks()));
      ticks
        .map(withName("element", (t: { n: number; i: number }) => t.n))
        .apply(windowInto(fixedWindows(60)))
        .apply(countPerElement())
        .map(withName("windowStart", windowStart), { window: windowParam() as unknown as { lookup(): IntervalWindow } })
        .apply(assertDeepEqual(expected));
    });
  });

  it("a source failure fails the pipeline with a WorkItemFailedError naming the element and restriction", async () => {
    const missing = join(dir, "no-such-*.txt");
    await expect(run((root) => {
      root.apply(create([missing])).apply(sdfRead(new TextFileSource()));
    })).rejects.toThrow(new RegExp(`element "${missing.replace(/[.*]/g, "\\$&")}".*No input matches`));
  });
});
