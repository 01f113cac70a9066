import { describe, expect, it } from "vitest";
import {
  OffsetRange,
  OffsetRangeTracker,
  OutputOutsideClaimError,
  ProcessContinuation,
  SplittableDoFn,
  UnfinishedWorkError,
  invokeProcessElement,
  MIN_TIMESTAMP,
  type ProcessContext,
  type RunningRestriction,
} from "../../src/index.js";
import { CountingSdf } from "../helpers/CountingSdf.js";

function collectInto(sink: number[]) {
  return (value: number) => {
    sink.push(value);
  };
}

describe("invokeProcessElement", () => {
  it("output_bounded: checkpoints after maxOutputs and the residual holds the rest", async () => {
    const out: number[] = [];
    const result = await invokeProcessElement(new CountingSdf(), 10_000, new OffsetRange(0, 10_000), MIN_TIMESTAMP, {
      emit: collectInto(out),
      maxOutputs: 1000,
    });
    // Check: exactly the first 1000 positions were output, the residual starts right after them.
    expect(out).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(result.residual).toEqual(new OffsetRange(1000, 10_000));
    expect(result.outputs).toBe(1000);
    expect(result.continuation.shouldResume).toBe(false);
  });

  it("time_bounded: checkpoints maxDurationMs after the first claim, by the injected clock", async () => {
    let now = 0;
    const sdf = new CountingSdf({ afterClaim: () => void (now += 10) });
    const out: number[] = [];
    const result = await invokeProcessElement(sdf, 1000, new OffsetRange(0, 1000), MIN_TIMESTAMP, {
      emit: collectInto(out),
      maxDurationMs: 100,
      clock: () => now,
    });
    // Check: the first claim starts the clock at 0; the clock is read every 64 outputs, so the
    // 64th output (t = 640 >= 100) takes the checkpoint and is the last one.
    expect(result.residual).not.toBeNull();
    expect(result.residual!.from).toBe(out.length);
    expect(out.length).toBe(64);
    expect(result.residual!.to).toBe(1000);
  });

  it("time_bounded_with_startup_delay: time counts from the first successful claim, not the call", async () => {
    let now = 0;
    class SlowStart extends CountingSdf {
      override async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>) {
        now += 10_000; // a long open() before the first claim
        return super.processElement(ctx);
      }
    }
    const sdf = new SlowStart({ afterClaim: () => void (now += 10) });
    const out: number[] = [];
    const result = await invokeProcessElement(sdf, 1000, new OffsetRange(0, 1000), MIN_TIMESTAMP, {
      emit: collectInto(out),
      maxDurationMs: 100,
      clock: () => now,
    });
    // Check: the startup delay did not eat the budget (otherwise the first clock read would stop at 1).
    expect(out.length).toBe(64);
    expect(result.residual).toEqual(new OffsetRange(64, 1000));
  });

  it("time_bounded by a real timer while processElement awaits", async () => {
    const sdf = new CountingSdf({ afterClaim: () => new Promise((resolve) => setTimeout(resolve, 5)) });
    const out: number[] = [];
    const result = await invokeProcessElement(sdf, 1_000_000, new OffsetRange(0, 1_000_000), MIN_TIMESTAMP, {
      emit: collectInto(out),
      maxDurationMs: 50,
    });
    // Check: the timer checkpointed while the source was waiting; nothing was lost between the pieces.
    expect(result.residual).not.toBeNull();
    expect(result.residual!.from).toBe(out.length);
    expect(out.length).toBeLessThan(1_000_000);
  });

  it("voluntary_stop: a finished restriction leaves no residual", async () => {
    const out: number[] = [];
    const result = await invokeProcessElement(new CountingSdf(), 5, new OffsetRange(0, 5), MIN_TIMESTAMP, {
      emit: collectInto(out),
    });
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(result.residual).toBeNull();
    expect(result.continuation.shouldResume).toBe(false);
  });

  it("voluntary_resume: resume() without a checkpoint takes one after return", async () => {
    const continuation = ProcessContinuation.resume().withResumeDelay(250);
    const sdf = new CountingSdf({ returnAfterClaims: { claims: 3, continuation } });
    const out: number[] = [];
    const result = await invokeProcessElement(sdf, 10, new OffsetRange(0, 10), MIN_TIMESTAMP, {
      emit: collectInto(out),
    });
    // Check: the residual starts right after the last claim and the delay is passed through.
    expect(out).toEqual([0, 1, 2]);
    expect(result.residual).toEqual(new OffsetRange(3, 10));
    expect(result.continuation.resumeDelayMs).toBe(250);
  });

  it("stop_after_runner_checkpoint: a runner checkpoint still leaves a residual when the source says stop", async () => {
    const sdf = new CountingSdf({ returnAfterClaims: { claims: 4, continuation: ProcessContinuation.stop() } });
    const out: number[] = [];
    const result = await invokeProcessElement(sdf, 10, new OffsetRange(0, 10), MIN_TIMESTAMP, {
      emit: collectInto(out),
      maxOutputs: 2,
    });
    // Check: the checkpoint after 2 outputs made the third claim fail; the rest is the residual.
    expect(out).toEqual([0, 1]);
    expect(result.residual).toEqual(new OffsetRange(2, 10));
    expect(result.continuation.shouldResume).toBe(false);
  });

  it("output_before_claim is refused", async () => {
    class Eager extends CountingSdf {
      override async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>) {
        await ctx.output(-1);
        return super.processElement(ctx);
      }
    }
    await expect(
      invokeProcessElement(new Eager(), 3, new OffsetRange(0, 3), MIN_TIMESTAMP, { emit: () => {} }),
    ).rejects.toThrow(OutputOutsideClaimError);
  });

  it("output_after_failed_claim is refused", async () => {
    class Trailing extends CountingSdf {
      override async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>) {
        await super.processElement(ctx);
        await ctx.output(99);
      }
    }
    await expect(
      invokeProcessElement(new Trailing(), 3, new OffsetRange(0, 3), MIN_TIMESTAMP, { emit: () => {} }),
    ).rejects.toThrow(/after tryClaim returned false/);
  });

  it("check_done: a source that stops early without resume() fails with the unclaimed range", async () => {
    const sdf = new CountingSdf({ returnAfterClaims: { claims: 2, continuation: ProcessContinuation.stop() } });
    const run = invokeProcessElement(sdf, 10, new OffsetRange(0, 10), MIN_TIMESTAMP, { emit: () => {} });
    await expect(run).rejects.toThrow(UnfinishedWorkError);
    await expect(run).rejects.toThrow(/\[2, 10\)/);
  });

  it("watermark is snapshotted before the checkpoint and travels with the residual", async () => {
    class TwoPerClaim extends CountingSdf {
      override async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>) {
        for (let p = ctx.tracker.currentRestriction().from; ctx.tracker.tryClaim(p); p++) {
          await ctx.output(p, p * 100);
          await ctx.output(p, p * 100 + 50); // same claim: allowed after the checkpoint
        }
      }
    }
    const result = await invokeProcessElement(new TwoPerClaim(), 10, new OffsetRange(0, 10), MIN_TIMESTAMP, {
      emit: () => {},
      maxOutputs: 5,
    });
    // Check: the checkpoint came on the 5th output (position 2 at 200); the hold is 200, not 250.
    expect(result.residual).toEqual(new OffsetRange(3, 10));
    expect(result.watermark).toBe(200);
    expect(result.estimatorState).toBe(200);
    expect(result.outputs).toBe(6);
  });

  it("starts from the given watermark state and never goes below it", async () => {
    const sdf = new CountingSdf({ timestampOf: (p) => p });
    const result = await invokeProcessElement(sdf, 3, new OffsetRange(0, 3), 1_000, { emit: () => {} });
    expect(result.watermark).toBe(1_000);
  });

  it("collects finalizations with their deadlines", async () => {
    class Finalizing extends CountingSdf {
      override async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>) {
        ctx.bundleFinalizer.afterBundleCommit(() => {}, 1_000);
        return super.processElement(ctx);
      }
    }
    const result = await invokeProcessElement(new Finalizing(), 2, new OffsetRange(0, 2), MIN_TIMESTAMP, {
      emit: () => {},
      now: () => 5_000,
    });
    expect(result.finalizations).toHaveLength(1);
    expect(result.finalizations[0]!.deadline).toBe(6_000);
  });

  it("dynamic split through the running handle while processElement awaits", async () => {
    let running: RunningRestriction<OffsetRange, unknown> | undefined;
    const splits: OffsetRange[] = [];
    const sdf = new CountingSdf({
      afterClaim: async (p) => {
        await Promise.resolve();
        if (p === 10) {
          const split = running!.trySplit(0.5);
          if (split) splits.push(split.residual);
        }
      },
    });
    const out: number[] = [];
    const result = await invokeProcessElement(sdf, 100, new OffsetRange(0, 100), MIN_TIMESTAMP, {
      emit: collectInto(out),
      onStart: (handle) => (running = handle),
    });
    // Check: 10 + floor(90 × 0.5) = 55; the primary was read to its new end and finished.
    expect(splits).toEqual([new OffsetRange(55, 100)]);
    expect(out).toEqual(Array.from({ length: 55 }, (_, i) => i));
    expect(result.residual).toBeNull();
  });

  it("passes the abort signal to processElement", async () => {
    const controller = new AbortController();
    class Cancellable extends SplittableDoFn<number, number, OffsetRange> {
      initialRestriction(n: number) {
        return new OffsetRange(0, n);
      }
      newTracker(_n: number, r: OffsetRange) {
        return new OffsetRangeTracker(r);
      }
      async processElement(ctx: ProcessContext<number, number, OffsetRange, number, unknown>) {
        for (let p = 0; ctx.tracker.tryClaim(p); p++) {
          await ctx.output(p);
          if (p === 3) controller.abort();
          if (ctx.signal.aborted) return ProcessContinuation.resume();
        }
      }
    }
    const result = await invokeProcessElement(new Cancellable(), 10, new OffsetRange(0, 10), MIN_TIMESTAMP, {
      emit: () => {},
      signal: controller.signal,
    });
    expect(result.residual).toEqual(new OffsetRange(4, 10));
  });
});
