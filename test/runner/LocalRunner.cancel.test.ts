import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LocalRunner, ProcessContinuation, SdfError, WorkItemFailedError } from "../../src/index.js";
import { KeyedCountSdf, expectedRecords } from "./fixtures/KeyedCountSdf.js";
import { TailingSdf, offsetOf } from "./fixtures/TailingSdf.js";
import { ProgressLog, UnhandledRejections, iteratorOf, nextTurn, sleep, sorted } from "./fixtures/helpers.js";

let unhandled: UnhandledRejections;
beforeEach(() => {
  unhandled = new UnhandledRejections().install();
});
afterEach(async () => {
  // Let any stray rejection surface before checking.
  await sleep(30);
  unhandled.uninstall();
  expect(unhandled.reasons).toEqual([]);
});

/** Waits (capped, against hangs) until every setup of `stats` was matched by a teardown. */
async function expectTornDown(stats: { setups: number; teardowns: number }): Promise<void> {
  await vi.waitFor(() => expect(stats.teardowns).toBe(stats.setups), { timeout: 5_000 });
  await sleep(20);
  // Check: exactly once per setup, not more.
  expect(stats.teardowns).toBe(stats.setups);
}

/** Pulls until the iterator rejects (returned) or ends (fails the test); at most `limit` pulls. */
async function pullUntilRejected(iterator: AsyncIterator<unknown>, limit: number): Promise<unknown> {
  for (let i = 0; i < limit; i++) {
    try {
      const next = await iterator.next();
      if (next.done) throw new Error("the iterator ended instead of rejecting");
    } catch (error) {
      return error;
    }
  }
  throw new Error(`the iterator did not reject within ${limit} pulls`);
}

describe("LocalRunner cancel", () => {
  it("abort_while_consumer_waits: the pending next() rejects with the signal's reason", async () => {
    const controller = new AbortController();
    const sdf = new TailingSdf({ available: () => 5, pollDelayMs: 10 });
    const iterator = iteratorOf(new LocalRunner({ parallelism: 2, signal: controller.signal }).run(sdf, ["topic"]));
    for (let i = 0; i < 5; i++) expect((await iterator.next()).done).toBe(false);
    const pending = iterator.next(); // nothing more will come: the source is polling
    const settled = pending.then(
      () => "resolved",
      () => "rejected",
    );
    await sleep(30);
    const reason = new Error("operator cancelled");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await settled).toBe("rejected");
    expect(sdf.stats.setups).toBeGreaterThanOrEqual(1);
    await expectTornDown(sdf.stats);
  });

  it("abort_while_the_source_is_blocked_on_backpressure: the run rejects and tears down", async () => {
    const controller = new AbortController();
    const sdf = new KeyedCountSdf();
    const iterator = iteratorOf(new LocalRunner({ parallelism: 2, outputBufferSize: 4, signal: controller.signal }).run(sdf, ["a:1000000", "b:1000000"]));
    for (let i = 0; i < 3; i++) expect((await iterator.next()).done).toBe(false);
    await sleep(20); // the sources fill the buffer and wait in ctx.output
    const reason = new Error("stop now");
    controller.abort(reason);
    expect(await pullUntilRejected(iterator, 100)).toBe(reason);
    await expectTornDown(sdf.stats);
  });

  it("collect_rejects_with_the_reason when aborted mid-run", async () => {
    const controller = new AbortController();
    const reason = new Error("shutdown");
    const sdf = new KeyedCountSdf({
      afterClaim: async (_e, p) => {
        await nextTurn();
        if (p === 50) controller.abort(reason);
      },
    });
    await expect(
      new LocalRunner({ parallelism: 2, signal: controller.signal }).collect(sdf, ["a:100000"]),
    ).rejects.toBe(reason);
    await expectTornDown(sdf.stats);
  });

  it("abort_without_reason rejects with an AbortError", async () => {
    const controller = new AbortController();
    const sdf = new TailingSdf({ available: () => 0, pollDelayMs: 5 });
    const done = new LocalRunner({ signal: controller.signal }).collect(sdf, ["topic"]);
    await sleep(20);
    controller.abort();
    const error = await done.then(
      () => undefined,
      (e: unknown) => e,
    );
    // Check: the signal's own reason, a DOMException named AbortError (or an equivalent AbortError).
    expect(error === controller.signal.reason || (error as Error | undefined)?.name === "AbortError").toBe(true);
    await expectTornDown(sdf.stats);
  });

  it("already_aborted_signal: the run rejects with its reason and reads nothing", async () => {
    const reason = new Error("too late");
    const sdf = new KeyedCountSdf();
    await expect(new LocalRunner({ signal: AbortSignal.abort(reason) }).collect(sdf, ["a:10"])).rejects.toBe(reason);
    expect(sdf.stats.outputCalls).toBe(0);
    await expectTornDown(sdf.stats);
  });
});

