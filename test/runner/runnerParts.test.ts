import { describe, expect, it } from "vitest";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import { LocalRunner, MAX_TIMESTAMP, MIN_TIMESTAMP } from "../../src/index.js";
import type { RunningWork } from "../../src/runner/Executor.js";
import { OutputWatermark } from "../../src/runner/OutputWatermark.js";
import { Rebalancer } from "../../src/runner/Rebalancer.js";
import { UnconsumedItems } from "../../src/runner/UnconsumedItems.js";
import { WorkPool, type NewWorkItem } from "../../src/runner/WorkPool.js";

type Range = readonly [number, number];

function newItem(restriction: Range, fields: Partial<NewWorkItem<string, Range, null>> = {}): NewWorkItem<string, Range, null> {
  return { elementIndex: 0, element: "e", restriction, watermarkState: null, hold: MIN_TIMESTAMP, notBefore: 0, size: 0, isResume: false, ...fields };
}

/** Queues an item, takes it and marks it running with `work`. */
function startWith(pool: WorkPool<string, Range, null>, restriction: Range, work: RunningWork<Range, null>) {
  pool.add(newItem(restriction));
  const running = pool.start(pool.takeReady(0)!);
  running.work = work;
  return running;
}

/** A running handle over `[from, to)` claimed up to `claimed`, splitting like an offset tracker. */
function offsetWork(range: Range, claimed: number, bounded = true): RunningWork<Range, null> {
  const from = range[0];
  let to = range[1];
  return {
    progress: () => ({ workCompleted: claimed - from, workRemaining: to - claimed }),
    isBounded: () => bounded,
    watermark: () => null,
    currentRestriction: () => [from, to],
    split: async (fraction) => {
      const at = claimed + Math.max(1, Math.floor((to - claimed) * fraction));
      if (at >= to) return null;
      const residual: Range = [at, to];
      to = at;
      return { primary: [from, to], residual, watermark: MIN_TIMESTAMP, estimatorState: null };
    },
  };
}

describe("WorkPool", () => {
  it("take_ready_skips_delayed_items: a resume waits for its notBefore, later items overtake it", () => {
    const pool = new WorkPool<string, Range, null>();
    const delayed = pool.add(newItem([0, 10], { notBefore: 1_000 }));
    const ready = pool.add(newItem([10, 20]));
    // Check: ids are assigned in order of arrival.
    expect([delayed.id, ready.id]).toEqual([0, 1]);
    expect(pool.takeReady(500)).toBe(ready);
    expect(pool.takeReady(500)).toBeNull();
    // Check: an idle worker sleeps until the delayed item is due.
    expect(pool.idleWaitMs(500, false)).toBe(500);
    expect(pool.takeReady(1_000)).toBe(delayed);
    expect(pool.isEmpty).toBe(true);
  });

  it("truncate_queued_for_drain: truncated items stay, items truncated to nothing are dropped", () => {
    const pool = new WorkPool<string, Range, null>();
    const kept = pool.add(newItem([0, 10]));
    const dropped = pool.add(newItem([10, Infinity]));
    const seen: number[] = [];
    pool.truncateQueued((item) => (item.restriction[1] === Infinity ? null : [item.restriction[0], 5]), (item) => seen.push(item.id));
    expect(seen).toEqual([dropped.id]);
    expect(pool.queuedItems()).toEqual([{ ...kept, restriction: [0, 5] }]);
  });
});

describe("Rebalancer", () => {
  it("steal_splits_the_largest_bounded_item in half and queues the residual", async () => {
    const pool = new WorkPool<string, Range, null>();
    startWith(pool, [0, 10], offsetWork([0, 10], 0));
    const large = startWith(pool, [0, 100], offsetWork([0, 100], 20));
    const queued: Range[] = [];
    const rebalancer = new Rebalancer(pool, () => false, async (_parent, split) => void queued.push(split.residual));
    expect(await rebalancer.steal()).toBe(true);
    // Check: [0, 100) claimed to 20 splits at 20 + floor(80 × 0.5) = 60; the item keeps the primary.
    expect(queued).toEqual([[60, 100]]);
    expect(large.owned).toEqual([0, 60]);
    expect(rebalancer.dynamicSplits).toBe(1);
  });

  it("steal_leaves_tiny_or_unbounded_work_alone", async () => {
    const pool = new WorkPool<string, Range, null>();
    startWith(pool, [0, 2], offsetWork([0, 2], 0));
    startWith(pool, [0, Infinity], offsetWork([0, 1_000], 0, false));
    const rebalancer = new Rebalancer(pool, () => false, async () => undefined);
    // Check: below 3 units a half split would only move work between workers.
    expect(await rebalancer.steal()).toBe(false);
    expect(rebalancer.dynamicSplits).toBe(0);
  });
});

describe("UnconsumedItems", () => {
  it("keeps_a_finished_item_until_its_outputs_are_consumed", () => {
    const pool = new WorkPool<string, Range, null>();
    const unconsumed = new UnconsumedItems<string, Range, null>();
    const item = pool.add(newItem([0, 10]));
    unconsumed.add(item);
    const running = pool.start(pool.takeReady(0)!);
    unconsumed.started(running);
    running.owned = [0, 4];
    // Check: a running item is checkpointed with what it still owns.
    expect([...unconsumed.owned()].map((e) => e.restriction)).toEqual([[0, 4]]);
    unconsumed.finished(running, 7);
    expect(unconsumed.releaseConsumed(6)).toBe(false);
    expect(unconsumed.releaseConsumed(7)).toBe(true);
    expect([...unconsumed.owned()]).toEqual([]);
  });
});

describe("OutputWatermark", () => {
  it("never_decreases and reaches MAX_TIMESTAMP once the input is done and nothing is pending", () => {
    const pool = new WorkPool<string, Range, null>();
    const watermark = new OutputWatermark();
    expect(watermark.advance(pool, false)).toBe(MIN_TIMESTAMP);
    pool.add(newItem([0, 1], { hold: 50 }));
    expect(watermark.advance(pool, true)).toBe(50);
    pool.add(newItem([1, 2], { hold: 10 }));
    // Check: a later item with an earlier hold does not move the watermark back.
    expect(watermark.advance(pool, true)).toBe(50);
    pool.takeReady(0);
    pool.takeReady(0);
    expect(watermark.advance(pool, true)).toBe(MAX_TIMESTAMP);
  });
});

describe("LocalRunner options", () => {
  it.each([0, -1, 1.5, Number.NaN])("rejects parallelism %s with an InvalidOptionError", (parallelism) => {
    expect(() => new LocalRunner({ parallelism })).toThrow(InvalidOptionError);
    expect(() => new LocalRunner({ parallelism })).toThrow(`Expected \`parallelism\` to be an integer >= 1, got ${String(parallelism)}.`);
  });
});
