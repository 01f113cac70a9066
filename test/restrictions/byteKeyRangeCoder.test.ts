import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RestrictionCoderError } from "../../src/errors/RestrictionCoderError.js";
import { ByteKeyRange } from "../../src/restrictions/ByteKeyRange.js";
import { compareKeys, keyToHex } from "../../src/restrictions/byteKeys.js";
import { byteKeyRangeCoder } from "../../src/restrictions/coders/byteKeyRangeCoder.js";

const k = (...bytes: number[]): Uint8Array => Uint8Array.of(...bytes);
const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/ /g, ""), "hex"));

const rangeArb = fc
  .tuple(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), fc.boolean())
  .map(([a, b, open]) => {
    const [lo, hi] = compareKeys(a, b) <= 0 ? [a, b] : [b, a];
    return new ByteKeyRange(lo, open ? new Uint8Array(0) : hi);
  });

describe("byteKeyRangeCoder", () => {
  it("encodes a tag, then length-prefixed start and end keys", () => {
    expect(keyToHex(byteKeyRangeCoder.encode(new ByteKeyRange(k(0x10), k(0xc0))))).toBe("02011001c0");
    expect(keyToHex(byteKeyRangeCoder.encode(ByteKeyRange.ALL_KEYS))).toBe("020000");
    expect(keyToHex(byteKeyRangeCoder.encode(ByteKeyRange.NO_KEYS))).toBe("02000100");
    const long = new ByteKeyRange(new Uint8Array(200), new Uint8Array(0));
    // Check: 200 = 0xc8 is two LEB128 bytes, c8 01.
    expect(keyToHex(byteKeyRangeCoder.encode(long).subarray(0, 3))).toBe("02c801");
  });

  it("property: decode(encode(r)) equals r, and encode(decode(b)) gives back b", () => {
    fc.assert(
      fc.property(rangeArb, (range) => {
        const bytes = byteKeyRangeCoder.encode(range);
        const decoded = byteKeyRangeCoder.decode(bytes);
        expect(decoded.equals(range)).toBe(true);
        expect(byteKeyRangeCoder.encode(decoded)).toEqual(bytes);
      }),
    );
  });

  it("decodes from a view into a larger buffer", () => {
    const inner = byteKeyRangeCoder.encode(new ByteKeyRange(k(1, 2), k(3)));
    const padded = new Uint8Array(inner.length + 4);
    padded.set(inner, 2);
    expect(byteKeyRangeCoder.decode(padded.subarray(2, 2 + inner.length)).toString()).toBe(
      "ByteKeyRange{startKey=[0102], endKey=[03]}",
    );
  });

  it.each([
    ["no bytes", "", /got no bytes/],
    ["a wrong tag", "01 00 00", /expected tag 2, got tag 1/],
    ["a truncated start length", "02", /start key length is truncated/],
    ["a truncated varint", "02 80", /start key length is truncated/],
    ["a truncated start key", "02 03 10 11", /start key claims 3 bytes but only 2 remain/],
    ["a missing end key", "02 01 10", /end key length is truncated/],
    ["a truncated end key", "02 01 10 02 c0", /end key claims 2 bytes but only 1 remain/],
    ["trailing bytes", "02 01 10 01 c0 00", /1 trailing byte/],
    ["a non-canonical length", "02 81 00 10 00", /not in canonical/],
    ["an overlong length", "02 ff ff ff ff ff ff ff 01", /longer than 7 bytes/],
    ["a huge length", "02 ff ff ff ff ff ff 7f", /claims \d+ bytes but only 0 remain/],
  ])("rejects %s with RestrictionCoderError", (_name, input, message) => {
    expect(() => byteKeyRangeCoder.decode(hex(input))).toThrow(RestrictionCoderError);
    expect(() => byteKeyRangeCoder.decode(hex(input))).toThrow(message);
  });

  it("rejects a decoded range whose start is above its end", () => {
    expect(() => byteKeyRangeCoder.decode(hex("02 01 c0 01 10"))).toThrow(RestrictionCoderError);
    expect(() => byteKeyRangeCoder.decode(hex("02 01 c0 01 10"))).toThrow(/not form a valid ByteKeyRange/);
  });

  it("property: arbitrary bytes either decode to a range that re-encodes to them, or throw RestrictionCoderError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        // Mostly keep the right tag so that the length and key parsing is what gets exercised.
        const input = bytes.length > 0 ? Uint8Array.of(0x02, ...bytes.subarray(1)) : bytes;
        let decoded: ByteKeyRange;
        try {
          decoded = byteKeyRangeCoder.decode(input);
        } catch (e) {
          expect(e).toBeInstanceOf(RestrictionCoderError);
          return;
        }
        expect(byteKeyRangeCoder.encode(decoded)).toEqual(input);
      }),
    );
  });
});
