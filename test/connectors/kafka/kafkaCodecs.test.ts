// The codecs sdfkit adds to kafkajs: round trips, the xerial snappy framing Kafka's Java producer
// writes, raw snappy, and typed errors for data that does not decode or a codec Kafka never defined.
import kafkajs from "kafkajs";
import { describe, expect, it } from "vitest";
import { registerKafkaCodecs, snappyDecode, snappyEncode } from "../../../connectors/kafka/kafkaCodecs.js";
import { CorruptInputError } from "../../../src/errors/CorruptInputError.js";
import { UnsupportedFormatError } from "../../../src/errors/UnsupportedFormatError.js";

registerKafkaCodecs();
const table = kafkajs.CompressionCodecs as unknown as Record<number, () => { compress(e: { buffer: Buffer }): Promise<Buffer>; decompress(b: Buffer): Promise<Buffer> }>;
const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => `record ${i};`).join(""));

describe("kafka codecs", () => {
  it.each([
    ["gzip", 1],
    ["snappy", 2],
    ["lz4", 3],
    ["zstd", 4],
  ])("%s round-trips through kafkajs's codec table", async (_name, id) => {
    const codec = table[id]!();
    const packed = await codec.compress({ buffer: data });
    expect(packed.length).toBeLessThan(data.length);
    expect((await codec.decompress(packed)).equals(data)).toBe(true);
  });

  it("writes snappy in xerial framing (magic, versions, 32 KiB chunks) and reads it and raw snappy", async () => {
    const framed = snappyEncode(data);
    expect(framed.subarray(0, 8).toString("latin1")).toBe("\x82SNAPPY\0");
    expect(framed.readInt32BE(8)).toBe(1);
    expect(snappyDecode(framed).equals(data)).toBe(true);
    const raw = (await import("snappy")).default.compressSync(data);
    expect(snappyDecode(raw).equals(data)).toBe(true);
  });

  it.each([
    ["snappy", 2],
    ["lz4", 3],
    ["zstd", 4],
  ])("%s: bytes that do not decode are a CorruptInputError naming the codec", async (name, id) => {
    const error = await table[id]!().decompress(Buffer.from("definitely not compressed data")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptInputError);
    expect((error as Error).message).toContain(`${name}-compressed record batch does not decode`);
  });

  it("a truncated xerial chunk is a CorruptInputError", () => {
    const framed = snappyEncode(data);
    expect(() => snappyDecode(framed.subarray(0, framed.length - 10))).toThrow(CorruptInputError);
  });

  it("codec ids 5-7 are an UnsupportedFormatError, not read as uncompressed", () => {
    expect(() => table[5]!()).toThrow(UnsupportedFormatError);
  });
});
