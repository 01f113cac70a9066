import { InputAccessError } from "../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { SourceChangedError } from "../../src/errors/SourceChangedError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import { describeFailure, httpStatusOf, isTransientNetworkError } from "../objects/networkErrors.js";

/** What was being done when a GCS call failed, for the message. */
export type GcsOperation = "open" | "read" | "list";

/**
 * Turns a `@google-cloud/storage` failure into sdfkit's typed errors. Messages name the URI and
 * what to do, and never credentials.
 *
 * - 404 → {@link InputNotFoundError} at open and list; during a read pinned to a generation it
 *   means that generation is gone (overwritten or deleted) → {@link SourceChangedError}
 * - 412 (generation precondition) → {@link SourceChangedError}
 * - 401/403, missing credentials → {@link InputAccessError}
 * - 5xx, 429, 408, resets and timeouts → {@link TransientIoError} (retried)
 *
 * @param error - what the SDK threw
 * @param uri - `gs://bucket/object`
 * @param operation - open, read or list
 * @param position - the byte offset reached, for reads
 * @returns the typed error
 */
export function gcsError(error: unknown, uri: string, operation: GcsOperation, position?: number): SdfError {
  if (error instanceof SdfError) return error;
  const context = position === undefined ? { input: uri } : { input: uri, position: String(position) };
  const status = httpStatusOf(error);
  const what = describeFailure(error);
  const at = position === undefined ? "" : ` at byte offset ${position}`;
  if (status === 412 || (status === 404 && operation === "read")) {
    return new SourceChangedError(
      `${uri} was overwritten or deleted while being read${at} (the generation opened is gone); re-run to read the new version`,
      { cause: error, context },
    );
  }
  if (status === 404) {
    const message = typeof error === "object" && error !== null && "message" in error ? String(error.message) : "";
    const missing = /specified bucket does not exist|no such bucket/i.test(message) ? "the bucket does not exist" : "not found";
    return new InputNotFoundError(`Cannot ${operation} ${uri}: ${missing} (${what}); check the bucket and object name`, { cause: error, context });
  }
  if (status === 401 || status === 403) {
    return new InputAccessError(
      `Cannot ${operation} ${uri}: access denied (HTTP ${status}); check that the credentials in use have ` +
        `${operation === "list" ? "storage.objects.list on the bucket" : "storage.objects.get on the object"}`,
      { cause: error, context },
    );
  }
  const message = typeof error === "object" && error !== null && "message" in error ? String(error.message) : "";
  if (/Could not load the default credentials|Unable to detect a Project Id/i.test(message)) {
    return new InputAccessError(
      `Cannot ${operation} ${uri}: no Google Cloud credentials found; run \`gcloud auth application-default login\`, set GOOGLE_APPLICATION_CREDENTIALS, or pass \`keyFilename\``,
      { cause: error, context },
    );
  }
  if ((status !== undefined && (status >= 500 || status === 429 || status === 408)) || isTransientNetworkError(error)) {
    return new TransientIoError(`Cannot ${operation} ${uri}${at}: ${what}`, { cause: error, context });
  }
  return new SdfError(`Cannot ${operation} ${uri}${at}: ${what}`, { cause: error, context });
}
