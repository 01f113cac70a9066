import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { InputAccessError } from "../../../src/errors/InputAccessError.js";
import { s3Scheme } from "../../../connectors/s3/index.js";
import { objectStoreSuite, uniqueBucketName } from "../support/objectStoreSuite.js";

const endpoint = process.env["S3_ENDPOINT"] ?? "";
const admin = new S3Client({ endpoint, forcePathStyle: true, region: process.env["AWS_REGION"] ?? "us-east-1" });

describe("S3ByteSource against a real S3 server (MinIO)", () => {
  it("runs against the server that test/services/up.sh started", () => {
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  objectStoreSuite({
    scheme: "s3",
    endpoint,
    async createBucket() {
      const bucket = uniqueBucketName("sdfkit-s3");
      await admin.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    async put(bucket, key, body) {
      await admin.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async remove(bucket, key) {
      await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    newScheme: (options) => s3Scheme(options),
  });

  it("wrong credentials are an InputAccessError that names the URI and never the credentials", async () => {
    const secret = "sdfkit-wrong-secret-0123456789";
    const accessKeyId = "sdfkit-wrong-key-id";
    const scheme = s3Scheme({ credentials: { accessKeyId, secretAccessKey: secret } });
    const error = await scheme.open("s3://any-bucket/a.txt").then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InputAccessError);
    const text = `${String(error)} ${JSON.stringify(error)}`;
    expect(text).toContain("s3://any-bucket/a.txt");
    expect(text).not.toContain(secret);
    expect(text).not.toContain(accessKeyId);
  });
});
