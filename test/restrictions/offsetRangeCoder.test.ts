import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidRestrictionError } from "../../src/errors/InvalidRestrictionError.js";
import { RestrictionCoderError } from "../../src/errors/RestrictionCoderError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { offsetRangeCoder } from "../../src/restrictions/coders/offsetRangeCoder.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";

const MAX = Number.MAX_SAFE_INTEGER;
const MIN = Number.MIN_SAFE_INTEGER;

/** 17 bytes: tag 1, then `from` and `to` as little-endian float64. */
function rawBytes(from: number, to: number, tag = 0x01): Uint8Array {
  const bytes = new Uint8Array(17);
  const view = new DataView(bytes.buffer);
  bytes[0] = tag;
  view.setFloat64(1, from, true);
  view.setFloat64(9, to, true);
  return bytes;
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("offsetRangeCoder round trip", () => {
  it.each([
    [0, 0],
    [0, 1],
    [100, 200],
    [0, Infinity],
    [MAX, Infinity],
    [MAX - 1, MAX],
    [MAX, MAX],
    [0, MAX],
    [MIN, MAX],
    [MIN, Infinity],
    [-5, -5],
    [2 ** 52 + 1, 2 ** 53 - 1],
  ])("[%s, %s) decodes to exactly itself", (from, to) => {
    const range = new OffsetRange(from, to);
    const decoded = offsetRangeCoder.decode(offsetRangeCoder.encode(range));
    // Check: exact, Infinity and odd values near 2^53 included.
    expect(decoded).toBeInstanceOf(OffsetRange);
    expect(decoded.from).toBe(from);
    expect(decoded.to).toBe(to);
    expect(decoded.equals(range)).toBe(true);
  });

  it("encodes to 17 bytes starting with the tag", () => {
    const bytes = offsetRangeCoder.encode(new OffsetRange(100, 200));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes).toHaveLength(17);
    expect(bytes[0]).toBe(0x01);
    // Check: the documented layout, so checkpoints stay readable across versions.
    expect(Array.from(bytes)).toEqual(Array.from(rawBytes(100, 200)));
  });

  it("decodes from a view into a larger buffer (non-zero byteOffset)", () => {
    const encoded = offsetRangeCoder.encode(new OffsetRange(MAX - 7, Infinity));
    const big = new Uint8Array(40).fill(0xff);
    big.set(encoded, 5);
    const decoded = offsetRangeCoder.decode(big.subarray(5, 22));
    expect(decoded.toString()).toBe(`[${MAX - 7}, Infinity)`);
  });

  it("decode does not depend on or alter its input", () => {
    const bytes = offsetRangeCoder.encode(new OffsetRange(3, 9));
    const copy = Uint8Array.from(bytes);
    offsetRangeCoder.decode(bytes);
    offsetRangeCoder.decode(bytes);
    expect(Array.from(bytes)).toEqual(Array.from(copy));
  });

  it("property: decode(encode(r)) equals r for any valid range", () => {
    const bound = fc.oneof(
      fc.integer({ min: MIN, max: MAX }),
      fc.integer({ min: MAX - 1000, max: MAX }),
      fc.constantFrom(0, MAX, MIN),
    );
    const rangeArb = fc
      .tuple(bound, fc.oneof(bound, fc.constant(Infinity)))
      .map(([a, b]) => (b === Infinity ? new OffsetRange(a, b) : new OffsetRange(Math.min(a, b), Math.max(a, b))));
    fc.assert(
      fc.property(rangeArb, (range) => {
        const decoded = offsetRangeCoder.decode(offsetRangeCoder.encode(range));
        // Check: same bounds, bit for bit.
        expect(Object.is(decoded.from, range.from)).toBe(true);
        expect(Object.is(decoded.to, range.to)).toBe(true);
      }),
    );
  });
});

describe("offsetRangeCoder corrupt input", () => {
  it.each<[string, Uint8Array]>([
    ["empty", new Uint8Array(0)],
    ["truncated", rawBytes(1, 2).subarray(0, 16)],
    ["one byte", Uint8Array.of(0x01)],
    ["too long", Uint8Array.of(...rawBytes(1, 2), 0)],
    ["wrong tag", rawBytes(1, 2, 0x02)],
    ["zero tag", rawBytes(1, 2, 0x00)],
    ["from > to", rawBytes(10, 9)],
    ["from NaN", rawBytes(Number.NaN, 9)],
    ["to NaN", rawBytes(0, Number.NaN)],
    ["from not an integer", rawBytes(1.5, 9)],
    ["to not an integer", rawBytes(1, 9.5)],
    ["from Infinity", rawBytes(Infinity, Infinity)],
    ["from -Infinity", rawBytes(-Infinity, 9)],
    ["to -Infinity", rawBytes(0, -Infinity)],
    ["from 2^53", rawBytes(2 ** 53, 2 ** 53)],
    ["to above 2^53", rawBytes(0, 2 ** 60)],
    ["all 0xff", new Uint8Array(17).fill(0xff)],
  ])("%s → RestrictionCoderError", (_name, bytes) => {
    const error = thrown(() => offsetRangeCoder.decode(bytes));
    // Check: one error type for every corrupt checkpoint; non-retriable.
    expect(error).toBeInstanceOf(RestrictionCoderError);
    expect(error).toBeInstanceOf(SdfError);
    expect((error as SdfError).retriable).toBe(false);
    expect(error.name).toBe("RestrictionCoderError");
  });

  it("a bad length names the length received", () => {
    expect(() => offsetRangeCoder.decode(new Uint8Array(5))).toThrow(/5 bytes/);
  });

  it("a structurally valid but impossible range keeps the validation error as its cause", () => {
    const error = thrown(() => offsetRangeCoder.decode(rawBytes(10, 9)));
    expect(error).toBeInstanceOf(RestrictionCoderError);
    expect(error.cause).toBeInstanceOf(InvalidRestrictionError);
  });

  it("property: random 17-byte inputs decode to a valid range or throw RestrictionCoderError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 17, maxLength: 17 }), fc.boolean(), (bytes, tagged) => {
        if (tagged) bytes[0] = 0x01;
        try {
          const range = offsetRangeCoder.decode(bytes);
          // Check: whatever decodes is a valid range.
          expect(Number.isSafeInteger(range.from)).toBe(true);
          expect(Number.isSafeInteger(range.to) || range.to === Infinity).toBe(true);
          expect(range.from).toBeLessThanOrEqual(range.to);
        } catch (error) {
          expect(error).toBeInstanceOf(RestrictionCoderError);
        }
      }),
    );
  });
});
