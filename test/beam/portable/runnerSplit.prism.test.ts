// Runner-initiated splits on Prism: when a bundle makes no progress for a while, Prism sends a
// ProcessBundleSplitRequest; sdfkit's worker splits the running element's tracker and answers
// with primary and residual roots. The union of what primary and residuals output must be the
// unsplit read.
import "apache-beam";
import { create } from "apache-beam/transforms/create";
import { withName } from "apache-beam/transforms/transform";
import { describe, expect, it } from "vitest";
import { sdfRead, sdfWorkerStats } from "../../../src/beam/index.js";
import { prism, recordTo, resetSinks } from "./portableHelpers.js";
import { SlowNumbers } from "./userConnector.js";

describe("runner-initiated splits on Prism", () => {
  it("splits a running element when Prism asks, and primary ∪ residuals output every number once", async () => {
    const n = 400;
    const sinks = resetSinks();
    const before = sdfWorkerStats.runnerSplits;
    const progressBefore = sdfWorkerStats.progressReports;
    await prism().run((root) => {
      root
        .apply(create([n]))
        .apply(sdfRead(new SlowNumbers({ pauseEvery: 25, pauseMs: 350 })))
        .map(withName("record", recordTo), { sink: "numbers" });
    });
    const splits = sdfWorkerStats.runnerSplits - before;
    const numbers = (sinks["numbers"] ?? []).map((entry) => entry.value as number).sort((a, b) => a - b);
    console.log(`[portable] Prism runner splits: ${splits} served; ${numbers.length} outputs for ${n} numbers`);
    expect(splits).toBeGreaterThan(0);
    // Prism asked for progress while elements ran, and got their work completed and remaining.
    expect(sdfWorkerStats.progressReports - progressBefore).toBeGreaterThan(0);
    expect(numbers).toEqual(Array.from({ length: n }, (_, i) => i));
  }, 120_000);
});
