// The coder mends: through apache-beam 2.49.0's default coder (what every shuffle uses), numbers,
// bigints and objects come back exactly. Each case fails on the unmended SDK (see beam/mends/).
import "apache-beam";
import { createRequire } from "node:module";
import { Context, type Coder } from "apache-beam/coders/coders";
import { GeneralObjectCoder } from "apache-beam/coders/js_coders";
import { describe, expect, it } from "vitest";
import { applyBeamMends } from "../../../beam/index.js";

const require = createRequire(import.meta.url);
const { Reader, Writer } = require(require.resolve("protobufjs", { paths: [require.resolve("apache-beam")] })) as {
  Reader: new (buffer: Uint8Array) => unknown;
  Writer: { create(): { finish(): Uint8Array } };
};

applyBeamMends();
const coder = new GeneralObjectCoder() as unknown as Coder<unknown>;

/** Encodes and decodes `value` as a shuffle does (nested, so the bytes must be self-delimiting). */
function roundTrip(value: unknown): unknown {
  const writer = Writer.create();
  coder.encode(value, writer as never, Context.needsDelimiters);
  coder.encode("after", writer as never, Context.needsDelimiters);
  const reader = new Reader(writer.finish());
  const back = coder.decode(reader as never, Context.needsDelimiters);
  expect(coder.decode(reader as never, Context.needsDelimiters)).toBe("after");
  return back;
}

describe("apache-beam mends: numbers (NumberOrFloatCoder wrote every integral number as int32)", () => {
  it.each([
    ["beyond 2^31", 3_000_000_000],
    ["a Kafka offset beyond 2^40", 2 ** 40 + 17],
    ["an epoch-ms timestamp", Date.UTC(2026, 11, 7, 12, 30)],
    ["the largest safe integer", Number.MAX_SAFE_INTEGER],
    ["the smallest safe integer", Number.MIN_SAFE_INTEGER],
    ["below -2^31", -(2 ** 31) - 1],
    ["a fraction", 0.1 + 0.2],
    ["-0", -0],
    ["NaN", Number.NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["int32 max (still the varint form)", 2 ** 31 - 1],
    ["int32 min", -(2 ** 31)],
  ])("%s round-trips exactly", (_name, value) => {
    expect(Object.is(roundTrip(value), value)).toBe(true);
  });

  it("bigints round-trip (the unmended coder cannot encode them at all)", () => {
    for (const value of [0n, -1n, 2n ** 64n + 7n, -(2n ** 100n)]) expect(roundTrip(value)).toBe(value);
  });

  it("numbers inside arrays are numbers too", () => {
    const values = [3_000_000_000, -0, 1.5, 2 ** 53 - 1, 7];
    const back = roundTrip(values) as number[];
    expect(back.every((v, i) => Object.is(v, values[i]))).toBe(true);
  });
});

describe("apache-beam mends: objects (BSON changed -0, undefined, Buffer, Map and refused bigint)", () => {
  it("a Kafka-like record with a Buffer value, a bigint and -0 comes back field by field", () => {
    const record = { topic: "t", partition: 3, offset: 2 ** 40, timestamp: Date.UTC(2026, 0, 1), key: null, value: Buffer.from("v"), seq: 2n ** 70n, sign: -0, gone: undefined, tags: new Map([["a", 1]]) };
    const back = roundTrip(record) as typeof record;
    expect(Buffer.isBuffer(back.value) && back.value.equals(record.value)).toBe(true);
    expect(back.seq).toBe(record.seq);
    expect(Object.is(back.sign, -0)).toBe(true);
    expect("gone" in back).toBe(true);
    expect(back.tags).toEqual(record.tags);
    expect({ ...back, value: null }).toEqual({ ...record, value: null });
  });

  it("plain data keeps BSON's bytes (what other workers of the same SDK read)", () => {
    const plain = { key: "user-1", n: 3_000_000_000, nested: { list: [1, "two", null] } };
    expect(roundTrip(plain)).toEqual(plain);
    const writer = Writer.create();
    coder.encode(plain, writer as never, Context.wholeStream);
    expect(new TextDecoder().decode(writer.finish().slice(1, 2))).toBe("O");
  });
});
