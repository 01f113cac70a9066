import type { AsyncBuffer } from "hyparquet";
import type { ByteSource } from "../bytes/ByteSource.js";

/** Largest piece a slice asks the byte source for at once. */
const SLICE_CHUNK_SIZE = 8 << 20;

/**
 * hyparquet's `AsyncBuffer` over a pinned {@link ByteSource}: each `slice` is one ranged read
 * (local file, S3 or GCS alike), copied once into the `ArrayBuffer` hyparquet wants. Reads keep
 * the source's guarantees: a changed file fails with `SourceChangedError`, never mixed bytes.
 *
 * @param source - the open source
 * @returns an `AsyncBuffer` of `source.size` bytes
 */
export function byteSourceBuffer(source: ByteSource): AsyncBuffer {
  return {
    byteLength: source.size,
    async slice(start: number, end: number = source.size): Promise<ArrayBuffer> {
      const from = Math.max(0, start);
      const to = Math.min(source.size, end);
      const bytes = new Uint8Array(Math.max(0, to - from));
      let filled = 0;
      if (to > from) {
        for await (const chunk of source.read(from, to, Math.min(to - from, SLICE_CHUNK_SIZE))) {
          bytes.set(chunk, filled);
          filled += chunk.length;
        }
      }
      return bytes.buffer;
    },
  };
}
