import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ProtocolError } from "../../src/errors/ProtocolError.js";
import type { SdfError } from "../../src/errors/SdfError.js";
import { SourceChangedError } from "../../src/errors/SourceChangedError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import { explainNotFound } from "../objects/explainNotFound.js";
import { checkExpectedVersion, ObjectByteSource, objectToOpen } from "../objects/ObjectByteSource.js";
import { objectReadSettings, type ObjectReadSettings } from "../objects/ObjectReadSettings.js";
import { formatObjectUri, type ObjectLocation } from "../objects/objectUri.js";
import { retrying } from "../objects/retrying.js";
import { createS3Client } from "./s3Client.js";
import { s3Error } from "./s3Errors.js";
import { DEFAULT_S3_RANGE_SIZE, type S3Options } from "./S3Options.js";

/** Settings shared by every object a scheme opens. */
export type S3ReadSettings = ObjectReadSettings;

/**
 * One S3 object as a {@link ByteSource}, pinned to the ETag seen by its `HeadObject`.
 *
 * Reads are ranged `GetObject`s of `rangeSize` bytes (8 MiB by default) sent with `If-Match` on
 * that ETag, so an object overwritten mid-read fails with {@link SourceChangedError} instead of
 * mixing two versions. Retriable failures (5xx, throttling, resets, stalls) are retried with
 * backoff and jitter, resuming at the byte already received.
 *
 * Connectors do not create it directly: `TextFileSource` and friends open `s3://` URIs through
 * the scheme registry, which loads this module on first use.
 *
 * @example
 * ```ts
 * const object = await S3ByteSource.open("s3://my-bucket/logs/a.txt", { region: "eu-west-1" });
 * try {
 *   for await (const chunk of object.read(0, object.size)) process(chunk);
 * } finally {
 *   await object.close();
 * }
 * ```
 */
export class S3ByteSource extends ObjectByteSource {
  readonly #client: S3Client;
  /** Destroys the client on close, when this source made it. */
  readonly #ownsClient: boolean;

  private constructor(client: S3Client, location: ObjectLocation, size: number, etag: string, settings: S3ReadSettings, ownsClient: boolean) {
    super("s3", location, size, etag, settings);
    this.#client = client;
    this.#ownsClient = ownsClient;
  }

  /**
   * Opens an object with its own client; prefer the scheme registry, which shares one client.
   *
   * @param uri - `s3://bucket/key`
   * @param options - endpoint, region, credentials, range size, retries
   * @param expectedVersion - the ETag to pin; another one is a {@link SourceChangedError}
   * @returns the open source; close it when done
   * @throws {@link InputNotFoundError} for a missing bucket or key
   * @throws {@link InputAccessError} when access is denied
   * @throws {@link TransientIoError} when the server stays unreachable over all attempts
   */
  static async open(uri: string, options: S3Options = {}, expectedVersion?: string): Promise<S3ByteSource> {
    const settings = s3ReadSettings(options);
    const client = createS3Client(options);
    try {
      return await S3ByteSource.openWith(client, uri, settings, expectedVersion, options.client === undefined);
    } catch (error) {
      if (options.client === undefined) client.destroy();
      throw error;
    }
  }

  /**
   * Opens an object with a shared client (what the `s3` scheme does).
   *
   * @param client - the client
   * @param uri - `s3://bucket/key`
   * @param settings - range size and retries
   * @param expectedVersion - the ETag to pin
   * @param ownsClient - destroy the client on close @defaultValue false
   * @returns the open source
   * @throws {@link ProtocolError} when the server sends no Content-Length or ETag
   */
  static async openWith(client: S3Client, uri: string, settings: S3ReadSettings, expectedVersion?: string, ownsClient = false): Promise<S3ByteSource> {
    const { location, canonical } = objectToOpen(uri, "s3");
    const head = await retrying(`open ${canonical}`, settings.retry, (error) => s3Error(error, canonical, "open"), () =>
      client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key })),
    ).catch(async (error: unknown) => {
      throw await explainNotFound(error, canonical, location, "open", () => s3BucketExists(client, location.bucket));
    });
    const size = head.ContentLength;
    const etag = head.ETag;
    if (size === undefined || etag === undefined) {
      throw new ProtocolError(`Cannot open ${canonical}: the server sent no Content-Length or ETag; sdfkit needs both to pin the version`, {
        context: { input: canonical },
      });
    }
    checkExpectedVersion(canonical, etag, expectedVersion, "ETag");
    return new S3ByteSource(client, location, size, etag, settings, ownsClient);
  }

  /** Destroys the client, when this source made it. */
  protected override release(): void {
    if (this.#ownsClient) this.#client.destroy();
  }

  /** Types an SDK failure of a read. */
  protected classifyReadError(error: unknown, position: number): SdfError {
    return s3Error(error, this.uri, "read", position);
  }

  /** A ranged `GetObject` with `If-Match` on the pinned ETag. */
  protected async fetchRange(from: number, to: number, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    const response = await this.#client.send(
      new GetObjectCommand({ Bucket: this.location.bucket, Key: this.location.key, Range: `bytes=${from}-${to - 1}`, IfMatch: this.version }),
      { abortSignal: signal },
    );
    // A server that ignores If-Match must still not hand us another version.
    if (response.ETag !== undefined && response.ETag !== this.version) {
      throw new SourceChangedError(`${this.uri} was overwritten while being read (ETag ${this.version} when opened, now ${response.ETag}); re-run to read the new version`, {
        context: { input: this.uri, position: String(from) },
      });
    }
    const body = response.Body as AsyncIterable<Uint8Array> | undefined;
    if (body === undefined) throw new TransientIoError(`${this.uri}: a ranged GET at byte offset ${from} returned no body`, { context: { input: this.uri } });
    return body;
  }
}

/**
 * The read settings of `options`, checked.
 *
 * @param options - S3 options
 * @returns range size and retry policy
 * @throws {@link InvalidOptionError} for a bad range size or retry field
 */
export function s3ReadSettings(options: S3Options): S3ReadSettings {
  return objectReadSettings(options, DEFAULT_S3_RANGE_SIZE);
}

/**
 * Whether `bucket` exists (a `HeadBucket`; 404 means no). Used only to explain a 404.
 *
 * @param client - the client
 * @param bucket - the bucket name
 * @returns false when the server says the bucket does not exist
 * @throws the {@link s3Error} of any other failure (a denied `s3:ListBucket`, a timeout)
 */
export async function s3BucketExists(client: S3Client, bucket: string): Promise<boolean> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) return false;
    throw s3Error(error, formatObjectUri("s3", { bucket, key: "" }), "list");
  }
}
