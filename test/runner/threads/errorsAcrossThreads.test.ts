// Errors thrown in a worker thread reach the caller with their class, `retriable`, `context` and
// `cause`, exactly as from a run on the caller's thread. Runs the *built* package (worker threads
// load the source from dist/; `npm test` builds first).
import { CORE_ERROR_CLASSES, LocalRunner, SdfError, TransientIoError, WorkItemFailedError, type SplittableDoFn } from "sdfkit";
import { describe, expect, it } from "vitest";

type ThrowingSourceClass = new (options: { className: string }) => SplittableDoFn<number, never, unknown>;
const fixtureUrl = new URL("../fixtures/throwingSource.mjs", import.meta.url).href;
const { ThrowingSource } = (await import(fixtureUrl)) as { ThrowingSource: ThrowingSourceClass };

async function failureOf(workerThreads: boolean, className: string): Promise<WorkItemFailedError> {
  const runner = new LocalRunner({ parallelism: 1, workerThreads });
  const failure: unknown = await runner.collect(new ThrowingSource({ className }), [1]).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(WorkItemFailedError);
  return failure as WorkItemFailedError;
}

describe("errors across the worker-thread boundary", () => {
  it.each(CORE_ERROR_CLASSES.map((c) => [c.name, c] as const))("%s thrown in a worker thread is instanceof its class", async (name, errorClass) => {
    const inline = (await failureOf(false, name)).cause as SdfError;
    const threaded = (await failureOf(true, name)).cause as SdfError;
    expect(inline).toBeInstanceOf(errorClass);
    expect(threaded).toBeInstanceOf(errorClass);
    expect(threaded).toBeInstanceOf(SdfError);
    expect(threaded.name).toBe(inline.name);
    expect(threaded.message).toBe(inline.message);
    expect(threaded.retriable).toBe(inline.retriable);
    expect(threaded.context).toEqual(inline.context);
    expect(threaded.cause).toBeInstanceOf(TransientIoError);
    expect((threaded.cause as TransientIoError).context).toEqual({ input: "kafka://t/0" });
    expect((threaded.cause as TransientIoError).retriable).toBe(true);
  });
});
