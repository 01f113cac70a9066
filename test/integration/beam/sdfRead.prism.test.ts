// sdfRead on Prism, Beam's portable runner (started by test/services/up.sh): jobs go through the
// Job API with the SDK worker in this process (LOOPBACK), the route Flink and Dataflow take too.
import "apache-beam";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { portableRunner } from "../../../beam/index.js";
import { logPipeline, missingInputPipeline, textFilesPipeline, windowedTicksPipeline, type PipelineBody } from "../../beam/pipelines.js";

const jobEndpoint = process.env["PRISM_JOB_ENDPOINT"] ?? "";
const dir = mkdtempSync(join(tmpdir(), "sdfkit-prism-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (body: PipelineBody): Promise<unknown> => portableRunner({ jobEndpoint }).run(body);

describe("sdfRead on Prism (portable runner, LOOPBACK worker)", () => {
  it("runs against the Prism that test/services/up.sh started", () => {
    expect(jobEndpoint).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("reads text files split into pieces: every line once", async () => {
    await run(textFilesPipeline(dir, 600));
  });

  it("a wrong expectation ends the job FAILED", async () => {
    await expect(run(textFilesPipeline(dir, 20, ["not-in-any-file"]))).rejects.toThrow(/FAILED/);
  });

  it("reads a bounded LogSource over a MemoryLog topic", async () => {
    await run(logPipeline());
  });

  it("runs a connector defined in a test module with resumes, and windows by its timestamps", async () => {
    await run(windowedTicksPipeline());
  });

  it("a source failure ends the job FAILED", async () => {
    await expect(run(missingInputPipeline(join(dir, "no-such-*.txt")))).rejects.toThrow(/FAILED/);
  });
});
