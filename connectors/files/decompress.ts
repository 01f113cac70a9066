import { createGunzip } from "node:zlib";
import { Decompress as ZstdDecompress } from "fzstd";
import { CorruptInputError } from "../../src/errors/CorruptInputError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import type { Compression } from "./FileEntry.js";

/** A decompressed stream that also tells how many compressed bytes it has consumed. */
export interface DecompressedStream extends AsyncIterable<Uint8Array> {
  /** Compressed bytes consumed so far. */
  readonly compressedBytesRead: number;
}

/**
 * Decompresses `input` (the whole compressed file) as it streams. gzip uses Node's zlib,
 * zstd the `fzstd` library (Node 20 has no zstd). A truncated or corrupt stream is a
 * {@link CorruptInputError} naming `uri`.
 * @param input - compressed chunks from byte 0
 * @param compression - the codec
 * @param uri - the file, for errors
 */
export function decompress(input: AsyncIterable<Uint8Array>, compression: Exclude<Compression, "none">, uri: string): DecompressedStream {
  const state = { compressedBytesRead: 0 };
  const counted = (async function* () {
    for await (const chunk of input) {
      state.compressedBytesRead += chunk.length;
      yield chunk;
    }
  })();
  const stream = compression === "gzip" ? gunzip(counted, uri) : unzstd(counted, uri);
  return {
    get compressedBytesRead() {
      return state.compressedBytesRead;
    },
    [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
  };
}

/**
 * The error for a stream that does not decompress.
 * @param reason - what is wrong; with no `cause`, the decoder threw nothing (the input ended early)
 * @param cause - what the decoder threw, if anything
 */
function corrupt(uri: string, codec: string, reason: string, cause?: unknown): CorruptInputError {
  return new CorruptInputError(
    `${uri} is not a valid ${codec} stream (${reason}): ` +
      `the file is truncated or corrupt; re-create it, or set compression: "none" to read its raw bytes.`,
    { cause, context: { input: uri } },
  );
}

/** What a decoder's error says, as text. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function* gunzip(input: AsyncIterable<Uint8Array>, uri: string): AsyncGenerator<Uint8Array> {
  const gunzipper = createGunzip({ chunkSize: 1 << 20 });
  const feeding = (async () => {
    try {
      for await (const chunk of input) {
        if (!gunzipper.write(chunk)) await new Promise((resolve) => gunzipper.once("drain", resolve));
      }
      gunzipper.end();
    } catch (error) {
      gunzipper.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of gunzipper) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof SdfError) throw error;
    throw corrupt(uri, "gzip", messageOf(error), error);
  } finally {
    gunzipper.destroy();
    await feeding;
  }
}

async function* unzstd(input: AsyncIterable<Uint8Array>, uri: string): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  let ended = false;
  const decoder = new ZstdDecompress((chunk, final) => {
    ready.push(chunk);
    if (final) ended = true;
  });
  try {
    for await (const chunk of input) {
      decoder.push(chunk);
      while (ready.length > 0) yield ready.shift()!;
    }
    if (!ended) decoder.push(new Uint8Array(0), true);
    while (ready.length > 0) yield ready.shift()!;
  } catch (error) {
    if (error instanceof SdfError) throw error;
    throw corrupt(uri, "zstd", messageOf(error), error);
  }
  if (!ended) throw corrupt(uri, "zstd", "unexpected end of stream");
}
