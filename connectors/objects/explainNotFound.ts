import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import type { ObjectLocation } from "./objectUri.js";

/**
 * Rewrites an object store's bare "404" into a message that says whether the bucket or the
 * object is missing: the APIs answer 404 for both, so the bucket is asked about separately (only
 * on this error path).
 *
 * @param error - the typed error of a failed open or list
 * @param uri - the URI or pattern
 * @param location - its bucket and key
 * @param operation - `open` or `list`
 * @param bucketExists - asks the server whether the bucket exists
 * @returns `error` itself unless it is an {@link InputNotFoundError}, else a clearer one
 */
export async function explainNotFound(
  error: unknown,
  uri: string,
  location: ObjectLocation,
  operation: "open" | "list",
  bucketExists: () => Promise<boolean>,
): Promise<unknown> {
  if (!(error instanceof InputNotFoundError)) return error;
  const exists = await bucketExists().catch(() => undefined);
  const reason = exists === false
    ? `bucket "${location.bucket}" does not exist; check the bucket name and the endpoint or project in use`
    : operation === "open"
      ? `no object "${location.key}" in bucket "${location.bucket}"; check the key`
      : `the bucket "${location.bucket}" could not be listed`;
  return new InputNotFoundError(`Cannot ${operation} ${uri}: ${reason}`, { cause: error.cause ?? error, context: { input: uri } });
}
