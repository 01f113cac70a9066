import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClaimOrderError } from "../../../src/errors/ClaimOrderError.js";
import { InvalidSplitError } from "../../../src/errors/InvalidSplitError.js";
import { UnfinishedWorkError } from "../../../src/errors/UnfinishedWorkError.js";
import { OffsetRange } from "../../../src/restrictions/OffsetRange.js";
import { LogRestriction } from "../../../connectors/log/LogRestriction.js";
import { logRestrictionCoder } from "../../../connectors/log/logRestrictionCoder.js";
import { LogTracker } from "../../../connectors/log/LogTracker.js";
import { checkTrackerConformance } from "../../../testkit/index.js";
import { expectConformance } from "../../../testkit/vitest.js";

const fixedEnd = (end: number) => () => ({ estimate: () => end });
const part = (partition: number, from: number, to: number) => ({ partition, range: new OffsetRange(from, to) });

describe("LogTracker", () => {
  it("a one-partition bounded restriction passes the tracker conformance properties", async () => {
    const report = await checkTrackerConformance<LogRestriction, { partition: number; offset: number }>({
      newTracker: (restriction) => new LogTracker(restriction, fixedEnd(0), true) as never,
      restrictions: fc.tuple(fc.nat(50), fc.nat(50)).map(([from, length]) => new LogRestriction([part(0, from, from + length)])),
      positions: (restriction) => {
        const range = (restriction.parts[0] as { range: OffsetRange }).range;
        return Array.from({ length: range.to - range.from }, (_, i) => ({ partition: 0, offset: range.from + i }));
      },
      finish: { partition: 0, offset: Number.MAX_SAFE_INTEGER },
      coder: logRestrictionCoder,
      numRuns: 150,
    });
    expectConformance(report, "LogTracker one partition");
  });

  it("claims go to their partition; offsets may have gaps; the end finishes a partition", () => {
    const tracker = new LogTracker(new LogRestriction([part(0, 0, 10), part(1, 5, 8)]), fixedEnd(0));
    expect(tracker.tryClaim({ partition: 0, offset: 0 })).toBe(true);
    expect(tracker.tryClaim({ partition: 1, offset: 7 })).toBe(true);
    expect(tracker.tryClaim({ partition: 0, offset: 9 })).toBe(true);
    expect(tracker.tryClaim({ partition: 1, offset: 8 })).toBe(false);
    expect(() => tracker.tryClaim({ partition: 0, offset: 3 })).toThrow(ClaimOrderError);
    expect(() => tracker.tryClaim({ partition: 2, offset: 0 })).toThrow(ClaimOrderError);
    expect(tracker.tryClaim({ partition: 0, offset: 10 })).toBe(false);
    expect(() => tracker.checkDone()).not.toThrow();
    expect(tracker.isBounded()).toBe(true);
  });

  it("a checkpoint cuts every partition after its last claim and hands the rest and discovery to the residual", () => {
    const tracker = new LogTracker(new LogRestriction([part(0, 0, Infinity), part(2, 3, Infinity)], 3), fixedEnd(100));
    expect(tracker.isBounded()).toBe(false);
    tracker.tryClaim({ partition: 0, offset: 4 });
    const split = tracker.trySplit(0);
    expect(split?.primary.toString()).toBe("p0[0, 5) p2[3, 3)");
    expect(split?.residual.toString()).toBe("p0[5, Infinity) p2[3, Infinity) discover>=3");
    expect(tracker.tryClaim({ partition: 0, offset: 5 })).toBe(false);
    expect(tracker.tryClaim({ discovered: [{ partition: 3, from: 0 }] })).toBe(false);
    expect(() => tracker.checkDone()).not.toThrow();
  });

  it("a split with a positive fraction moves whole partitions, cut at their current offsets; discovery stays", () => {
    const tracker = new LogTracker(new LogRestriction([part(0, 0, Infinity), part(1, 0, Infinity), part(2, 0, Infinity), part(3, 0, Infinity)], 4), fixedEnd(100));
    tracker.tryClaim({ partition: 3, offset: 10 });
    const split = tracker.trySplit(0.5);
    expect(split?.primary.toString()).toBe("p0[0, Infinity) p1[0, Infinity) p2[0, 0) p3[0, 11) discover>=4");
    expect(split?.residual.toString()).toBe("p2[0, Infinity) p3[11, Infinity)");
  });

  it("with one unfinished partition, a positive fraction splits nothing by default (partitions are the unit of parallelism)", () => {
    const tracker = new LogTracker(new LogRestriction([part(0, 0, 100)]), fixedEnd(0));
    tracker.tryClaim({ partition: 0, offset: 9 });
    expect(tracker.trySplit(0.5)).toBeNull();
    expect(tracker.trySplit(0)?.residual.toString()).toBe("p0[10, 100)");
  });

  it("with splitOffsets, a positive fraction splits one partition's offsets", () => {
    const tracker = new LogTracker(new LogRestriction([part(0, 0, 100)]), fixedEnd(0), true);
    tracker.tryClaim({ partition: 0, offset: 9 });
    const split = tracker.trySplit(0.5);
    expect(split?.primary.toString()).toBe("p0[0, 54)");
    expect(split?.residual.toString()).toBe("p0[54, 100)");
  });

  it("discovery adds partitions from their start offsets; only new partition numbers", () => {
    const tracker = new LogTracker(new LogRestriction([], 2), fixedEnd(50));
    expect(tracker.tryClaim({ discovered: [{ partition: 2, from: 0 }, { partition: 3, from: 7 }] })).toBe(true);
    expect(tracker.currentRestriction().toString()).toBe("p2[0, Infinity) p3[7, Infinity) discover>=4");
    expect(() => tracker.tryClaim({ discovered: [{ partition: 3, from: 0 }] })).toThrow(/discovery covers new partitions >= 4/);
    expect(tracker.tryClaim({ partition: 3, offset: 7 })).toBe(true);
    expect(() => tracker.checkDone()).toThrow(UnfinishedWorkError);
  });

  it("rejects invalid fractions and reports progress summed over partitions", () => {
    const tracker = new LogTracker(new LogRestriction([part(0, 0, 10), part(1, 0, Infinity)]), fixedEnd(30));
    expect(() => tracker.trySplit(Number.NaN)).toThrow(InvalidSplitError);
    expect(() => tracker.trySplit(-0.1)).toThrow(InvalidSplitError);
    tracker.tryClaim({ partition: 0, offset: 4 });
    expect(tracker.getProgress()).toEqual({ workCompleted: 4, workRemaining: 6 + 30 });
  });

  it("the coder round-trips open ends and discovery, and rejects corrupt bytes", () => {
    const restriction = new LogRestriction([part(1, 5, Infinity), part(0, 0, 9)], 7);
    const decoded = logRestrictionCoder.decode(logRestrictionCoder.encode(restriction));
    expect(decoded.toString()).toBe("p0[0, 9) p1[5, Infinity) discover>=7");
    expect(() => logRestrictionCoder.decode(new TextEncoder().encode("{\"v\":1,\"parts\":[[0,\"x\",1]]}"))).toThrow(/malformed/);
    expect(() => logRestrictionCoder.decode(new Uint8Array([0xff]))).toThrow(/not valid JSON/);
  });
});
