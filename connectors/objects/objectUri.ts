import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";

/** A bucket and a key (object name) parsed from `s3://bucket/key` or `gs://bucket/key`. */
export interface ObjectLocation {
  /** The bucket name. */
  readonly bucket: string;
  /** The key, possibly empty (the whole bucket) or ending in `/` (a prefix); never URL-decoded. */
  readonly key: string;
}

/**
 * Splits an object URI into bucket and key. Keys are taken verbatim (like the AWS and gcloud
 * CLIs do), so `s3://b/a b%20c` names the key `a b%20c`.
 *
 * @param uri - `s3://bucket/key`, `gs://bucket/dir/`, `s3://bucket`
 * @param scheme - the expected scheme, without `://`
 * @returns the bucket and key
 * @throws {@link InvalidOptionError} for another scheme or an empty bucket name
 */
export function parseObjectUri(uri: string, scheme: string): ObjectLocation {
  const prefix = `${scheme}://`;
  if (uri.slice(0, prefix.length).toLowerCase() !== prefix) {
    throw new InvalidOptionError(`Expected a ${prefix}bucket/key URI, got ${uri}`);
  }
  const rest = uri.slice(prefix.length);
  const slash = rest.indexOf("/");
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const key = slash === -1 ? "" : rest.slice(slash + 1);
  if (bucket.length === 0) {
    throw new InvalidOptionError(`Expected a bucket name in ${uri}, as in ${prefix}my-bucket/path/to/object`);
  }
  return { bucket, key };
}

/**
 * Formats a bucket and key back into a URI.
 *
 * @param scheme - without `://`
 * @param location - bucket and key
 * @returns `scheme://bucket/key`
 */
export function formatObjectUri(scheme: string, location: ObjectLocation): string {
  return `${scheme}://${location.bucket}/${location.key}`;
}
