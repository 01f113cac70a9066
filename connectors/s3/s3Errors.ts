import { InputAccessError } from "../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { SourceChangedError } from "../../src/errors/SourceChangedError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import { describeFailure, httpStatusOf, isTransientNetworkError } from "../objects/networkErrors.js";

/** What was being done when an S3 call failed, for the message. */
export type S3Operation = "open" | "read" | "list";

const THROTTLING = new Set(["SlowDown", "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);

/**
 * Turns an AWS SDK failure into sdfkit's typed errors. Messages name the URI and what to do,
 * and never credentials.
 *
 * - 404 (`NoSuchKey`, `NotFound`, `NoSuchBucket`) → {@link InputNotFoundError} at open and list;
 *   during a read of a pinned object it means the object was deleted → {@link SourceChangedError}
 * - 412 (`PreconditionFailed`: the `If-Match` ETag no longer matches) → {@link SourceChangedError}
 * - 401/403, missing credentials → {@link InputAccessError}
 * - 5xx, throttling, resets and timeouts → {@link TransientIoError} (retried)
 *
 * @param error - what the SDK threw
 * @param uri - `s3://bucket/key`
 * @param operation - open, read or list
 * @param position - the byte offset reached, for reads
 * @returns the typed error
 */
export function s3Error(error: unknown, uri: string, operation: S3Operation, position?: number): SdfError {
  if (error instanceof SdfError) return error;
  const context = position === undefined ? { input: uri } : { input: uri, position: String(position) };
  const status = httpStatusOf(error);
  const name = typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
  const what = describeFailure(error);
  const at = position === undefined ? "" : ` at byte offset ${position}`;
  if (status === 412 || name === "PreconditionFailed") {
    return new SourceChangedError(
      `${uri} was overwritten while being read${at} (its ETag no longer matches the version opened); re-run to read the new version`,
      { cause: error, context },
    );
  }
  if (status === 404 || name === "NoSuchKey" || name === "NotFound" || name === "NoSuchBucket") {
    if (operation === "read") {
      return new SourceChangedError(`${uri} was deleted while being read${at}; re-run once it exists again`, { cause: error, context });
    }
    const missing = name === "NoSuchBucket" ? "the bucket does not exist" : "not found";
    return new InputNotFoundError(`Cannot ${operation} ${uri}: ${missing} (${what}); check the bucket and key`, { cause: error, context });
  }
  if (status === 401 || status === 403 || name === "AccessDenied" || name === "Forbidden" || name === "InvalidAccessKeyId" || name === "SignatureDoesNotMatch") {
    return new InputAccessError(
      `Cannot ${operation} ${uri}: access denied (${name || `HTTP ${status}`}); check that the credentials in use may ` +
        `${operation === "list" ? "s3:ListBucket on the bucket" : "s3:GetObject on the object"}`,
      { cause: error, context },
    );
  }
  if (name === "CredentialsProviderError") {
    return new InputAccessError(
      `Cannot ${operation} ${uri}: no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile (AWS_PROFILE) or pass \`credentials\``,
      { cause: error, context },
    );
  }
  if ((status !== undefined && (status >= 500 || status === 429 || status === 408)) || THROTTLING.has(name) || isTransientNetworkError(error)) {
    return new TransientIoError(`Cannot ${operation} ${uri}${at}: ${what}`, { cause: error, context });
  }
  return new SdfError(`Cannot ${operation} ${uri}${at}: ${what}`, { cause: error, context });
}
