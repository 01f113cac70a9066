import { afterEach, describe, expect, it, vi } from "vitest";
import { LocalRunner, ProcessContinuation } from "../../src/index.js";
import { KeyedCountSdf, expectedRecords, recordOf } from "./fixtures/KeyedCountSdf.js";
import { UnhandledRejections, filesUnder, freshDir, iteratorOf, nextTurn, removeDir, sleep, sorted } from "./fixtures/helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

describe("LocalRunner bundle finalization", () => {
  it("after_commit: a callback runs only after the consumer took the record registered before it", async () => {
    const received = new Set<string>();
    const premature: string[] = [];
    let registered = 0;
    let finalized = 0;
    const sdf = new KeyedCountSdf({
      afterOutput: (element, p, ctx) => {
        const record = recordOf(element, p);
        registered++;
        ctx.bundleFinalizer.afterBundleCommit(() => {
          finalized++;
          if (!received.has(record)) premature.push(record);
        });
      },
    });
    const elements = ["a:40", "b:30"];
    // A large buffer lets whole bundles finish long before the consumer reaches them.
    const runner = new LocalRunner({ parallelism: 2, checkpointAfterOutputs: 5, outputBufferSize: 4096 });
    for await (const record of runner.run(sdf, elements)) {
      // A slow consumer: give a premature finalizer every chance to run first.
      for (let i = 0; i < 3; i++) await nextTurn();
      received.add(record);
    }
    expect(sorted(received)).toEqual(expectedRecords(elements));
    expect(premature).toEqual([]);
    // Check: every callback of a cleanly finished run eventually ran, once.
    await vi.waitFor(() => expect(finalized).toBe(registered), { timeout: 5_000 });
    expect(registered).toBe(70);
  });

  it("expired_callbacks_are_dropped: a 1 ms timeout with a slow consumer (real time)", async () => {
    let expiredRuns = 0;
    let freshRuns = 0;
    let registeredAt = 0;
    const sdf = new KeyedCountSdf({
      afterOutput: (_element, p, ctx) => {
        if (p !== 1) return;
        ctx.bundleFinalizer.afterBundleCommit(() => void expiredRuns++, 1);
        ctx.bundleFinalizer.afterBundleCommit(() => void freshRuns++, 600_000);
        registeredAt = Date.now();
      },
    });
    const iterator = iteratorOf(new LocalRunner({ parallelism: 1, outputBufferSize: 4096 }).run(sdf, ["a:5"]));
    const first = await iterator.next();
    expect(first.value).toBe("a#0");
    // Record a#1 (and its callbacks) is not taken until well after the 1 ms deadline.
    await vi.waitFor(() => expect(registeredAt).toBeGreaterThan(0), { timeout: 5_000 });
    while (Date.now() - registeredAt < 20) await sleep(5);
    const rest: string[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(rest).toEqual(expect.arrayContaining(["a#1", "a#2", "a#3", "a#4"]));
    await vi.waitFor(() => expect(freshRuns).toBe(1), { timeout: 5_000 });
    expect(expiredRuns).toBe(0);
  });

  it("expired_callbacks_are_dropped: deadlines follow the injected now clock", async () => {
    let clockOffset = 0;
    const now = () => Date.now() + clockOffset;
    let expiredRuns = 0;
    let freshRuns = 0;
    let registered = false;
    const sdf = new KeyedCountSdf({
      afterOutput: (_element, p, ctx) => {
        if (p !== 1) return;
        ctx.bundleFinalizer.afterBundleCommit(() => void expiredRuns++, 1_000);
        ctx.bundleFinalizer.afterBundleCommit(() => void freshRuns++, 1_000_000_000);
        registered = true;
      },
    });
    const iterator = iteratorOf(new LocalRunner({ parallelism: 1, outputBufferSize: 4096, now }).run(sdf, ["a:5"]));
    expect((await iterator.next()).value).toBe("a#0");
    await vi.waitFor(() => expect(registered).toBe(true), { timeout: 5_000 });
    clockOffset += 1_000_000; // 1000 s pass on the runner's clock before a#1 is taken
    for (let next = await iterator.next(); !next.done; next = await iterator.next());
    await vi.waitFor(() => expect(freshRuns).toBe(1), { timeout: 5_000 });
    expect(expiredRuns).toBe(0);
  });

  it("failing_callback_is_retried_once and does not fail the run", async () => {
    const unhandled = new UnhandledRejections().install();
    try {
      let calls = 0;
      const sdf = new KeyedCountSdf({
        afterOutput: (_element, p, ctx) => {
          if (p === 2) {
            ctx.bundleFinalizer.afterBundleCommit(async () => {
              calls++;
              throw new Error("commit offsets failed");
            });
          }
        },
      });
      const out = await new LocalRunner({ parallelism: 1 }).collect(sdf, ["a:5"]);
      expect(sorted(out)).toEqual(expectedRecords(["a:5"]));
      await vi.waitFor(() => expect(calls).toBe(2), { timeout: 5_000 });
      await sleep(50);
      // Check: retried exactly once, not forever.
      expect(calls).toBe(2);
      expect(unhandled.reasons).toEqual([]);
    } finally {
      unhandled.uninstall();
    }
  });

  it("with_checkpoint_dir: a callback runs only after a checkpoint file exists", async () => {
    const dir = freshDir();
    dirs.push(dir);
    const filesSeen: { p: number; files: number }[] = [];
    const sdf = new KeyedCountSdf({
      afterClaim: () => nextTurn(),
      returnAfterClaims: { claims: 5, continuation: () => ProcessContinuation.resume() },
      afterOutput: (_element, p, ctx) => {
        ctx.bundleFinalizer.afterBundleCommit(() => void filesSeen.push({ p, files: filesUnder(dir).length }));
      },
    });
    const out = await new LocalRunner({ parallelism: 1, dynamicSplitting: false, checkpointDir: dir }).collect(sdf, [
      "a:40",
    ]);
    expect(sorted(out)).toEqual(expectedRecords(["a:40"]));
    await vi.waitFor(() => expect(filesSeen).toHaveLength(40), { timeout: 5_000 });
    // Check: bundles [0,5) … [30,35) left a residual, so a checkpoint covering them was on disk
    // when their callbacks ran. (The last bundle's state is "done": its file may be gone.)
    const early = filesSeen.filter((f) => f.p < 35);
    expect(early.every((f) => f.files > 0)).toBe(true);
  });

  it("with_checkpoint_dir: records of a finalized bundle are not read again after a crash", async () => {
    const dir = freshDir();
    dirs.push(dir);
    const controller = new AbortController();
    const elements = ["a:2000"];
    let bundleFinalized = false;
    const firstRun = new KeyedCountSdf({
      // Like a real reader, wait for I/O now and then: checkpoint writes (fsync) need the time, and
      // a bundle is finalized only once a checkpoint written after its outputs were taken is on disk.
      afterClaim: (_element, p) => (p % 25 === 0 ? new Promise<void>((resolve) => setTimeout(resolve, 5)) : nextTurn()),
      returnAfterClaims: { claims: 5, continuation: () => ProcessContinuation.resume() },
      afterOutput: (_element, p, ctx) => {
        if (p === 15) ctx.bundleFinalizer.afterBundleCommit(() => void (bundleFinalized = true));
      },
    });
    const options = { parallelism: 1, dynamicSplitting: false, checkpointDir: dir, outputBufferSize: 4 } as const;
    const first: string[] = [];
    await expect(
      (async () => {
        for await (const record of new LocalRunner({ ...options, signal: controller.signal }).run(firstRun, elements)) {
          first.push(record);
          // The crash: as soon as bundle [15, 20) was finalized (the run is still far from done).
          if (bundleFinalized && !controller.signal.aborted) controller.abort(new Error("crash"));
        }
      })(),
    ).rejects.toThrow("crash");
    expect(bundleFinalized).toBe(true);
    const second = await new LocalRunner(options).collect(new KeyedCountSdf(), elements);
    // Check: the checkpoint written before the callback already covered [15, 20).
    const reread = second.filter((r) => Number(r.split("#")[1]) < 20);
    expect(reread).toEqual([]);
    // Check: at-least-once across the crash.
    expect(sorted(new Set([...first, ...second]))).toEqual(expectedRecords(elements));
  });
});
