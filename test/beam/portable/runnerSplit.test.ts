// Runner-initiated splits: when a bundle makes no progress for a while, Prism sends a
// ProcessBundleSplitRequest; sdfkit's worker splits the running element's tracker and answers
// with primary and residual roots. The union of what primary and residuals output must be the
// unsplit read. Flink's portable runner sends no split requests: the same read is exact there
// with none served.
import "apache-beam";
import { create } from "apache-beam/transforms/create";
import { withName } from "apache-beam/transforms/transform";
import { describe, expect, it } from "vitest";
import { sdfRead, sdfWorkerStats } from "../../../beam/index.js";
import { ENGINES, recordTo, resetSinks } from "./portableHelpers.js";
import { SlowNumbers } from "./userConnector.js";

describe.each(ENGINES)("runner-initiated splits on $name", (engine) => {
  it(engine.runnerSplits ? "splits a running element when the runner asks, and primary ∪ residuals output every number once" : "the runner asks for no split; the slow read is exact all the same", async () => {
    const n = 400;
    const sinks = resetSinks();
    const before = sdfWorkerStats.runnerSplits;
    const progressBefore = sdfWorkerStats.progressReports;
    await engine.runner().run((root) => {
      root
        .apply(create([n]))
        .apply(sdfRead(new SlowNumbers({ pauseEvery: 25, pauseMs: 350 })))
        .map(withName("record", recordTo), { sink: "numbers" });
    });
    const splits = sdfWorkerStats.runnerSplits - before;
    const numbers = (sinks["numbers"] ?? []).map((entry) => entry.value as number).sort((a, b) => a - b);
    console.log(`[portable] ${engine.name} runner splits: ${splits} served; ${numbers.length} outputs for ${n} numbers`);
    if (engine.runnerSplits) {
      expect(splits).toBeGreaterThan(0);
      // The runner asked for progress while elements ran, and got their work completed and remaining.
      expect(sdfWorkerStats.progressReports - progressBefore).toBeGreaterThan(0);
    } else {
      expect(splits).toBe(0);
    }
    expect(numbers).toEqual(Array.from({ length: n }, (_, i) => i));
  }, 120_000);
});
