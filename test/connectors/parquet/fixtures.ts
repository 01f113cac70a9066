// Shared helpers of the Parquet connector tests: fixture writers (hyparquet-writer), expected
// figures computed from a file's own metadata (hyparquet), the typed cause of a failed run, and
// a counting wrapper of the `file` byte-source scheme.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parquetMetadata, type FileMetaData } from "hyparquet";
import { parquetWriteBuffer, type ColumnSource, type ParquetWriteOptions } from "hyparquet-writer";
import { afterEach, beforeEach, expect } from "vitest";
import type { ByteSource, ByteSourceScheme } from "../../../connectors/bytes/ByteSource.js";
import { countingByteSource, type CountingByteSource } from "../../../connectors/bytes/countingByteSource.js";
import { localFileScheme } from "../../../connectors/bytes/localFileScheme.js";
import { registerByteSourceScheme } from "../../../connectors/bytes/registry.js";

export { useTempDirs } from "../files/fixtures.js";

/** Write options of a fixture, everything but the data. */
export type WriteOptions = Omit<ParquetWriteOptions, "writer" | "columnData">;

/** A Parquet file written for a test: its bytes, its path and its own metadata. */
export interface ParquetFixture {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly metadata: FileMetaData;
}

/** The bytes of a Parquet file holding `columns` (defaults: SNAPPY, row groups of 100 rows). */
export function parquetBytes(columns: readonly ColumnSource[], options: WriteOptions = {}): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ rowGroupSize: 100, ...options, columnData: [...columns] }));
}

/** Writes a Parquet file of `columns` to `dir/name`. */
export function writeParquet(dir: string, name: string, columns: readonly ColumnSource[], options: WriteOptions = {}): ParquetFixture {
  const bytes = parquetBytes(columns, options);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes, metadata: parquetMetadata(toArrayBuffer(bytes)) };
}

/** The metadata of Parquet bytes, as hyparquet reads it. */
export function metadataOf(bytes: Uint8Array): FileMetaData {
  return parquetMetadata(toArrayBuffer(bytes));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Column data as rows: one object per index, keys in column order (or `keys`, missing ones null). */
export function rowsOf(columns: readonly { name: string; data: ArrayLike<unknown> }[], keys?: readonly string[]): Record<string, unknown>[] {
  const length = columns[0]?.data.length ?? 0;
  const names = keys ?? columns.map((c) => c.name);
  return Array.from({ length }, (_, i) => {
    const row: Record<string, unknown> = {};
    for (const name of names) {
      const column = columns.find((c) => c.name === name);
      row[name] = column === undefined ? null : column.data[i];
    }
    return row;
  });
}

/** Rows sorted by a numeric or bigint `key` (copy). */
export function sortBy<T extends Record<string, unknown>>(rows: readonly T[], key: string): T[] {
  return [...rows].sort((a, b) => {
    const x = a[key] as number | bigint;
    const y = b[key] as number | bigint;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Top-level column name of a column chunk. */
function topLevelName(path: readonly string[] | undefined): string {
  return path?.[0] ?? "";
}

/**
 * Compressed bytes of each row group: the sum of `total_compressed_size` of the chunks of the
 * projected top-level columns (all columns when `columns` is undefined).
 */
export function rowGroupBytes(metadata: FileMetaData, columns?: readonly string[]): number[] {
  return metadata.row_groups.map((group) =>
    group.columns
      .filter((chunk) => columns === undefined || columns.includes(topLevelName(chunk.meta_data?.path_in_schema)))
      .reduce((sum, chunk) => sum + Number(chunk.meta_data?.total_compressed_size ?? 0n), 0),
  );
}

/** Rows of each row group. */
export function rowGroupRows(metadata: FileMetaData): number[] {
  return metadata.row_groups.map((group) => Number(group.num_rows));
}

/** Byte range `[start, end)` of one column chunk in the file. */
export interface ChunkRange {
  readonly column: string;
  readonly rowGroup: number;
  readonly start: number;
  readonly end: number;
}

/** Where each column chunk lies: from its dictionary page (or first data page), compressed size long. */
export function chunkRanges(metadata: FileMetaData): ChunkRange[] {
  const ranges: ChunkRange[] = [];
  metadata.row_groups.forEach((group, rowGroup) => {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) continue;
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      ranges.push({ column: topLevelName(meta.path_in_schema), rowGroup, start, end: start + Number(meta.total_compressed_size) });
    }
  });
  return ranges;
}

/** Bytes of the footer: the Thrift metadata, its 4-byte length and the trailing `PAR1`. */
export function footerBytes(metadata: FileMetaData): number {
  return metadata.metadata_length + 8;
}

/**
 * The reference grouping of `splitRestriction`: per file, consecutive runs of row groups, each
 * growing until adding the next would exceed `desired` bytes (a larger row group stands alone);
 * never across files. `files` holds each file's row-group bytes, laid end to end in one global
 * index space; only global indices in `[from, to)` are grouped. Returns global `[from, to)` pairs.
 */
export function referencePieces(files: readonly (readonly number[])[], desired: number, from = 0, to = Infinity): [number, number][] {
  const pieces: [number, number][] = [];
  let first = 0;
  for (const bytes of files) {
    let start = -1;
    let sum = 0;
    bytes.forEach((size, i) => {
      const global = first + i;
      if (global < from || global >= to) return;
      if (start >= 0 && sum + size > desired) {
        pieces.push([start, global]);
        start = -1;
      }
      if (start < 0) {
        start = global;
        sum = 0;
      }
      sum += size;
    });
    if (start >= 0) pieces.push([start, Math.min(to, first + bytes.length)]);
    first += bytes.length;
  }
  return pieces;
}

/** Sum of `values[from..to)`. */
export function sumRange(values: readonly number[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i] ?? 0;
  return sum;
}

/** The rejection of `promise`; fails the test if it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  expect.fail("expected a failure, got success");
}

/** Every error on the `.cause` chain of `error`, outermost first. */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && !chain.includes(current)) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

/**
 * The first error of class `type` on the `.cause` chain of `error` (a run may wrap it in a
 * `WorkItemFailedError`); fails the test naming the chain when there is none.
 */
export function findCause<E extends Error>(error: unknown, type: abstract new (...args: never[]) => E): E {
  const chain = causeChain(error);
  const found = chain.find((e): e is E => e instanceof type);
  if (found === undefined) {
    const seen = chain.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))).join(" ← caused by ");
    expect.fail(`expected a ${type.name} on the cause chain, got ${seen || "nothing"}`);
  }
  return found;
}

