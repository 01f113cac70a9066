import { describe, expect, it } from "vitest";
import { LocalRunner } from "../../src/index.js";
import { CountingSdf } from "../helpers/CountingSdf.js";
import { KeyedCountSdf, expectedRecords } from "./fixtures/KeyedCountSdf.js";
import { ProgressLog, nextTurn, sleep, sorted } from "./fixtures/helpers.js";

/** Bounds on the runner's own checkpoints, so that only dynamic splits shrink a restriction. */
const NO_CHECKPOINTS = { checkpointAfterOutputs: 1_000_000, checkpointAfterMs: 600_000 } as const;

/** Polls `condition` every few ms until it holds or `capMs` passed (a cap against hangs, not a threshold). */
async function waitUntil(condition: () => boolean, capMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition() && Date.now() - start < capMs) await sleep(2);
}

describe("LocalRunner dynamic work rebalancing", () => {
  it("one_long_element_is_split_for_an_idle_worker and every record comes out once", async () => {
    const n = 2_000;
    const log = new ProgressLog();
    const sdf = new CountingSdf({
      afterClaim: async (p) => {
        await nextTurn();
        // Hold the first piece until the runner reports a dynamic split (capped: no hang).
        if (p === 100) await waitUntil(() => log.some((s) => s.dynamicSplits > 0));
      },
    });
    const out = await new LocalRunner({ parallelism: 2, ...NO_CHECKPOINTS, onProgress: log.onProgress }).collect(sdf, [n]);
    // Check: the idle worker got part of the only element.
    expect(log.last().dynamicSplits).toBeGreaterThan(0);
    // Check: nothing lost, nothing twice.
    expect([...out].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it("the_running_tracker_is_split: the first piece sees its restriction shrink", async () => {
    const n = 1_000;
    let shrunk = false;
    const sdf = new KeyedCountSdf({
      afterClaim: async (_element, p, ctx) => {
        await nextTurn();
        if (p === 10) {
          await waitUntil(() => ctx.tracker.currentRestriction().to < n);
          shrunk = ctx.tracker.currentRestriction().to < n;
        }
      },
    });
    const log = new ProgressLog();
    const out = await new LocalRunner({ parallelism: 2, ...NO_CHECKPOINTS, onProgress: log.onProgress }).collect(sdf, [
      `a:${n}`,
    ]);
    expect(shrunk).toBe(true);
    expect(log.last().dynamicSplits).toBeGreaterThan(0);
    // Check: a dynamic split is not a checkpoint.
    expect(log.last().checkpoints).toBe(0);
    expect(sorted(out)).toEqual(expectedRecords([`a:${n}`]));
  });

  it("many_workers_few_elements: parallelism 4 over uneven elements loses and repeats nothing", async () => {
    const elements = ["a:500", "b:3", "c:250"];
    const sdf = new KeyedCountSdf({ afterClaim: (_e, p) => (p % 2 === 0 ? nextTurn() : undefined) });
    const log = new ProgressLog();
    const out = await new LocalRunner({ parallelism: 4, onProgress: log.onProgress }).collect(sdf, elements);
    expect(sorted(out)).toEqual(expectedRecords(elements));
    expect(log.last().records).toBe(out.length);
  });

  it("dynamic_splitting_false: no dynamic split is ever taken", async () => {
    const log = new ProgressLog();
    const sdf = new KeyedCountSdf({ afterClaim: () => nextTurn() });
    const out = await new LocalRunner({
      parallelism: 4,
      dynamicSplitting: false,
      ...NO_CHECKPOINTS,
      onProgress: log.onProgress,
    }).collect(sdf, ["a:400"]);
    expect(log.snapshots.every((s) => s.dynamicSplits === 0)).toBe(true);
    expect(sorted(out)).toEqual(expectedRecords(["a:400"]));
    // Check: without splits and checkpoints, the one element is one call.
    expect(sdf.stats.processCalls).toBe(1);
  });
});
