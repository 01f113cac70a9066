// sdfRead on Beam's own direct runner (apache-beam 2.49.0): file reads split into pieces, a
// bounded log read, a connector written in a test module, event-time windows downstream, and a
// failure that ends the pipeline naming the element and restriction.
import "apache-beam";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { directRunner } from "apache-beam/runners/direct_runner";
import { afterAll, describe, expect, it } from "vitest";
import { logPipeline, missingInputPipeline, textFilesPipeline, windowedTicksPipeline, type PipelineBody } from "./pipelines.js";

const dir = mkdtempSync(join(tmpdir(), "sdfkit-beam-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (body: PipelineBody): Promise<unknown> => directRunner().run(body);

describe("sdfRead on Beam's direct runner", () => {
  it("reads text files split into pieces: every line once, compared with Beam's assertDeepEqual", async () => {
    await run(textFilesPipeline(dir, 500));
  });

  it("a wrong expectation fails the pipeline (the assertion is live)", async () => {
    await expect(run(textFilesPipeline(dir, 20, ["not-in-any-file"]))).rejects.toThrow(/deep-equal|expected/i);
  });

  it("reads a bounded LogSource (until: latest) over a MemoryLog topic of 3 partitions", async () => {
    await run(logPipeline());
  });

  it("runs a connector defined in a test module, resumes included, and its timestamps drive fixed windows downstream", async () => {
    await run(windowedTicksPipeline());
  });

  it("a source failure fails the pipeline with a WorkItemFailedError naming the element and restriction", async () => {
    const missing = join(dir, "no-such-*.txt");
    await expect(run(missingInputPipeline(missing))).rejects.toThrow(new RegExp(`element "${missing.replace(/[.*]/g, "\\$&")}" with restriction .*No input matches`));
  });
});
