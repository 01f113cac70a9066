// Issue #12: credentials never appear in any error or log line. S3 reads against MinIO fail in
// several ways (wrong secret, wrong key id, missing bucket, missing key, unreachable endpoint, an
// object overwritten mid-read), in process and through the CLI; every textual form of each error
// (message, String, stack, cause chain, util.inspect, a JSON walk of all properties) and every
// console / stdout / stderr line is searched for the real secret and for a distinctive wrong one.
// GCS: with a service-account key file, the private key and any signed JWT grant are searched for.
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TextFileSource } from "../../connectors/files/index.js";
import { GcsByteSource } from "../../connectors/gcs/index.js";
import { S3ByteSource } from "../../connectors/s3/index.js";
import { InputAccessError, InputNotFoundError, LocalRunner, SdfError, SourceChangedError, TransientIoError, WorkItemFailedError } from "../../src/index.js";
import { errorTexts, leaked, OutputCapture } from "./support/leaks.js";

const WRONG_SECRET = "WRONG-SECRET-3f9a";
const WRONG_KEY_ID = "WRONG-KEY-ID-7c21";
const endpoint = process.env["S3_ENDPOINT"] ?? "";
const region = process.env["AWS_REGION"] ?? "us-east-1";
const realKeyId = process.env["AWS_ACCESS_KEY_ID"] ?? "";
const realSecret = process.env["AWS_SECRET_ACCESS_KEY"] ?? "";
const SECRETS = [realSecret, WRONG_SECRET];
const QUICK_RETRY = { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 };
const cli = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

const admin = new S3Client({ endpoint, forcePathStyle: true, region });
const bucket = `sdfkit-faults-creds-${process.pid}-${Date.now().toString(36)}`;
const capture = new OutputCapture();

beforeAll(async () => {
  expect(endpoint, "S3_ENDPOINT from test/services/up.sh").toMatch(/^http:\/\//);
  expect(realSecret.length, "a real secret long enough to search for").toBeGreaterThanOrEqual(8);
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  await admin.send(new PutObjectCommand({ Bucket: bucket, Key: "data.txt", Body: "one\ntwo\nthree\n" }));
});
afterAll(() => admin.destroy());
afterEach(() => capture.uninstall());

function summary(scenario: string, figures: Record<string, string | number>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  process.stdout.write(`[faults/credentials] ${scenario}: ${text}\n`);
}

async function failureOf(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the action to fail");
}

/** Reads a whole object, to make reads (not only the open) happen. */
async function readAll(source: S3ByteSource): Promise<number> {
  let bytes = 0;
  try {
    for await (const chunk of source.read(0, source.size)) bytes += chunk.length;
  } finally {
    await source.close();
  }
  return bytes;
}

const s3Cases: [string, () => Promise<unknown>, new (...args: never[]) => Error][] = [
  [
    "wrong secret",
    () => S3ByteSource.open(`s3://${bucket}/data.txt`, { endpoint, region, credentials: { accessKeyId: realKeyId, secretAccessKey: WRONG_SECRET }, retry: QUICK_RETRY }),
    InputAccessError,
  ],
  [
    "wrong key id and secret",
    () => S3ByteSource.open(`s3://${bucket}/data.txt`, { endpoint, region, credentials: { accessKeyId: WRONG_KEY_ID, secretAccessKey: WRONG_SECRET }, retry: QUICK_RETRY }),
    InputAccessError,
  ],
  [
    "missing bucket",
    () => S3ByteSource.open(`s3://${bucket}-missing/data.txt`, { endpoint, region, credentials: { accessKeyId: realKeyId, secretAccessKey: realSecret }, retry: QUICK_RETRY }),
    InputNotFoundError,
  ],
  [
    "missing key",
    () => S3ByteSource.open(`s3://${bucket}/missing.txt`, { endpoint, region, credentials: { accessKeyId: realKeyId, secretAccessKey: realSecret }, retry: QUICK_RETRY }),
    InputNotFoundError,
  ],
  [
    "unreachable endpoint",
    () => S3ByteSource.open(`s3://${bucket}/data.txt`, { endpoint: "http://127.0.0.1:1", region, credentials: { accessKeyId: realKeyId, secretAccessKey: realSecret }, retry: QUICK_RETRY }),
    TransientIoError,
  ],
  [
    "object overwritten between open and read",
    async () => {
      const key = `changing-${Date.now()}.txt`;
      await admin.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "version 1\n".repeat(100) }));
      const source = await S3ByteSource.open(`s3://${bucket}/${key}`, { endpoint, region, credentials: { accessKeyId: realKeyId, secretAccessKey: realSecret }, retry: QUICK_RETRY });
      await admin.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "version 2\n".repeat(100) }));
      return readAll(source);
    },
    SourceChangedError,
  ],
  [
    "missing key through TextFileSource and the LocalRunner (credentials from the environment)",
    () => new LocalRunner({ parallelism: 1 }).collect(new TextFileSource(), [`s3://${bucket}/missing-too.txt`]),
    WorkItemFailedError,
  ],
];

