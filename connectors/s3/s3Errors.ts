import type { SdfError } from "../../src/errors/SdfError.js";
import { objectStoreError, type ObjectErrorTable, type ObjectOperation } from "../objects/objectStoreError.js";

/** What was being done when an S3 call failed, for the message. */
export type S3Operation = ObjectOperation;

/**
 * S3's failures as data, for {@link objectStoreError}. The AWS SDK names its errors after S3's
 * error codes, and a HEAD (or a 412) has no body, hence no code: statuses and names both count.
 */
export const S3_ERRORS: ObjectErrorTable = {
  rules: [
    { kind: "changed", statuses: [412], names: ["PreconditionFailed"] },
    { kind: "notFound", statuses: [404], names: ["NoSuchKey", "NotFound", "NoSuchBucket"] },
    { kind: "accessDenied", statuses: [401, 403], names: ["AccessDenied", "Forbidden", "InvalidAccessKeyId", "SignatureDoesNotMatch"] },
    { kind: "noCredentials", names: ["CredentialsProviderError"] },
    {
      kind: "transient",
      statuses: ["5xx", 429, 408],
      names: ["SlowDown", "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"],
      network: true,
    },
  ],
  namesAreCodes: true,
  missingBucket: { names: ["NoSuchBucket"] },
  notFoundAdvice: "check the bucket and key",
  permissions: { open: "may s3:GetObject on the object", read: "may s3:GetObject on the object", list: "may s3:ListBucket on the bucket" },
  credentials: {
    provider: "AWS",
    advice: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile (AWS_PROFILE) or pass `credentials`",
  },
  overwritten: { what: "overwritten", why: "its ETag no longer matches the version opened", advice: "re-run to read the new version" },
  deleted: { what: "deleted", advice: "re-run once it exists again" },
};

/**
 * Turns an AWS SDK failure into sdfkit's typed errors, by {@link S3_ERRORS}. Messages name the
 * URI and what to do, and never credentials.
 *
 * - 404 (`NoSuchKey`, `NotFound`, `NoSuchBucket`) → {@link InputNotFoundError} at open and list;
 *   during a read of a pinned object it means the object was deleted → {@link SourceChangedError}
 * - 412 (`PreconditionFailed`: the `If-Match` ETag no longer matches) → {@link SourceChangedError}
 * - 401/403, missing credentials → {@link InputAccessError}
 * - 5xx, throttling, resets and timeouts → {@link TransientIoError} (retried)
 * - anything else → a non-retriable {@link InputAccessError}
 *
 * @param error - what the SDK threw
 * @param uri - `s3://bucket/key`
 * @param operation - open, read or list
 * @param position - the byte offset reached, for reads
 * @returns the typed error
 * @example
 * ```ts
 * try { await client.send(new HeadObjectCommand(input)); } catch (e) { throw s3Error(e, "s3://b/k", "open"); }
 * ```
 */
export function s3Error(error: unknown, uri: string, operation: S3Operation, position?: number): SdfError {
  return objectStoreError(S3_ERRORS, error, uri, operation, position);
}
