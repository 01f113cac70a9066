import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packRecords, transferablesOf, unpackRecords } from "../../../src/runner/threads/packRecords.js";
import { packBatch, unpackBatch } from "../../../src/runner/threads/threadProtocol.js";

const SEED = 424299;

/** What crossing a thread does to a packed batch: a structured clone, typed arrays transferred. */
function crossThread<T>(value: T, transfer: ArrayBuffer[] = []): T {
  return structuredClone(value, { transfer });
}

const cell = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string({ unit: "grapheme" }),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.date({ noInvalidDate: false }),
  fc.uint8Array({ maxLength: 4 }),
  fc.constant(undefined),
  fc.array(fc.integer(), { maxLength: 3 }),
);

describe("packRecords", () => {
  it("round-trips any batch of same-shaped records exactly, typed columns included", () => {
    const keys = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 });
    const batch = keys.chain((names) =>
      fc.array(
        fc.tuple(...names.map(() => cell)).map((values) => Object.fromEntries(names.map((name, i) => [name, values[i]]))),
        { minLength: 1, maxLength: 40 },
      ),
    );
    fc.assert(
      fc.property(batch, (rows) => {
        const packed = packRecords(rows);
        expect(packed).not.toBeNull();
        const unpacked = unpackRecords(crossThread(packed!, transferablesOf(packed!)));
        expect(unpacked).toStrictEqual(rows);
        unpacked.forEach((row, i) => expect(Object.keys(row)).toEqual(Object.keys(rows[i]!)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("packs uniform columns as typed arrays, with a null mask only where nulls occur", () => {
    const rows = [
      { id: 1n, score: 0.5, name: "a", ok: true, at: new Date(5) },
      { id: -2n, score: -0, name: null, ok: false, at: new Date(-7) },
    ];
    const packed = packRecords(rows)!;
    expect(packed.columns.map((c) => c.kind)).toEqual(["bigint", "number", "string", "boolean", "date"]);
    expect(packed.columns.map((c) => (c.kind === "values" ? "-" : c.nulls === null ? "no nulls" : "nulls"))).toEqual(["no nulls", "no nulls", "nulls", "no nulls", "no nulls"]);
    expect(Object.is(unpackRecords(packed)[1]!["score"], -0)).toBe(true);
  });

  it("falls back to plain values for mixed or out-of-range columns", () => {
    const packed = packRecords([{ a: 1, b: 2n ** 63n }, { a: "x", b: 1n }])!;
    expect(packed.columns.map((c) => c.kind)).toEqual(["values", "values"]);
  });

  it("refuses batches that are not plain objects of one shape", () => {
    expect(packRecords([{ a: 1 }, { b: 1 }])).toBeNull();
    expect(packRecords([{ a: 1, b: 2 }, { b: 2, a: 1 }])).toBeNull();
    expect(packRecords([{ a: 1 }, { a: 1, b: 2 }])).toBeNull();
    expect(packRecords([{ a: 1 }, new Map()])).toBeNull();
    expect(packRecords([new Date(0)])).toBeNull();
    expect(packRecords([{}])).toBeNull();
    expect(packRecords([JSON.parse('{"__proto__": 1}') as Record<string, unknown>])).toBeNull();
  });

  it("packBatch chooses records for rows and keeps strings and other values as before", () => {
    expect(packBatch([{ a: 1 }, { a: 2 }]).kind).toBe("records");
    expect(packBatch(["x", "y"]).kind).toBe("strings");
    expect(packBatch([1, 2]).kind).toBe("values");
    const rows = [{ a: 1, s: "é" }, { a: 2, s: "😀" }];
    expect(unpackBatch(crossThread(packBatch(rows)))).toStrictEqual(rows);
  });
});