describe("credentials never appear in errors or logs (issue #12)", () => {
  it.each(s3Cases)("S3, %s: the typed error names the URI; no secret in any form of the error or in any output line", async (name, action, expected) => {
    const started = performance.now();
    capture.install();
    const error = await failureOf(action);
    capture.uninstall();
    expect(error).toBeInstanceOf(expected);
    expect(error).toBeInstanceOf(SdfError);
    const texts = [...errorTexts(error), ...capture.lines];
    expect(texts.join("\n")).toContain(`s3://${bucket}`);
    expect(leaked(texts, SECRETS)).toEqual([]);
    summary(`S3 ${name}`, {
      error: (error as Error).name,
      textsSearched: texts.length,
      chars: texts.reduce((n, t) => n + t.length, 0),
      outputLines: capture.lines.length,
      secretsFound: 0,
      // Not secrets, for the record: the access key id, and the request's SigV4 Authorization
      // header, reachable only by walking non-enumerable properties down to the HTTP request.
      keyIdShown: texts.some((t) => t.includes(WRONG_KEY_ID)) ? "wrong-id" : texts.some((t) => t.includes(realKeyId)) ? "real-id" : "no",
      sigV4HeaderInInspectOrString: texts.slice(0, 2).some((t) => t.includes("Signature=")) ? "yes" : "no",
      sigV4HeaderByDeepWalk: texts[2]!.includes("Signature=") ? "yes" : "no",
      ms: Math.round(performance.now() - started),
    });
  });

  it("the search can fail: a secret placed in an error's cause chain is found", () => {
    const error = new SdfError("outer", { cause: Object.assign(new Error("inner"), { request: { headers: { secret: WRONG_SECRET } } }) });
    expect(leaked(errorTexts(error), SECRETS)).toEqual([WRONG_SECRET]);
  });

  it.each([
    ["wrong secret", { AWS_SECRET_ACCESS_KEY: WRONG_SECRET }, `data.txt`],
    ["missing key (real secret)", {}, `missing.txt`],
    ["unreachable endpoint (real secret)", { S3_ENDPOINT: "http://127.0.0.1:1", AWS_ENDPOINT_URL_S3: "http://127.0.0.1:1" }, `data.txt`],
  ])("CLI `sdfkit read s3://… --verbose`, %s: exits 1 with a clear message; no secret on stdout or stderr", async (name, env, key) => {
    const started = performance.now();
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [cli, "read", `s3://${bucket}/${key}`, "--verbose"], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : (child.exitCode ?? 1), stdout, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`s3://${bucket}/${key}`);
    expect(leaked([result.stdout, result.stderr], SECRETS)).toEqual([]);
    summary(`CLI ${name}`, {
      exit: String(result.code),
      stderrLines: result.stderr.split("\n").length,
      firstLine: JSON.stringify(result.stderr.split("\n")[0]?.slice(0, 90) ?? ""),
      secretsFound: 0,
      ms: Math.round(performance.now() - started),
    });
  });

  it("GCS with a service-account key file: whether the token exchange fails offline or is refused, neither the private key nor a signed JWT grant appears anywhere", async () => {
    const started = performance.now();
    const dir = mkdtempSync(join(tmpdir(), "sdfkit-faults-gcs-"));
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const keyFile = join(dir, "key.json");
    writeFileSync(
      keyFile,
      JSON.stringify({
        type: "service_account",
        project_id: "sdfkit-faults",
        private_key_id: "0123456789abcdef",
        private_key: pem,
        client_email: "faults@sdfkit-faults.iam.gserviceaccount.com",
        client_id: "1",
      }),
    );
    // Only without an endpoint does the SDK authenticate (with GCS_ENDPOINT, an emulator, it
    // sends no credentials, so the emulator cannot test this): the SDK signs a JWT grant with the
    // key and posts it to Google's token endpoint (unreachable here; refused elsewhere).
    const saved = process.env["GCS_ENDPOINT"];
    delete process.env["GCS_ENDPOINT"];
    capture.install();
    let error: unknown;
    try {
      error = await failureOf(() => GcsByteSource.open("gs://sdfkit-faults-bucket/data.txt", { keyFilename: keyFile, projectId: "sdfkit-faults", retry: QUICK_RETRY }));
    } finally {
      capture.uninstall();
      if (saved !== undefined) process.env["GCS_ENDPOINT"] = saved;
      rmSync(dir, { recursive: true, force: true });
    }
    expect(error).toBeInstanceOf(SdfError);
    const texts = [...errorTexts(error), ...capture.lines];
    const all = texts.join("\n");
    expect(all).toContain("gs://sdfkit-faults-bucket/data.txt");
    // The request that failed was the token exchange, so a grant existed to leak.
    expect(all).toMatch(/oauth2|token/i);
    const pemLines = pem.split("\n").filter((line) => line !== "" && !line.startsWith("-----"));
    expect(leaked(texts, pemLines)).toEqual([]);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/);
    summary("GCS service-account key, token exchange failed", {
      error: (error as Error).name,
      keyLinesSearched: pemLines.length,
      textsSearched: texts.length,
      secretsFound: 0,
      ms: Math.round(performance.now() - started),
    });
  });
});
