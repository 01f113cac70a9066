import { S3Client } from "@aws-sdk/client-s3";
import { Storage } from "@google-cloud/storage";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { objectReadSettings } from "../../../connectors/objects/ObjectReadSettings.js";
import { DEFAULT_RETRY_POLICY } from "../../../connectors/objects/RetryPolicy.js";
import { createGcsClient, gcsEndpointFromEnv } from "../../../connectors/gcs/gcsClient.js";
import { DEFAULT_GCS_RANGE_SIZE } from "../../../connectors/gcs/GcsOptions.js";
import { createS3Client, s3EndpointFromEnv } from "../../../connectors/s3/s3Client.js";
import { DEFAULT_S3_RANGE_SIZE } from "../../../connectors/s3/S3Options.js";
import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";

/** Environment variables that would change which endpoint a client picks. */
const ENDPOINT_VARIABLES = ["S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "GCS_ENDPOINT", "STORAGE_EMULATOR_HOST"];

beforeEach(() => {
  for (const name of ENDPOINT_VARIABLES) vi.stubEnv(name, undefined);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("s3EndpointFromEnv", () => {
  it.each([
    [{ S3_ENDPOINT: "http://a:9000", AWS_ENDPOINT_URL_S3: "http://b:9000" }, "http://a:9000"],
    [{ AWS_ENDPOINT_URL_S3: "http://b:9000" }, "http://b:9000"],
    [{ S3_ENDPOINT: "", AWS_ENDPOINT_URL_S3: "http://b:9000" }, "http://b:9000"],
    [{ S3_ENDPOINT: "", AWS_ENDPOINT_URL_S3: "" }, undefined],
    [{ AWS_ENDPOINT_URL: "http://generic:1" }, undefined],
    [{}, undefined],
  ])("%j → %s", (env, expected) => {
    expect(s3EndpointFromEnv(env)).toBe(expected);
  });

  it("reads process.env by default", () => {
    vi.stubEnv("AWS_ENDPOINT_URL_S3", "http://from-env:9000");
    expect(s3EndpointFromEnv()).toBe("http://from-env:9000");
  });
});

describe("createS3Client", () => {
  const clients: S3Client[] = [];
  const make = (...args: Parameters<typeof createS3Client>): S3Client => {
    const client = createS3Client(...args);
    clients.push(client);
    return client;
  };
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  it("with an endpoint, addresses buckets path-style at that endpoint", async () => {
    const client = make({ endpoint: "http://127.0.0.1:9000", region: "eu-west-1" });
    expect(await client.config.endpoint?.()).toMatchObject({ protocol: "http:", hostname: "127.0.0.1", port: 9000, path: "/" });
    expect(client.config.forcePathStyle).toBe(true);
    expect(await client.config.region()).toBe("eu-west-1");
  });

  it("lets forcePathStyle: false override the custom-endpoint default", () => {
    expect(make({ endpoint: "https://s3.example.com", region: "x", forcePathStyle: false }).config.forcePathStyle).toBe(false);
  });

  it("takes the endpoint from the environment when none is passed", async () => {
    vi.stubEnv("S3_ENDPOINT", "http://minio.local:9000");
    const client = make({ region: "us-east-1" });
    expect(await client.config.endpoint?.()).toMatchObject({ hostname: "minio.local", port: 9000 });
    expect(client.config.forcePathStyle).toBe(true);
  });

  it("without an endpoint, uses virtual-hosted addressing and the region given", async () => {
    const client = make({ region: "ap-south-1" });
    expect(client.config.forcePathStyle).toBe(false);
    expect(await client.config.region()).toBe("ap-south-1");
  });

  it("with an endpoint and no region anywhere, uses us-east-1", async () => {
    vi.stubEnv("AWS_REGION", undefined);
    vi.stubEnv("AWS_DEFAULT_REGION", undefined);
    expect(await make({ endpoint: "http://127.0.0.1:9000" }).config.region()).toBe("us-east-1");
  });

  it("turns the SDK's own retries off (sdfkit retries, resuming mid-range)", async () => {
    expect(await make({ endpoint: "http://127.0.0.1:9000", region: "x" }).config.maxAttempts()).toBe(1);
  });

  it("uses static credentials when given", async () => {
    const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token" };
    const client = make({ endpoint: "http://127.0.0.1:9000", region: "x", credentials });
    expect(await client.config.credentials()).toMatchObject(credentials);
  });

  it.each(["ftp://host/", "127.0.0.1:9000", "localhost", "http://", "https:///path", "file:///tmp/x"])(
    "rejects the endpoint %j with an InvalidOptionError",
    (endpoint) => {
      expect(() => createS3Client({ endpoint, region: "x" })).toThrow(InvalidOptionError);
      expect(() => createS3Client({ endpoint, region: "x" })).toThrow(`got ${endpoint}`);
    },
  );

  it("rejects a bad endpoint from the environment too", () => {
    vi.stubEnv("S3_ENDPOINT", "minio:9000");
    expect(() => createS3Client({ region: "x" })).toThrow(InvalidOptionError);
  });

  it("returns a client passed in as is, ignoring the other client fields", () => {
    const client = new S3Client({ region: "eu-central-1" });
    clients.push(client);
    expect(createS3Client({ client, endpoint: "not a url" })).toBe(client);
  });
});

describe("gcsEndpointFromEnv", () => {
  it.each([
    [{ GCS_ENDPOINT: "http://127.0.0.1:4443" }, "http://127.0.0.1:4443"],
    [{ GCS_ENDPOINT: "" }, undefined],
    [{ STORAGE_EMULATOR_HOST: "http://127.0.0.1:4443" }, undefined],
    [{}, undefined],
  ])("%j → %s", (env, expected) => {
    expect(gcsEndpointFromEnv(env)).toBe(expected);
  });

  it("reads process.env by default", () => {
    vi.stubEnv("GCS_ENDPOINT", "http://fake-gcs:4443");
    expect(gcsEndpointFromEnv()).toBe("http://fake-gcs:4443");
  });
});

describe("createGcsClient", () => {
  it("with an endpoint, sets apiEndpoint and a placeholder project", () => {
    const storage = createGcsClient({ endpoint: "http://127.0.0.1:4443" });
    expect(storage.apiEndpoint).toBe("http://127.0.0.1:4443");
    expect(storage.projectId).toBe("sdfkit");
    expect(createGcsClient({ endpoint: "http://127.0.0.1:4443", projectId: "mine" }).projectId).toBe("mine");
  });

  it("takes the endpoint from GCS_ENDPOINT when none is passed", () => {
    vi.stubEnv("GCS_ENDPOINT", "http://fake-gcs:4443");
    expect(createGcsClient().apiEndpoint).toBe("http://fake-gcs:4443");
  });

  it("without an endpoint, talks to Google Cloud Storage with the project given", () => {
    const storage = createGcsClient({ projectId: "my-project" });
    expect(storage.apiEndpoint).toBe("https://storage.googleapis.com");
    expect(storage.projectId).toBe("my-project");
  });

  it("turns the SDK's automatic retries off", () => {
    expect(createGcsClient({ endpoint: "http://127.0.0.1:4443" }).retryOptions.autoRetry).toBe(false);
    expect(createGcsClient({ projectId: "p" }).retryOptions.autoRetry).toBe(false);
  });

  it.each(["gs://bucket", "127.0.0.1:4443", "https://"])("rejects the endpoint %j with an InvalidOptionError", (endpoint) => {
    expect(() => createGcsClient({ endpoint })).toThrow(InvalidOptionError);
    expect(() => createGcsClient({ endpoint })).toThrow(`got ${endpoint}`);
  });

  it("returns a storage passed in as is, ignoring the other client fields", () => {
    const storage = new Storage({ projectId: "x" });
    expect(createGcsClient({ storage, endpoint: "not a url" })).toBe(storage);
  });
});

describe("objectReadSettings", () => {
  it("fills in the store's range size, 1000 per page and the default retries", () => {
    expect(objectReadSettings({}, DEFAULT_S3_RANGE_SIZE)).toEqual({ rangeSize: 8 * 1024 * 1024, listPageSize: 1000, retry: DEFAULT_RETRY_POLICY });
    expect(objectReadSettings({}, DEFAULT_GCS_RANGE_SIZE).rangeSize).toBe(16 * 1024 * 1024);
  });

  it("keeps valid overrides, including the page-size bounds", () => {
    const settings = objectReadSettings({ rangeSize: 1, listPageSize: 1, retry: { maxAttempts: 2 } }, DEFAULT_S3_RANGE_SIZE);
    expect(settings).toEqual({ rangeSize: 1, listPageSize: 1, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 } });
    expect(objectReadSettings({ listPageSize: 1000 }, 10).listPageSize).toBe(1000);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects rangeSize %d", (rangeSize) => {
    const call = (): unknown => objectReadSettings({ rangeSize }, DEFAULT_S3_RANGE_SIZE);
    expect(call).toThrow(InvalidOptionError);
    expect(call).toThrow(`\`rangeSize\` to be an integer >= 1 byte, got ${String(rangeSize)}`);
  });

  it.each([0, -1, 1001, 2.5, Number.NaN])("rejects listPageSize %d", (listPageSize) => {
    const call = (): unknown => objectReadSettings({ listPageSize }, DEFAULT_S3_RANGE_SIZE);
    expect(call).toThrow(InvalidOptionError);
    expect(call).toThrow(`\`listPageSize\` to be an integer in [1, 1000], got ${String(listPageSize)}`);
  });

  it("rejects a bad retry field, naming it", () => {
    expect(() => objectReadSettings({ retry: { idleTimeoutMs: 0 } }, 10)).toThrow(/retry\.idleTimeoutMs/);
  });
});
