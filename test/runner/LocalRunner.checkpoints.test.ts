import { describe, expect, it, vi } from "vitest";
import { LocalRunner, MIN_TIMESTAMP, ProcessContinuation } from "../../src/index.js";
import { KeyedCountSdf, expectedRecords } from "./fixtures/KeyedCountSdf.js";
import { TailingSdf } from "./fixtures/TailingSdf.js";
import { ProgressLog, sleep, sorted } from "./fixtures/helpers.js";

/** One worker, no rebalancing: every checkpoint and resume is the one the test asks for. */
const SERIAL = { parallelism: 1, dynamicSplitting: false } as const;

describe("LocalRunner checkpoints", () => {
  it("checkpoint_after_outputs: bundles are cut and resumed, the output is unchanged", async () => {
    const elements = ["a:100", "b:37"];
    const log = new ProgressLog();
    const sdf = new KeyedCountSdf();
    const out = await new LocalRunner({ ...SERIAL, checkpointAfterOutputs: 10, onProgress: log.onProgress }).collect(
      sdf,
      elements,
    );
    expect(sorted(out)).toEqual(expectedRecords(elements));
    // Check: [0,100) cut every 10 outputs leaves 9 or 10 residuals, [0,37) 3 or 4.
    expect(log.last().checkpoints).toBeGreaterThanOrEqual(12);
    expect(log.last().resumes).toBeGreaterThanOrEqual(12);
    expect(log.last().resumes).toBeLessThanOrEqual(log.last().checkpoints);
    expect(sdf.stats.processCalls).toBeGreaterThanOrEqual(14);
  });

  it("checkpoint_after_ms: a slow bundle is cut by time and resumed, the output is unchanged", async () => {
    const log = new ProgressLog();
    // Each claim takes >= 2 ms of real time, so 40 claims take >= 80 ms: well past a 10 ms bound.
    const sdf = new KeyedCountSdf({ afterClaim: () => sleep(2) });
    const out = await new LocalRunner({
      ...SERIAL,
      checkpointAfterMs: 10,
      checkpointAfterOutputs: 1_000_000,
      onProgress: log.onProgress,
    }).collect(sdf, ["a:40"]);
    expect(sorted(out)).toEqual(expectedRecords(["a:40"]));
    expect(log.last().checkpoints).toBeGreaterThan(0);
    expect(log.last().resumes).toBeGreaterThan(0);
  });

  it("self_checkpoint: resume() after each claim counts one checkpoint and one resume per residual", async () => {
    const log = new ProgressLog();
    const sdf = new KeyedCountSdf({ returnAfterClaims: { claims: 1, continuation: () => ProcessContinuation.resume() } });
    const out = await new LocalRunner({
      ...SERIAL,
      checkpointAfterOutputs: 1_000_000,
      checkpointAfterMs: 600_000,
      onProgress: log.onProgress,
    }).collect(sdf, ["a:5"]);
    expect(sorted(out)).toEqual(expectedRecords(["a:5"]));
    // Check: calls on [0,5) [1,5) [2,5) [3,5) [4,5); the last resume() leaves no residual.
    expect(sdf.stats.processCalls).toBe(5);
    expect(log.last().checkpoints).toBe(4);
    expect(log.last().resumes).toBe(4);
  });

  it("resume_delay: a residual resumes no earlier than its delay", async () => {
    const delayMs = 40;
    const starts: number[] = [];
    const ends: number[] = [];
    class Timed extends KeyedCountSdf {
      override async processElement(ctx: Parameters<KeyedCountSdf["processElement"]>[0]) {
        starts.push(performance.now());
        try {
          return await super.processElement(ctx);
        } finally {
          ends.push(performance.now());
        }
      }
    }
    const sdf = new Timed({
      returnAfterClaims: { claims: 2, continuation: () => ProcessContinuation.resume().withResumeDelay(delayMs) },
    });
    const out = await new LocalRunner({ ...SERIAL }).collect(sdf, ["a:6"]);
    expect(sorted(out)).toEqual(expectedRecords(["a:6"]));
    expect(starts.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < starts.length; i++) {
      // Check: a lower bound only. 3 ms of slack: Node timers count from the event loop's cached
      // time, so a timer may fire a little before the full delay by performance.now.
      expect(starts[i]! - ends[i - 1]!).toBeGreaterThanOrEqual(delayMs - 3);
    }
  });

  it("idle_polling_does_not_busy_loop: a caught-up source with a 50 ms resume delay is called rarely", async () => {
    const sdf = new TailingSdf({ available: () => 0, pollDelayMs: 50 });
    const runner = new LocalRunner({ parallelism: 2 });
    const done = runner.collect(sdf, ["idle"]);
    await sleep(200);
    const calls = sdf.stats.processCalls;
    runner.drain();
    expect(await done).toEqual([]);
    // Check: about 200 / 50 = 4 polls; a busy loop would make thousands.
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(10);
  });

  it("watermark_advances: an unbounded source with timestamps moves the watermark while it runs", async () => {
    const log = new ProgressLog();
    const base = 1_700_000_000_000;
    const sdf = new TailingSdf({
      available: () => 50,
      pollDelayMs: 20,
      resumeEveryClaims: 7,
      timestampOf: (p) => base + p * 1_000,
    });
    const runner = new LocalRunner({ parallelism: 1, onProgress: log.onProgress });
    const done = runner.collect(sdf, ["topic"]);
    // Progress comes at least once a second; the cap only prevents a hang.
    await vi.waitFor(() => expect(log.some((s) => s.watermark > MIN_TIMESTAMP)).toBe(true), { timeout: 10_000 });
    const beforeDrain = log.snapshots.length;
    runner.drain();
    const out = await done;
    expect(sorted(out)).toEqual(sorted(Array.from({ length: 50 }, (_, p) => `topic@${p}`)));
    // Check: before the drain, with work pending, the watermark (the minimum hold of pending
    // work) never passed the newest timestamp read.
    const live = log.snapshots.slice(0, beforeDrain).filter((s) => s.workItemsPending > 0);
    for (const s of live) expect(s.watermark).toBeLessThanOrEqual(base + 49 * 1_000);
    for (let i = 1; i < log.snapshots.length; i++) {
      expect(log.snapshots[i]!.watermark).toBeGreaterThanOrEqual(log.snapshots[i - 1]!.watermark);
    }
  });
});
