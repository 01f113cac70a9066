import type { ByteSource } from "./ByteSource.js";

/** A {@link ByteSource} that counts what was read through it. */
export interface CountingByteSource extends ByteSource {
  /** Bytes yielded so far, over all reads. */
  readonly bytesRead: number;
  /** Number of `read` calls so far. */
  readonly reads: number;
}

/**
 * Wraps a source to count its reads and the bytes they yielded (hyparquet's `countingBuffer`):
 * for tests that assert how much I/O a reader does, and for metrics. Everything else passes
 * through.
 *
 * @param source - the source to count
 * @returns the counting view; closing it closes `source`
 * @example
 * ```ts
 * const counted = countingByteSource(await openByteSource("a.txt"));
 * for await (const _ of counted.read(0, 100)) {}
 * counted.bytesRead; // 100
 * ```
 */
export function countingByteSource(source: ByteSource): CountingByteSource {
  let bytesRead = 0;
  let reads = 0;
  return {
    get uri() {
      return source.uri;
    },
    get size() {
      return source.size;
    },
    get version() {
      return source.version;
    },
    get bytesRead() {
      return bytesRead;
    },
    get reads() {
      return reads;
    },
    read(start: number, end: number, chunkSize?: number): AsyncIterable<Uint8Array> {
      const chunks = source.read(start, end, chunkSize);
      reads += 1;
      return {
        async *[Symbol.asyncIterator]() {
          for await (const chunk of chunks) {
            bytesRead += chunk.length;
            yield chunk;
          }
        },
      };
    },
    close: () => source.close(),
  };
}
