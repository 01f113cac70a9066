// The output watermark the SDF worker reports to the runner: the lowest hold of the read's
// outstanding restrictions, and never lower than what it reported before, even when bundles of
// the same read run at once and each still counts what the others consumed.
import { describe, expect, it } from "vitest";
import { OutstandingHolds } from "../../../beam/fnapi/OutstandingHolds.js";
import { MIN_TIMESTAMP } from "../../../src/watermark/timestamps.js";

describe("OutstandingHolds", () => {
  it("reports the lowest hold once a bundle's consumed restrictions are gone and its residuals added", () => {
    const holds = new OutstandingHolds();
    holds.add("p0", 100);
    holds.add("p1", 150);
    expect(holds.minAfter(["p0"], [200])).toBe(150);
    expect(holds.minAfter(["p1"], [210])).toBe(100);
  });

  it("two bundles at once: the second cannot pull the reported watermark below the first's", () => {
    const holds = new OutstandingHolds();
    holds.add("p0", 100);
    holds.add("p1", 150);
    holds.add("p2", 160);
    // Bundle A (p0 → residual at 200) answers first: 150 (p1 and p2 still outstanding).
    const first = holds.report(holds.minAfter(["p0"], [200]));
    // Bundle B (p1 → 210) computes before A's answer removed p0, so its own minimum is 100.
    expect(holds.minAfter(["p1"], [210])).toBe(100);
    const second = holds.report(holds.minAfter(["p1"], [210]));
    expect(first).toBe(150);
    expect(second).toBe(150);
  });

  it("an unknown hold is never replaced by an earlier report", () => {
    const holds = new OutstandingHolds();
    expect(holds.report(500)).toBe(500);
    expect(holds.report(MIN_TIMESTAMP)).toBe(MIN_TIMESTAMP);
    expect(holds.report(400)).toBe(500);
  });
});
