import type { Bucket, Storage } from "@google-cloud/storage";
import { ProtocolError } from "../../src/errors/ProtocolError.js";
import type { SdfError } from "../../src/errors/SdfError.js";
import { explainNotFound } from "../objects/explainNotFound.js";
import { checkExpectedVersion, ObjectByteSource, objectToOpen } from "../objects/ObjectByteSource.js";
import { objectReadSettings, type ObjectReadSettings } from "../objects/ObjectReadSettings.js";
import type { ObjectLocation } from "../objects/objectUri.js";
import { retrying } from "../objects/retrying.js";
import { createGcsClient } from "./gcsClient.js";
import { fetchGcsRange } from "./gcsMediaRange.js";
import { gcsError } from "./gcsErrors.js";
import { DEFAULT_GCS_RANGE_SIZE, type GcsOptions } from "./GcsOptions.js";

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
export class GcsByteSource extends ObjectByteSource {
  readonly #bucket: Bucket;

  private constructor(bucket: Bucket, location: ObjectLocation, size: number, generation: string, settings: GcsReadSettings) {
    super("gs", location, size, generation, settings);
    this.#bucket = bucket;
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
   * @throws {@link ProtocolError} when the server sends no size or generation
   */
  static async openWith(storage: Storage, uri: string, settings: GcsReadSettings, expectedVersion?: string): Promise<GcsByteSource> {
    const { location, canonical } = objectToOpen(uri, "gs");
    const bucket = storage.bucket(location.bucket);
    const [metadata] = await retrying(`open ${canonical}`, settings.retry, (error) => gcsError(error, canonical, "open"), () =>
      bucket.file(location.key).getMetadata(),
    ).catch(async (error: unknown) => {
      throw await explainNotFound(error, canonical, location, "open", async () => (await bucket.exists())[0]);
    });
    const size = Number(metadata.size);
    const generation = metadata.generation === undefined ? undefined : String(metadata.generation);
    if (!Number.isSafeInteger(size) || size < 0 || generation === undefined) {
      throw new ProtocolError(`Cannot open ${canonical}: the server sent no size or generation; sdfkit needs both to pin the version`, {
        context: { input: canonical },
      });
    }
    checkExpectedVersion(canonical, generation, expectedVersion, "generation");
    return new GcsByteSource(bucket, location, size, generation, settings);
  }

  /** Types an SDK or HTTP failure of a read. */
  protected classifyReadError(error: unknown, position: number): SdfError {
    return gcsError(error, this.uri, "read", position);
  }

  /** A ranged media download of the pinned generation. */
  protected fetchRange(from: number, to: number, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    return fetchGcsRange(this.#bucket.storage, this.location.bucket, this.location.key, this.version, from, to, signal);
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
