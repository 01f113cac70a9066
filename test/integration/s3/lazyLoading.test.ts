import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { uniqueBucketName } from "../support/objectStoreSuite.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const run = promisify(execFile);

// Runs in a fresh Node process on the built package, as a user would: importing only
// `sdfkit/connectors/files` and `sdfkit`, then reading s3:// URIs.
const script = `
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const loaded = (name) => Object.keys(require.cache).some((path) => path.includes(name));
const { TextFileSource } = await import("sdfkit/connectors/files");
const { LocalRunner } = await import("sdfkit");
const before = { aws: loaded("@aws-sdk"), gcs: loaded("@google-cloud") };
const lines = await new LocalRunner({ parallelism: 2 }).collect(new TextFileSource(), [process.argv[1]]);
const after = { aws: loaded("@aws-sdk"), gcs: loaded("@google-cloud") };
console.log(JSON.stringify({ before, after, lines: lines.sort() }));
`;

describe("s3:// support is loaded lazily", () => {
  const bucket = uniqueBucketName("sdfkit-lazy");
  beforeAll(async () => {
    const admin = new S3Client({ endpoint: process.env["S3_ENDPOINT"] ?? "", forcePathStyle: true, region: "us-east-1" });
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: "in/a.txt", Body: "a1\na2\n" }));
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: "in/b.txt", Body: "b1\n" }));
  });

  it("a user who imports only the files connector reads s3:// globs, and the AWS SDK loads only then", async () => {
    expect(existsSync(`${root}dist/connectors/files/index.js`), "run `npm run build` first (npm test does)").toBe(true);
    const { stdout } = await run(process.execPath, ["--input-type=module", "--eval", script, `s3://${bucket}/in/*.txt`], {
      cwd: root,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as unknown;
    expect(result).toEqual({
      before: { aws: false, gcs: false },
      after: { aws: true, gcs: false },
      lines: ["a1", "a2", "b1"],
    });
  });
});
