import { constants, type BigIntStats } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { InputAccessError } from "../../src/errors/InputAccessError.js";
import { ByteSourceClosedError } from "../../src/errors/ByteSourceClosedError.js";
import { InvalidRestrictionError } from "../../src/errors/InvalidRestrictionError.js";
import { SourceChangedError } from "../../src/errors/SourceChangedError.js";
import type { ByteSource } from "./ByteSource.js";
import { fsError } from "./fsErrors.js";
import { toLocalPath } from "./localPath.js";

/** Default `chunkSize` of {@link LocalFileByteSource.read}: 1 MiB. */
export const DEFAULT_FILE_CHUNK_SIZE = 1 << 20;
/** Largest chunk actually read at once (1 GiB); larger `chunkSize`s are clamped to it. */
export const MAX_FILE_CHUNK_SIZE = 1 << 30;

const RERUN = "the file changed since the read started; re-run to read the new version";

/**
 * A local file as a {@link ByteSource}: opened once, pinned to the version (`mtimeNs-size`)
 * seen at open, read in `[start, end)` ranges as a stream of freshly allocated chunks.
 *
 * Every chunk is checked against the pinned version before it is yielded (one `fstat` per
 * chunk): a file that shrank, grew or was rewritten in place fails with
 * {@link SourceChangedError} naming the path and byte offset, so a consumer never mixes two
 * versions. A file *replaced* by rename keeps being read at its old, consistent version
 * through the open descriptor.
 *
 * @example
 * ```ts
 * const source = await LocalFileByteSource.open("data/a.txt");
 * try {
 *   for await (const chunk of source.read(0, source.size)) process(chunk);
 * } finally {
 *   await source.close();
 * }
 * ```
 */
export class LocalFileByteSource implements ByteSource {
  /** The absolute path (not a `file://` URI): what lineage and error messages show. */
  readonly uri: string;
  /** Size in bytes when opened. */
  readonly size: number;
  /** `${mtimeNs}-${size}` when opened. */
  readonly version: string;
  /** The open descriptor; `null` once `close()` was called, and never reopened. */
  #handle: FileHandle | null;
  /** The single close in progress or done, so `close()` is idempotent. */
  #closing: Promise<void> | null = null;
  /** Human description of the pinned version, for messages. */
  readonly #described: string;

  private constructor(uri: string, handle: FileHandle, stats: BigIntStats) {
    this.uri = uri;
    this.#handle = handle;
    this.size = Number(stats.size);
    this.version = versionOf(stats);
    this.#described = describe(stats);
  }

  /**
   * Opens a local file and pins its current version.
   *
   * @param pathOrFileUri - an absolute or relative path, or a `file://` URI
   * @param expectedVersion - when given, the version the caller saw before (from a checkpoint or
   *   a planning step); another version is an error
   * @returns the open source; close it when done
   * @throws {@link InputNotFoundError} if the file does not exist
   * @throws {@link InputAccessError} for a directory, a non-regular file or denied permission
   * @throws {@link TransientIoError} for transient OS errors (`EMFILE`, `EAGAIN`, `EIO`, …)
   * @throws {@link SourceChangedError} if `expectedVersion` is given and differs
   */
  static async open(pathOrFileUri: string, expectedVersion?: string): Promise<LocalFileByteSource> {
    const path = toLocalPath(pathOrFileUri);
    let handle: FileHandle;
    try {
      // O_NONBLOCK so that opening a FIFO does not hang; it is then rejected as not a regular file.
      handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
      throw fsError(error, path, "open");
    }
    try {
      const stats = await fstat(handle, path);
      if (stats.isDirectory()) {
        throw new InputAccessError(`Cannot read ${path}: is a directory; pass a glob such as ${path}/**/* to read the files in it`, {
          context: { input: path },
        });
      }
      if (!stats.isFile()) {
        throw new InputAccessError(`Cannot read ${path}: not a regular file (${fileKind(stats)}); sdfkit reads regular files, whose size is known`, {
          context: { input: path },
        });
      }
      if (stats.size > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new InputAccessError(`Cannot read ${path}: its size ${stats.size} is above 2^53 - 1 bytes`, { context: { input: path } });
      }
      const source = new LocalFileByteSource(path, handle, stats);
      if (expectedVersion !== undefined && expectedVersion !== source.version) {
        throw new SourceChangedError(
          `${path} is not the expected version: expected ${expectedVersion}, found ${source.version} (${source.#described}); ${RERUN}`,
          { context: { input: path } },
        );
      }
      return source;
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Streams `[start, end)` as chunks of `chunkSize` bytes (the last one shorter). Each chunk is a
   * new buffer that the consumer may keep. `read(10, 10)` yields nothing but still checks the
   * version.
   *
   * @param start - first byte, `0 <= start <= end`
   * @param end - end (exclusive), `<= size`
   * @param chunkSize - bytes per chunk, clamped to {@link MAX_FILE_CHUNK_SIZE} @defaultValue 1 MiB
   * @returns the chunks, in order
   * @throws {@link InvalidRestrictionError} (synchronously) for a range outside `[0, size]` or a bad `chunkSize`
   * @throws {@link SourceChangedError} while iterating, if the file no longer is the pinned version
   * @throws {@link ByteSourceClosedError} if the source was closed
   */
  read(start: number, end: number, chunkSize: number = DEFAULT_FILE_CHUNK_SIZE): AsyncIterable<Uint8Array> {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end > this.size) {
      throw new InvalidRestrictionError(
        `Expected a byte range with 0 <= start <= end <= ${this.size} (the size of ${this.uri}), got [${start}, ${end})`,
        { context: { input: this.uri, restriction: `[${start}, ${end})` } },
      );
    }
    if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) {
      throw new InvalidRestrictionError(`Expected \`chunkSize\` to be a positive safe integer, got ${chunkSize}`, {
        context: { input: this.uri },
      });
    }
    this.#openHandle(start);
    return this.#chunks(start, end, Math.min(chunkSize, MAX_FILE_CHUNK_SIZE));
  }

