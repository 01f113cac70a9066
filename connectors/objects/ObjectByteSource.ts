import { ByteSourceClosedError } from "../../src/errors/ByteSourceClosedError.js";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import type { SdfError } from "../../src/errors/SdfError.js";
import { SourceChangedError } from "../../src/errors/SourceChangedError.js";
import type { ByteSource } from "../bytes/ByteSource.js";
import { checkReadRange } from "./checkReadRange.js";
import type { ObjectReadSettings } from "./ObjectReadSettings.js";
import { formatObjectUri, parseObjectUri, type ObjectLocation } from "./objectUri.js";
import { resumableRead } from "./resumableRead.js";

/** Default `chunkSize` of an object's `read`: 1 MiB, as for local files. */
export const DEFAULT_OBJECT_CHUNK_SIZE = 1 << 20;

/**
 * What S3 and GCS objects share as {@link ByteSource}s: a URI, the size and version pinned at
 * open, and reads as resumable ranged requests ({@link resumableRead}) of `rangeSize` bytes. A
 * store says only how to request one range of the pinned version and how to type its failures.
 */
export abstract class ObjectByteSource implements ByteSource {
  /** `scheme://bucket/key`. */
  readonly uri: string;
  /** Size in bytes of the pinned version. */
  readonly size: number;
  /** The pinned version (an ETag, a generation). */
  readonly version: string;
  /** Bucket and key. */
  protected readonly location: ObjectLocation;
  readonly #settings: ObjectReadSettings;
  #closed = false;

  /**
   * @param scheme - `s3`, `gs`
   * @param location - bucket and key
   * @param size - size of the pinned version
   * @param version - the pinned version
   * @param settings - range size and retries
   */
  protected constructor(scheme: string, location: ObjectLocation, size: number, version: string, settings: ObjectReadSettings) {
    this.uri = formatObjectUri(scheme, location);
    this.size = size;
    this.version = version;
    this.location = location;
    this.#settings = settings;
  }

  /**
   * Streams `[start, end)` of the pinned version in chunks of `chunkSize` bytes.
   *
   * @param start - first byte, `0 <= start <= end`
   * @param end - end (exclusive), `<= size`
   * @param chunkSize - bytes per chunk @defaultValue 1 MiB
   * @returns the chunks, in order
   * @throws {@link InvalidRestrictionError} (synchronously) for a range outside `[0, size]`
   * @throws {@link SourceChangedError} while iterating, if the object was overwritten or deleted
   * @throws {@link TransientIoError} after `retry.maxAttempts` failures in a row
   * @throws {@link ByteSourceClosedError} while iterating, once the source was closed
   */
  read(start: number, end: number, chunkSize: number = DEFAULT_OBJECT_CHUNK_SIZE): AsyncIterable<Uint8Array> {
    checkReadRange(this.uri, this.size, start, end, chunkSize);
    return resumableRead({
      uri: this.uri,
      start,
      end,
      rangeSize: this.#settings.rangeSize,
      chunkSize,
      retry: this.#settings.retry,
      fetchRange: (from, to, signal) => {
        if (this.#closed) {
          throw new ByteSourceClosedError(`Cannot read ${this.uri} at byte offset ${from}: the byte source was closed`, { context: { input: this.uri } });
        }
        return this.fetchRange(from, to, signal);
      },
      classify: (error, position) => this.classifyReadError(error, position),
    });
  }

  /** Marks the source closed (further reads fail) and releases what it owns. Safe to call twice. */
  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.release();
    }
    return Promise.resolve();
  }

  /** Opens one ranged request of the pinned version, `[from, to)`, aborted by `signal`. */
  protected abstract fetchRange(from: number, to: number, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>>;

  /** Types a failure of a read at `position`; `retriable` decides whether it is retried. */
  protected abstract classifyReadError(error: unknown, position: number): SdfError;

  /** Releases what this source owns (a client it made), once, on close. */
  protected release(): void {}
}

/**
 * Parses the URI of an object to open: it must name an object, not a prefix.
 *
 * @param uri - `scheme://bucket/key`
 * @param scheme - `s3`, `gs`
 * @returns the location and the canonical URI
 * @throws {@link InvalidOptionError} for a prefix or bucket, suggesting a glob
 */
export function objectToOpen(uri: string, scheme: string): { location: ObjectLocation; canonical: string } {
  const location = parseObjectUri(uri, scheme);
  const canonical = formatObjectUri(scheme, location);
  if (location.key === "" || location.key.endsWith("/")) {
    throw new InvalidOptionError(`Cannot open ${canonical}: it names a prefix, not an object; pass it as a prefix or glob such as ${canonical}** to read the objects under it`);
  }
  return { location, canonical };
}

/**
 * Checks the version found at open against the one a checkpoint or planning step saw.
 *
 * @param canonical - the object's URI
 * @param found - the version now
 * @param expected - the version expected, if any
 * @param what - the kind of version, for the message: `ETag`, `generation`
 * @throws {@link SourceChangedError} when they differ
 */
export function checkExpectedVersion(canonical: string, found: string, expected: string | undefined, what: string): void {
  if (expected === undefined || expected === found) return;
  throw new SourceChangedError(`${canonical} is not the expected version: expected ${what} ${expected}, found ${found}; re-run to read the new version`, {
    context: { input: canonical },
  });
}
