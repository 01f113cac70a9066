// The "proof that it works" for checkTrackerConformance: deliberately broken trackers and a
// lossy coder (test/testkit/broken/), each of which must be caught with a counterexample.
import { describe, expect, it } from "vitest";
import { OffsetRangeTracker } from "../../src/index.js";
import { checkTrackerConformance } from "../../testkit/index.js";
import { CheckDoneNeverThrowsTracker } from "./broken/CheckDoneNeverThrowsTracker.js";
import { expectCaught, expectPasses, failingProperties } from "./broken/expectCaught.js";
import { IgnoresOwnSplitTracker } from "./broken/IgnoresOwnSplitTracker.js";
import { int32RestrictionCoder } from "./broken/Int32RestrictionCoder.js";
import { NegativeProgressTracker } from "./broken/NegativeProgressTracker.js";
import { offsetTrackerConfig } from "./broken/offsetTrackerConfig.js";
import { RereadsLastClaimTracker } from "./broken/RereadsLastClaimTracker.js";

/** Offsets of a file just over 2 GiB: where 32-bit offsets wrap. */
const NEAR_2_GIB = 2 ** 31 - 40;

describe("checkTrackerConformance catches every broken tracker", () => {
  it("5. a checkpoint that re-includes the last claimed position → checkpoint / split-tiling", async () => {
    const report = await checkTrackerConformance(offsetTrackerConfig((r) => new RereadsLastClaimTracker(r)));
    expectCaught(report, "split-tiling", "checkpoint", "conservation");
    // Check: the checkpoint property itself names it (primary ≠ the claimed positions).
    expect(failingProperties(report)).toContain("checkpoint");
  });

  it("6. a tracker that ignores its own split → split-tiling", async () => {
    const report = await checkTrackerConformance(offsetTrackerConfig((r) => new IgnoresOwnSplitTracker(r)));
    expectCaught(report, "split-tiling", "checkpoint", "conservation");
    expect(failingProperties(report)).toContain("split-tiling");
  });

  it("checkDone() that never throws → check-done", async () => {
    expectCaught(await checkTrackerConformance(offsetTrackerConfig((r) => new CheckDoneNeverThrowsTracker(r))), "check-done");
  });

  it("progress that goes negative → progress", async () => {
    expectCaught(await checkTrackerConformance(offsetTrackerConfig((r) => new NegativeProgressTracker(r))), "progress");
  });

  it("11. a 32-bit restriction coder on offsets past 2^31 → coder-round-trip", async () => {
    const report = await checkTrackerConformance(
      offsetTrackerConfig((r) => new OffsetRangeTracker(r), { base: NEAR_2_GIB, coder: int32RestrictionCoder }),
    );
    // conservation also passes every residual through the coder, and runs first.
    expectCaught(report, "coder-round-trip", "conservation");
    expect(failingProperties(report)).toContain("coder-round-trip");
  });

  it("a splitting tracker declared unsplittable → unsplittable", async () => {
    expectCaught(await checkTrackerConformance(offsetTrackerConfig((r) => new OffsetRangeTracker(r), { unsplittable: true })), "unsplittable");
  });

  it("the same config with a correct tracker and coder passes (the bug, not the config, is caught)", async () => {
    expectPasses(await checkTrackerConformance(offsetTrackerConfig((r) => new OffsetRangeTracker(r), { base: NEAR_2_GIB })), "OffsetRangeTracker");
  });
});
