import { Readable } from "node:stream";
import { GetObjectCommand, HeadObjectCommand, NoSuchBucket, NoSuchKey, NotFound, S3ServiceException } from "@aws-sdk/client-s3";
import { ApiError } from "@google-cloud/storage";
import { describe, expect, it } from "vitest";
import { explainNotFound } from "../../../connectors/objects/explainNotFound.js";
import { gcsError } from "../../../connectors/gcs/gcsErrors.js";
import { createS3Client } from "../../../connectors/s3/s3Client.js";
import { s3Error } from "../../../connectors/s3/s3Errors.js";
import { InputAccessError } from "../../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { SdfError } from "../../../src/errors/SdfError.js";
import { SourceChangedError } from "../../../src/errors/SourceChangedError.js";
import { TransientIoError } from "../../../src/errors/TransientIoError.js";

const S3_URI = "s3://data/logs/a.txt";
const GS_URI = "gs://data/logs/a.txt";
const GCS_TOKEN = "ya29.a0AfH6SMBEXAMPLEACCESSTOKEN";

/** A service error as the AWS SDK builds it from a response. */
function s3ServiceError(name: string, status: number, message: string): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status }, message });
}

/** An API error as `@google-cloud/storage` builds it from an HTTP error response. */
function apiError(code: number, message: string): ApiError {
  const response = { statusCode: code, headers: {}, request: { headers: { authorization: `Bearer ${GCS_TOKEN}` } } };
  return new ApiError({ code, message, errors: [], response: response as unknown as ConstructorParameters<typeof ApiError>[0]["response"] });
}

function connectionReset(): Error {
  return Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", errno: -104, syscall: "read" });
}

/** Asserts the class, retriability, that the message names the URI, and the context. */
function expectTyped(error: SdfError, type: new (...args: never[]) => SdfError, retriable: boolean, uri: string, position?: number): void {
  expect(error).toBeInstanceOf(type);
  expect(error.constructor).toBe(type);
  expect(error.retriable).toBe(retriable);
  expect(error.message).toContain(uri);
  expect(error.context).toEqual(position === undefined ? { input: uri } : { input: uri, position: String(position) });
}

