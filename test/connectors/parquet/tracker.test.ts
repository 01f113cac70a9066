// RowGroupSetTracker: OffsetRangeTracker claims over global row-group indices, with splits and
// progress weighted by each row group's compressed bytes; the RowGroupSet coder.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParquetFileEntry } from "../../../connectors/parquet/index.js";
import { ParquetSource, RowGroupSet, RowGroupSetTracker, rowGroupSetCoder } from "../../../connectors/parquet/index.js";
import { RestrictionCoderError } from "../../../src/errors/RestrictionCoderError.js";
import { OffsetRange } from "../../../src/restrictions/OffsetRange.js";
import { OffsetRangeTracker } from "../../../src/restrictions/OffsetRangeTracker.js";
import { checkTrackerConformance } from "../../../testkit/index.js";
import { expectConformance } from "../../../testkit/vitest.js";
import { standardColumns, sumRange, useTempDirs, writeParquet } from "./fixtures.js";

const tempDir = useTempDirs();
const SEED = 515_151;
const COLUMNS = [{ name: "id", type: "INT32" }];

/** Files laid end to end: `weights[k]` holds file k's row-group bytes. */
function filesOf(weights: readonly (readonly number[])[]): ParquetFileEntry[] {
  let first = 0;
  return weights.map((bytes, k) => {
    const entry: ParquetFileEntry = {
      uri: `/data/part-${k}.parquet`,
      version: `${1_700_000_000_000 + k}-${bytes.length}`,
      size: bytes.reduce((a, b) => a + b, 0) + 100,
      firstRowGroup: first,
      rowGroupBytes: [...bytes],
      rowGroupRows: bytes.map((b) => (b % 97) + 1),
    };
    first += bytes.length;
    return entry;
  });
}

function rowGroupSet(weights: readonly (readonly number[])[], from?: number, to?: number): RowGroupSet {
  const total = weights.reduce((n, w) => n + w.length, 0);
  return new RowGroupSet(filesOf(weights), COLUMNS, new OffsetRange(from ?? 0, to ?? total));
}

const range = (r: RowGroupSet | undefined): [number, number] | undefined => (r === undefined ? undefined : [r.range.from, r.range.to]);

/** The contract as a model: claims with OffsetRangeTracker semantics, splits and progress by bytes. */
class WeightedModel {
  private cur: number | null = null;
  private done = false;
  constructor(
    private readonly bytes: readonly number[],
    private readonly from: number,
    private to: number,
  ) {}

  private weight(a: number, b: number): number {
    return sumRange(this.bytes, a, b);
  }

  claim(position: number): boolean {
    this.cur = position;
    if (position >= this.to) {
      this.done = true;
      return false;
    }
    return true;
  }

  split(f: number): [number, number, number] | null {
    if (this.done) return null;
    const cur = this.cur ?? this.from - 1;
    let p: number;
    if (f === 0) p = cur + 1;
    else {
      const base = Math.max(cur, this.from);
      const allowed = f * this.weight(base, this.to);
      p = base;
      while (p < this.to && this.weight(base, p + 1) <= allowed) p++;
      p = Math.max(p, cur + 1);
    }
    if (p >= this.to) return null;
    const old = this.to;
    this.to = p;
    return [this.from, p, old];
  }

  progress(): { workCompleted: number; workRemaining: number } {
    if (this.done) return { workCompleted: this.weight(this.from, this.to), workRemaining: 0 };
    if (this.cur === null) return { workCompleted: 0, workRemaining: this.weight(this.from, this.to) };
    return { workCompleted: this.weight(this.from, this.cur), workRemaining: this.weight(this.cur, this.to) };
  }
}

