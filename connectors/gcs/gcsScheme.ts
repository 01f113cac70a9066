import type { Storage } from "@google-cloud/storage";
import type { ObjectStoreScheme } from "../objects/ObjectStoreScheme.js";
import { expandObjectPattern } from "../objects/expandObjectPattern.js";
import { explainNotFound } from "../objects/explainNotFound.js";
import { retrying } from "../objects/retrying.js";
import { createGcsClient } from "./gcsClient.js";
import { gcsError } from "./gcsErrors.js";
import { GcsByteSource, gcsReadSettings, type GcsReadSettings } from "./GcsByteSource.js";
import type { GcsOptions } from "./GcsOptions.js";

/** The `gs` byte-source scheme, with the client it shares between all objects it opens. */
export interface GcsScheme extends ObjectStoreScheme {
  /** The client, made on first use (so environment variables set after import still count). */
  client(): Storage;
}

/**
 * The `gs://` scheme for the byte-source registry. `sdfkit/connectors/gcs` registers one with
 * default options when it is loaded; register your own to pass a client, endpoint or project.
 *
 * `expand(pattern)` works as for `s3://`: an existing object → itself; `gs://bucket/dir/`,
 * `gs://bucket` or a name that only exists as a prefix → every object under it; a glob → the
 * objects it matches, listing only under its literal prefix, all pages. Names ending in `/` are
 * never returned; results are in name order.
 *
 * @param options - client, endpoint, project, range size, retries
 * @returns the scheme
 * @example
 * ```ts
 * import { registerByteSourceScheme } from "sdfkit/connectors/bytes";
 * import { gcsScheme } from "sdfkit/connectors/gcs";
 * registerByteSourceScheme(gcsScheme({ endpoint: "http://127.0.0.1:4443" }));
 * ```
 */
export function gcsScheme(options: GcsOptions = {}): GcsScheme {
  const settings: GcsReadSettings = gcsReadSettings(options);
  let storage: Storage | undefined;
  const clientOf = (): Storage => (storage ??= createGcsClient(options));
  return {
    schemes: ["gs"],
    client: clientOf,
    open: (uri, expectedVersion) => GcsByteSource.openWith(clientOf(), uri, settings, expectedVersion),
    expand: (pattern) =>
      expandObjectPattern(pattern, "gs", {
        exists: (uri) => GcsByteSource.openWith(clientOf(), uri, settings),
        list: (bucket, prefix) => listNames(clientOf(), bucket, prefix, settings, pattern),
      }),
  };
}

/** Every object name under `prefix`, all pages, in name order, without folder placeholders. */
async function listNames(storage: Storage, bucket: string, prefix: string, settings: GcsReadSettings, pattern: string): Promise<string[]> {
  const names: string[] = [];
  let pageToken: string | undefined;
  do {
    const query = { prefix, autoPaginate: false, maxResults: settings.listPageSize, ...(pageToken === undefined ? {} : { pageToken }) };
    const [files, next] = await retrying(`list ${pattern}`, settings.retry, (error) => gcsError(error, pattern, "list"), () =>
      storage.bucket(bucket).getFiles(query),
    ).catch(async (error: unknown) => {
      throw await explainNotFound(error, pattern, { bucket, key: prefix }, "list", async () => (await storage.bucket(bucket).exists())[0]);
    });
    for (const file of files) if (!file.name.endsWith("/")) names.push(file.name);
    pageToken = typeof next === "object" && next !== null && "pageToken" in next && typeof next.pageToken === "string" ? next.pageToken : undefined;
  } while (pageToken !== undefined);
  return names;
}
