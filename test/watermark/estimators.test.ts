import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  InvalidTimestampError,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
  ManualWatermarkEstimator,
  MonotonicallyIncreasingWatermarkEstimator,
  WallTimeWatermarkEstimator,
  type WatermarkEstimator,
} from "../../src/index.js";

describe("timestamp range", () => {
  it("is the JavaScript Date range", () => {
    expect(MIN_TIMESTAMP).toBe(-8.64e15);
    expect(MAX_TIMESTAMP).toBe(8.64e15);
    expect(new Date(MAX_TIMESTAMP).getTime()).toBe(MAX_TIMESTAMP);
  });

  it.each([Number.NaN, MAX_TIMESTAMP + 1, MIN_TIMESTAMP - 1, Infinity])("rejects %s", (bad) => {
    expect(() => new ManualWatermarkEstimator(bad)).toThrow(InvalidTimestampError);
    expect(() => new ManualWatermarkEstimator().setWatermark(bad)).toThrow(InvalidTimestampError);
    expect(() => new MonotonicallyIncreasingWatermarkEstimator().observeTimestamp(bad)).toThrow(/got/);
    expect(() => new WallTimeWatermarkEstimator(bad)).toThrow(InvalidTimestampError);
  });
});

describe("ManualWatermarkEstimator", () => {
  it("starts at MIN_TIMESTAMP and ignores a lower watermark", () => {
    const w = new ManualWatermarkEstimator();
    expect(w.currentWatermark()).toBe(MIN_TIMESTAMP);
    w.setWatermark(1_000);
    w.setWatermark(500);
    expect(w.currentWatermark()).toBe(1_000);
    expect(w.getState()).toBe(1_000);
  });
});

describe("MonotonicallyIncreasingWatermarkEstimator", () => {
  it("follows the highest observed timestamp", () => {
    const w = new MonotonicallyIncreasingWatermarkEstimator(5);
    w.observeTimestamp(3);
    expect(w.currentWatermark()).toBe(5);
    w.observeTimestamp(20);
    w.observeTimestamp(10);
    expect(w.currentWatermark()).toBe(20);
  });
});

describe("WallTimeWatermarkEstimator", () => {
  it("follows the clock and never steps back with it", () => {
    let now = 100;
    const w = new WallTimeWatermarkEstimator(MIN_TIMESTAMP, () => now);
    expect(w.currentWatermark()).toBe(100);
    now = 50;
    expect(w.currentWatermark()).toBe(100);
    now = 200;
    expect(w.currentWatermark()).toBe(200);
  });

  it("getState reads no clock", () => {
    let reads = 0;
    const w = new WallTimeWatermarkEstimator(7, () => ++reads);
    expect(w.getState()).toBe(7);
    expect(reads).toBe(0);
  });
});

type Step = { kind: "advance"; value: number } | { kind: "restore" } | { kind: "peek" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("advance" as const), value: fc.integer({ min: -1_000_000, max: 1_000_000 }) }),
  fc.constant<Step>({ kind: "restore" }),
  fc.constant<Step>({ kind: "peek" }),
);

function checkMonotone(make: (state: number | undefined) => WatermarkEstimator<number>, advance: (w: WatermarkEstimator<number>, v: number) => void, steps: Step[]): void {
  let estimator = make(undefined);
  let last = estimator.currentWatermark();
  for (const step of steps) {
    if (step.kind === "advance") advance(estimator, step.value);
    if (step.kind === "restore") {
      const state = estimator.getState();
      // Check: getState has no side effects.
      expect(estimator.getState()).toBe(state);
      estimator = make(state);
    }
    const current = estimator.currentWatermark();
    // Check: the watermark never decreases, also across a rebuild from getState().
    expect(current).toBeGreaterThanOrEqual(last);
    last = current;
  }
}

describe("watermark monotone across save/restore (property)", () => {
  it("manual", () => {
    fc.assert(
      fc.property(fc.array(stepArb), (steps) =>
        checkMonotone((s) => new ManualWatermarkEstimator(s), (w, v) => (w as ManualWatermarkEstimator).setWatermark(v), steps),
      ),
    );
  });

  it("monotonically increasing", () => {
    fc.assert(
      fc.property(fc.array(stepArb), (steps) =>
        checkMonotone(
          (s) => new MonotonicallyIncreasingWatermarkEstimator(s),
          (w, v) => (w as MonotonicallyIncreasingWatermarkEstimator).observeTimestamp(v),
          steps,
        ),
      ),
    );
  });

  it("wall time with a clock that jumps both ways", () => {
    fc.assert(
      fc.property(fc.array(stepArb), (steps) => {
        let now = 0;
        checkMonotone((s) => new WallTimeWatermarkEstimator(s, () => now), (_w, v) => void (now = v), steps);
      }),
    );
  });
});