  /** Closes the file descriptor; later reads fail. Safe to call more than once. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const handle = this.#handle;
      this.#handle = null;
      try {
        await handle?.close();
      } catch (error) {
        throw fsError(error, this.uri, "close");
      }
    })();
    return this.#closing;
  }

  async *#chunks(start: number, end: number, chunkSize: number): AsyncGenerator<Uint8Array, void, undefined> {
    await this.#checkVersion(start);
    let offset = start;
    while (offset < end) {
      const length = Math.min(chunkSize, end - offset);
      // A fresh buffer per chunk, never from Buffer's shared pool: consumers may keep references.
      const chunk = Buffer.allocUnsafeSlow(length);
      let filled = 0;
      while (filled < length) {
        const handle = this.#openHandle(offset + filled);
        let bytesRead: number;
        try {
          ({ bytesRead } = await handle.read(chunk, filled, length - filled, offset + filled));
        } catch (error) {
          throw fsError(error, this.uri, "read", offset + filled);
        }
        if (bytesRead === 0) {
          throw new SourceChangedError(
            `${this.uri} shrank while being read: end of file at byte offset ${offset + filled}, ` +
              `but it had ${this.size} bytes when opened (version ${this.version}); ${RERUN}`,
            { context: { input: this.uri, position: String(offset + filled) } },
          );
        }
        filled += bytesRead;
      }
      // The chunk is only handed out once the file is known to still be the pinned version.
      await this.#checkVersion(offset);
      offset += length;
      yield chunk;
    }
  }

  async #checkVersion(offset: number): Promise<void> {
    const stats = await fstat(this.#openHandle(offset), this.uri, offset);
    const now = versionOf(stats);
    if (now === this.version) return;
    const what = stats.size < BigInt(this.size) ? "shrank" : stats.size > BigInt(this.size) ? "grew" : "was rewritten";
    throw new SourceChangedError(
      `${this.uri} ${what} while being read (at byte offset ${offset}): version ${this.version} (${this.#described}) ` +
        `when opened, now ${now} (${describe(stats)}); ${RERUN}`,
      { context: { input: this.uri, position: String(offset) } },
    );
  }

  #openHandle(offset: number): FileHandle {
    if (this.#handle === null) {
      throw new ByteSourceClosedError(`Cannot read ${this.uri} at byte offset ${offset}: the byte source was closed`, {
        context: { input: this.uri, position: String(offset) },
      });
    }
    return this.#handle;
  }
}

async function fstat(handle: FileHandle, path: string, offset?: number): Promise<BigIntStats> {
  try {
    return await handle.stat({ bigint: true });
  } catch (error) {
    throw fsError(error, path, "stat", offset);
  }
}

function versionOf(stats: BigIntStats): string {
  return `${stats.mtimeNs}-${stats.size}`;
}

function describe(stats: BigIntStats): string {
  return `modified ${new Date(Number(stats.mtimeMs)).toISOString()}, ${stats.size} bytes`;
}

function fileKind(stats: BigIntStats): string {
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  return "not a file";
}
