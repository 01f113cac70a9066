import type { Bucket, Storage } from "@google-cloud/storage";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { SourceChangedError } from "../../src/errors/SourceChangedError.js";
import type { ByteSource } from "../bytes/ByteSource.js";
import { checkReadRange } from "../bytes/checkReadRange.js";
import { explainNotFound } from "../bytes/explainNotFound.js";
import { formatObjectUri, parseObjectUri, type ObjectLocation } from "../bytes/objectUri.js";
import { resumableRead } from "../bytes/resumableRead.js";
import { retrying } from "../bytes/retrying.js";
import { objectReadSettings, type ObjectReadSettings } from "../bytes/ObjectReadSettings.js";
import { createGcsClient } from "./gcsClient.js";
import { fetchGcsRange } from "./gcsMediaRange.js";
import { gcsError } from "./gcsErrors.js";
import { DEFAULT_GCS_RANGE_SIZE, type GcsOptions } from "./GcsOptions.js";

/** Default `chunkSize` of {@link GcsByteSource.read}: 1 MiB, as for local files. */
export const DEFAULT_GCS_CHUNK_SIZE = 1 << 20;

/** Settings shared by every object a scheme opens. */
export type GcsReadSettings = ObjectReadSettings;

/**
 * One Cloud Storage object as a {@link ByteSource}, pinned to the generation seen by its metadata
 * call.
 *
 * Reads are ranged downloads of `rangeSize` bytes (16 MiB by default) **of that generation**, so
 * an object overwritten mid-read fails with {@link SourceChangedError} instead of mixing two
 * versions. Retriable failures (5xx, 429, resets, stalls) are retried with backoff and jitter,
 * resuming at the byte already received.
 *
 * Connectors do not create it directly: `TextFileSource` and friends open `gs://` URIs through
 * the scheme registry, which loads this module on first use.
 *
 * @example
 * ```ts
 * const object = await GcsByteSource.open("gs://my-bucket/logs/a.txt");
 * try {
 *   for await (const chunk of object.read(0, object.size)) process(chunk);
 * } finally {
 *   await object.close();
 * }
 * ```
 */
export class GcsByteSource implements ByteSource {
  /** `gs://bucket/object`. */
  readonly uri: string;
  /** Size in bytes of the pinned generation. */
  readonly size: number;
  /** The pinned generation, as a decimal string. */
  readonly version: string;
  readonly #bucket: Bucket;
  readonly #location: ObjectLocation;
  readonly #settings: GcsReadSettings;
  #closed = false;

  private constructor(bucket: Bucket, location: ObjectLocation, size: number, generation: string, settings: GcsReadSettings) {
    this.uri = formatObjectUri("gs", location);
    this.size = size;
    this.version = generation;
    this.#bucket = bucket;
    this.#location = location;
    this.#settings = settings;
  }

  /**
   * Opens an object with its own client; prefer the scheme registry, which shares one client.
   *
   * @param uri - `gs://bucket/object`
   * @param options - endpoint, project, credentials, range size, retries
   * @param expectedVersion - the generation to pin; another one is a {@link SourceChangedError}
   * @returns the open source; close it when done
   * @throws {@link InputNotFoundError} for a missing bucket or object
   * @throws {@link InputAccessError} when access is denied
   * @throws {@link TransientIoError} when the server stays unreachable over all attempts
   */
  static open(uri: string, options: GcsOptions = {}, expectedVersion?: string): Promise<GcsByteSource> {
    return GcsByteSource.openWith(createGcsClient(options), uri, gcsReadSettings(options), expectedVersion);
  }

  /**
   * Opens an object with a shared client (what the `gs` scheme does).
   *
   * @param storage - the client
   * @param uri - `gs://bucket/object`
   * @param settings - range size and retries
   * @param expectedVersion - the generation to pin
   * @returns the open source
   */
  static async openWith(storage: Storage, uri: string, settings: GcsReadSettings, expectedVersion?: string): Promise<GcsByteSource> {
    const location = parseObjectUri(uri, "gs");
    const canonical = formatObjectUri("gs", location);
    if (location.key === "" || location.key.endsWith("/")) {
      throw new InvalidOptionError(`Cannot open ${canonical}: it names a prefix, not an object; pass it as a prefix or glob such as ${canonical}** to read the objects under it`);
    }
    const bucket = storage.bucket(location.bucket);
    const [metadata] = await retrying(`open ${canonical}`, settings.retry, (error) => gcsError(error, canonical, "open"), () =>
      bucket.file(location.key).getMetadata(),
    ).catch(async (error: unknown) => {
      throw await explainNotFound(error, canonical, location, "open", async () => (await bucket.exists())[0]);
    });
    const size = Number(metadata.size);
    const generation = metadata.generation === undefined ? undefined : String(metadata.generation);
    if (!Number.isSafeInteger(size) || size < 0 || generation === undefined) {
      throw new SdfError(`Cannot open ${canonical}: the server sent no size or generation; sdfkit needs both to pin the version`, {
        context: { input: canonical },
      });
    }
    if (expectedVersion !== undefined && expectedVersion !== generation) {
      throw new SourceChangedError(`${canonical} is not the expected version: expected generation ${expectedVersion}, found ${generation}; re-run to read the new version`, {
        context: { input: canonical },
      });
    }
    return new GcsByteSource(bucket, location, size, generation, settings);
  }

  /**
   * Streams `[start, end)` of the pinned generation in chunks of `chunkSize` bytes.
   *
   * @param start - first byte, `0 <= start <= end`
   * @param end - end (exclusive), `<= size`
   * @param chunkSize - bytes per chunk @defaultValue 1 MiB
   * @returns the chunks, in order
   * @throws {@link InvalidRestrictionError} (synchronously) for a range outside `[0, size]`
   * @throws {@link SourceChangedError} while iterating, if the generation is gone
   * @throws {@link TransientIoError} after `retry.maxAttempts` failures in a row
   */
  read(start: number, end: number, chunkSize: number = DEFAULT_GCS_CHUNK_SIZE): AsyncIterable<Uint8Array> {
    checkReadRange(this.uri, this.size, start, end, chunkSize);
    return resumableRead({
      uri: this.uri,
      start,
      end,
      rangeSize: this.#settings.rangeSize,
      chunkSize,
      retry: this.#settings.retry,
      fetchRange: (from, to, signal) => this.#readRange(from, to, signal),
      classify: (error, position) => gcsError(error, this.uri, "read", position),
    });
  }

  /** Marks the source closed; the shared client stays open. Safe to call twice. */
  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #readRange(from: number, to: number, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    if (this.#closed) {
      throw new SdfError(`Cannot read ${this.uri} at byte offset ${from}: the byte source was closed`, { context: { input: this.uri } });
    }
    return fetchGcsRange(this.#bucket.storage, this.#location.bucket, this.#location.key, this.version, from, to, signal);
  }
}

/**
 * The read settings of `options`, checked.
 *
 * @param options - GCS options
 * @returns range size and retry policy
 * @throws {@link InvalidOptionError} for a bad range size or retry field
 */
export function gcsReadSettings(options: GcsOptions): GcsReadSettings {
  return objectReadSettings(options, DEFAULT_GCS_RANGE_SIZE);
}
