import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { CheckpointError, LocalRunner, SdfError, type LocalRunnerOptions } from "../../src/index.js";
import { KeyedCountSdf, expectedRecords } from "./fixtures/KeyedCountSdf.js";
import { filesUnder, freshDir, nextTurn, removeDir, sorted } from "./fixtures/helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

function newDir(): string {
  const dir = freshDir("sdfkit-durable-");
  dirs.push(dir);
  return dir;
}

/**
 * Runs until the consumer has `abortAfter` records, then aborts; returns every record the
 * consumer received (including any delivered after the abort) and asserts the run rejected.
 */
async function runAndAbort(
  options: LocalRunnerOptions,
  elements: string[],
  abortAfter: number,
  sdf = new KeyedCountSdf(),
): Promise<string[]> {
  const controller = new AbortController();
  const received: string[] = [];
  let error: unknown;
  try {
    for await (const record of new LocalRunner({ ...options, signal: controller.signal }).run(sdf, elements)) {
      received.push(record);
      if (received.length === abortAfter) controller.abort(new Error("simulated crash"));
    }
  } catch (e) {
    error = e;
  }
  expect(error, "the aborted run rejects").toBeDefined();
  expect(received.length).toBeGreaterThanOrEqual(abortAfter);
  return received;
}

describe("LocalRunner durable checkpoints", () => {
  it("resume_after_abort: the second run completes the first, nothing lost, not from scratch", async () => {
    const dir = newDir();
    const elements = ["a:1000"];
    const options = { checkpointDir: dir, checkpointAfterOutputs: 10, outputBufferSize: 8, parallelism: 1 };
    const first = await runAndAbort(options, elements, 500);
    // Check: something durable was left behind for the next run.
    expect(filesUnder(dir).length).toBeGreaterThan(0);
    const second = await new LocalRunner(options).collect(new KeyedCountSdf(), elements);
    // Check: at-least-once: the union holds every record (duplicates allowed).
    expect(sorted(new Set([...first, ...second]))).toEqual(expectedRecords(elements));
    // Check: the second run started from the checkpoint, not from scratch.
    expect(second.length).toBeLessThan(1000);
    // Check: a clean finish removes the checkpoint.
    expect(filesUnder(dir)).toEqual([]);
  });

  it("resume_after_abort with several elements, initial splits and parallel workers", async () => {
    const dir = newDir();
    const elements = ["a:300", "b:200", "c:400"];
    const options = { checkpointDir: dir, checkpointAfterOutputs: 7, outputBufferSize: 8, parallelism: 3 };
    const sdf = () => new KeyedCountSdf({ splitSize: 100 });
    const first = await runAndAbort(options, elements, 450, sdf());
    const second = await new LocalRunner(options).collect(sdf(), elements);
    expect(sorted(new Set([...first, ...second]))).toEqual(expectedRecords(elements));
    expect(second.length).toBeLessThan(900);
    expect(filesUnder(dir)).toEqual([]);
  });

  it("resume_twice: two crashes in a row still lose nothing", async () => {
    const dir = newDir();
    const elements = ["a:600", "b:150"];
    const options = { checkpointDir: dir, checkpointAfterOutputs: 5, outputBufferSize: 4, parallelism: 2 };
    const first = await runAndAbort(options, elements, 200);
    const second = await runAndAbort(options, elements, 200);
    const third = await new LocalRunner(options).collect(new KeyedCountSdf(), elements);
    expect(sorted(new Set([...first, ...second, ...third]))).toEqual(expectedRecords(elements));
    expect(filesUnder(dir)).toEqual([]);
  });

  it("abort_between_claim_and_output: the claimed record that was never delivered is not lost", async () => {
    const dir = newDir();
    const elements = ["a:200"];
    const options = { checkpointDir: dir, checkpointAfterOutputs: 10, outputBufferSize: 8, parallelism: 1 };
    const controller = new AbortController();
    // The crash lands after position 57 was claimed and before its record was output.
    const crashing = new KeyedCountSdf({
      afterClaim: async (_e, p) => {
        await nextTurn();
        if (p === 57) controller.abort(new Error("crash between claim and output"));
        await nextTurn();
      },
    });
    const first: string[] = [];
    await expect(
      (async () => {
        for await (const record of new LocalRunner({ ...options, signal: controller.signal }).run(crashing, elements)) {
          first.push(record);
        }
      })(),
    ).rejects.toThrow("crash between claim and output");
    const second = await new LocalRunner(options).collect(new KeyedCountSdf(), elements);
    // Check: a#57 (and everything else) reached the consumer in one of the runs.
    expect(sorted(new Set([...first, ...second]))).toEqual(expectedRecords(elements));
  });

  it("abort_at_various_points with parallel workers and an I/O-yielding source: nothing is lost", async () => {
    const dir = newDir();
    const elements = ["a:3000"];
    const options = { checkpointDir: dir, checkpointAfterOutputs: 5, outputBufferSize: 64, parallelism: 2 };
    for (let attempt = 0; attempt < 5; attempt++) {
      const sdf = new KeyedCountSdf({ afterClaim: () => nextTurn() });
      const first = await runAndAbort(options, elements, 100 + attempt * 37, sdf);
      const second = await new LocalRunner(options).collect(new KeyedCountSdf(), elements);
      expect(sorted(new Set([...first, ...second]))).toEqual(expectedRecords(elements));
      expect(filesUnder(dir)).toEqual([]);
    }
  });

  it("clean_finish_leaves_no_checkpoint", async () => {
    const dir = newDir();
    const out = await new LocalRunner({ checkpointDir: dir, checkpointAfterOutputs: 3, parallelism: 2 }).collect(
      new KeyedCountSdf(),
      ["a:50", "b:20"],
    );
    expect(sorted(out)).toEqual(expectedRecords(["a:50", "b:20"]));
    expect(filesUnder(dir)).toEqual([]);
  });

  it("corrupt_checkpoint: garbage in the checkpoint files fails the run with CheckpointError", async () => {
    const dir = newDir();
    const elements = ["a:1000"];
    const options = { checkpointDir: dir, checkpointAfterOutputs: 10, outputBufferSize: 8, parallelism: 1 };
    await runAndAbort(options, elements, 300);
    const files = filesUnder(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) writeFileSync(file, "\u0000garbage{not a checkpoint]\u00ff");
    const error = await new LocalRunner(options).collect(new KeyedCountSdf(), elements).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error).toBeInstanceOf(SdfError);
  });

  it("mismatched_checkpoint: a checkpoint of other elements fails the run with CheckpointError", async () => {
    const dir = newDir();
    const options = { checkpointDir: dir, checkpointAfterOutputs: 10, outputBufferSize: 8, parallelism: 1 };
    await runAndAbort(options, ["a:1000"], 300);
    expect(filesUnder(dir).length).toBeGreaterThan(0);
    await expect(new LocalRunner(options).collect(new KeyedCountSdf(), ["z:5", "y:7"])).rejects.toBeInstanceOf(
      CheckpointError,
    );
  });
});
