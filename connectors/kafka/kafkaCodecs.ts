import kafkajs from "kafkajs";
import snappy from "snappy";
import lz4 from "lz4-napi";
import { decompress as zstdDecompress } from "fzstd";
import { CorruptInputError } from "../../src/errors/CorruptInputError.js";
import { UnsupportedFormatError } from "../../src/errors/UnsupportedFormatError.js";

/** The codecs a record batch may be compressed with, as `KafkaSink`'s `compression` option names them. */
export type KafkaCompression = "none" | "gzip" | "snappy" | "lz4" | "zstd";

/** What kafkajs expects of a codec: `compress` gets its encoder (the records' bytes in `.buffer`). */
interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

/** Codec ids of the record batch attributes (bits 0–2). */
const CODEC_IDS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const satisfies Record<KafkaCompression, number>;

/** The magic bytes that start xerial's snappy framing, which Kafka's Java producer writes. */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
/** Magic, version and compatible version (both 1). */
const XERIAL_HEADER = Buffer.concat([XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])]);
/** Uncompressed bytes per xerial chunk when writing (xerial's default block size). */
const XERIAL_BLOCK = 32 * 1024;

/**
 * Unwraps xerial's snappy framing (`\x82SNAPPY\0`, two int32 versions, then int32-length-prefixed
 * raw snappy chunks), or decodes raw snappy when the header is absent (what kafkajs-snappy and
 * librdkafka may write).
 * @param buffer - a batch's compressed records
 * @returns the records' bytes
 * @throws {@link CorruptInputError} for a truncated chunk or bad snappy data
 */
export function snappyDecode(buffer: Buffer): Buffer {
  if (buffer.length < XERIAL_HEADER.length || !buffer.subarray(0, 8).equals(XERIAL_MAGIC)) return toBuffer(snappy.uncompressSync(buffer) as Buffer);
  const chunks: Buffer[] = [];
  for (let at = XERIAL_HEADER.length; at < buffer.length; ) {
    if (at + 4 > buffer.length) throw new CorruptInputError(`A snappy (xerial) chunk header is cut off at byte ${at} of ${buffer.length}`);
    const size = buffer.readInt32BE(at);
    at += 4;
    if (size < 0 || at + size > buffer.length) throw new CorruptInputError(`A snappy (xerial) chunk of ${size} bytes at byte ${at} overruns the ${buffer.length}-byte block`);
    chunks.push(toBuffer(snappy.uncompressSync(buffer.subarray(at, at + size)) as Buffer));
    at += size;
  }
  return Buffer.concat(chunks);
}

/**
 * Encodes in xerial's snappy framing, as Kafka's Java producer does (every Kafka client reads it).
 * @param data - the records' bytes
 * @returns the framed, compressed bytes
 */
export function snappyEncode(data: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_HEADER];
  for (let at = 0; at < data.length; at += XERIAL_BLOCK) {
    const chunk = snappy.compressSync(data.subarray(at, at + XERIAL_BLOCK));
    const size = Buffer.alloc(4);
    size.writeInt32BE(chunk.length);
    parts.push(size, chunk);
  }
  return Buffer.concat(parts);
}

/** zstd compression (fzstd only decompresses; Node 20's zlib has no zstd): loaded on first use. */
let zstdWasm: Promise<{ compress(data: Uint8Array, level: number): Uint8Array }> | undefined;

function zstdEncoder(): Promise<{ compress(data: Uint8Array, level: number): Uint8Array }> {
  zstdWasm ??= import("@bokuweb/zstd-wasm").then(async (module) => {
    await module.init();
    return module;
  });
  return zstdWasm;
}

/** The codecs sdfkit adds to kafkajs, by id. */
const CODECS: Readonly<Record<number, KafkajsCodec>> = {
  [CODEC_IDS.snappy]: {
    compress: async ({ buffer }) => snappyEncode(buffer),
    decompress: async (buffer) => decoding("snappy", () => snappyDecode(buffer)),
  },
  [CODEC_IDS.lz4]: {
    compress: async ({ buffer }) => lz4.compressFrameSync(buffer),
    // Kafka's LZ4 batches (record format v2) are standard LZ4 frames.
    decompress: async (buffer) => decoding("lz4", () => lz4.decompressFrameSync(buffer)),
  },
  [CODEC_IDS.zstd]: {
    compress: async ({ buffer }) => toBuffer((await zstdEncoder()).compress(buffer, 3)),
    decompress: async (buffer) => decoding("zstd", () => toBuffer(zstdDecompress(buffer))),
  },
};

/** Codec ids 5–7 are unassigned: a batch that names one cannot be read. */
const UNKNOWN_IDS = [5, 6, 7];

let registered = false;

/**
 * Adds snappy, lz4 and zstd to kafkajs's codec table (kafkajs 2.2.4 ships gzip only and
 * throws `KafkaJSNotImplemented` for the others), and makes the unassigned codec ids fail with
 * an {@link UnsupportedFormatError} instead of being read as uncompressed. Idempotent; affects
 * the kafkajs module sdfkit imports (a caller's own kafkajs copy keeps its table).
 */
export function registerKafkaCodecs(): void {
  if (registered) return;
  registered = true;
  const table = kafkajs.CompressionCodecs as unknown as Record<number, () => KafkajsCodec>;
  for (const [id, codec] of Object.entries(CODECS)) table[Number(id)] = () => codec;
  for (const id of UNKNOWN_IDS) {
    table[id] = () => {
      throw new UnsupportedFormatError(`A record batch names compression codec id ${id}, which Kafka does not define (known: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd); the topic was written by an incompatible producer`);
    };
  }
}

/**
 * The kafkajs `CompressionTypes` value of a codec name.
 * @param compression - the codec name
 * @returns its id in the record batch attributes
 */
export function compressionType(compression: KafkaCompression): number {
  return CODEC_IDS[compression];
}

/** The codec names, for messages and option checks. */
export const KAFKA_COMPRESSIONS: readonly KafkaCompression[] = Object.keys(CODEC_IDS) as KafkaCompression[];

/** Runs a decoder, turning its failure into a {@link CorruptInputError} naming the codec. */
function decoding(codec: string, decode: () => Buffer): Buffer {
  try {
    return decode();
  } catch (error) {
    if (error instanceof CorruptInputError) throw error;
    throw new CorruptInputError(`A ${codec}-compressed record batch does not decode: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
