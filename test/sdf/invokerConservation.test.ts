import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIN_TIMESTAMP, OffsetRange, invokeProcessElement, type RunningRestriction } from "../../src/index.js";
import { CountingSdf } from "../helpers/CountingSdf.js";

describe("invoker conservation under asynchronous splits (property)", () => {
  it("every position is output exactly once whatever splits land between claims", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        async (s, size, fractions, maxOutputs) => {
          const seen: number[] = [];
          let running: RunningRestriction<OffsetRange, unknown> | undefined;
          const sdf = new CountingSdf({ afterClaim: (p) => s.schedule(Promise.resolve(p)).then(() => undefined) });
          const queue: OffsetRange[] = [new OffsetRange(0, size)];
          for (const fraction of fractions) {
            void s.schedule(Promise.resolve(fraction)).then((f) => {
              const split = running?.trySplit(f);
              if (split) queue.push(split.residual);
            });
          }
          while (queue.length > 0) {
            const restriction = queue.shift()!;
            const done = invokeProcessElement(sdf, size, restriction, MIN_TIMESTAMP, {
              emit: (v) => void seen.push(v),
              maxOutputs,
              onStart: (handle) => (running = handle),
            });
            const result = await s.waitFor(done);
            running = undefined;
            if (result.residual) queue.push(result.residual);
          }
          await s.waitAll();
          // Check: the union of all pieces is [0, size), each position once.
          expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: size }, (_, i) => i));
        },
      ),
      { numRuns: 150 },
    );
  });
});
