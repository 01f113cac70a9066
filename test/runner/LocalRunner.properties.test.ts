import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LocalRunner, ProcessContinuation } from "../../src/index.js";
import { KeyedCountSdf, expectedRecords } from "./fixtures/KeyedCountSdf.js";
import { ProgressLog, nextTurn, sorted } from "./fixtures/helpers.js";

/** Waits `units` scheduling steps: odd steps a macrotask turn, even steps a microtask. */
async function yieldSteps(units: number): Promise<void> {
  for (let i = 0; i < units; i++) {
    if (i % 2 === 0) await Promise.resolve();
    else await nextTurn();
  }
}

const config = fc.record({
  sizes: fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 4 }),
  /** Per-claim delays, cycled over positions. */
  delays: fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 8 }),
  parallelism: fc.integer({ min: 1, max: 4 }),
  checkpointAfterOutputs: fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }),
  dynamicSplitting: fc.boolean(),
  splitSize: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
  resumeEvery: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
  outputBufferSize: fc.option(fc.integer({ min: 1, max: 32 }), { nil: undefined }),
});

describe("LocalRunner properties", () => {
  it("any schedule of splits, checkpoints and resumes outputs each record exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(config, async (c) => {
        const elements = c.sizes.map((n, i) => `e${i}:${n}`);
        const sdf = new KeyedCountSdf({
          splitSize: c.splitSize,
          afterClaim: (element, p) => yieldSteps(c.delays[(p + element.length) % c.delays.length]!),
          returnAfterClaims:
            c.resumeEvery === undefined
              ? undefined
              : { claims: c.resumeEvery, continuation: () => ProcessContinuation.resume() },
        });
        const log = new ProgressLog();
        const out = await new LocalRunner({
          parallelism: c.parallelism,
          dynamicSplitting: c.dynamicSplitting,
          checkpointAfterOutputs: c.checkpointAfterOutputs,
          outputBufferSize: c.outputBufferSize,
          onProgress: log.onProgress,
        }).collect(sdf, elements);
        // Check: the multiset of records equals one unsplit read's.
        expect(sorted(out)).toEqual(expectedRecords(elements));
        expect(log.last().records).toBe(out.length);
        expect(log.last().workItemsPending).toBe(0);
        if (!c.dynamicSplitting) expect(log.snapshots.every((s) => s.dynamicSplits === 0)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("a consumer pulling one record at a time with pauses sees the same multiset", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 5 }),
        async (sizes, parallelism, pauses) => {
          const elements = sizes.map((n, i) => `e${i}:${n}`);
          const got: string[] = [];
          const run = new LocalRunner({ parallelism, outputBufferSize: 2, checkpointAfterOutputs: 6 }).run(
            new KeyedCountSdf(),
            elements,
          );
          for await (const record of run) {
            got.push(record);
            await yieldSteps(pauses[got.length % pauses.length]!);
          }
          expect(sorted(got)).toEqual(expectedRecords(elements));
        },
      ),
      { numRuns: 30 },
    );
  });
});
