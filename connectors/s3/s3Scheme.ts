import { ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from "@aws-sdk/client-s3";
import type { ObjectStoreScheme } from "../objects/ObjectStoreScheme.js";
import { expandObjectPattern } from "../objects/expandObjectPattern.js";
import { explainNotFound } from "../objects/explainNotFound.js";
import { retrying } from "../objects/retrying.js";
import { createS3Client } from "./s3Client.js";
import { s3Error } from "./s3Errors.js";
import { S3ByteSource, s3BucketExists, s3ReadSettings, type S3ReadSettings } from "./S3ByteSource.js";
import type { S3Options } from "./S3Options.js";

/** The `s3` byte-source scheme, with the client it shares between all objects it opens. */
export interface S3Scheme extends ObjectStoreScheme {
  /** The client, made on first use (so environment variables set after import still count). */
  client(): S3Client;
}

/**
 * The `s3://` scheme for the byte-source registry. `sdfkit/connectors/s3` registers one with
 * default options when it is loaded; register your own to pass a client, endpoint or region:
 *
 * `expand(pattern)`:
 * - `s3://bucket/key` of an existing object → itself;
 * - `s3://bucket/dir/`, `s3://bucket` or a key that only exists as a prefix → every object under it;
 * - a glob (`s3://bucket/logs/2026-*\/part-*.txt`) → the objects it matches, listing only under
 *   its literal prefix (`logs/2026-`), all pages; `*` stays within a `/` segment, `**` crosses them.
 *
 * Keys ending in `/` (folder markers) are never returned; results are in key order.
 *
 * @param options - client, endpoint, region, credentials, range size, retries
 * @returns the scheme
 * @example
 * ```ts
 * import { registerByteSourceScheme } from "sdfkit/connectors/bytes";
 * import { s3Scheme } from "sdfkit/connectors/s3";
 * registerByteSourceScheme(s3Scheme({ endpoint: "http://127.0.0.1:9000", region: "us-east-1" }));
 * ```
 */
export function s3Scheme(options: S3Options = {}): S3Scheme {
  const settings: S3ReadSettings = s3ReadSettings(options);
  let client: S3Client | undefined;
  const clientOf = (): S3Client => (client ??= createS3Client(options));
  return {
    schemes: ["s3"],
    client: clientOf,
    open: (uri, expectedVersion) => S3ByteSource.openWith(clientOf(), uri, settings, expectedVersion),
    expand: (pattern) =>
      expandObjectPattern(pattern, "s3", {
        exists: (uri) => S3ByteSource.openWith(clientOf(), uri, settings),
        list: (bucket, prefix) => listKeys(clientOf(), bucket, prefix, settings, pattern),
      }),
  };
}

/** Every key under `prefix`, all pages, in S3's (UTF-8 byte) order, without folder markers. */
async function listKeys(client: S3Client, bucket: string, prefix: string, settings: S3ReadSettings, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page: ListObjectsV2CommandOutput = await retrying(`list ${pattern}`, settings.retry, (error) => s3Error(error, pattern, "list"), () =>
      client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: settings.listPageSize })),
    ).catch(async (error: unknown) => {
      throw await explainNotFound(error, pattern, { bucket, key: prefix }, "list", () => s3BucketExists(client, bucket));
    });
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined && !object.Key.endsWith("/")) keys.push(object.Key);
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}