describe("RowGroupSetTracker: worked examples", () => {
  // a.parquet: row groups 0-3 of 100, 300, 50, 50 bytes; b.parquet: 4-5 of 400, 100. Total 1000.
  const weights = [[100, 300, 50, 50], [400, 100]];
  const tracker = (from?: number, to?: number) => new RowGroupSetTracker(rowGroupSet(weights, from, to));

  it("checkpoint_unstarted: trySplit(0) gives an empty primary and the whole residual", () => {
    const t = tracker();
    const split = t.trySplit(0);
    expect(range(split?.primary)).toEqual([0, 0]);
    expect(range(split?.residual)).toEqual([0, 6]);
    expect(t.tryClaim(0)).toBe(false);
    t.checkDone();
  });

  it("unstarted trySplit(0.5) splits where half the bytes lie: at 4 (500 of 1000 bytes), not at 3 rows' worth", () => {
    const t = tracker();
    const split = t.trySplit(0.5);
    // Check: [0, 4) holds 100+300+50+50 = 500 bytes ≤ 0.5 × 1000; [0, 5) would hold 900.
    expect(range(split?.primary)).toEqual([0, 4]);
    expect(range(split?.residual)).toEqual([4, 6]);
    expect(split!.primary.size()).toBe(500);
    expect(split!.residual.size()).toBe(500);
    expect(range(t.currentRestriction())).toEqual([0, 4]);
  });

  it("equal row groups, unstarted: trySplit(0.5) of [0, 10) splits at 5 by the byte formula (OffsetRangeTracker's from − 1 rule gives 4)", () => {
    const t = new RowGroupSetTracker(rowGroupSet([Array<number>(10).fill(64)]));
    // W = 640 from max(cur, from) = 0; [0, 5) holds 320 ≤ 0.5 × 640, [0, 6) 384.
    expect(range(t.trySplit(0.5)?.primary)).toEqual([0, 5]);
    const o = new OffsetRangeTracker(new OffsetRange(0, 10));
    expect(o.trySplit(0.5)?.primary.to).toBe(4);
  });

  it("checkpoint_just_started: after claiming 0, trySplit(0) splits at 1", () => {
    const t = tracker();
    expect(t.tryClaim(0)).toBe(true);
    const split = t.trySplit(0);
    expect(range(split?.primary)).toEqual([0, 1]);
    expect(range(split?.residual)).toEqual([1, 6]);
    expect(t.tryClaim(1)).toBe(false);
    t.checkDone();
  });

  it("after claiming 1, the remainder counts 1's bytes: trySplit(0.5) of 900 splits at 4 (400 ≤ 450)", () => {
    const t = tracker();
    t.tryClaim(0);
    t.tryClaim(1);
    const split = t.trySplit(0.5);
    expect(range(split?.primary)).toEqual([0, 4]);
    expect(range(split?.residual)).toEqual([4, 6]);
  });

  it("a fraction below the current row group's share still splits right after it", () => {
    const t = tracker();
    t.tryClaim(0);
    t.tryClaim(1);
    // 0.1 × 900 = 90 < 300 (row group 1 alone): the split point is at least cur + 1 = 2.
    const split = t.trySplit(0.1);
    expect(range(split?.primary)).toEqual([0, 2]);
    expect(range(split?.residual)).toEqual([2, 6]);
  });

  it("trySplit(1) after a claim splits nothing off when the rest fits", () => {
    const t = tracker();
    t.tryClaim(0);
    expect(t.trySplit(1)).toBeNull();
    expect(range(t.currentRestriction())).toEqual([0, 6]);
  });

  it("a sub-range weighs only its own row groups: [2, 5) unstarted, trySplit(0.5) splits at 4", () => {
    const t = tracker(2, 5);
    // W = 50 + 50 + 400 = 500; [2, 4) holds 100 ≤ 250, [2, 5) 500.
    const split = t.trySplit(0.5);
    expect(range(split?.primary)).toEqual([2, 4]);
    expect(range(split?.residual)).toEqual([4, 5]);
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: 100 });
  });

  it("claimed_last: after claiming the last row group nothing splits", () => {
    const t = tracker();
    for (const i of [0, 1, 2, 3, 4, 5]) expect(t.tryClaim(i)).toBe(true);
    expect(t.trySplit(0.5)).toBeNull();
    expect(t.trySplit(0)).toBeNull();
    expect(t.getProgress()).toEqual({ workCompleted: 900, workRemaining: 100 });
  });

  it("after_failed_claim: a claim at the end returns false, finishes, and nothing splits", () => {
    const t = tracker();
    t.tryClaim(3);
    expect(t.tryClaim(6)).toBe(false);
    expect(t.trySplit(0)).toBeNull();
    expect(t.trySplit(0.5)).toBeNull();
    expect(t.getProgress()).toEqual({ workCompleted: 1000, workRemaining: 0 });
    t.checkDone();
  });

  it("tryClaim(Infinity) finishes the tracker", () => {
    const t = tracker();
    t.tryClaim(2);
    expect(t.tryClaim(Infinity)).toBe(false);
    expect(t.trySplit(0)).toBeNull();
    expect(t.getProgress()).toEqual({ workCompleted: 1000, workRemaining: 0 });
    expect(() => t.checkDone()).not.toThrow();
  });

  it("non_monotonic_claim and a claim below the start throw", () => {
    const t = tracker(2, 6);
    expect(() => t.tryClaim(1)).toThrow();
    const u = tracker();
    u.tryClaim(3);
    expect(() => u.tryClaim(3)).toThrow();
    expect(() => u.tryClaim(2)).toThrow();
  });

  it("checkDone throws while row groups are unclaimed, naming them", () => {
    const t = tracker();
    t.tryClaim(0);
    t.tryClaim(1);
    expect(() => t.checkDone()).toThrow(/\[2, 6\)/);
  });

  it("progress is in bytes: before any claim, after claims, after a split", () => {
    const t = tracker();
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: 1000 });
    t.tryClaim(0);
    expect(t.getProgress()).toEqual({ workCompleted: 0, workRemaining: 1000 });
    t.tryClaim(1);
    expect(t.getProgress()).toEqual({ workCompleted: 100, workRemaining: 900 });
    t.tryClaim(3);
    expect(t.getProgress()).toEqual({ workCompleted: 450, workRemaining: 550 });
    t.trySplit(0.5); // W = 550 from 3: [3, 4) holds 50 ≤ 275, [3, 5) 450: split at 4.
    expect(range(t.currentRestriction())).toEqual([0, 4]);
    expect(t.getProgress()).toEqual({ workCompleted: 450, workRemaining: 50 });
  });

  it("invalid fractions are errors", () => {
    const t = tracker();
    for (const f of [Number.NaN, -0.1, 1.5]) expect(() => t.trySplit(f), String(f)).toThrow();
  });

  it("the source's newTracker is a RowGroupSetTracker of the restriction", () => {
    const r = rowGroupSet(weights);
    const t = new ParquetSource().newTracker("/data/*.parquet", r);
    expect(t).toBeInstanceOf(RowGroupSetTracker);
    expect(range(t.currentRestriction())).toEqual([0, 6]);
  });
});