describe("s3Error", () => {
  it("NoSuchKey at open is an InputNotFoundError that names the SDK error", () => {
    const cause = new NoSuchKey({ message: "The specified key does not exist.", $metadata: { httpStatusCode: 404 } });
    const error = s3Error(cause, S3_URI, "open");
    expectTyped(error, InputNotFoundError, false, S3_URI);
    expect(error.message).toBe(
      `Cannot open ${S3_URI}: not found (NoSuchKey HTTP 404 "The specified key does not exist."); check the bucket and key`,
    );
    expect(error.cause).toBe(cause);
  });

  it("NotFound (a HEAD without a body) at open is an InputNotFoundError", () => {
    const error = s3Error(new NotFound({ message: "UnknownError", $metadata: { httpStatusCode: 404 } }), S3_URI, "open");
    expectTyped(error, InputNotFoundError, false, S3_URI);
  });

  it("NoSuchBucket at list says the bucket is missing", () => {
    const error = s3Error(new NoSuchBucket({ message: "The specified bucket does not exist", $metadata: { httpStatusCode: 404 } }), S3_URI, "list");
    expectTyped(error, InputNotFoundError, false, S3_URI);
    expect(error.message).toContain(`Cannot list ${S3_URI}: the bucket does not exist`);
  });

  it("a 404 during a read means the pinned object was deleted: SourceChangedError", () => {
    const error = s3Error(new NoSuchKey({ message: "gone", $metadata: { httpStatusCode: 404 } }), S3_URI, "read", 4096);
    expectTyped(error, SourceChangedError, false, S3_URI, 4096);
    expect(error.message).toContain("was deleted while being read at byte offset 4096");
  });

  it("PreconditionFailed (412: the ETag changed) is a SourceChangedError", () => {
    const byName = s3Error(s3ServiceError("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold"), S3_URI, "read", 10);
    expectTyped(byName, SourceChangedError, false, S3_URI, 10);
    expect(byName.message).toContain("was overwritten while being read at byte offset 10");
    // A HEAD or a 412 without a body has no error code, only the status.
    expectTyped(s3Error(s3ServiceError("Unknown", 412, "UnknownError"), S3_URI, "open"), SourceChangedError, false, S3_URI);
  });

  it("AccessDenied (403) is an InputAccessError naming the permission needed", () => {
    const open = s3Error(s3ServiceError("AccessDenied", 403, "Access Denied"), S3_URI, "open");
    expectTyped(open, InputAccessError, false, S3_URI);
    expect(open.message).toBe(`Cannot open ${S3_URI}: access denied (AccessDenied); check that the credentials in use may s3:GetObject on the object`);
    const list = s3Error(s3ServiceError("AccessDenied", 403, "Access Denied"), S3_URI, "list");
    expect(list.message).toContain("s3:ListBucket on the bucket");
  });

  it.each(["InvalidAccessKeyId", "SignatureDoesNotMatch", "Forbidden"])("%s is an InputAccessError even without a status", (name) => {
    const error = s3Error(Object.assign(new Error("denied"), { name }), S3_URI, "open");
    expectTyped(error, InputAccessError, false, S3_URI);
    expect(error.message).toContain(`access denied (${name})`);
  });

  it("a 401 or 403 without an error name reports the status", () => {
    expect(s3Error(s3ServiceError("", 403, ""), S3_URI, "read", 0).message).toContain("access denied (HTTP 403)");
    expectTyped(s3Error({ $metadata: { httpStatusCode: 401 } }, S3_URI, "open"), InputAccessError, false, S3_URI);
  });

  it("missing credentials say where credentials come from", () => {
    const cause = Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" });
    const error = s3Error(cause, S3_URI, "open");
    expectTyped(error, InputAccessError, false, S3_URI);
    expect(error.message).toContain("no AWS credentials found");
    expect(error.message).toContain("AWS_ACCESS_KEY_ID");
  });

  it.each([
    ["SlowDown", 503, "Please reduce your request rate."],
    ["InternalError", 500, "We encountered an internal error. Please try again."],
    ["ServiceUnavailable", 503, "Service Unavailable"],
    ["RequestTimeout", 400, "Your socket connection to the server was not read from or written to within the timeout period."],
    ["TooManyRequests", 429, "Too many requests"],
  ])("%s (%d) is a TransientIoError with the offset", (name, status, message) => {
    const error = s3Error(s3ServiceError(name, status, message), S3_URI, "read", 123);
    expectTyped(error, TransientIoError, true, S3_URI, 123);
    expect(error.message).toBe(`Cannot read ${S3_URI} at byte offset 123: ${name} HTTP ${status} "${message}"`);
  });

  it("throttling names without a status are transient", () => {
    expectTyped(s3Error(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }), S3_URI, "list"), TransientIoError, true, S3_URI);
  });

  it("a reset connection is transient, also when nested as a cause", () => {
    const direct = s3Error(connectionReset(), S3_URI, "read", 7);
    expectTyped(direct, TransientIoError, true, S3_URI, 7);
    expect(direct.message).toContain("ECONNRESET");
    const nested = new Error("request failed", { cause: new Error("network layer", { cause: connectionReset() }) });
    expectTyped(s3Error(nested, S3_URI, "read", 7), TransientIoError, true, S3_URI, 7);
    const timeout = Object.assign(new Error("Connection timed out after 1000 ms"), { name: "TimeoutError" });
    expectTyped(s3Error(timeout, S3_URI, "open"), TransientIoError, true, S3_URI);
  });

  it("another client error is a non-retriable InputAccessError, as unlisted OS codes are for files", () => {
    const error = s3Error(s3ServiceError("InvalidRange", 416, "The requested range is not satisfiable"), S3_URI, "read", 99);
    expectTyped(error, InputAccessError, false, S3_URI, 99);
    expect(error.message).toBe(`Cannot read ${S3_URI} at byte offset 99: InvalidRange HTTP 416 "The requested range is not satisfiable"`);
    expectTyped(s3Error(new Error("something odd"), S3_URI, "open"), InputAccessError, false, S3_URI);
    expect(s3Error("a string", S3_URI, "open").message).toBe(`Cannot open ${S3_URI}: a string`);
  });

  it("an SdfError passes through unchanged", () => {
    const original = new SourceChangedError("changed");
    expect(s3Error(original, S3_URI, "read", 1)).toBe(original);
  });

  it("an access error does not repeat the server's message, whatever it contains", () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const error = s3Error(s3ServiceError("AccessDenied", 403, `Access Denied for ${secret}`), S3_URI, "open");
    expect(error).toBeInstanceOf(InputAccessError);
    expect(error.message).not.toContain(secret);
  });

  it("only the first line of a server message is kept, and nothing of the response", () => {
    const cause = s3ServiceError("InternalError", 500, "We encountered an internal error.\nRequestId: ABC\nHostId: XYZ");
    Object.assign(cause, { $response: { statusCode: 500, headers: { authorization: "AWS4-HMAC-SHA256 Signature=deadbeef" } } });
    const error = s3Error(cause, S3_URI, "read", 0);
    expect(error.message).toBe(`Cannot read ${S3_URI} at byte offset 0: InternalError HTTP 500 "We encountered an internal error."`);
  });

  describe("through a client made with static credentials", () => {
    const credentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN" };

    /** A client whose HTTP layer answers `status` with an S3 XML error body, and records the request. */
    function stubbedClient(status: number, code: string, message: string) {
      const client = createS3Client({ endpoint: "http://127.0.0.1:9000", region: "us-east-1", credentials });
      const seen: { headers: Record<string, string> }[] = [];
      const handler = {
        handle: async (request: { headers: Record<string, string> }) => {
          seen.push(request);
          const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message>` +
            `<AWSAccessKeyId>${credentials.accessKeyId}</AWSAccessKeyId><RequestId>R1</RequestId></Error>`;
          return { response: { statusCode: status, headers: { "content-type": "application/xml", "x-amz-request-id": "R1" }, body: Readable.from([Buffer.from(xml)]) } };
        },
      };
      (client.config as { requestHandler: unknown }).requestHandler = handler;
      return { client, seen };
    }

    it.each([
      [403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.", InputAccessError],
      [403, "AccessDenied", "Access Denied", InputAccessError],
      [500, "InternalError", "We encountered an internal error. Please try again.", TransientIoError],
      [412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", SourceChangedError],
    ] as const)("a %d %s names the URI and never the secret, token or signature", async (status, code, message, type) => {
      const { client, seen } = stubbedClient(status, code, message);
      try {
        const thrown = await client.send(new GetObjectCommand({ Bucket: "data", Key: "logs/a.txt", Range: "bytes=0-9" })).catch((e: unknown) => e);
        const error = s3Error(thrown, S3_URI, "read", 0);
        expectTyped(error, type, type === TransientIoError, S3_URI, 0);
        // Check: the request was really signed with these credentials...
        const authorization = seen[0]?.headers["authorization"] ?? "";
        expect(authorization).toContain(`Credential=${credentials.accessKeyId}/`);
        const signature = /Signature=([0-9a-f]+)/.exec(authorization)?.[1];
        expect(signature).toMatch(/^[0-9a-f]{64}$/);
        // ...and nothing secret reaches the message.
        for (const secret of [credentials.secretAccessKey, credentials.sessionToken, signature as string, authorization]) {
          expect(error.message).not.toContain(secret);
        }
      } finally {
        client.destroy();
      }
    });

    it("a HEAD 404 (no body) at open is an InputNotFoundError", async () => {
      const client = createS3Client({ endpoint: "http://127.0.0.1:9000", region: "us-east-1", credentials });
      (client.config as { requestHandler: unknown }).requestHandler = {
        handle: async () => ({ response: { statusCode: 404, headers: {}, body: Readable.from([]) } }),
      };
      try {
        const thrown = await client.send(new HeadObjectCommand({ Bucket: "data", Key: "logs/a.txt" })).catch((e: unknown) => e);
        expectTyped(s3Error(thrown, S3_URI, "open"), InputNotFoundError, false, S3_URI);
      } finally {
        client.destroy();
      }
    });
  });
});

describe("gcsError", () => {
  it("a 404 at open is an InputNotFoundError naming the URI", () => {
    const cause = apiError(404, "No such object: data/logs/a.txt");
    const error = gcsError(cause, GS_URI, "open");
    expectTyped(error, InputNotFoundError, false, GS_URI);
    expect(error.message).toBe(`Cannot open ${GS_URI}: not found (HTTP 404 "No such object: data/logs/a.txt"); check the bucket and object name`);
    expect(error.cause).toBe(cause);
  });

  it("a 404 about the bucket says the bucket is missing", () => {
    const error = gcsError(apiError(404, "The specified bucket does not exist."), GS_URI, "list");
    expectTyped(error, InputNotFoundError, false, GS_URI);
    expect(error.message).toContain(`Cannot list ${GS_URI}: the bucket does not exist`);
  });

  it("a missing object in a bucket whose name contains \"bucket\" is not mistaken for a missing bucket", () => {
    const error = gcsError(apiError(404, "No such object: my-bucket/a.txt"), "gs://my-bucket/a.txt", "open");
    expect(error.message).toContain("Cannot open gs://my-bucket/a.txt: not found");
  });

  it("a 404 during a read means the generation is gone: SourceChangedError", () => {
    const error = gcsError(apiError(404, "No such object: data/logs/a.txt"), GS_URI, "read", 512);
    expectTyped(error, SourceChangedError, false, GS_URI, 512);
    expect(error.message).toContain("overwritten or deleted while being read at byte offset 512");
  });

  it("a 412 (generation precondition) is a SourceChangedError", () => {
    expectTyped(gcsError(apiError(412, "Precondition Failed"), GS_URI, "read", 3), SourceChangedError, false, GS_URI, 3);
    expectTyped(gcsError(apiError(412, "Precondition Failed"), GS_URI, "open"), SourceChangedError, false, GS_URI);
  });

  it("a 401 or 403 is an InputAccessError naming the permission, not the server's message", () => {
    const open = gcsError(apiError(403, `caller does not have storage.objects.get access; token ${GCS_TOKEN}`), GS_URI, "open");
    expectTyped(open, InputAccessError, false, GS_URI);
    expect(open.message).toBe(`Cannot open ${GS_URI}: access denied (HTTP 403); check that the credentials in use have storage.objects.get on the object`);
    expect(open.message).not.toContain(GCS_TOKEN);
    const list = gcsError(apiError(401, "Invalid Credentials"), GS_URI, "list");
    expectTyped(list, InputAccessError, false, GS_URI);
    expect(list.message).toContain("storage.objects.list on the bucket");
  });

  it("missing default credentials say how to provide them", () => {
    const error = gcsError(new Error("Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication"), GS_URI, "open");
    expectTyped(error, InputAccessError, false, GS_URI);
    expect(error.message).toContain("gcloud auth application-default login");
  });

  it.each([
    [429, "The rate of change requests to the object is too high"],
    [503, "Service Unavailable"],
    [500, "Internal Error"],
    [408, "Request Timeout"],
  ])("a %d is a TransientIoError with the offset", (code, message) => {
    const error = gcsError(apiError(code, message), GS_URI, "read", 64);
    expectTyped(error, TransientIoError, true, GS_URI, 64);
    expect(error.message).toBe(`Cannot read ${GS_URI} at byte offset 64: HTTP ${code} "${message}"`);
    expect(error.message).not.toContain(GCS_TOKEN);
  });

  it("reads the status of a gaxios-style error from response.status", () => {
    const gaxios = (status: number): Error =>
      Object.assign(new Error(`Request failed with status code ${status}`), { name: "GaxiosError", response: { status, headers: { authorization: "Bearer secret" } } });
    const unavailable = gcsError(gaxios(503), GS_URI, "open");
    expectTyped(unavailable, TransientIoError, true, GS_URI);
    expect(unavailable.message).toContain("GaxiosError HTTP 503");
    expect(unavailable.message).not.toContain("Bearer");
    expectTyped(gcsError(gaxios(404), GS_URI, "open"), InputNotFoundError, false, GS_URI);
    expectTyped(gcsError(gaxios(403), GS_URI, "open"), InputAccessError, false, GS_URI);
  });

  it("a reset connection is transient, also when nested as a cause", () => {
    expectTyped(gcsError(connectionReset(), GS_URI, "read", 5), TransientIoError, true, GS_URI, 5);
    expectTyped(gcsError(new Error("request to storage failed", { cause: connectionReset() }), GS_URI, "read", 5), TransientIoError, true, GS_URI, 5);
  });

  it("another error is a non-retriable InputAccessError; an SdfError passes through", () => {
    expectTyped(gcsError(apiError(400, "Invalid argument."), GS_URI, "list"), InputAccessError, false, GS_URI);
    expectTyped(gcsError(new Error("weird"), GS_URI, "open"), InputAccessError, false, GS_URI);
    const original = new TransientIoError("flaky");
    expect(gcsError(original, GS_URI, "read", 1)).toBe(original);
  });
});

describe("explainNotFound", () => {
  const location = { bucket: "data", key: "logs/a.txt" };
  const notFound = (): InputNotFoundError =>
    new InputNotFoundError(`Cannot open ${S3_URI}: the ${S3_URI} does not exist`, { cause: new Error("sdk 404"), context: { input: S3_URI } });

  it("says the bucket does not exist when the bucket check says so", async () => {
    const original = notFound();
    const explained = await explainNotFound(original, S3_URI, location, "open", async () => false);
    expect(explained).toBeInstanceOf(InputNotFoundError);
    expect((explained as Error).message).toBe(
      `Cannot open ${S3_URI}: bucket "data" does not exist; check the bucket name and the endpoint or project in use`,
    );
    // Check: the SDK's error stays the cause, not the intermediate typed error.
    expect((explained as Error).cause).toBe(original.cause);
    expect((explained as SdfError).context).toEqual({ input: S3_URI });
  });

  it("says the object is missing when the bucket exists", async () => {
    const explained = await explainNotFound(notFound(), S3_URI, location, "open", async () => true);
    expect(explained).toBeInstanceOf(InputNotFoundError);
    expect((explained as Error).message).toBe(`Cannot open ${S3_URI}: no object "logs/a.txt" in bucket "data"; check the key`);
  });

  it("for a listing of an existing bucket, says it could not be listed", async () => {
    const explained = await explainNotFound(notFound(), "s3://data/logs/*", { bucket: "data", key: "logs/" }, "list", async () => true);
    expect((explained as Error).message).toBe(`Cannot list s3://data/logs/*: the bucket "data" could not be listed`);
    const missing = await explainNotFound(notFound(), "s3://data/logs/*", { bucket: "data", key: "logs/" }, "list", async () => false);
    expect((missing as Error).message).toContain(`bucket "data" does not exist`);
  });

  it("falls back to the object message when the bucket check itself fails", async () => {
    const explained = await explainNotFound(notFound(), S3_URI, location, "open", async () => {
      throw new Error("403 on the bucket");
    });
    expect(explained).toBeInstanceOf(InputNotFoundError);
    expect((explained as Error).message).toBe(`Cannot open ${S3_URI}: no object "logs/a.txt" in bucket "data"; check the key`);
  });

  it("uses the error itself as cause when it has none", async () => {
    const bare = new InputNotFoundError("missing");
    expect(((await explainNotFound(bare, S3_URI, location, "open", async () => true)) as Error).cause).toBe(bare);
  });

  it("returns any other error unchanged, without asking about the bucket", async () => {
    let asked = 0;
    const bucketExists = async (): Promise<boolean> => {
      asked++;
      return false;
    };
    for (const other of [new TransientIoError("flaky"), new InputAccessError("denied"), new Error("plain"), "a string"]) {
      expect(await explainNotFound(other, S3_URI, location, "open", bucketExists)).toBe(other);
    }
    expect(asked).toBe(0);
  });
});
