// unwrapTracker: finds a source's own tracker behind the ForwardingTracker views around it.
import { describe, expect, it } from "vitest";
import { ForwardingTracker } from "../../src/restrictions/ForwardingTracker.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../src/restrictions/OffsetRangeTracker.js";
import { UnsplittableTracker } from "../../src/restrictions/UnsplittableTracker.js";
import { unwrapTracker } from "../../src/restrictions/unwrapTracker.js";
import { WeightedOffsetRangeTracker } from "../../src/restrictions/WeightedOffsetRangeTracker.js";

describe("unwrapTracker", () => {
  const inner = new OffsetRangeTracker(new OffsetRange(0, 10));

  it("returns the tracker itself when it is of the class", () => {
    expect(unwrapTracker(inner, OffsetRangeTracker)).toBe(inner);
  });

  it("follows inner through nested views to the first tracker of the class", () => {
    const view = new ForwardingTracker(new UnsplittableTracker(inner));
    expect(unwrapTracker(view, OffsetRangeTracker)).toBe(inner);
    // Check: the outermost match wins.
    expect(unwrapTracker(view, ForwardingTracker)).toBe(view);
    expect(unwrapTracker(view, UnsplittableTracker)).toBe(view.inner);
  });

  it("returns undefined when no tracker of the chain is of the class", () => {
    expect(unwrapTracker(new ForwardingTracker(inner), WeightedOffsetRangeTracker)).toBeUndefined();
  });
});