/** Row-group byte weights of 1-3 files (a file may have no row groups) and a sub-range of them. */
const weightedRestrictions: fc.Arbitrary<RowGroupSet> = fc
  .array(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 0, maxLength: 6 }), { minLength: 1, maxLength: 3 })
  .chain((weights) => {
    const total = weights.reduce((n, w) => n + w.length, 0);
    return fc
      .tuple(fc.integer({ min: 0, max: total }), fc.integer({ min: 0, max: total }))
      .map(([a, b]) => rowGroupSet(weights, Math.min(a, b), Math.max(a, b)));
  });

/** A dyadic fraction k/64, so f × W and the model's arithmetic are exact. */
const fraction = fc.integer({ min: 0, max: 64 }).map((k) => k / 64);

type Step = { kind: "claim"; skip: number } | { kind: "split"; f: number } | { kind: "finish" };
const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 }).map((skip): Step => ({ kind: "claim", skip })) },
    { weight: 3, arbitrary: fraction.map((f): Step => ({ kind: "split", f })) },
    { weight: 1, arbitrary: fc.constant<Step>({ kind: "finish" }) },
  ),
  { maxLength: 20 },
);

function allWeights(r: RowGroupSet): number[] {
  const bytes: number[] = [];
  for (const file of r.files) file.rowGroupBytes.forEach((b, i) => (bytes[file.firstRowGroup + i] = b));
  return bytes;
}

