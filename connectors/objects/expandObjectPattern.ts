import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { compileKeyPattern } from "./objectGlob.js";
import { formatObjectUri, parseObjectUri } from "./objectUri.js";

/** How {@link expandObjectPattern} asks a store about objects. */
export interface ObjectLister {
  /** Resolves when the object exists; rejects with an {@link InputNotFoundError} when it does not. */
  exists(uri: string): Promise<unknown>;
  /** Every key under `prefix` in `bucket`, all pages, in key order, without folder markers. */
  list(bucket: string, prefix: string): Promise<string[]>;
}

/**
 * The `expand` of an object-store scheme:
 * - `scheme://bucket/key` of an existing object → itself;
 * - `scheme://bucket/dir/`, `scheme://bucket`, or a key that only exists as a prefix → every
 *   object under it;
 * - a glob → the objects it matches, listing only under its literal prefix.
 *
 * @param pattern - the URI or glob
 * @param scheme - `s3`, `gs`
 * @param lister - the store's calls
 * @returns the matching URIs, in key order
 */
export async function expandObjectPattern(pattern: string, scheme: string, lister: ObjectLister): Promise<string[]> {
  const location = parseObjectUri(pattern, scheme);
  const keys = compileKeyPattern(location.key);
  const uris = (found: readonly string[]): string[] => found.map((key) => formatObjectUri(scheme, { bucket: location.bucket, key }));
  if (keys.isGlob) return uris((await lister.list(location.bucket, keys.listPrefix)).filter(keys.matches));
  if (location.key !== "" && !location.key.endsWith("/")) {
    try {
      await lister.exists(pattern);
      return [formatObjectUri(scheme, location)];
    } catch (error) {
      if (!(error instanceof InputNotFoundError)) throw error;
    }
  }
  const prefix = location.key === "" || location.key.endsWith("/") ? location.key : `${location.key}/`;
  return uris(await lister.list(location.bucket, prefix));
}