describe("LocalRunner drain", () => {
  it("drain_unbounded: a tailing source stops cleanly; the run ends normally with a gap-free prefix", async () => {
    let end = 100; // the log grows as the consumer reads
    const sdf = new TailingSdf({ available: () => end, pollDelayMs: 5, resumeEveryClaims: 10 });
    const log = new ProgressLog();
    const runner = new LocalRunner({ parallelism: 2, onProgress: log.onProgress });
    const got: string[] = [];
    for await (const record of runner.run(sdf, ["topic"])) {
      got.push(record);
      end++;
      if (got.length === 30) runner.drain();
    }
    // Check: no duplicates, and the offsets read form [0, m): nothing below the stop point lost.
    const offsets = got.map(offsetOf).sort((a, b) => a - b);
    expect(new Set(offsets).size).toBe(offsets.length);
    expect(offsets).toEqual(Array.from({ length: offsets.length }, (_, i) => i));
    expect(offsets.length).toBeGreaterThanOrEqual(30);
    expect(log.last().workItemsPending).toBe(0);
    await expectTornDown(sdf.stats);
  });

  it("drain_idle_unbounded: caught-up polling sources end when drained", async () => {
    const sdf = new TailingSdf({ available: () => 3, pollDelayMs: 20 });
    const runner = new LocalRunner({ parallelism: 1 });
    const iterator = iteratorOf(runner.run(sdf, ["t1", "t2"]));
    const got: string[] = [];
    for (let i = 0; i < 6; i++) {
      const next = await iterator.next();
      expect(next.done).toBe(false);
      got.push(next.value as string);
    }
    await sleep(50); // both sources are now polling with resume delays
    runner.drain();
    // Check: the run ends normally, with nothing more.
    expect((await iterator.next()).done).toBe(true);
    expect(sorted(got)).toEqual(sorted(["t1@0", "t1@1", "t1@2", "t2@0", "t2@1", "t2@2"]));
    await expectTornDown(sdf.stats);
  });

  it("drain_bounded: bounded work still finishes completely", async () => {
    const sdf = new KeyedCountSdf({
      afterClaim: () => nextTurn(),
      returnAfterClaims: { claims: 10, continuation: () => ProcessContinuation.resume() },
    });
    const runner = new LocalRunner({ parallelism: 2, checkpointAfterOutputs: 15 });
    const elements = ["a:200", "b:120"];
    const got: string[] = [];
    for await (const record of runner.run(sdf, elements)) {
      got.push(record);
      if (got.length === 25) runner.drain();
    }
    expect(sorted(got)).toEqual(expectedRecords(elements));
    await expectTornDown(sdf.stats);
  });
});

describe("LocalRunner failure", () => {
  it("failing_element: WorkItemFailedError names the element and restriction, with the cause", async () => {
    const boom = new Error("disk on fire");
    const sdf = new KeyedCountSdf({ failAt: { element: "bad:10", position: 3, error: boom } });
    const error = await new LocalRunner({ parallelism: 1, dynamicSplitting: false })
      .collect(sdf, ["bad:10"])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WorkItemFailedError);
    expect(error).toBeInstanceOf(SdfError);
    const failed = error as WorkItemFailedError;
    expect(failed.cause).toBe(boom);
    expect(failed.element).toBe("bad:10");
    expect(failed.restriction).toBe("[0, 10)");
    expect(failed.message).toContain("bad:10");
    expect(failed.message).toContain("[0, 10)");
    await expectTornDown(sdf.stats);
  });

  it("first_failure_stops_the_run: later elements are not all processed, teardown runs", async () => {
    const boom = new Error("bad record");
    const elements = ["bad:10", ...Array.from({ length: 50 }, (_, i) => `e${i}:5`)];
    const sdf = new KeyedCountSdf({ failAt: { element: "bad:10", position: 0, error: boom } });
    const got: string[] = [];
    let error: unknown;
    try {
      for await (const record of new LocalRunner({ parallelism: 1 }).run(sdf, elements)) got.push(record);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkItemFailedError);
    expect((error as WorkItemFailedError).cause).toBe(boom);
    expect(sdf.stats.started.size).toBeLessThan(elements.length);
    expect(got.length).toBeLessThan(250);
    await expectTornDown(sdf.stats);
  });

  it("failure_in_a_split_piece: the restriction named is the piece that failed", async () => {
    const boom = new Error("corrupt block");
    const sdf = new KeyedCountSdf({ splitSize: 10, failAt: { element: "a:50", position: 37, error: boom } });
    const error = await new LocalRunner({ parallelism: 2 }).collect(sdf, ["a:50"]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkItemFailedError);
    const failed = error as WorkItemFailedError;
    expect(failed.cause).toBe(boom);
    expect(failed.element).toBe("a:50");
    // Check: some restriction containing position 37, and it is in the message.
    const match = /^\[(\d+), (\d+)\)$/.exec(failed.restriction);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeLessThanOrEqual(37);
    expect(Number(match![2])).toBeGreaterThan(37);
    expect(failed.message).toContain(failed.restriction);
    await expectTornDown(sdf.stats);
  });
});
