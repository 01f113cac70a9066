import { RestrictionCoderError } from "../../errors/RestrictionCoderError.js";
import { ByteKeyRange } from "../ByteKeyRange.js";
import type { RestrictionCoder } from "./RestrictionCoder.js";

const BYTE_KEY_RANGE_TAG = 0x02;

/**
 * Binary coder for {@link ByteKeyRange}: a tag byte `0x02`, then the start key and the end key,
 * each as an unsigned LEB128 length followed by the bytes. `[10, c0)` → `02 01 10 01 c0`;
 * {@link ByteKeyRange.ALL_KEYS} → `02 00 00`. Decoding is strict: exactly one canonical encoding
 * per range, no trailing bytes.
 */
export const byteKeyRangeCoder: RestrictionCoder<ByteKeyRange> = {
  encode(range: ByteKeyRange): Uint8Array {
    const { start, end } = range;
    const startLength = uvarint(start.length);
    const endLength = uvarint(end.length);
    const bytes = new Uint8Array(1 + startLength.length + start.length + endLength.length + end.length);
    let at = 0;
    bytes[at++] = BYTE_KEY_RANGE_TAG;
    for (const part of [startLength, start, endLength, end]) {
      bytes.set(part, at);
      at += part.length;
    }
    return bytes;
  },
  decode(bytes: Uint8Array): ByteKeyRange {
    if (bytes.length === 0 || bytes[0] !== BYTE_KEY_RANGE_TAG) {
      corrupt(`expected tag ${BYTE_KEY_RANGE_TAG}, got ${bytes.length === 0 ? "no bytes" : `tag ${String(bytes[0])}`}`);
    }
    const reader = { bytes, at: 1 };
    const start = readKey(reader, "start");
    const end = readKey(reader, "end");
    if (reader.at !== bytes.length) corrupt(`${bytes.length - reader.at} trailing byte(s) after the end key`);
    try {
      return new ByteKeyRange(start, end);
    } catch (cause) {
      throw new RestrictionCoderError(`Decoded bytes do not form a valid ByteKeyRange: ${String(cause)}`, { cause });
    }
  },
};

/** A cursor over the bytes being decoded. */
interface Reader {
  readonly bytes: Uint8Array;
  at: number;
}

/** Reads one length-prefixed key. */
function readKey(reader: Reader, which: string): Uint8Array {
  const length = readUvarint(reader, which);
  const remaining = reader.bytes.length - reader.at;
  if (length > remaining) corrupt(`the ${which} key claims ${length} bytes but only ${remaining} remain (truncated)`);
  const key = reader.bytes.slice(reader.at, reader.at + length);
  reader.at += length;
  return key;
}

/** Reads an unsigned LEB128 integer of at most 7 bytes (below 2^49), in canonical (shortest) form. */
function readUvarint(reader: Reader, which: string): number {
  let value = 0;
  for (let i = 0; i < 7; i++) {
    const byte = reader.bytes[reader.at];
    if (byte === undefined) corrupt(`the ${which} key length is truncated`);
    reader.at++;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      if (byte === 0 && i > 0) corrupt(`the ${which} key length is not in canonical (shortest) form`);
      return value;
    }
  }
  return corrupt(`the ${which} key length is longer than 7 bytes`);
}

/** Unsigned LEB128 of a non-negative safe integer. */
function uvarint(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return Uint8Array.from(out);
}

/** Throws the coder error for a corrupt encoding. */
function corrupt(reason: string): never {
  throw new RestrictionCoderError(
    `Cannot decode a ByteKeyRange: ${reason}. The checkpoint is corrupt or was written by another coder.`,
  );
}
