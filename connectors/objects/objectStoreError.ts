import { InputAccessError } from "../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { SourceChangedError } from "../../src/errors/SourceChangedError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import { describeFailure, httpStatusOf, isTransientNetworkError } from "./networkErrors.js";

/** What was being done when an object-store call failed, for the message. */
export type ObjectOperation = "open" | "read" | "list";

/**
 * What a failure means, whatever the store:
 * - `changed`: the pinned version is gone (a failed precondition) → {@link SourceChangedError}
 * - `notFound`: no such bucket or object → {@link InputNotFoundError} at open and list; during a
 *   read of a pinned version it means that version was deleted → {@link SourceChangedError}
 * - `accessDenied`: the credentials in use may not do this → {@link InputAccessError}
 * - `noCredentials`: no credentials were found at all → {@link InputAccessError}
 * - `transient`: 5xx, throttling, resets and timeouts → {@link TransientIoError} (retried)
 */
export type ObjectErrorKind = "changed" | "notFound" | "accessDenied" | "noCredentials" | "transient";

/**
 * When a rule applies: any one of its conditions matching is enough.
 */
export interface ObjectErrorMatch {
  /** HTTP statuses; `"5xx"` stands for every server error. */
  readonly statuses?: readonly (number | "5xx")[];
  /** SDK error names (`error.name`), e.g. the AWS error codes `NoSuchKey`, `SlowDown`. */
  readonly names?: readonly string[];
  /** A pattern of the error's message. */
  readonly message?: RegExp;
  /** A failed or broken connection: a reset, a refusal, a timeout, also as a nested `cause`. */
  readonly network?: boolean;
}

/** One row of an {@link ObjectErrorTable}: a failure that `match`es is of `kind`. */
export interface ObjectErrorRule extends ObjectErrorMatch {
  /** What the failure means. */
  readonly kind: ObjectErrorKind;
}

/** How a store words the version of an object it no longer has, for {@link SourceChangedError}. */
export interface ObjectChangeWords {
  /** `overwritten`, `deleted`, `overwritten or deleted`. */
  readonly what: string;
  /** Why the store says so, in parentheses, if anything: `its ETag no longer matches the version opened`. */
  readonly why?: string;
  /** What to do: `re-run to read the new version`. */
  readonly advice: string;
}

/**
 * One object store's failures as data (kafkajs `src/protocol/error.js`): `rules` in order of
 * precedence, the first that matches wins, and the store's own words for each kind. A failure no
 * rule matches is a non-retriable {@link InputAccessError}, as unlisted OS codes are for files.
 */
export interface ObjectErrorTable {
  /** The rules, checked in order. */
  readonly rules: readonly ObjectErrorRule[];
  /** Whether the SDK names its errors after the store's error codes (`AccessDenied`), so the name is worth showing. */
  readonly namesAreCodes: boolean;
  /** A `notFound` failure that is about the bucket rather than the object. */
  readonly missingBucket: ObjectErrorMatch;
  /** What to check when something is not found: `check the bucket and key`. */
  readonly notFoundAdvice: string;
  /** The permission an operation needs, after "check that the credentials in use ": `may s3:GetObject on the object`. */
  readonly permissions: Readonly<Record<ObjectOperation, string>>;
  /** Whose credentials are missing (`AWS`), and how to provide them. */
  readonly credentials: { readonly provider: string; readonly advice: string };
  /** A `changed` failure: the version opened was replaced. */
  readonly overwritten: ObjectChangeWords;
  /** A `notFound` failure during a read: the version opened was removed. */
  readonly deleted: ObjectChangeWords;
}

/**
 * Turns an object store's failure into sdfkit's typed errors by its {@link ObjectErrorTable}.
 * Messages name the URI and what to do, and never credentials: only the error's name, code,
 * status and the first line of its message are shown. An {@link SdfError} passes through unchanged.
 *
 * @param table - the store's rules and words
 * @param error - what the SDK (or the HTTP layer) threw
 * @param uri - `s3://bucket/key`, `gs://bucket/object`, or a pattern being listed
 * @param operation - open, read or list
 * @param position - the byte offset reached, for reads
 * @returns the typed error
 * @example
 * ```ts
 * try { await head(); } catch (e) { throw objectStoreError(S3_ERRORS, e, "s3://b/k", "open"); }
 * ```
 */
export function objectStoreError(table: ObjectErrorTable, error: unknown, uri: string, operation: ObjectOperation, position?: number): SdfError {
  if (error instanceof SdfError) return error;
  const options = { cause: error, context: position === undefined ? { input: uri } : { input: uri, position: String(position) } };
  const at = position === undefined ? "" : ` at byte offset ${position}`;
  const rule = table.rules.find((candidate) => matches(candidate, error));
  switch (rule?.kind) {
    case "changed":
      return new SourceChangedError(changedMessage(uri, at, table.overwritten), options);
    case "notFound": {
      if (operation === "read") return new SourceChangedError(changedMessage(uri, at, table.deleted), options);
      const missing = matches(table.missingBucket, error) ? "the bucket does not exist" : "not found";
      return new InputNotFoundError(`Cannot ${operation} ${uri}: ${missing} (${describeFailure(error)}); ${table.notFoundAdvice}`, options);
    }
    case "accessDenied": {
      const name = table.namesAreCodes ? nameOf(error) : "";
      return new InputAccessError(
        `Cannot ${operation} ${uri}: access denied (${name || `HTTP ${httpStatusOf(error)}`}); check that the credentials in use ${table.permissions[operation]}`,
        options,
      );
    }
    case "noCredentials":
      return new InputAccessError(`Cannot ${operation} ${uri}: no ${table.credentials.provider} credentials found; ${table.credentials.advice}`, options);
    case "transient":
      return new TransientIoError(`Cannot ${operation} ${uri}${at}: ${describeFailure(error)}`, options);
    default:
      return new InputAccessError(`Cannot ${operation} ${uri}${at}: ${describeFailure(error)}`, options);
  }
}

function changedMessage(uri: string, at: string, words: ObjectChangeWords): string {
  return `${uri} was ${words.what} while being read${at}${words.why === undefined ? "" : ` (${words.why})`}; ${words.advice}`;
}

function matches(match: ObjectErrorMatch, error: unknown): boolean {
  const status = httpStatusOf(error);
  return (
    (status !== undefined && match.statuses?.some((s) => s === status || (s === "5xx" && status >= 500)) === true) ||
    match.names?.includes(nameOf(error)) === true ||
    match.message?.test(messageOf(error)) === true ||
    (match.network === true && isTransientNetworkError(error))
  );
}

function nameOf(error: unknown): string {
  return typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
}

function messageOf(error: unknown): string {
  return typeof error === "object" && error !== null && "message" in error ? String(error.message) : "";
}
