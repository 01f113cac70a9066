// The "proof that it works" for checkSourceConformance: one deliberately broken source per
// classic SDF connector bug (test/testkit/broken/), each of which must be caught with a
// counterexample and the expected property.
import { describe, it } from "vitest";
import { OffsetRangeTracker, type OffsetRange } from "../../src/index.js";
import { checkSourceConformance } from "../../testkit/index.js";
import { ClampingCoderSdf } from "./broken/ClampingCoderSdf.js";
import { expectCaught } from "./broken/expectCaught.js";
import { FramingBugLinesSdf } from "./broken/FramingBugLinesSdf.js";
import { ForgetfulWatermarkStateSdf } from "./broken/ForgetfulWatermarkStateSdf.js";
import { GappedSplitsSdf } from "./broken/GappedSplitsSdf.js";
import { IgnoresFailedClaimSdf } from "./broken/IgnoresFailedClaimSdf.js";
import { IgnoresOwnSplitTracker } from "./broken/IgnoresOwnSplitTracker.js";
import { JsonCoderSdf } from "./broken/JsonCoderSdf.js";
import { LossyCoderSdf } from "./broken/LossyCoderSdf.js";
import { NegativeSizeSdf } from "./broken/NegativeSizeSdf.js";
import { OutputAfterFailedClaimSdf } from "./broken/OutputAfterFailedClaimSdf.js";
import { OutputBeforeClaimSdf } from "./broken/OutputBeforeClaimSdf.js";
import { OverlappingSplitsSdf } from "./broken/OverlappingSplitsSdf.js";
import { RegressingManualWatermarkSdf } from "./broken/RegressingManualWatermarkSdf.js";
import { RegressingWatermarkSdf } from "./broken/RegressingWatermarkSdf.js";
import { RereadsLastClaimTracker } from "./broken/RereadsLastClaimTracker.js";
import { SkipsAtSevensSdf } from "./broken/SkipsAtSevensSdf.js";
import { SkipsOnResumeSdf } from "./broken/SkipsOnResumeSdf.js";
import { TrackerSwapSdf } from "./broken/TrackerSwapSdf.js";

const numbers = [50, 7, 1];
const keyed = ["a:50", "b:23", "c:1"];

describe("checkSourceConformance catches every classic connector bug", () => {
  it("1. output before claim → output-inside-claim", async () => {
    expectCaught(await checkSourceConformance({ sdf: new OutputBeforeClaimSdf(), elements: numbers }), "output-inside-claim");
  });

  it("2. ignoring a failed claim → output-inside-claim", async () => {
    expectCaught(await checkSourceConformance({ sdf: new IgnoresFailedClaimSdf(), elements: numbers }), "output-inside-claim");
  });

  it("3. overlapping initial splits → no-loss-no-duplicate", async () => {
    expectCaught(await checkSourceConformance({ sdf: new OverlappingSplitsSdf(), elements: keyed }), "no-loss-no-duplicate");
  });

  it("4. gapped initial splits → no-loss-no-duplicate", async () => {
    expectCaught(await checkSourceConformance({ sdf: new GappedSplitsSdf(), elements: keyed }), "no-loss-no-duplicate");
  });

  it("5. a checkpoint residual that re-includes the last claimed record → no-loss-no-duplicate / terminates", async () => {
    const sdf = new TrackerSwapSdf((r: OffsetRange): OffsetRangeTracker => new RereadsLastClaimTracker(r));
    // A checkpoint after every output makes no progress at all (each resume re-reads the record
    // it stopped on), which is what shrinking finds: the run never ends. Fewer checkpoints duplicate.
    expectCaught(await checkSourceConformance({ sdf, elements: numbers }), "no-loss-no-duplicate", "terminates");
  });

  it("6. a tracker that ignores its own split → no-loss-no-duplicate", async () => {
    const sdf = new TrackerSwapSdf((r: OffsetRange): OffsetRangeTracker => new IgnoresOwnSplitTracker(r));
    expectCaught(await checkSourceConformance({ sdf, elements: numbers }), "no-loss-no-duplicate");
  });

  it("7. a resume that skips a record → no-loss-no-duplicate", async () => {
    expectCaught(await checkSourceConformance({ sdf: new SkipsOnResumeSdf(), elements: keyed }), "no-loss-no-duplicate");
  });

  it("8. output after a failed claim → output-inside-claim", async () => {
    expectCaught(await checkSourceConformance({ sdf: new OutputAfterFailedClaimSdf(), elements: numbers }), "output-inside-claim");
  });

  it("9. a negative size, only for small split residuals → size", async () => {
    // No initial restriction has a negative size: only a residual of one record does.
    expectCaught(await checkSourceConformance({ sdf: new NegativeSizeSdf(), elements: [50, 7] }), "size");
  });

  it("10a. an estimator that takes the latest timestamp, not the highest → watermark-monotone", async () => {
    expectCaught(await checkSourceConformance({ sdf: new RegressingWatermarkSdf(), elements: numbers }), "watermark-monotone");
  });

  it("10b. a manual estimator that accepts a lower watermark → watermark-monotone", async () => {
    expectCaught(await checkSourceConformance({ sdf: new RegressingManualWatermarkSdf(), elements: numbers }), "watermark-monotone");
  });

  it("10c. an estimator state that forgets the watermark, so a resume starts behind → watermark-monotone", async () => {
    expectCaught(await checkSourceConformance({ sdf: new ForgetfulWatermarkStateSdf(), elements: numbers }), "watermark-monotone");
  });

  // A lossy coder is caught today only through its effect (records lost, or the decoder's own
  // exception reported as a loss); the "names the coder" tests assert the property it should carry.
  const lossyCoders = [
    ["11a. a 32-bit restriction coder (Infinity → 0, decode throws)", () => new LossyCoderSdf()],
    ["11b. a JSON restriction coder (Infinity → null → empty residual)", () => new JsonCoderSdf()],
    ["11c. an int64 restriction coder (Infinity clamped to 2^53 - 1, nothing lost)", () => new ClampingCoderSdf()],
  ] as const;

  it.each(lossyCoders)("%s is caught", async (_name, sdf) => {
    expectCaught(await checkSourceConformance({ sdf, elements: [30, 5] }));
  });

  it.each(lossyCoders)("%s is reported as coder-round-trip", async (_name, sdf) => {
    expectCaught(await checkSourceConformance({ sdf, elements: [30, 5] }), "coder-round-trip");
  });

  it("12a. loss only when a piece starts on a multiple of 7 → no-loss-no-duplicate", async () => {
    expectCaught(await checkSourceConformance({ sdf: new SkipsAtSevensSdf(), elements: keyed }), "no-loss-no-duplicate");
  });

  it("12b. a framing bug only when a split lands on a record start → no-loss-no-duplicate", async () => {
    expectCaught(await checkSourceConformance({ sdf: new FramingBugLinesSdf(), elements: [20, 9, 0] }), "no-loss-no-duplicate");
  });
});
