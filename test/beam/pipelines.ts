// Pipelines the Beam tests run on each runner (the direct runner in the unit project, Prism in
// the integration project): the same code, so every runner is held to the same outputs.
import "apache-beam";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PCollection, Root } from "apache-beam/pvalue";
import { assertDeepEqual } from "apache-beam/testing/assert";
import { create } from "apache-beam/transforms/create";
import { countPerElement } from "apache-beam/transforms/group_and_combine";
import { windowParam } from "apache-beam/transforms/pardo";
import { withName } from "apache-beam/transforms/transform";
import { windowInto } from "apache-beam/transforms/window";
import { fixedWindows } from "apache-beam/transforms/windowings";
import type { IntervalWindow } from "apache-beam/values";
import { sdfRead } from "../../beam/index.js";
import { TextFileSource } from "../../connectors/files/index.js";
import { LogSource, MemoryLog } from "../../connectors/log/index.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import { ProcessContinuation } from "../../src/sdf/ProcessContinuation.js";
import type { ProcessContext } from "../../src/sdf/ProcessContext.js";
import { SplittableDoFn } from "../../src/sdf/SplittableDoFn.js";

/** A pipeline body for `runner.run`. */
export type PipelineBody = (root: Root) => void;

/** One tick of {@link Ticks}. */
export interface Tick {
  readonly n: number;
  readonly i: number;
}

/**
 * What a user writes: numbers [0, n) for element n, tick i stamped at i × 30 s, split in tens,
 * and stopping after every 7 ticks with `resume()` (a self-checkpoint the expansion loops over).
 */
export class Ticks extends SplittableDoFn<number, Tick, OffsetRange> {
  override initialRestriction(n: number): OffsetRange {
    return new OffsetRange(0, n);
  }
  override splitRestriction(_n: number, range: OffsetRange): OffsetRange[] {
    return range.split(10);
  }
  override newTracker(_n: number, range: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(range);
  }
  override async processElement(ctx: ProcessContext<number, Tick, OffsetRange, number, unknown>): Promise<ProcessContinuation> {
    const start = ctx.tracker.currentRestriction().from;
    for (let i = start; ctx.tracker.tryClaim(i); i++) {
      await ctx.output({ n: ctx.element, i }, i * 30_000);
      if (i - start === 6) return ProcessContinuation.resume();
    }
    return ProcessContinuation.stop();
  }
}

/** Three text files of `linesPerFile` lines read through a glob in 1 KiB pieces; `extra` makes the expectation wrong. */
export function textFilesPipeline(dir: string, linesPerFile: number, extra: string[] = []): PipelineBody {
  const expected: string[] = [];
  for (let f = 0; f < 3; f++) {
    const lines = Array.from({ length: linesPerFile }, (_, i) => `f${f}-${i}`);
    expected.push(...lines);
    writeFileSync(join(dir, `part-${f}.txt`), lines.join("\n") + "\n");
  }
  const glob = join(dir, "part-*.txt");
  return (root) => {
    root.apply(create([glob])).apply(sdfRead(new TextFileSource({ desiredSplitSize: 1024 }))).apply(assertDeepEqual([...expected, ...extra]));
  };
}

/** A bounded `LogSource` (until latest) over a 3-partition `MemoryLog` topic of 300 records. */
export function logPipeline(): PipelineBody {
  const log = new MemoryLog();
  log.createTopic("orders", 3);
  const records = Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, value: `order-${i}`, timestamp: 1_700_000_000_000 + i }));
  log.append("orders", records);
  const source = new LogSource({ log, until: "latest", decodeKey: "string", decodeValue: "string" });
  return (root) => {
    root
      .apply(create(["orders"]))
      .apply(sdfRead(source))
      .map(withName("value", (m: { value: string | null }) => m.value ?? ""))
      .apply(assertDeepEqual(records.map((r) => r.value)));
  };
}

/** {@link Ticks} for element 30 in 60 s fixed windows: 15 windows of two ticks, by the ticks' own timestamps. */
export function windowedTicksPipeline(): PipelineBody {
  const expected = Array.from({ length: 15 }, (_, w) => ({ window: w * 60_000, count: 2 }));
  const windowStart = (counted: { element: number; count: number }, ctx: { window: { lookup(): IntervalWindow } }) => ({
    window: ctx.window.lookup().start.toNumber(),
    count: counted.count,
  });
  return (root) => {
    const ticks: PCollection<Tick> = root.apply(create([30])).apply(sdfRead(new Ticks()));
    ticks
      .map(withName("element", (t: Tick) => t.n))
      .apply(windowInto(fixedWindows(60)))
      .apply(countPerElement())
      .map(withName("windowStart", windowStart), { window: windowParam() as unknown as { lookup(): IntervalWindow } })
      .apply(assertDeepEqual(expected));
  };
}

/** A read of a glob that matches nothing: the pipeline must fail naming it. */
export function missingInputPipeline(missing: string): PipelineBody {
  return (root) => {
    root.apply(create([missing])).apply(sdfRead(new TextFileSource()));
  };
}