describe("RowGroupSetTracker: properties (seed printed in each name)", () => {
  it(`splits and progress follow the byte-weighted contract, step by step (seed ${SEED})`, () => {
    fc.assert(
      fc.property(weightedRestrictions, steps, (r, script) => {
        const bytes = allWeights(r);
        const t = new RowGroupSetTracker(r);
        const model = new WeightedModel(bytes, r.range.from, r.range.to);
        let next = r.range.from;
        expect(t.getProgress()).toEqual(model.progress());
        for (const step of script) {
          if (step.kind === "claim") {
            next += step.skip;
            if (next > r.range.to) continue;
            const claimed = t.tryClaim(next);
            expect(claimed, `claim ${next}`).toBe(model.claim(next));
            if (!claimed) break;
            next += 1;
          } else if (step.kind === "finish") {
            expect(t.tryClaim(Infinity)).toBe(false);
            model.claim(Infinity);
            expect(t.trySplit(0)).toBeNull();
            break;
          } else {
            const got = t.trySplit(step.f);
            const want = model.split(step.f);
            expect(got === null ? null : [got.primary.range.from, got.primary.range.to, got.residual.range.to], `trySplit(${step.f})`).toEqual(want);
            if (got !== null) {
              // Check: the pieces tile the range and weigh what their row groups weigh.
              expect(got.residual.range.from).toBe(got.primary.range.to);
              expect(got.primary.size()).toBe(sumRange(bytes, got.primary.range.from, got.primary.range.to));
              expect(got.residual.size()).toBe(sumRange(bytes, got.residual.range.from, got.residual.range.to));
              expect(range(t.currentRestriction())).toEqual(range(got.primary));
            }
          }
          expect(t.getProgress(), "progress").toEqual(model.progress());
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it(`with equal row groups, splits after a claim and progress coincide with OffsetRangeTracker's (seed ${SEED + 1})`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fraction, fc.integer({ min: 1, max: 3 })), { maxLength: 8 }),
        (files, perFile, w, firstClaims, script) => {
          const weights = Array.from({ length: files }, () => Array<number>(perFile).fill(w));
          const r = rowGroupSet(weights);
          const t = new RowGroupSetTracker(r);
          const o = new OffsetRangeTracker(r.range);
          const scale = (p: { workCompleted: number; workRemaining: number }) => ({ workCompleted: p.workCompleted * w, workRemaining: p.workRemaining * w });
          expect(t.getProgress()).toEqual(scale(o.getProgress()));
          let next = 0;
          for (let i = 0; i < firstClaims && next < r.range.to; i++, next++) {
            expect(t.tryClaim(next)).toBe(o.tryClaim(next));
            expect(t.getProgress()).toEqual(scale(o.getProgress()));
          }
          for (const [f, claims] of script) {
            const got = t.trySplit(f);
            const want = o.trySplit(f);
            expect(got === null ? null : [range(got.primary), range(got.residual)], `trySplit(${f})`).toEqual(want === null ? null : [[want.primary.from, want.primary.to], [want.residual.from, want.residual.to]]);
            expect(t.getProgress()).toEqual(scale(o.getProgress()));
            for (let i = 0; i < claims; i++, next++) {
              const claimed = o.tryClaim(next);
              expect(t.tryClaim(next)).toBe(claimed);
              expect(t.getProgress()).toEqual(scale(o.getProgress()));
              if (!claimed) return;
            }
          }
        },
      ),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it(`passes checkTrackerConformance (seed ${SEED + 2})`, async () => {
    const report = await checkTrackerConformance({
      newTracker: (r: RowGroupSet) => new RowGroupSetTracker(r),
      restrictions: weightedRestrictions,
      positions: (r) => Array.from({ length: r.range.size() }, (_, i) => r.range.from + i),
      finish: Infinity,
      coder: rowGroupSetCoder,
      equals: sameRowGroupSet,
      numRuns: 100,
      seed: SEED + 2,
    });
    expectConformance(report, "RowGroupSetTracker");
    expect(report.runs).toBe(100);
  });
});

function sameRowGroupSet(a: RowGroupSet, b: RowGroupSet): boolean {
  return a.range.from === b.range.from && a.range.to === b.range.to && JSON.stringify(a.files) === JSON.stringify(b.files) && JSON.stringify(a.columns) === JSON.stringify(b.columns);
}

describe("rowGroupSetCoder", () => {
  it("round-trips a restriction planned from real files, and its pieces", async () => {
    const dir = tempDir();
    writeParquet(dir, "a.parquet", standardColumns(90), { rowGroupSize: 20 });
    writeParquet(dir, "b.parquet", standardColumns(35, 100), { rowGroupSize: 10 });
    const source = new ParquetSource({ columns: ["big", "id"], desiredSplitSize: 1 });
    const planned = (await source.initialRestriction(`${dir}/*.parquet`)) as RowGroupSet;
    const pieces = (await source.splitRestriction(`${dir}/*.parquet`, planned)) as RowGroupSet[];
    for (const r of [planned, ...pieces, planned.withRange(new OffsetRange(3, 3))]) {
      const decoded = rowGroupSetCoder.decode(rowGroupSetCoder.encode(r));
      expect(decoded).toBeInstanceOf(RowGroupSet);
      expect(decoded.files).toEqual(r.files);
      expect(decoded.columns).toEqual(r.columns);
      expect(range(decoded)).toEqual(range(r));
      expect(decoded.size()).toBe(r.size());
      expect(String(decoded)).toBe(String(r));
    }
  });

  it(`round-trips generated restrictions (seed ${SEED + 3})`, () => {
    fc.assert(
      fc.property(weightedRestrictions, (r) => {
        const decoded = rowGroupSetCoder.decode(rowGroupSetCoder.encode(r));
        expect(sameRowGroupSet(decoded, r)).toBe(true);
        expect(decoded.size()).toBe(r.size());
      }),
      { seed: SEED + 3, numRuns: 200 },
    );
  });

  it("garbage bytes are a RestrictionCoderError", () => {
    const valid = rowGroupSetCoder.encode(rowGroupSet([[10, 20], [30]]));
    const garbage = [
      new Uint8Array([]),
      new Uint8Array([1, 2, 3]),
      new Uint8Array(64).fill(0xff),
      new TextEncoder().encode('{"files": 1}'),
      new TextEncoder().encode("[]"),
      valid.subarray(0, Math.floor(valid.length / 2)),
      valid.subarray(0, valid.length - 1),
    ];
    for (const bytes of garbage) {
      expect(() => rowGroupSetCoder.decode(bytes), Buffer.from(bytes).toString("hex").slice(0, 40)).toThrow(RestrictionCoderError);
    }
  });
});
