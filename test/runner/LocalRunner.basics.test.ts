import { describe, expect, it, vi } from "vitest";
import { LocalRunner, MIN_TIMESTAMP, OffsetRange, type RunProgress } from "../../src/index.js";
import { CountingSdf } from "../helpers/CountingSdf.js";
import { KeyedCountSdf, expectedRecords, parseElement } from "./fixtures/KeyedCountSdf.js";
import { ProgressLog, activeTimeouts, nextTurn, sorted } from "./fixtures/helpers.js";

const COUNTERS = ["records", "workItemsDone", "initialSplits", "dynamicSplits", "checkpoints", "resumes"] as const;

function expectCountersNeverDecrease(snapshots: readonly RunProgress[]): void {
  for (let i = 1; i < snapshots.length; i++) {
    for (const counter of COUNTERS) {
      // Check: RunProgress counters only grow.
      expect(snapshots[i]![counter], `${counter} at snapshot ${i}`).toBeGreaterThanOrEqual(snapshots[i - 1]![counter]);
    }
  }
}

describe("LocalRunner basics", () => {
  it("collect_outputs_every_record: one element per integer range, exactly once each", async () => {
    const out = await new LocalRunner({ parallelism: 2 }).collect(new CountingSdf(), [5, 3, 0, 1]);
    // Check: the multiset equals what unsplit reads output.
    expect(sorted(out.map(String))).toEqual(sorted([0, 1, 2, 3, 4, 0, 1, 2, 0].map(String)));
  });

  it("run_is_an_async_iterable that yields the same records as collect", async () => {
    const elements = ["a:25", "b:7", "c:40"];
    const got: string[] = [];
    for await (const record of new LocalRunner({ parallelism: 3 }).run(new KeyedCountSdf(), elements)) got.push(record);
    expect(sorted(got)).toEqual(expectedRecords(elements));
  });

  it("no_elements: an empty input ends the run with no records", async () => {
    const log = new ProgressLog();
    const out = await new LocalRunner({ onProgress: log.onProgress }).collect(new KeyedCountSdf(), []);
    expect(out).toEqual([]);
    expect(log.last().records).toBe(0);
    expect(log.last().workItemsPending).toBe(0);
  });

  it("empty_restrictions: elements with nothing to read output nothing and do not stall the run", async () => {
    const out = await new LocalRunner({ parallelism: 2 }).collect(new KeyedCountSdf(), ["a:0", "b:3", "c:0"]);
    expect(sorted(out)).toEqual(["b#0", "b#1", "b#2"]);
  });

  it("async_iterable_elements are read", async () => {
    async function* elements(): AsyncGenerator<string> {
      for (const e of ["a:10", "b:20", "c:5"]) {
        await nextTurn();
        yield e;
      }
    }
    const out = await new LocalRunner({ parallelism: 2 }).collect(new KeyedCountSdf(), elements());
    expect(sorted(out)).toEqual(expectedRecords(["a:10", "b:20", "c:5"]));
  });

  it("initial_splits: progress counts the pieces of splitRestriction", async () => {
    const elements = ["a:30", "b:17", "c:5", "d:99"];
    const log = new ProgressLog();
    const out = await new LocalRunner({ parallelism: 2, onProgress: log.onProgress }).collect(
      new KeyedCountSdf({ splitSize: 10 }),
      elements,
    );
    const pieces = elements.reduce((sum, e) => sum + new OffsetRange(0, parseElement(e).n).split(10).length, 0);
    // Check: 3 + 2 + 1 + 10 pieces; the output is unchanged by the splitting.
    expect(log.last().initialSplits).toBe(pieces);
    expect(sorted(out)).toEqual(expectedRecords(elements));
    // Check: every initial piece is a work item that was finished.
    expect(log.last().workItemsDone).toBeGreaterThanOrEqual(pieces);
  });

  it("progress_at_the_end: final counts, nothing pending, no backlog, lineage of every element", async () => {
    const elements = ["alpha:12", "beta:30", "gamma:1"];
    const log = new ProgressLog();
    const out = await new LocalRunner({ parallelism: 2, checkpointAfterOutputs: 7, onProgress: log.onProgress }).collect(
      new KeyedCountSdf(),
      elements,
    );
    const last = log.last();
    expect(last.records).toBe(out.length);
    expect(last.records).toBe(43);
    expect(last.workItemsPending).toBe(0);
    expect(last.backlog).toBe(0);
    // Check: lineage comes from SplittableDoFn.lineage (here `mem://key`).
    expect(last.sources).toEqual(expect.arrayContaining(["mem://alpha", "mem://beta", "mem://gamma"]));
    expectCountersNeverDecrease(log.snapshots);
  });

  it("default_lineage is String(element)", async () => {
    const log = new ProgressLog();
    await new LocalRunner({ onProgress: log.onProgress }).collect(new CountingSdf(), [4, 9]);
    expect(log.last().sources).toEqual(expect.arrayContaining(["4", "9"]));
  });

  it("watermark_never_decreases over every progress report, and stays within range", async () => {
    const log = new ProgressLog();
    const sdf = new KeyedCountSdf({
      // Interleaved, non-monotone timestamps across elements; monotone within each.
      timestampOf: (element, p) => (element.startsWith("a") ? 1_000 : 500) + p * 10,
      afterClaim: (_e, p) => (p % 5 === 0 ? nextTurn() : undefined),
    });
    await new LocalRunner({ parallelism: 2, checkpointAfterOutputs: 4, onProgress: log.onProgress }).collect(sdf, [
      "a:60",
      "b:80",
    ]);
    expect(log.snapshots.length).toBeGreaterThan(0);
    for (let i = 0; i < log.snapshots.length; i++) {
      expect(log.snapshots[i]!.watermark).toBeGreaterThanOrEqual(MIN_TIMESTAMP);
      if (i > 0) expect(log.snapshots[i]!.watermark).toBeGreaterThanOrEqual(log.snapshots[i - 1]!.watermark);
    }
  });

  it("no_open_timers: after collect() resolves no more Timeout handles are active than before", async () => {
    const before = activeTimeouts();
    const log = new ProgressLog();
    const sdf = new KeyedCountSdf({
      afterClaim: (_e, p) => (p % 3 === 0 ? new Promise<void>((resolve) => setTimeout(resolve, 1)) : undefined),
    });
    const out = await new LocalRunner({
      parallelism: 3,
      checkpointAfterMs: 5,
      checkpointAfterOutputs: 9,
      onProgress: log.onProgress,
    }).collect(sdf, ["a:30", "b:20", "c:25"]);
    expect(out).toHaveLength(75);
    // Check: the progress timer, checkpoint timers and resume timers were all cleared.
    expect(activeTimeouts()).toBeLessThanOrEqual(before);
  });

  it("lifecycle: setup and teardown are paired", async () => {
    const sdf = new KeyedCountSdf();
    await new LocalRunner({ parallelism: 3 }).collect(sdf, ["a:10", "b:10", "c:10", "d:10"]);
    // Check: setup runs once per worker (at most `parallelism` times), teardown once per setup.
    expect(sdf.stats.setups).toBeGreaterThanOrEqual(1);
    expect(sdf.stats.setups).toBeLessThanOrEqual(3);
    await vi.waitFor(() => expect(sdf.stats.teardowns).toBe(sdf.stats.setups), { timeout: 5_000 });
  });
});
