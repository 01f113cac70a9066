import { describe, expect, it } from "vitest";
import { InvalidSplitError } from "../../../src/errors/InvalidSplitError.js";
import { OffsetRange } from "../../../src/restrictions/OffsetRange.js";
import { FileSetRange } from "../../../connectors/files/FileSetRange.js";
import { FileSetRangeTracker } from "../../../connectors/files/FileSetRangeTracker.js";

const file = { uri: "s3://b/k", size: 10_000, version: "v", offset: 0, compression: "none" as const };
const tracker = (minSplitBytes: number): FileSetRangeTracker => new FileSetRangeTracker(new FileSetRange([file], new OffsetRange(0, 10_000)), minSplitBytes);

describe("FileSetRangeTracker minSplitBytes", () => {
  it("refuses a dynamic split whose residual would be under the minimum", () => {
    const t = tracker(1000);
    expect(t.tryClaim(8500)).toBe(true);
    // 1499 bytes remain after the claim: half of them is under 1000.
    expect(t.trySplit(0.5)).toBeNull();
    expect(t.currentRestriction().range.to).toBe(10_000);
  });

  it("allows a split whose residual is at least the minimum, with Beam's split point", () => {
    const t = tracker(1000);
    expect(t.tryClaim(5000)).toBe(true);
    const split = t.trySplit(0.5);
    expect(split?.primary.range.to).toBe(7500);
    expect(split?.residual.range.from).toBe(7500);
    expect(split?.residual.range.to).toBe(10_000);
  });

  it("always allows a checkpoint, however little remains", () => {
    const t = tracker(1000);
    expect(t.tryClaim(9990)).toBe(true);
    const split = t.trySplit(0);
    expect(split?.primary.range.to).toBe(9991);
    expect(split?.residual.range.from).toBe(9991);
  });

  it("still rejects invalid fractions", () => {
    expect(() => tracker(1000).trySplit(1.5)).toThrow(InvalidSplitError);
    expect(() => tracker(1000).trySplit(Number.NaN)).toThrow(InvalidSplitError);
  });

  it("with no minimum splits like an offset tracker", () => {
    const t = tracker(0);
    expect(t.tryClaim(9990)).toBe(true);
    expect(t.trySplit(0.5)?.residual.range.from).toBe(9995);
  });
});
