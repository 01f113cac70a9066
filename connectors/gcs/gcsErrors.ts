import type { SdfError } from "../../src/errors/SdfError.js";
import { objectStoreError, type ObjectErrorTable, type ObjectOperation } from "../objects/objectStoreError.js";

/** What was being done when a GCS call failed, for the message. */
export type GcsOperation = ObjectOperation;

/**
 * Cloud Storage's failures as data, for {@link objectStoreError}. Google's clients name their
 * errors after the client (`ApiError`, `GaxiosError`), not the failure: statuses and messages count.
 * A read is pinned to a generation, so a 404 during a read means that generation is gone.
 */
export const GCS_ERRORS: ObjectErrorTable = {
  rules: [
    { kind: "changed", statuses: [412] },
    { kind: "notFound", statuses: [404] },
    { kind: "accessDenied", statuses: [401, 403] },
    { kind: "noCredentials", message: /Could not load the default credentials|Unable to detect a Project Id/i },
    { kind: "transient", statuses: ["5xx", 429, 408], network: true },
  ],
  namesAreCodes: false,
  missingBucket: { message: /specified bucket does not exist|no such bucket/i },
  notFoundAdvice: "check the bucket and object name",
  permissions: {
    open: "have storage.objects.get on the object",
    read: "have storage.objects.get on the object",
    list: "have storage.objects.list on the bucket",
  },
  credentials: {
    provider: "Google Cloud",
    advice: "run `gcloud auth application-default login`, set GOOGLE_APPLICATION_CREDENTIALS, or pass `keyFilename`",
  },
  overwritten: { what: "overwritten or deleted", why: "the generation opened is gone", advice: "re-run to read the new version" },
  deleted: { what: "overwritten or deleted", why: "the generation opened is gone", advice: "re-run to read the new version" },
};

/**
 * Turns a `@google-cloud/storage` (or media download) failure into sdfkit's typed errors, by
 * {@link GCS_ERRORS}. Messages name the URI and what to do, and never credentials.
 *
 * - 404 → {@link InputNotFoundError} at open and list; during a read pinned to a generation it
 *   means that generation is gone (overwritten or deleted) → {@link SourceChangedError}
 * - 412 (generation precondition) → {@link SourceChangedError}
 * - 401/403, missing credentials → {@link InputAccessError}
 * - 5xx, 429, 408, resets and timeouts → {@link TransientIoError} (retried)
 * - anything else → a non-retriable {@link InputAccessError}
 *
 * @param error - what the SDK threw
 * @param uri - `gs://bucket/object`
 * @param operation - open, read or list
 * @param position - the byte offset reached, for reads
 * @returns the typed error
 * @example
 * ```ts
 * try { await file.getMetadata(); } catch (e) { throw gcsError(e, "gs://b/o", "open"); }
 * ```
 */
export function gcsError(error: unknown, uri: string, operation: GcsOperation, position?: number): SdfError {
  return objectStoreError(GCS_ERRORS, error, uri, operation, position);
}
