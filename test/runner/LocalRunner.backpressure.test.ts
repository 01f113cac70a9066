import { describe, expect, it, vi } from "vitest";
import { LocalRunner } from "../../src/index.js";
import { KeyedCountSdf, expectedRecords } from "./fixtures/KeyedCountSdf.js";
import { iteratorOf, sleep, sorted } from "./fixtures/helpers.js";

describe("LocalRunner backpressure", () => {
  it("slow_consumer bounds how far a source that awaits ctx.output runs ahead", async () => {
    const bufferSize = 16;
    const parallelism = 2;
    // Generous: the buffer, one pending output per worker, and a batch of slack.
    const bound = bufferSize * (parallelism + 1) + 64;
    const sdf = new KeyedCountSdf();
    const runner = new LocalRunner({ parallelism, outputBufferSize: bufferSize });
    const iterator = iteratorOf(runner.run(sdf, ["a:100000", "b:100000"]));
    let consumed = 0;
    try {
      for (const target of [1, 10, 100, 300]) {
        while (consumed < target) {
          const next = await iterator.next();
          expect(next.done).toBe(false);
          consumed++;
        }
        // Let the sources run as far as they can while nobody consumes.
        await sleep(50);
        // Check: without backpressure this would be ~200000 (the sources never wait otherwise).
        expect(sdf.stats.outputCalls - consumed).toBeLessThanOrEqual(bound);
        expect(sdf.stats.outputCalls).toBeGreaterThanOrEqual(consumed);
      }
    } finally {
      await iterator.return?.();
    }
  });

  it("a_bounded_buffer_does_not_lose_or_repeat_records", async () => {
    const elements = ["a:300", "b:250", "c:1", "d:77"];
    const got: string[] = [];
    for await (const record of new LocalRunner({ parallelism: 3, outputBufferSize: 1 }).run(new KeyedCountSdf(), elements)) {
      got.push(record);
      if (got.length % 7 === 0) await sleep(0);
    }
    expect(sorted(got)).toEqual(expectedRecords(elements));
  });

  it("elements_are_pulled_lazily: many elements are not all read before the first output", async () => {
    const total = 5_000;
    let pulled = 0;
    function* elements(): Generator<string> {
      for (let i = 0; i < total; i++) {
        pulled++;
        yield `e${i}:1`;
      }
    }
    const iterator = iteratorOf(new LocalRunner({ parallelism: 2, outputBufferSize: 16 }).run(new KeyedCountSdf(), elements()));
    const first = await iterator.next();
    expect(first.done).toBe(false);
    // Check: the element iterator was read ahead only by a bounded amount.
    expect(pulled).toBeLessThan(total);
    const rest: string[] = [first.value as string];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(rest).toHaveLength(total);
    expect(pulled).toBe(total);
  });

  it("async_elements_are_pulled_lazily as outputs are consumed", async () => {
    let pulled = 0;
    async function* elements(): AsyncGenerator<string> {
      for (let i = 0; i < 2_000; i++) {
        pulled++;
        await Promise.resolve();
        yield `e${i}:3`;
      }
    }
    const iterator = iteratorOf(new LocalRunner({ parallelism: 2, outputBufferSize: 8 }).run(new KeyedCountSdf(), elements()));
    try {
      for (let i = 0; i < 10; i++) expect((await iterator.next()).done).toBe(false);
      await sleep(50);
      // Check: with the consumer stopped, the runner does not read the whole input ahead.
      expect(pulled).toBeLessThan(2_000);
    } finally {
      await iterator.return?.();
    }
  });

  // Beyond the issue text: breaking out of `for await` (iterator.return()) is the standard way to
  // stop an async iterable early; the run must end and release its workers.
  it("consumer_breaks_early: an infinite input is not drained, the run ends and teardown runs", async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<string> {
      for (let i = 0; ; i++) {
        pulled++;
        await Promise.resolve();
        yield `e${i}:2`;
      }
    }
    const sdf = new KeyedCountSdf();
    const got: string[] = [];
    for await (const record of new LocalRunner({ parallelism: 2, outputBufferSize: 8 }).run(sdf, endless())) {
      got.push(record);
      if (got.length === 20) break;
    }
    expect(got).toHaveLength(20);
    expect(new Set(got).size).toBe(20);
    const pulledAtBreak = pulled;
    await sleep(50);
    // Check: the input stopped being read after the consumer left.
    expect(pulled - pulledAtBreak).toBeLessThanOrEqual(16);
    await vi.waitFor(() => expect(sdf.stats.teardowns).toBe(sdf.stats.setups), { timeout: 5_000 });
  });
});
