import { Storage } from "@google-cloud/storage";
import { describe, expect, it } from "vitest";
import { gcsScheme } from "../../../connectors/gcs/index.js";
import { objectStoreSuite, uniqueBucketName } from "../support/objectStoreSuite.js";

const endpoint = process.env["GCS_ENDPOINT"] ?? "";
const admin = new Storage({ apiEndpoint: endpoint, projectId: "sdfkit-test" });

describe("GcsByteSource against a real GCS emulator (fake-gcs-server)", () => {
  it("runs against the server that test/services/up.sh started", () => {
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  objectStoreSuite({
    scheme: "gs",
    endpoint,
    async createBucket() {
      const bucket = uniqueBucketName("sdfkit-gcs");
      await admin.createBucket(bucket);
      return bucket;
    },
    async put(bucket, key, body) {
      await admin.bucket(bucket).file(key).save(typeof body === "string" ? body : Buffer.from(body), { resumable: false, validation: false });
    },
    async remove(bucket, key) {
      await admin.bucket(bucket).file(key).delete();
    },
    newScheme: (options) => gcsScheme(options),
  });
});
