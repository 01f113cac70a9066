import { describe, expect, it } from "vitest";
import { objectStoreError, type ObjectErrorTable } from "../../../connectors/objects/objectStoreError.js";
import { GCS_ERRORS } from "../../../connectors/gcs/gcsErrors.js";
import { S3_ERRORS } from "../../../connectors/s3/s3Errors.js";
import { InputAccessError } from "../../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { SourceChangedError } from "../../../src/errors/SourceChangedError.js";
import { TransientIoError } from "../../../src/errors/TransientIoError.js";

const URI = "x://bucket/key";

/** A made-up store, to check the interpreter apart from the real tables. */
const TABLE: ObjectErrorTable = {
  rules: [
    { kind: "changed", statuses: [412] },
    { kind: "notFound", statuses: [404], names: ["Gone"] },
    { kind: "accessDenied", statuses: [403], names: ["Nope"] },
    { kind: "noCredentials", message: /no keys/ },
    { kind: "transient", statuses: ["5xx", 429], names: ["Busy"], network: true },
  ],
  namesAreCodes: true,
  missingBucket: { message: /no bucket/ },
  notFoundAdvice: "check it",
  permissions: { open: "may get", read: "may get", list: "may list" },
  credentials: { provider: "X", advice: "log in" },
  overwritten: { what: "replaced", why: "version moved", advice: "run again" },
  deleted: { what: "removed", advice: "wait" },
};

/** A failure as an SDK might throw it: only the fields given (an `Error` would add the name "Error"). */
function failure(fields: { status?: number; name?: string; message?: string; code?: string }): object {
  return { ...fields };
}

describe("objectStoreError", () => {
  // Check: kind → class, retriability and the table's words, in the messages' fixed shapes.
  it.each([
    [{ status: 412 }, "read", SourceChangedError, `${URI} was replaced while being read at byte offset 7 (version moved); run again`],
    [{ status: 404 }, "read", SourceChangedError, `${URI} was removed while being read at byte offset 7; wait`],
    [{ status: 404, message: "no bucket here" }, "list", InputNotFoundError, `Cannot list ${URI}: the bucket does not exist (HTTP 404 "no bucket here"); check it`],
    [{ name: "Gone" }, "open", InputNotFoundError, `Cannot open ${URI}: not found (Gone); check it`],
    [{ name: "Nope" }, "list", InputAccessError, `Cannot list ${URI}: access denied (Nope); check that the credentials in use may list`],
    [{ status: 403 }, "open", InputAccessError, `Cannot open ${URI}: access denied (HTTP 403); check that the credentials in use may get`],
    [{ message: "there are no keys" }, "open", InputAccessError, `Cannot open ${URI}: no X credentials found; log in`],
    [{ status: 599, message: "odd" }, "read", TransientIoError, `Cannot read ${URI} at byte offset 7: HTTP 599 "odd"`],
    [{ code: "ECONNRESET" }, "read", TransientIoError, `Cannot read ${URI} at byte offset 7: ECONNRESET`],
    [{ status: 418, message: "teapot" }, "read", InputAccessError, `Cannot read ${URI} at byte offset 7: HTTP 418 "teapot"`],
  ] as const)("%j during %s → %o", (fields, operation, type, message) => {
    const cause = failure(fields);
    const error = objectStoreError(TABLE, cause, URI, operation, operation === "read" ? 7 : undefined);
    expect(error.constructor).toBe(type);
    expect(error.retriable).toBe(type === TransientIoError);
    expect(error.message).toBe(message);
    expect(error.cause).toBe(cause);
  });

  it("the first rule that matches wins: a 412 named like a transient failure is a change", () => {
    expect(objectStoreError(TABLE, failure({ status: 412, name: "Busy" }), URI, "read", 0)).toBeInstanceOf(SourceChangedError);
    expect(objectStoreError(TABLE, failure({ status: 404, code: "ECONNRESET" }), URI, "open")).toBeInstanceOf(InputNotFoundError);
  });

  it("without namesAreCodes, access denied shows the status even when the error has a name", () => {
    const error = objectStoreError({ ...TABLE, namesAreCodes: false }, failure({ status: 403, name: "ClientError" }), URI, "open");
    expect(error.message).toContain("access denied (HTTP 403)");
  });

  it("names only count when a rule lists them: an error named like another store's code is unlisted", () => {
    expect(objectStoreError(GCS_ERRORS, failure({ name: "NoSuchKey" }), "gs://b/o", "open")).toBeInstanceOf(InputAccessError);
    expect(objectStoreError(S3_ERRORS, failure({ name: "NoSuchKey" }), "s3://b/k", "open")).toBeInstanceOf(InputNotFoundError);
  });
});
