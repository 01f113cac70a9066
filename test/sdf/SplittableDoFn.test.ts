import { describe, expect, it } from "vitest";
import {
  ByteKeyRange,
  GrowableOffsetRangeTracker,
  MIN_TIMESTAMP,
  MonotonicallyIncreasingWatermarkEstimator,
  OffsetRange,
  OffsetRangeTracker,
  RestrictionCoderError,
  SplittableDoFn,
  type ProcessContext,
} from "../../src/index.js";
import { CountingSdf } from "../helpers/CountingSdf.js";

class Tail extends SplittableDoFn<string, string, OffsetRange> {
  initialRestriction(): OffsetRange {
    return new OffsetRange(0, Infinity);
  }
  newTracker(_e: string, r: OffsetRange) {
    return r.to === Infinity ? new GrowableOffsetRangeTracker(r.from, { estimate: () => 40 }) : new OffsetRangeTracker(r);
  }
  processElement(_ctx: ProcessContext<string, string, OffsetRange, number, unknown>): void {}
}

class CustomRestriction {
  constructor(readonly partition: number) {}
}

class Custom extends SplittableDoFn<string, string, CustomRestriction> {
  initialRestriction(): CustomRestriction {
    return new CustomRestriction(1);
  }
  newTracker(): never {
    throw new Error("unused");
  }
  processElement(): void {}
}

describe("SplittableDoFn defaults", () => {
  const sdf = new CountingSdf();

  it("splitRestriction returns the restriction itself", async () => {
    expect(await sdf.splitRestriction(10, new OffsetRange(0, 10))).toEqual([new OffsetRange(0, 10)]);
  });

  it("getSize is the workRemaining of a fresh tracker", async () => {
    expect(await sdf.getSize(10, new OffsetRange(3, 10))).toBe(7);
    expect(await new Tail().getSize("t", new OffsetRange(10, Infinity))).toBe(30);
  });

  it("truncateRestriction keeps bounded work and drops unbounded work", () => {
    expect(sdf.truncateRestriction(10, new OffsetRange(0, 10))).toEqual(new OffsetRange(0, 10));
    expect(new Tail().truncateRestriction("t", new OffsetRange(0, Infinity))).toBeNull();
  });

  it("the default watermark is monotonically increasing from MIN_TIMESTAMP", () => {
    const state = sdf.initialWatermarkState(10, new OffsetRange(0, 10));
    expect(state).toBe(MIN_TIMESTAMP);
    expect(sdf.newWatermarkEstimator(state)).toBeInstanceOf(MonotonicallyIncreasingWatermarkEstimator);
  });

  it("the default coder round-trips the built-in restrictions", () => {
    const coder = sdf.restrictionCoder();
    const range = new OffsetRange(5, Infinity);
    expect(coder.decode(coder.encode(range))).toEqual(range);
    const keys = new ByteKeyRange(new Uint8Array([0, 255]), new Uint8Array());
    const keyCoder = new SplittableDoFnWithKeys().restrictionCoder();
    expect(keyCoder.decode(keyCoder.encode(keys))).toEqual(keys);
  });

  it("the default coder names the class for an unknown restriction type", () => {
    const coder = new Custom().restrictionCoder();
    expect(() => coder.encode(new CustomRestriction(1))).toThrow(RestrictionCoderError);
    expect(() => coder.encode(new CustomRestriction(1))).toThrow(/override restrictionCoder\(\) in Custom/);
  });
});

class SplittableDoFnWithKeys extends SplittableDoFn<string, string, ByteKeyRange> {
  initialRestriction(): ByteKeyRange {
    return new ByteKeyRange(new Uint8Array(), new Uint8Array());
  }
  newTracker(): never {
    throw new Error("unused");
  }
  processElement(): void {}
}