/** Awaits a failing read and returns its typed cause, checking the message names each of `mentions`. */
export async function expectFailure<E extends Error>(read: Promise<unknown>, type: abstract new (...args: never[]) => E, ...mentions: string[]): Promise<E> {
  const error = findCause(await failureOf(read), type);
  for (const text of mentions) expect(error.message, `${type.name} message`).toContain(text);
  return error;
}

/** One `read(start, end)` call on a byte source. */
export interface ReadCall {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
}

/** What a counting scheme saw: every source opened and every read asked for. */
export interface ByteCounter {
  readonly opened: CountingByteSource[];
  readonly reads: ReadCall[];
  /** Bytes yielded over all sources opened so far. */
  bytesRead(): number;
  /** Forgets what was counted so far. */
  reset(): void;
}

/**
 * Wraps a scheme so that every source it opens counts its bytes and records its read ranges.
 * @param base - the scheme to wrap
 * @returns the wrapper (register it) and its counter
 */
export function countingScheme(base: ByteSourceScheme): { scheme: ByteSourceScheme; counter: ByteCounter } {
  const opened: CountingByteSource[] = [];
  const reads: ReadCall[] = [];
  const record = (source: ByteSource): ByteSource => ({
    get uri() {
      return source.uri;
    },
    get size() {
      return source.size;
    },
    get version() {
      return source.version;
    },
    read(start: number, end: number, chunkSize?: number) {
      reads.push({ uri: source.uri, start, end });
      return source.read(start, end, chunkSize);
    },
    close: () => source.close(),
  });
  const scheme: ByteSourceScheme = {
    schemes: base.schemes,
    expand: (pattern) => base.expand(pattern),
    open: async (uri, version) => {
      const counted = countingByteSource(record(await base.open(uri, version)));
      opened.push(counted);
      return counted;
    },
  };
  const counter: ByteCounter = {
    opened,
    reads,
    bytesRead: () => opened.reduce((sum, s) => sum + s.bytesRead, 0),
    reset: () => {
      opened.splice(0);
      reads.splice(0);
    },
  };
  return { scheme, counter };
}

/**
 * Registers a counting wrapper of the `file` scheme before each test of the calling file, and
 * restores the plain scheme after each.
 * @returns the counter of the current test (reset before each)
 */
export function useCountingFileScheme(): ByteCounter {
  const { scheme, counter } = countingScheme(localFileScheme);
  beforeEach(() => {
    counter.reset();
    registerByteSourceScheme(scheme);
  });
  afterEach(() => {
    registerByteSourceScheme(localFileScheme);
  });
  return counter;
}

/** Deterministic pseudo-random generator (xorshift32), so fixtures are the same every run. */
export function pseudoRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/** A string of `length` random lowercase hex-like letters from `next` (hardly compressible by snappy). */
export function randomText(next: () => number, length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let text = "";
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
  return text;
}

/** A standard table of `n` rows starting at id `start`: id INT32 (required), name STRING, score DOUBLE, big INT64, all but id with nulls. */
export function standardColumns(n: number, start = 0): ColumnSource[] {
  const ids = Array.from({ length: n }, (_, i) => start + i);
  return [
    { name: "id", data: ids, type: "INT32", nullable: false },
    { name: "name", data: ids.map((id) => (id % 7 === 3 ? null : `name-${id}-${"é".repeat(id % 3)}`)), type: "STRING" },
    { name: "score", data: ids.map((id) => (id % 11 === 5 ? null : id / 4 - 10)), type: "DOUBLE" },
    { name: "big", data: ids.map((id) => (id % 13 === 0 ? null : BigInt(id) * 1_000_000_007n - 5n)), type: "INT64" },
  ];
}
